#!/usr/bin/env bash
# Re-records the sample's committed answers from the authored outputs (src/test/prompt-eval/authored-outputs/):
# serves them from tools/AuthoredModel.java on loopback and runs the real plugin in record mode against it.
# Run from the repository root after `./mvnw install -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
../mvnw -q -B -f ../prompt-eval-core/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/core.classpath
mkdir -p target
java -cp "$(cat target/core.classpath):../prompt-eval-core/target/classes" tools/AuthoredModel.java 8765 &
stub=$!
trap 'kill $stub' EXIT
sleep 5
rm -f src/test/prompt-eval/recordings/*.jsonl
../mvnw -B verify -DpromptEval.mode=record -DpromptEval.cache=false
../mvnw -B verify -DpromptEval.mode=record -DpromptEval.cache=false -Pregressed-candidate || true  # blocks, as it should
