import groovy.json.JsonSlurper

// A POM suite and an @PromptEval suite in one build: one set of reports lists both, and publish gates both.
def json = new JsonSlurper()
def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)*.readLines()
assert builds.size() == 4
def source = '@PromptEval it.mixed.WelcomeEvalTest#answersWithALanguageCode'

// 1. The POM suite passes, the @PromptEval suite fails; the build lists both decisions.
assert builds[0].contains('[INFO] greeting: INCONCLUSIVE')
assert builds[0].contains("[INFO] welcome: FAIL (${source})".toString())
assert builds[0].contains('[WARNING] welcome: pass rate is 0.667 [0.300, 0.903], below the minimum 0.900')
assert builds[0].any { it.startsWith('[WARNING] prompt-eval: the gate blocked 1 of 2 suite(s): welcome; see ') }

// 2. Publish refuses the @PromptEval suite's FAIL, and writes nothing to either prompt.
assert builds[1].contains('[ERROR] suite welcome: the gate decided FAIL, which blocks publishing under its policy; see report.html, fix the prompt'
        + ' and evaluate again')
assert builds[1].contains('[INFO] BUILD FAILURE')

// 3. Both pass; one gate.json, report.md and report.html list both, in the POM's order then the tests'.
assert builds[2].contains('[INFO] greeting: INCONCLUSIVE')
assert builds[2].contains("[INFO] welcome: INCONCLUSIVE (${source})".toString())
def output = new File(basedir, 'target/prompt-eval')
def gate = json.parse(new File(output, 'gate.json'))
assert gate.decision == 'INCONCLUSIVE' && !gate.blocking
assert gate.suites*.name == ['greeting', 'welcome']
assert gate.suites*.source == ['pom', source]
assert gate.suites*.prompt == ['it/greeting', 'it/welcome']
def markdown = new File(output, 'report.md').text
def html = new File(output, 'report.html').text
['greeting', 'welcome'].each { suite ->
    assert markdown.contains(suite) && html.contains(suite)
    assert new File(output, "TEST-prompt-eval-${suite}.xml").isFile()
    assert json.parse(new File(output, "results/${suite}.json")).decision == 'INCONCLUSIVE'
}

// 4. Publish made each candidate version 2 of its prompt and moved prod to it, the @PromptEval one included.
['greeting', 'welcome'].each { prompt ->
    def registry = new File(basedir, "prompt-registry/it/${prompt}")
    assert new File(registry, 'versions').list().toList().sort() == ['1.json', '2.json']
    assert json.parse(new File(registry, 'labels.json')) == [prod: 2]
    def published = json.parse(new File(registry, 'versions/2.json'))
    assert published.prompt_template == json.parse(new File(basedir, "src/main/prompts/${prompt}.json")).prompt_template
    assert new File(registry, 'evals/2').listFiles().size() == 1
}
assert builds[3].any { it.startsWith('[INFO] prompt-eval publish: suite welcome: it/welcome version 2 (label prod);'
        + ' pushed 6 row results (run ') }
assert builds[3].contains('[INFO] BUILD SUCCESS')
