#!/usr/bin/env bash
# The release soak (docs/stress.md): the stress tests of ./test.sh (StressTests, and EmbeddingTests'
# sixteen instances on sixteen threads), each run for MINUTES (default 30) instead of seconds. Each 20 rounds it logs mappings, threads and
# resident memory to build/soak/soak-<time>.log; it fails if any grew past the test's bounds.
#   bench/soak.sh [MINUTES]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
minutes="${1:-30}"
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -gt 0 ]] || { echo "usage: bench/soak.sh [MINUTES]" >&2; exit 2; }
./build.sh
mkdir -p build/soak
log="$root/build/soak/soak-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "soak: $minutes min, log $log"
echo "# soak $minutes min, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores" > "$log"
status=0
MICROCOSM_STRESS_SECONDS=$((minutes * 60)) MICROCOSM_STRESS_LOG="$log" \
    dotnet test tests/Microcosm.Tests -c Release --nologo \
    --filter "FullyQualifiedName~StressTests|FullyQualifiedName~SixteenInstancesOnSixteenThreads" --logger "console;verbosity=normal" || status=$?
tail -n 1 "$log"
if [[ $status -eq 0 ]]; then echo "soak: passed"; else echo "soak: FAILED (status $status)"; fi
exit $status
