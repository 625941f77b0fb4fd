import groovy.json.JsonSlurper

// verify passed the gate; publish made the candidate version 2, moved prod to it and pushed the run against it.
def json = new JsonSlurper()
def lines = new File(basedir, 'build.log').text.readLines()
def registry = new File(basedir, 'prompt-registry/it/greeting')

assert lines.contains('[INFO] greeting: INCONCLUSIVE')
// Six rows cannot show the 2-point margin: the plan says so before any call, and the only other warnings are the
// INCONCLUSIVE lines, which do not block.
assert lines.findAll { it.startsWith('[ERROR]') } == []
def warnings = lines.findAll { it.startsWith('[WARNING]') }
assert warnings.size() == 3
assert warnings[0].startsWith('[WARNING] suite greeting: maxRegression 2.0 points is below what these 6 rows can show')
assert warnings.drop(1).every { it.startsWith('[WARNING] greeting: ') && it.contains(': inconclusive; ') }
assert lines.contains('[INFO] BUILD SUCCESS')

// The evaluation's outputs, which publish read.
def output = new File(basedir, 'target/prompt-eval')
['gate.json', 'report.html', 'report.md', 'results/greeting.json'].each { assert new File(output, it).isFile() }
def gate = json.parse(new File(output, 'gate.json'))
def results = json.parse(new File(output, 'results/greeting.json'))
assert results.decision == 'INCONCLUSIVE'
assert results.rows*.output == ['fr', 'es', 'de', 'it', 'pt', 'sv']

// Version 2 is the working-tree candidate, and prod points at it.
assert new File(registry, 'versions').list().toList().sort() == ['1.json', '2.json']
def published = json.parse(new File(registry, 'versions/2.json'))
def candidate = json.parse(new File(basedir, 'src/main/prompts/greeting.json'))
assert published.prompt_template == candidate.prompt_template
assert published.metadata == candidate.metadata
assert published.commit_message == 'Published by prompt-eval after the gate passed'
assert json.parse(new File(registry, 'labels.json')) == [prod: 2]

// The run's row results are stored against version 2 only, under the run id of the evaluation.
assert new File(registry, 'evals').list() as List == ['2']
def runs = new File(registry, 'evals/2').listFiles()
assert runs.size() == 1
def run = json.parse(runs[0])
assert runs[0].name == run.run_id + '.json'
assert run.prompt == 'it/greeting'
assert run.version == 2
assert run.suite == 'greeting'
assert run.decision == 'INCONCLUSIVE'
assert run.run_id == results.runId
assert run.candidate_hash == gate.suites.find { it.name == 'greeting' }.candidate.contentHash
assert run.rows*.row_id == (1..6).collect { String.format('gr-%02d', it) }
assert run.rows.every { it.pass && it.score == 1 }
assert run.rows*.output == results.rows*.output

def publishedLine = '[INFO] prompt-eval publish: suite greeting: it/greeting version 2 (label prod); pushed 6 row' +
        ' results (run ' + run.run_id + ')'
assert lines.contains(publishedLine)
