#!/usr/bin/env bash
# The whole-build benchmark: installs the reactor (no tests), then times generated projects' `mvn verify` as whole
# processes. Options after the script name go to WholeBuildBenchmark (--help lists them), e.g.
#   prompt-eval-benchmark/whole-build.sh --maven-repo /path/to/m2 --promptfoo /path/to/npm-prefix
# Set MAVEN_REPO_LOCAL to build with another local repository than ~/.m2/repository.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
m2=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
cd "$repo"
./mvnw -B -q -ntp -Dmaven.repo.local="$m2" install -DskipTests
./mvnw -B -q -ntp -Dmaven.repo.local="$m2" -pl prompt-eval-benchmark dependency:build-classpath \
  -Dmdep.outputFile=target/whole-build.classpath
exec java -cp "prompt-eval-benchmark/target/classes:$(cat prompt-eval-benchmark/target/whole-build.classpath)" \
  dev.prompteval.benchmark.WholeBuildBenchmark --repo "$repo" --maven-repo "$m2" "$@"
