import groovy.json.JsonSlurper

// The same two @PromptEval suites through Surefire (test phase) and prompt-eval:evaluate (verify): the same gates.
def json = new JsonSlurper()
def lines = new File(basedir, 'build.log').text.readLines()
def surefire = { suite -> json.parse(new File(basedir, "target/surefire-prompt-eval/junit/${suite}.json")) }
def plugin = { suite -> json.parse(new File(basedir, "target/prompt-eval/junit/${suite}.json")) }
// What the gate saw of a version's rows (latency and caching differ between the two runs, by nature).
def verdicts = { version ->
    version.rows.collect { [it.id, it.score, it.pass, it.samples*.output, it.samples*.reason] }
}

assert new File(basedir, 'target/surefire-prompt-eval/junit').list().toList().sort() ==
        ['greeting-dropped.json', 'greeting.json']
assert new File(basedir, 'target/prompt-eval/junit').list().toList().sort() ==
        ['greeting-dropped.json', 'greeting.json']
['greeting', 'greeting-dropped'].each { suite ->
    def (inTests, inBuild) = [surefire(suite), plugin(suite)]
    assert inTests.decision == inBuild.decision
    assert inTests.blocking == inBuild.blocking
    assert inTests.violations == inBuild.violations
    assert verdicts(inTests.candidate) == verdicts(inBuild.candidate)
    assert verdicts(inTests.baseline) == verdicts(inBuild.baseline)
    assert inTests.candidate.contentHash == inBuild.candidate.contentHash
}

// The candidate that forgot two greetings: 4 of 6 rows pass, below the minimum, in both runs.
def dropped = plugin('greeting-dropped')
assert dropped.decision == 'FAIL' && dropped.blocking
assert dropped.violations.contains('greeting-dropped: pass rate is 0.67 [0.12, 1.21], below the minimum 0.90')
assert dropped.candidate.rows.findAll { !it.pass }*.id == ['gr-05', 'gr-06']
def passing = plugin('greeting')
assert passing.decision == 'PASS' && !passing.blocking && passing.violations == []

// Surefire reported the gate's failure as a test failure (and went on); the plugin logged the same lines.
def report = new File(basedir, 'target/surefire-reports/it.parity.GreetingEvalTest.txt').text
// Two suites of six rows and a gate each; the dropped candidate's rows gr-05 and gr-06 and its gate failed.
assert report.contains('Tests run: 14, Failures: 3, Errors: 0, Skipped: 0')
assert report.contains('suite greeting-dropped: the gate says FAIL\n' +
        dropped.violations.collect { '  - ' + it }.join('\n'))
assert lines.contains('[INFO] greeting-dropped: FAIL (@PromptEval it.parity.GreetingEvalTest#' +
        'answersWithALanguageCodeAfterTheCut)')
assert lines.contains('[INFO] greeting: PASS (@PromptEval it.parity.GreetingEvalTest#answersWithALanguageCode)')
dropped.violations.each { assert lines.contains('[WARNING] ' + it) }
assert lines.any { it.startsWith('[WARNING] prompt-eval: the gate blocked 1 of 2 suite(s): greeting-dropped; see ') }
assert lines.contains('[INFO] BUILD SUCCESS')
