import java.nio.file.Files

// Six builds: three publishes refused, each naming why, and not one byte of the registry changed.
def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)*.readLines()
assert builds.size() == 6
// A failed build's ERROR lines before its BUILD FAILURE line: the publish goal's refusals.
def refusals = { List<String> build ->
    build.takeWhile { it != '[INFO] BUILD FAILURE' }.findAll { it.startsWith('[ERROR]') }
}
def failure = { List<String> build -> build.find { it.startsWith('[ERROR] Failed to execute goal ') } }
def refused = ':publish (default-cli) on project publish-refusals: prompt-eval publish refused 1 time(s), listed' +
        ' above; nothing was written to the registry. Evaluate first (mvn verify), or override with' +
        ' -DpromptEval.overrideReason="why" -> [Help 1]'
[0, 2, 5].each {
    def line = failure(builds[it])
    assert line.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') &&
            line.endsWith(refused)
}
[1, 3, 4].each { assert builds[it].contains('[INFO] BUILD SUCCESS') && failure(builds[it]) == null }

// 1. Before any evaluation: gate.json is missing, and the line says to evaluate first.
def gate = new File(basedir, 'target/prompt-eval/gate.json').canonicalPath
assert refusals(builds[0]) == ["[ERROR] ${gate} does not exist; run the evaluation (prompt-eval:evaluate, part of" +
        ' mvn verify) first, it writes the gate file'.toString()]

// 2-3. After the gate decided FAIL for the candidate that forgot two greetings.
assert builds[1].contains('[INFO] greeting: FAIL')
assert refusals(builds[2]) == ['[ERROR] suite greeting: the gate decided FAIL, which blocks publishing under its' +
        ' policy; see report.html, fix the prompt and evaluate again']

// 4-6. After the passing candidate's file changed (prod pulled over it).
assert builds[3].contains('[INFO] greeting: INCONCLUSIVE')
assert builds[4].any { it.startsWith('[INFO] prompt-eval pull: wrote it/greeting version 1 (label:prod') }
def lines = refusals(builds[5])
assert lines.size() == 1
def changed = lines[0] =~ /^\[ERROR\] suite greeting: file:src\/main\/prompts\/greeting\.json changed since it was/ +
        / evaluated \(content (sha256:\w+), evaluated (sha256:\w+)\); evaluate it again$/
assert changed.matches() && changed.group(1) != changed.group(2)

// The registry, byte for byte as before the first build (setup.groovy copied it): no version, label, eval or lock
// file added.
def before = new File(basedir, 'registry-before').toPath()
def after = new File(basedir, 'prompt-registry').toPath()
def tree = { root -> Files.walk(root).withCloseable { paths ->
    paths.filter { Files.isRegularFile(it) }.collect { root.relativize(it).toString() }.sort() } }
assert tree(after) == tree(before)
tree(before).each { assert Files.readAllBytes(after.resolve(it)) == Files.readAllBytes(before.resolve(it)), it }
true  // a hook script passes by returning true (or nothing)
