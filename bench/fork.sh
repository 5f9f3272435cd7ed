#!/usr/bin/env bash
# fork + exit and fork + exec under Microcosm beside the same program built natively, in the same run, with an empty
# heap and a 50 MB resident one (docs/processes.md, "fork"; targets from issue 18: fork + exit within 10x native,
# fork + exec within 3x). Usage: bench/fork.sh (bench/run.sh runs it too).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MICROCOSM_SDK="$root/build/sdk"
make -s -C "$root/bench/guest" MICROCOSM="$root/build/bin/microcosm" OUT="$root/build/bench" "$root/build/bench/fork" "$root/build/bench/fork-native"
echo "== fork: the same program under microcosm and natively (mean of 20 rounds, best of 3) =="
for mb in 0 50; do
    read -r _ ours_exit ours_exec < <("$root/build/bin/microcosm" run "$root/build/bench/fork" "$mb")
    read -r _ their_exit their_exec < <("$root/build/bench/fork-native" "$mb")
    awk -v mb="$mb" -v o="$ours_exit" -v t="$their_exit" -v oe="$ours_exec" -v te="$their_exec" 'BEGIN {
        printf "fork+exit %3d MB %8d us   native %6d us   ratio %6.1fx   target <= 10x %s\n", mb, o, t, o / t, (o <= 10 * t ? "(met)" : "(NOT met)")
        printf "fork+exec %3d MB %8d us   native %6d us   ratio %6.1fx   target <= 3x %s\n", mb, oe, te, oe / te, (oe <= 3 * te ? "(met)" : "(NOT met)") }'
done
