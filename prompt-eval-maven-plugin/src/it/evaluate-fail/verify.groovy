import groovy.json.JsonSlurper

// Two builds of one project: the first fails on the gate, the second (haltOnFailure=false) logs the same and passes.
def log = new File(basedir, 'build.log').text
def lines = log.readLines()

// One WARN line per violated rule. The candidate lost greetings gr-17..gr-24 (16 of 24 pass, 0.67); the t-interval
// of 16 passes in 24 rows is 0.67 with Wilson's interval [0.47, 0.82], and prod passes every row (1.00); eight rows
// regressed and none improved: Tango's interval for the difference is [-0.53, -0.15] (on the baseline's scale
// [0.47, 0.85]) and McNemar's mid-p 0.5^8 / 2 = 0.0020 shows the drop.
def violations = [
    '[WARNING] greeting: critical row [gr-20] failed: failed 1 of 1 assertions, first equals:nl (expected "nl", got "unknown" (first difference at char 0))',
    '[WARNING] greeting: critical row [gr-24] failed: failed 1 of 1 assertions, first equals:ja (expected "ja", got "unknown" (first difference at char 0))',
    '[WARNING] greeting: pass rate is 0.67 [0.47, 0.82], below the minimum 0.90',
    '[WARNING] greeting: score is 0.67 [0.47, 0.85], but baseline is 1.00 and the allowed regression is 0.02'
        + ' (McNemar mid-p p = 0.0020)',
    '[WARNING] greeting: pass rate is 0.67 [0.47, 0.85], but baseline is 1.00 and the allowed regression is 0.02'
        + ' (McNemar mid-p p = 0.0020)',
]
assert lines.findAll { it.startsWith('[WARNING] greeting: ') } == violations + violations
assert lines.count { it == '[INFO] greeting: FAIL' } == 2

// The build fails once, saying how many suites blocked (and which, where the message names them) and where the
// report is; with haltOnFailure=false the same line is a WARN and the build goes on.
def blocked = ~/prompt-eval: the gate blocked 1 of 1 suite\(s\)(: greeting)?; see (.+?) \(or report\.md\)\./
def report = new File(basedir, 'target/prompt-eval/report.html').canonicalPath
def failure = lines.find { it.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') }
def failed = failure =~ blocked
assert failed.find() && failed.group(2) == report
def warned = lines.find { it.startsWith('[WARNING] prompt-eval: the gate blocked') } =~ blocked
assert warned.find() && warned.group(2) == report
assert lines.any { it.startsWith('[WARNING] prompt-eval: the gate blocked') &&
        it.endsWith('(promptEval.haltOnFailure=false: the build goes on)') }
assert lines.count { it == '[INFO] BUILD FAILURE' } == 1
assert lines.count { it == '[INFO] BUILD SUCCESS' } == 1

def results = new JsonSlurper().parse(new File(basedir, 'target/prompt-eval/results/greeting.json'))
assert results.suite == 'greeting'
assert results.decision == 'FAIL'
assert results.rows.size() == 24
assert results.rows.findAll { !it.pass }*.rowId == (17..24).collect { String.format('gr-%02d', it) }
assert results.rows.findAll { !it.pass }*.output.unique() == ['unknown']
