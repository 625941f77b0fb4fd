// -DpromptEval.skip=true: the goal runs, says it skipped, and evaluates and writes nothing.
def lines = new File(basedir, 'build.log').text.readLines()

assert lines.any { it.startsWith('[INFO] --- prompt-eval:') && it.contains(':evaluate (default) @ skip ---') }
assert lines.contains('[INFO] prompt-eval: skipped (promptEval.skip)')
assert !lines.any { it.contains('evaluating') || it.startsWith('[INFO] greeting') }
assert lines.contains('[INFO] BUILD SUCCESS')
assert !new File(basedir, 'target/prompt-eval').exists()
