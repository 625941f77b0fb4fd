import groovy.json.JsonSlurper

// Eleven builds: the whole run, three shards and their merge (equal to the whole run), three refused merges, publish.
def json = new JsonSlurper()
def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)*.readLines()
assert builds.size() == 11
[0, 1, 2, 3, 4, 6, 8, 10].each { assert builds[it].contains('[INFO] BUILD SUCCESS'), "build ${it + 1}" }
[5, 7, 9].each { assert builds[it].contains('[INFO] BUILD FAILURE'), "build ${it + 1}" }

// 2-4. Each shard evaluated whole clusters, by SHA-256 of __cluster (computed independently with Python's hashlib):
// shard 1 it, ro, fi, tr, pl; shard 2 es, de, sv; shard 3 fr, pt, cs, hu. None decided anything.
[[1, 15], [2, 9], [3, 12]].each { shard, rows ->
    def build = builds[shard]
    assert build.contains("[INFO] prompt-eval: shard ${shard}/3: suite greeting: ${rows} of its 36 rows".toString())
    assert build.any { it.startsWith("[INFO] prompt-eval: shard ${shard}/3 (promptEval.shard): ") }
    assert !build.any { it.startsWith('[INFO] greeting: ') }
}
def shard1 = json.parse(new File(basedir, 'target/ci/mixed/s1/shards/shard-1-of-3.json'))
assert shard1.suites[0].result.candidate.rows*.row*.cluster.unique() == ['it-thread', 'ro-thread', 'fi-thread',
                                                                        'tr-thread', 'pl-thread']
assert !new File(basedir, 'target/ci/mixed/s1/gate.json').exists()

// 5. The merge decides what the whole run decided: gate.json equal, numbers to 1e-12.
def close
close = { a, b, String path ->
    if (a instanceof Number && b instanceof Number) {
        assert Math.abs(a.doubleValue() - b.doubleValue()) <= 1e-12, path
    } else if (a instanceof Map && b instanceof Map) {
        assert a.keySet() == b.keySet(), path
        a.each { k, v -> close(v, b[k], "${path}.${k}") }
    } else if (a instanceof List && b instanceof List) {
        assert a.size() == b.size(), path
        a.eachWithIndex { v, i -> close(v, b[i], "${path}[${i}]") }
    } else {
        assert a == b, path
    }
}
def whole = json.parse(new File(basedir, 'target/whole/gate.json'))
def merged = json.parse(new File(basedir, 'target/prompt-eval/gate.json'))
close(merged, whole, 'gate')
def wholeSuite = whole.suites[0]
assert wholeSuite.candidate.rows == 36
def score = wholeSuite.comparisons.find { it.metric == 'pass-rate' }
assert score.improved == 12 && score.regressed == 3 && score.clusters == 12 && score.clustered
assert builds[4].contains("[INFO] greeting: ${wholeSuite.decision}".toString())
assert builds[4].contains('[INFO] prompt-eval merge: 3 shard files of 3 from ' +
        new File(basedir, 'target/ci').canonicalPath + ', 1 suite(s)')
// Row results as pushed (without latency and cache, which differ between any two runs), in dataset order.
def rows = { dir ->
    json.parse(new File(basedir, "${dir}/results/greeting.json")).rows.collect { it.findAll { k, v ->
        !(k in ['latency_ms', 'latencyMs', 'cached']) } }
}
close(rows('target/prompt-eval'), rows('target/whole'), 'rows')
assert rows('target/prompt-eval')*.rowId == (1..36).collect { String.format('gr-%02d', it) }
['report.md', 'report.html', 'suites/greeting.json'].each { assert new File(basedir, "target/prompt-eval/${it}").isFile() }

// 6, 8, 10. Each refused merge: one ERROR line naming why and the file(s), then the failure; nothing written.
def errors = { List<String> build ->
    build.takeWhile { it != '[INFO] BUILD FAILURE' }.findAll { it.startsWith('[ERROR]') }
}
def ci = new File(basedir, 'target/ci').canonicalPath
def mixed = new File(basedir, 'target/ci/mixed').canonicalPath
assert errors(builds[5]) == ["[ERROR] shard 3 of 3 is missing: no shard-3-of-3.json under ${mixed} (found shards 1, 2);" +
        " download every shard job's artifact into it, or run the missing job, then merge again".toString()]
assert errors(builds[7]) == ["[ERROR] shard 2 of 3 is there 2 times: ${mixed}/s2/shards/shard-2-of-3.json," +
        " ${ci}/s2-rerun/shards/shard-2-of-3.json (a job that ran twice, say a re-run, uploads it again); keep one" +
        " of them and merge again".toString()]
def other = errors(builds[9])
assert other.size() == 1
def mismatch = other[0] =~ (/^\[ERROR\] shard file \Q${mixed}\E\/s3-other\/shards\/shard-3-of-3\.json \(shard 3 of 3\)/ +
        / did not evaluate what \Q${mixed}\E\/s1\/shards\/shard-1-of-3\.json \(shard 1 of 3\) did: suite greeting:/ +
        / other candidate prompt content \((sha256:\w+), not (sha256:\w+)\); run every shard from the same commit/ +
        / and command line, then merge again$/)
assert mismatch.matches() && mismatch.group(1) != mismatch.group(2) && mismatch.group(2) == wholeSuite.candidate.contentHash
[5, 7, 9].each {
    assert builds[it].any { line -> line.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') &&
            line.contains(':merge (default-cli) on project shards-merge: prompt-eval merge refused the shard files under ') &&
            line.endsWith(': 1 problem(s), listed above; nothing was written -> [Help 1]') }
}
assert !new File(basedir, 'target/refused').exists()

// 11. publish after the merge (from build 5's outputs; the refused merges wrote nothing): the candidate became version 2, prod moved, the merged run's 36 rows stored.
def registry = new File(basedir, 'prompt-registry/it/greeting')
assert json.parse(new File(registry, 'labels.json')) == [prod: 2]
def runs = new File(registry, 'evals/2').listFiles()
assert runs.size() == 1
def run = json.parse(runs[0])
assert run.rows.size() == 36
assert run.run_id == json.parse(new File(basedir, 'target/prompt-eval/results/greeting.json')).runId
true  // a hook script passes by returning true (or nothing)
