def lines = new File(basedir, 'build.log').text.readLines()
def second = lines.findIndexValues { it.startsWith('[INFO] Building skip 1.0') }[1] as int
def skipped = lines.subList(0, second)
def evaluated = lines.subList(second, lines.size())

// 1. -DpromptEval.skip=true: the goal runs, says it skipped, and the build passes.
assert skipped.any { it.startsWith('[INFO] --- prompt-eval:') && it.contains(':evaluate (default) @ skip ---') }
assert skipped.contains('[INFO] prompt-eval: skipped (promptEval.skip)')
assert !skipped.any { it.startsWith('[ERROR]') || it.contains('evaluating') }
assert skipped.contains('[INFO] BUILD SUCCESS')

// 2. Without it: one ERROR line per problem, the POM's own and the suite's, then one failure.
def problems = evaluated.findAll { it.startsWith('[ERROR] ') }.takeWhile { !it.startsWith('[ERROR] Failed to execute goal') }
assert problems.size() == 4
assert problems[0] == '[ERROR] suite greeting, <rules>: <policy>maybe</policy> is not one of [block-shown-regressions, require-shown-within-margin]'
assert problems[1].startsWith('[ERROR] suite greeting, baseline label:staging: ') && problems[1].contains('has no label "staging"')
assert problems[2].startsWith('[ERROR] suite greeting: dataset ') && problems[2].contains('no-such-file.csv does not exist')
assert problems[3].contains('salutations.csv:2: ') && problems[3].contains('needs variable "greeting"')
def failure = evaluated.find { it.startsWith('[ERROR] Failed to execute goal dev.prompteval:prompt-eval-maven-plugin:') }
assert failure.contains('prompt-eval: 4 configuration problem(s), listed above; nothing was evaluated')
assert !evaluated.any { it.contains('evaluating') }

// Neither build wrote any output.
assert !new File(basedir, 'target/prompt-eval').exists()
