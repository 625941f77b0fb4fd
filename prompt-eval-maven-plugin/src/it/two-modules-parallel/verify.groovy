import groovy.json.JsonSlurper

// -T 2: both modules' suites are evaluated in one Maven process at the same time; each module's outputs hold its own
// suite only, with its own rows.
def lines = new File(basedir, 'build.log').text.readLines()

assert lines.any { it.contains('Using the MultiThreadedBuilder implementation with a thread count of 2') }
assert !lines.any { it.contains('@threadSafe') }  // Maven warns about plugins that are not marked thread-safe
assert lines.contains('[INFO] greeting: PASS')
assert lines.contains('[INFO] farewell: INCONCLUSIVE')
assert lines.contains('[INFO] BUILD SUCCESS')

def check = { String module, String suite, int rows, String prefix ->
    def results = new File(basedir, "${module}/target/prompt-eval/results")
    assert results.list() as List == ["${suite}.json"]
    def record = new JsonSlurper().parse(new File(results, "${suite}.json"))
    assert record.suite == suite
    assert record.decision == (suite == 'greeting' ? 'PASS' : 'INCONCLUSIVE')  // 24 rows against 8
    assert record.rows.size() == rows
    assert record.rows.every { it.rowId.startsWith(prefix) && it.pass }
}
check('greetings', 'greeting', 24, 'gr-')
check('farewells', 'farewell', 8, 'fa-')
assert !new File(basedir, 'target/prompt-eval').exists()
