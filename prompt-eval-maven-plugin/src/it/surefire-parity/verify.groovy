import groovy.json.JsonSlurper

// The same two @PromptEval suites through Surefire (test phase) and prompt-eval:evaluate (verify): the same gates.
def json = new JsonSlurper()
def lines = new File(basedir, 'build.log').text.readLines()
// Each front's gate.json lists the suites; each suite's runs are kept under suites/.
def gate = { dir -> json.parse(new File(basedir, "${dir}/gate.json")) }
def surefire = { suite -> gate('target/surefire-prompt-eval').suites.find { it.name == suite } }
def plugin = { suite -> gate('target/prompt-eval').suites.find { it.name == suite } }
def kept = { dir, suite -> json.parse(new File(basedir, "${dir}/suites/${suite}.json")) }
// What the gate saw of a version's rows (latency and caching differ between the two runs, by nature).
def verdicts = { run ->
    run.rows.collect { [it.row.id, it.samples*.output, it.samples*.score*.score, it.samples*.score*.pass,
                        it.samples*.score*.reason] }
}

['target/surefire-prompt-eval', 'target/prompt-eval'].each { dir ->
    assert gate(dir).suites*.name == ['greeting', 'greeting-dropped']
    assert new File(basedir, "${dir}/suites").list().toList().sort() == ['greeting-dropped.json', 'greeting.json']
    assert new File(basedir, "${dir}/report.html").text.contains('greeting-dropped')
    assert new File(basedir, "${dir}/report.md").text.contains('greeting-dropped')
    assert new File(basedir, "${dir}/TEST-prompt-eval-greeting-dropped.xml").isFile()
}
['greeting', 'greeting-dropped'].each { suite ->
    def (inTests, inBuild) = [surefire(suite), plugin(suite)]
    assert inTests.decision == inBuild.decision
    assert inTests.blocking == inBuild.blocking
    assert inTests.violations == inBuild.violations
    assert inTests.source == inBuild.source && inBuild.source.startsWith('@PromptEval it.parity.GreetingEvalTest#')
    def (testRuns, buildRuns) = [kept('target/surefire-prompt-eval', suite), kept('target/prompt-eval', suite)]
    assert verdicts(testRuns.candidate) == verdicts(buildRuns.candidate)
    assert verdicts(testRuns.baseline) == verdicts(buildRuns.baseline)
    assert inTests.candidate.contentHash == inBuild.candidate.contentHash
}

// The candidate that forgot two greetings: 4 of 6 rows pass, below the minimum, in both runs.
def dropped = plugin('greeting-dropped')
assert dropped.decision == 'FAIL' && dropped.blocking
assert dropped.violations.contains('greeting-dropped: pass rate is 0.667 [0.300, 0.903], below the minimum 0.900')
assert kept('target/prompt-eval', 'greeting-dropped').candidate.rows
        .findAll { row -> !row.samples.every { it.score?.pass } }*.row*.id == ['gr-05', 'gr-06']
def passing = plugin('greeting')
assert passing.decision == 'INCONCLUSIVE' && !passing.blocking && passing.violations == []

// Surefire reported the gate's failure as a test failure (and went on); the plugin logged the same lines.
def report = new File(basedir, 'target/surefire-reports/it.parity.GreetingEvalTest.txt').text
// Two suites of six rows and a gate each; the dropped candidate's rows gr-05 and gr-06 and its gate failed.
assert report.contains('Tests run: 14, Failures: 3, Errors: 0, Skipped: 0')
assert report.contains('suite greeting-dropped: the gate says FAIL\n' +
        dropped.violations.collect { '  - ' + it }.join('\n'))
assert lines.contains('[INFO] greeting-dropped: FAIL (@PromptEval it.parity.GreetingEvalTest#' +
        'answersWithALanguageCodeAfterTheCut)')
assert lines.contains('[INFO] greeting: INCONCLUSIVE (@PromptEval it.parity.GreetingEvalTest#answersWithALanguageCode)')
dropped.violations.each { assert lines.contains('[WARNING] ' + it) }
assert lines.any { it.startsWith('[WARNING] prompt-eval: the gate blocked 1 of 2 suite(s): greeting-dropped; see ') }
assert lines.contains('[INFO] BUILD SUCCESS')
