#!/usr/bin/env bash
# /health/live latency while SCRAPERS clients (default 32) scrape /metrics of ACCOUNTS accounts
# (default 5,000) for DURATION seconds (default 30): the ops server alone, in a JVM of its own with the
# image's heap share (see docs/benchmarks.md).
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -cp "$BENCH_CP" dev.roster.bench.ProbeStarvationBench "${ACCOUNTS:-5000}" "${SCRAPERS:-32}" "${DURATION:-30}"
