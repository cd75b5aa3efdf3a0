# Sourced by the bench scripts: compiles main and test classes and prints the classpath to run
# the benchmark main classes (dev.roster.bench) with.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B test-compile >&2
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
BENCH_CP="target/classes:target/test-classes:$(cat target/bench.classpath)"
