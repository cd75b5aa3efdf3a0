#!/usr/bin/env bash
# /health/live latency while SCRAPERS clients (default 32) scrape /metrics of ACCOUNTS accounts
# (default 5,000) for DURATION seconds (default 30): the ops server alone, in a JVM with the image's
# heap share (see docs/benchmarks.md). For each WHERE (default both): the scrapers in a process of
# their own at nice 19 (standing in for clients on other machines), then as threads of the server's
# JVM. BASELINE=<git revision> also measures the ops package of that revision, in the same run,
# before the current one: its changed classes are compiled into target/ops-baseline and put first
# on the class path (e.g. BASELINE=435de2a, the ops server before issue 22).
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
versions=(current)
if [[ -n "${BASELINE:-}" ]]; then
  ops=connector/src/main/java/dev/roster/ops
  rm -rf target/ops-baseline && mkdir -p target/ops-baseline/src target/ops-baseline/classes
  for file in $(git diff --name-only "$BASELINE" HEAD -- "$ops"); do
    if git cat-file -e "$BASELINE:$file" 2>/dev/null; then
      git show "$BASELINE:$file" > "target/ops-baseline/src/$(basename "$file")"
    fi
  done
  javac -nowarn -d target/ops-baseline/classes -cp "$BENCH_CP" target/ops-baseline/src/*.java
  versions=(baseline current)
fi
for where in ${WHERE:-apart same-jvm}; do
  for version in "${versions[@]}"; do
    cp="$BENCH_CP"
    [[ "$version" == baseline ]] && cp="target/ops-baseline/classes:$BENCH_CP"
    echo "ops package: $version$([[ "$version" == baseline ]] && echo " ($BASELINE)")"
    java -Xmx512m -cp "$cp" dev.roster.bench.ProbeStarvationBench "${ACCOUNTS:-5000}" "${SCRAPERS:-32}" "${DURATION:-30}" "$where"
  done
done
