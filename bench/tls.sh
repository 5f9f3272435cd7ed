#!/usr/bin/env bash
# A thread-local variable's access under Microcosm beside the same program built natively, in the same run
# (docs/abi.md, "Thread-local storage"; the goal from issue 21: within 2x a native initial-exec access in a loop).
# Usage: bench/tls.sh (bench/run.sh runs it too).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MICROCOSM_SDK="$root/build/sdk"
make -s -C "$root/bench/guest" MICROCOSM="$root/build/bin/microcosm" OUT="$root/build/bench" "$root/build/bench/tls" "$root/build/bench/tls-native"
echo "== thread-local storage: one access per call of a function that is not inlined (best of 5) =="
read -r ours_own ours_lib < <("$root/build/bin/microcosm" run "$root/build/bench/tls")
read -r their_own their_lib < <("$root/build/bench/tls-native")
awk -v o="$ours_own" -v t="$their_own" -v ol="$ours_lib" -v tl="$their_lib" 'BEGIN {
    printf "%-26s %8.3f ns   native %8.3f ns   ratio %5.2fx   target <= 2x native initial-exec %s\n", "program (initial-exec)", o, t, o / t, (o <= 2 * t ? "(met)" : "(NOT met)")
    printf "%-26s %8.3f ns   native %8.3f ns   ratio %5.2fx   (against native initial-exec: %5.2fx %s)\n", "library (general dynamic)", ol, tl, ol / tl, ol / t, (ol <= 2 * t ? "(met)" : "(NOT met)") }'
