#!/usr/bin/env bash
# Requests per poll (10,000-user full and partial accounts) and peak heap while listing a
# 200,000-user account, with the heap capped at 64 MB to show it is bounded by a page.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx64m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.roster.bench.TrutoListingBench "$@"
