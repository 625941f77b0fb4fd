import groovy.json.JsonSlurper

def lines = new File(basedir, 'build.log').readLines()
def registry = new File(basedir, 'prompt-registry/it/greeting')

// Build 1: no gate.json, so nothing to publish against.
assert lines.any { it.startsWith('[ERROR]') && it.contains('gate.json does not exist; run the evaluation') }
// Build 3: the file to publish is not the one the gate passed.
assert lines.any { it.startsWith('[ERROR] suite greeting: file:src/main/prompts/greeting-edited.json changed since'
        + ' it was evaluated') }
assert lines.count { it.contains('prompt-eval publish refused') && it.contains('nothing was written to the registry') } == 2

// Build 2 passed the gate; build 4 published exactly one new version, moved prod and stored the results.
assert lines.any { it == '[INFO] greeting: PASS' }
assert lines.any { it.startsWith('[INFO] prompt-eval publish: suite greeting: it/greeting version 2 (label prod);'
        + ' pushed 24 row results') }
assert new File(registry, 'versions').list().sort() == ['1.json', '2.json']
assert new JsonSlurper().parse(new File(registry, 'labels.json')).prod == 2
def published = new JsonSlurper().parse(new File(registry, 'versions/2.json'))
def candidate = new JsonSlurper().parse(new File(basedir, 'src/main/prompts/greeting.json'))
assert published.prompt_template == candidate.prompt_template
assert published.commit_message == 'Reworded'
def evals = new File(registry, 'evals/2').listFiles()
assert evals.length == 1
def run = new JsonSlurper().parse(evals[0])
assert run.decision == 'PASS' && run.rows.size() == 24

// The reports the gate wrote.
['gate.json', 'report.md', 'report.html', 'TEST-prompt-eval-greeting.xml', 'results/greeting.json'].each {
    assert new File(basedir, "target/prompt-eval/$it").isFile()
}
return true
