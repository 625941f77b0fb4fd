import groovy.json.JsonSlurper

// Replayed: every answer from the committed recordings, none from the (absent) server at the suite's baseUrl.
def lines = new File(basedir, 'build.log').text.readLines()

assert lines.any { it.startsWith('[INFO] prompt-eval: evaluating 1 suite(s) in replay mode, run ') }
assert lines.contains('[INFO] greeting: PASS')
// The one warning is the plan's, before any call: 24 rows cannot show a 2-point margin for an unchanged prompt
// (Tango's interval with no row changed is +-z^2 / (24 + z^2) = +-0.138); this candidate passes by improving.
assert lines.findAll { it.startsWith('[WARNING]') || it.startsWith('[ERROR]') } == [
    '[WARNING] suite greeting: maxRegression 2.0 points is below what these 24 rows can show: even if every answer'
        + ' repeats exactly, an unchanged prompt is shown within 13.8 points at best, so only a clearly better prompt'
        + ' can PASS; about 189 rows would settle a margin of 2.0 points']
assert lines.contains('[INFO] BUILD SUCCESS')

// Candidate 24 of 24, prod 20 of 24: the paired difference +4/24 = 0.17 has the t-interval
// 0.17 +- 2.069 * 0.078 = [0.006, 0.33], whose lower bound is above -0.02.
def results = new JsonSlurper().parse(new File(basedir, 'target/prompt-eval/results/greeting.json'))
assert results.suite == 'greeting'
assert results.decision == 'PASS'
assert results.rows.size() == 24
assert results.rows.every { it.pass && it.error == null }
assert results.rows.find { it.rowId == 'gr-24' }.output == 'ja'
assert new File(basedir, 'target/prompt-eval/results').list() as List == ['greeting.json']
