# Sourced by the bench scripts: compiles the connector (with the modules it needs) and its tests, and prints
# the classpath to run the benchmark main classes (dev.roster.bench, in the connector's tests) with.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p target
# One reactor run, so the other modules resolve to their build folders; the connector, built last, writes the file.
mvn -q -B test-compile dependency:build-classpath -pl connector -am \
  -Dmdep.outputFile="$PWD/target/bench.classpath" -Dmdep.includeScope=test >&2
BENCH_CP="connector/target/classes:connector/target/test-classes:$(cat target/bench.classpath)"
