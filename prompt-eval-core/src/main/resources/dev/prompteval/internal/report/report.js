(function () {
  document.querySelectorAll('section.suite').forEach(function (suite) {
    var buttons = suite.querySelectorAll('.filters button');
    var rows = suite.querySelectorAll('tbody.row');
    var empty = suite.querySelector('.no-rows');
    function apply(filter) {
      var shown = 0;
      rows.forEach(function (row) {
        var match = filter === 'all' || (' ' + row.dataset.tags + ' ').indexOf(' ' + filter + ' ') >= 0;
        row.hidden = !match;
        if (match) shown++;
      });
      buttons.forEach(function (button) {
        button.setAttribute('aria-pressed', String(button.dataset.filter === filter));
      });
      if (empty) empty.hidden = shown > 0;
    }
    buttons.forEach(function (button) {
      button.addEventListener('click', function () { apply(button.dataset.filter); });
    });
    // A link can choose the filter, e.g. report.html#filter=regressed
    var wanted = (location.hash.match(/filter=([a-z]+)/) || [])[1];
    var known = Array.prototype.some.call(buttons, function (b) { return b.dataset.filter === wanted; });
    apply(known ? wanted : suite.dataset.filter || 'all');
  });
  document.documentElement.dataset.ready = 'true';
})();
