import groovy.json.JsonSlurper

// Six rows, one lost: Tango's interval for the paired difference is about [-0.56, 0.29] (on the baseline's scale,
// 1.00 - 0.56 = 0.44), and McNemar's mid-p for one regressed row is 0.25: neither a drop of 0.02 ruled out nor one
// shown, so INCONCLUSIVE. Each regression line says what drop could not be ruled out and how many rows would settle
// it. The default policy warns and the build passes; the strict one blocks.
def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)*.readLines()
assert builds.size() == 2

builds.each { lines ->
    assert lines.contains('[INFO] greeting: INCONCLUSIVE')
    def inconclusive = lines.findAll { it.startsWith('[WARNING] greeting: ') }
    assert inconclusive.size() == 2
    assert inconclusive[0].startsWith('[WARNING] greeting: score is 0.83 [0.44, 1.00], baseline is 1.00: inconclusive;')
    assert inconclusive[1].startsWith('[WARNING] greeting: pass rate is 0.83 [0.44, 1.00], baseline is 1.00: inconclusive;')
    inconclusive.each {
        assert it =~ /: inconclusive; could not rule out a drop of up to [0-9.]+ points; about [0-9,]+ rows \(([0-9,]+ to [0-9,]+; )?now 6\) would settle a 2-point margin$/
    }
}
assert builds[0].contains('[INFO] BUILD SUCCESS')
def failure = builds[1].find { it.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') }
def blocked = failure =~ /prompt-eval: the gate blocked 1 of 1 suite\(s\)(: greeting)?; see (.+?) \(or report\.md\)/
assert blocked.find() && blocked.group(2) == new File(basedir, 'target/prompt-eval/report.html').canonicalPath

def results = new JsonSlurper().parse(new File(basedir, 'target/prompt-eval/results/greeting.json'))
assert results.decision == 'INCONCLUSIVE'
assert results.rows.findAll { !it.pass }*.rowId == ['gr-06']
