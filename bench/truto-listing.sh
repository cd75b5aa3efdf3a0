#!/usr/bin/env bash
# Requests per poll (10,000-user full and partial accounts) and peak heap while listing a
# 200,000-user account, with the heap capped at 64 MB to show it is bounded by a page.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
java -Xmx64m -cp "$BENCH_CP" dev.roster.bench.TrutoListingBench "$@"
