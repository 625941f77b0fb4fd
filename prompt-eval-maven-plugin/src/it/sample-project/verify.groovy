// Build 1 is the README's main command (verify), build 2 its regression command (verify -Pregressed-candidate).
def lines = new File(basedir, 'build.log').text.readLines()
def second = lines.findIndexValues { it.startsWith('[INFO] Building Larkspur Home support desk') }[1] as int
def passing = lines.subList(0, second)
def blocking = lines.subList(second, lines.size())

// Passing: both changed prompts are evaluated against prod offline, from the committed recordings, and pass.
assert passing.any { it.startsWith('[INFO] prompt-eval: evaluating 2 suite(s) in replay mode, run ') }
assert passing.contains('[INFO] ticket-classifier: PASS')
assert passing.contains('[INFO] order-summary: PASS')
assert !passing.any { it.startsWith('[WARNING] ticket-classifier: ') || it.startsWith('[WARNING] order-summary: ') }
assert passing.contains('[INFO] BUILD SUCCESS')

// Blocking: the regressed classifier (46 of 72 rows pass, prod 61 of 72) fails the gate, one WARN line per
// violation, among them the critical row tk-001; the summaries still pass; the build fails pointing at the report.
assert blocking.contains('[INFO] ticket-classifier: FAIL')
assert blocking.contains('[INFO] order-summary: PASS')
def violations = blocking.findAll { it.startsWith('[WARNING] ticket-classifier: ') }
assert violations.any { it.startsWith('[WARNING] ticket-classifier: critical row [tk-001] ') && it.contains(' failed: ') }
assert violations.any { it.startsWith('[WARNING] ticket-classifier: pass rate is 0.64 [') &&
        it.endsWith('but baseline is 0.85 and the allowed regression is 0.02') }
assert violations.any { it.startsWith('[WARNING] ticket-classifier: pass rate is 0.64 [') &&
        it.endsWith('below the minimum 0.80') }
def report = new File(basedir, 'sample/target/prompt-eval/report.html').canonicalPath
def failure = blocking.find { it.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') }
assert failure != null && failure.contains('prompt-eval: the gate blocked 1 of 2 suite(s); see ' + report)
assert blocking.contains('[INFO] BUILD FAILURE')
