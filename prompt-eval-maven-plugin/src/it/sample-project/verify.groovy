// Build 1 is the README's main command (verify), build 2 its regression command (verify -Pregressed-candidate).
def lines = new File(basedir, 'build.log').text.readLines()
def second = lines.findIndexValues { it.startsWith('[INFO] Building Larkspur Home support desk') }[1] as int
def passing = lines.subList(0, second)
def blocking = lines.subList(second, lines.size())

// Passing: both changed prompts are evaluated against prod offline, from the committed recordings. The classifier
// passes; the order summaries (64 rows, a few changed) cannot show the 2-point margin, so they are
// INCONCLUSIVE, which warns (what drop could not be ruled out, how many rows would settle it) and does not block.
assert passing.any { it.startsWith('[INFO] prompt-eval: evaluating 2 suite(s) in replay mode, run ') }
// Before any call, each suite's plan: no calls (replayed), and what its rows can show. With no results stored
// against prod, that is the best case (answers that repeat exactly): the order summaries' 57 clusters give an
// unchanged prompt the t-interval at the standard-error floor, t(56) * sqrt(2 / (57 * 56)) = 0.050, wider than the
// 2-point margin, so a warning says so, and how many clusters would do (141).
def plans = passing.findAll { it.startsWith('[INFO] suite ') && it.contains(': plan: 2 versions x ') }
assert plans.size() == 2 && plans.every { it.contains(': answers come from the recordings, no model calls;') &&
        it.contains('; at best an unchanged prompt is shown within ') }
assert passing.findIndexOf { it.startsWith('[INFO] suite order-summary: plan: 2 versions x 64 rows x 1 sample') } <
        passing.findIndexOf { it.startsWith('[INFO] ticket-classifier [') }
assert passing.contains('[WARNING] suite order-summary: maxRegression 2.0 points is below what these 57 clusters can'
        + ' show: even if every answer repeats exactly, an unchanged prompt is shown within 5.0 points at best, so only'
        + ' a clearly better prompt can PASS; about 141 clusters would settle a margin of 2.0 points')
assert passing.contains('[INFO] ticket-classifier: PASS')
assert passing.contains('[INFO] order-summary: INCONCLUSIVE')
assert !passing.any { it.startsWith('[WARNING] ticket-classifier: ') }
def summaries = passing.findAll { it.startsWith('[WARNING] order-summary: ') }
assert summaries.size() == 2 && summaries.every { it.contains(': inconclusive; could not rule out a drop of up to ') }
assert passing.contains('[INFO] BUILD SUCCESS')

// The README's gate.json (here the second build's) lists the @PromptEval suite ticket-routing beside the POM's two.
def gate = new groovy.json.JsonSlurper().parse(new File(basedir, 'sample/target/prompt-eval/gate.json'))
assert gate.suites*.name == ['ticket-classifier', 'order-summary', 'ticket-routing']
assert gate.suites.find { it.name == 'ticket-routing' }.source ==
        '@PromptEval dev.prompteval.sample.triage.TicketRoutingEvalTest#routesEveryClassifiedTicket'
def markdown = new File(basedir, 'sample/target/prompt-eval/report.md').text
['ticket-classifier', 'order-summary', 'ticket-routing'].each { assert markdown.contains(it) }

// Blocking: the regressed classifier (46 of 72 rows pass, prod 61 of 72) fails the gate, one WARN line per
// violation, among them the critical row tk-001; the summaries stay INCONCLUSIVE, which does not block; the build
// fails pointing at the report.
assert blocking.contains('[INFO] ticket-classifier: FAIL')
assert blocking.contains('[INFO] order-summary: INCONCLUSIVE')
def violations = blocking.findAll { it.startsWith('[WARNING] ticket-classifier: ') }
assert violations.any { it.startsWith('[WARNING] ticket-classifier: critical row [tk-001] ') && it.contains(' failed: ') }
assert violations.any { it.startsWith('[WARNING] ticket-classifier: pass rate is 0.64 [') &&
        it.contains('but baseline is 0.85 and the allowed regression is 0.02 (paired t p = ') }
assert violations.any { it.startsWith('[WARNING] ticket-classifier: pass rate is 0.64 [') &&
        it.endsWith('below the minimum 0.80') }
// One failure counts the blocking suites among all decided (the POM's and, where the plugin runs them, the
// @PromptEval tests'), names them where the message does, and says where the report is.
def decisions = blocking.findAll { it =~ /^\[INFO\] [\w-]+: (PASS|FAIL|INCONCLUSIVE)\b/ }
def blocked = decisions.findAll { it =~ /: FAIL\b/ }.collect { (it =~ /^\[INFO\] ([\w-]+):/)[0][1] }
def failure = blocking.find { it.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') }
def message = failure =~ /prompt-eval: the gate blocked (\d+) of (\d+) suite\(s\)(?:: ([^;]+))?; see (.+?) \(or report\.md\)/
assert message.find()
assert message.group(1) as int == blocked.size() && message.group(2) as int == decisions.size()
assert message.group(3) == null || message.group(3).split(', ') as List == blocked
assert blocked.contains('ticket-classifier') && !blocked.contains('order-summary')
assert message.group(4) == new File(basedir, 'sample/target/prompt-eval/report.html').canonicalPath
assert blocking.contains('[INFO] BUILD FAILURE')
