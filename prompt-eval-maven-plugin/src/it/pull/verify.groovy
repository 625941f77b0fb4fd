import groovy.json.JsonSlurper

def json = new JsonSlurper()
def lines = new File(basedir, 'build.log').text.readLines()
def version = { n -> json.parse(new File(basedir, "prompt-registry/it/greeting/versions/${n}.json")) }
def samePrompt = { File file, Map expected ->
    def pulled = json.parse(file)
    pulled.prompt_template == expected.prompt_template && pulled.metadata == expected.metadata
}

// 1. prod (version 2) replaced the stale working-tree copy of version 1.
def workingTree = new File(basedir, 'src/main/prompts/greeting.json')
assert samePrompt(workingTree, version(2))
assert lines.contains('[INFO] prompt-eval pull: wrote it/greeting version 2 (label:prod, labels [prod]) to ' +
        workingTree.canonicalPath)

// 2. canary (version 1) into a folder the pull created.
def canary = new File(basedir, 'target/pulled/canary.json')
assert samePrompt(canary, version(1))
assert lines.contains('[INFO] prompt-eval pull: wrote it/greeting version 1 (label:canary, labels [canary]) to ' +
        canary.canonicalPath)

// 3. An unknown label fails the build, names the labels there are, and writes nothing.
def failure = lines.find { it.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') }
assert failure != null && failure.contains('prompt-eval pull: prompt it/greeting has no label "beta"')
assert failure.contains('(labels: canary, prod)')
assert !new File(basedir, 'target/pulled/beta.json').exists()
assert new File(basedir, 'target/pulled').list() as List == ['canary.json']

// The registry itself is untouched.
assert json.parse(new File(basedir, 'prompt-registry/it/greeting/labels.json')) == [prod: 2, canary: 1]
