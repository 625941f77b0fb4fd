import groovy.json.JsonSlurper

// Six rows, one lost: the paired difference is -1/6 with a t-interval of about [-0.60, 0.26] (n = 6, t(5) = 2.571,
// sd 0.408), which neither rules a drop of 0.02 out nor shows one. INCONCLUSIVE blocks by default, and each
// regression line says how many rows would likely settle it.
def lines = new File(basedir, 'build.log').text.readLines()

assert lines.contains('[INFO] greeting: INCONCLUSIVE')
def inconclusive = lines.findAll { it.startsWith('[WARNING] greeting: ') }
assert inconclusive.size() == 2
assert inconclusive[0].startsWith('[WARNING] greeting: score is 0.83 [0.40, 1.26]')
assert inconclusive[1].startsWith('[WARNING] greeting: pass rate is 0.83 [0.40, 1.26]')
inconclusive.each {
    assert it.contains(', baseline is 1.00 and the allowed regression is 0.02: inconclusive; about ')
    assert it =~ /: inconclusive; about \d+ rows \(now 6\)( or repeat \d+ \(now 1\))? would likely settle it$/
}
def failure = lines.find { it.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') }
def blocked = failure =~ /prompt-eval: the gate blocked 1 of 1 suite\(s\)(: greeting)?; see (.+?) \(or report\.md\)/
assert blocked.find() && blocked.group(2) == new File(basedir, 'target/prompt-eval/report.html').canonicalPath

def results = new JsonSlurper().parse(new File(basedir, 'target/prompt-eval/results/greeting.json'))
assert results.decision == 'INCONCLUSIVE'
assert results.rows.findAll { !it.pass }*.rowId == ['gr-06']
