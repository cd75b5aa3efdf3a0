#!/usr/bin/env bash
# /health/live latency while SCRAPERS clients (default 32) scrape /metrics of ACCOUNTS accounts
# (default 5,000) for DURATION seconds (default 30): the ops server alone, in a JVM with the image's
# heap share (see docs/benchmarks.md). Twice: the scrapers in a process of their own at nice 19
# (standing in for clients on other machines), then as threads of the server's JVM.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for where in ${WHERE:-apart same-jvm}; do
  java -Xmx512m -cp "$BENCH_CP" dev.roster.bench.ProbeStarvationBench "${ACCOUNTS:-5000}" "${SCRAPERS:-32}" "${DURATION:-30}" "$where"
done
