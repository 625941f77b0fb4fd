def log = new File(basedir, 'build.log').text

assert log.contains('[INFO] BUILD SUCCESS')
// Every goal, with its parameters and the -D properties that set them.
['prompt-eval:evaluate', 'prompt-eval:merge', 'prompt-eval:pull', 'prompt-eval:help'].each { assert log.contains(it) }
['skip', 'haltOnFailure', 'mode', 'suites', 'concurrency', 'repeat', 'maxCost', 'registryDirectory',
 'outputDirectory', 'recordingsDirectory', 'shard', 'shardsDirectory'].each { assert log.contains("User property: promptEval.${it}") }
['prompt', 'reference', 'file'].each { assert log.contains("User property: promptEval.${it}") }
assert log.contains('Evaluates each configured suite')
assert log.contains('Merges the shard files of a sharded evaluation')
assert log.contains('Fetches a prompt version or label from the registry into a working-tree file')
