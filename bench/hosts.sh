#!/usr/bin/env bash
# The Windows host beside the Linux host: the same guest file (bench/guest/hosts.c, built once with the
# SDK's C library) run by the Linux build and by the Windows build under Wine (tests/windows-lane.sh), on
# this machine in the same run. Prints each figure for both hosts and their ratio, then `run hello`'s
# wall time on each (20 runs) beside the floor of each: the CLI doing no run (`--version`).
# Usage: bench/hosts.sh   (after ./build.sh; needs Wine)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MICROCOSM_SDK="$root/build/sdk"
make -s -C "$root/bench/guest" MICROCOSM="$root/build/bin/microcosm" OUT="$root/build/bench" "$root/build/bench/hosts"
lane="$root/tests/windows-lane.sh"
if ! why=$("$lane" prepare); then echo "bench/hosts.sh: the Windows lane cannot run here: $why" >&2; exit 1; fi
program="$root/build/bench/hosts"

echo "== the same file on both hosts (best of 5 each; Windows = the Windows build under Wine 8) =="
linux=$("$root/build/bin/microcosm" run "$program")
windows=$("$lane" cli run "$program")
printf "%-16s %14s %14s %8s\n" figure Linux Windows ratio
while read -r name value unit; do
    other=$(awk -v n="$name" '$1 == n { print $2 }' <<<"$windows")
    awk -v n="$name" -v l="$value" -v w="$other" -v u="$unit" \
        'BEGIN { printf "%-16s %11.2f %-2s %11.2f %-2s %7.2fx\n", n, l, u, w, u, w / l }'
done <<<"$linux"

# spawn+join's floor on Windows: a bare host thread from a self-contained .NET process, as microcosm.exe is.
dotnet publish "$root/bench/WindowsThreadFloor" -c Release -r win-x64 --self-contained -p:PublishAot=false \
    -o "$root/build/bench/windows-thread-floor" -v quiet -nologo >&2
floor=$("$lane" exe "$root/build/bench/windows-thread-floor/WindowsThreadFloor.exe")
echo "$floor" | awk '{ printf "%-16s %14s %11.2f %-2s   (CreateThread of ExitThread + wait, the Windows floor of spawn+join)\n", "thread-floor", "", $2, $3 }'

echo "== microcosm run hello, 20 runs: mean wall time =="
mean_ms() {   # mean_ms COMMAND...: the mean wall time of 20 runs, in ms
    local start end
    start=$(date +%s%N); for _ in $(seq 20); do "$@" >/dev/null; done; end=$(date +%s%N)
    echo $(( (end - start) / 20000000 ))
}
hello="$root/build/examples/hello"
printf "%-40s %8s %8s\n" "" Linux Windows
printf "%-40s %5d ms %5d ms\n" "run hello" "$(mean_ms "$root/build/bin/microcosm" run "$hello")" "$(mean_ms "$lane" cli run "$hello")"
printf "%-40s %5d ms %5d ms\n" "floor: the CLI without a run (--version)" "$(mean_ms "$root/build/bin/microcosm" --version)" "$(mean_ms "$lane" cli --version)"
