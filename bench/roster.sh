#!/usr/bin/env bash
# Roster end to end against its baselines, each in a JVM of its own (see docs/benchmarks.md):
#   throughput  initial load and unchanged re-polls of ACCOUNTS x USERS users (default 100 x 1000),
#               against ProducerPerformance and against the Truto client alone; twice: unchanged
#               users as fingerprints, then in full (FINGERPRINTS="true" for the first only)
#   latency     requests per poll against the minimum, and change latency (p50, p99)
#   memory      heap and RSS while one account is polled, heap capped at 256 MB, at 100k and 1M users
#   process     Roster alone in a JVM of its own (roster run, heap capped at 128 MB): live heap, GC share, RSS;
#               PROCESS_POLLS polls (default 2: the baseline, then a re-poll), PROCESS_CONFIG key=value overrides
#   fingerprints  what fingerprinting a user costs, against SHA-256 and XXH64 over as many bytes
# Usage: bench/roster.sh [throughput|latency|memory|process|fingerprints|all] (default all). Takes tens of minutes.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
run() { java -cp "$BENCH_CP" "$@"; }
what="${1:-all}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$what" == all || "$what" == throughput ]]; then
  # With unchanged users sent as fingerprints, then in full (as Roster 0.1.0 did), one JVM each.
  for fingerprints in ${FINGERPRINTS:-true false}; do
    run -Xmx1g dev.roster.bench.RosterThroughputBench "${ACCOUNTS:-100}" "${USERS:-1000}" "${ROUNDS:-3}" "$fingerprints"
  done
fi
if [[ "$what" == all || "$what" == latency ]]; then
  run -Xmx1g dev.roster.bench.ChangeLatencyBench "${LATENCY_ROUNDS:-20}" "${CHANGES:-50}"
fi
if [[ "$what" == all || "$what" == memory ]]; then
  for users in ${MEMORY_USERS:-100000 1000000}; do
    run -Xmx256m dev.roster.bench.RosterMemoryBench "$users" 1
  done
fi
if [[ "$what" == all || "$what" == process ]]; then
  for users in ${PROCESS_USERS:-100000 1000000}; do
    run -Xmx1g dev.roster.bench.RosterProcessMemoryBench "$users" "${PROCESS_HEAP:-128m}" "${PROCESS_POLLS:-2}" ${PROCESS_CONFIG:-}
  done
fi
if [[ "$what" == all || "$what" == fingerprints ]]; then
  run -Xmx1g dev.roster.bench.FingerprintCostBench "${FINGERPRINT_USERS:-20000}"
fi
