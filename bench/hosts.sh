#!/usr/bin/env bash
# The Windows host beside the Linux host: the same guest file (bench/guest/hosts.c, built once with the
# SDK's C library) run by the Linux build and by the Windows build under Wine (tests/windows-lane.sh), on
# this machine in the same run. Prints each figure for both hosts and their ratio; then mc_syscall -> C# handler on
# each (bench/guest/csharp.c, run by the same embedding harness, bench/CSharpHandlers, on both hosts); then `run
# hello`'s wall time on each (20 runs) beside the floor of each: the CLI doing no run (`--version`); then fork + _exit
# (bench/guest/fork.c, the same file) on each.
# Usage: bench/hosts.sh   (after ./build.sh; needs Wine)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MICROCOSM_SDK="$root/build/sdk"
make -s -C "$root/bench/guest" MICROCOSM="$root/build/bin/microcosm" OUT="$root/build/bench" "$root/build/bench/hosts" "$root/build/bench/csharp" "$root/build/bench/fork"
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

echo "== mc_syscall -> C# handler: bench/guest/csharp.c run by bench/CSharpHandlers on each host (best of 5 each) =="
# On Linux as bench/run.sh runs it; on Windows published self-contained for win-x64 and given the Windows build's SDK
# (its modules). The floor is the guest calling the handler method's own pointer, in the host's convention.
csharp="$root/build/bench/csharp"
linux=$(dotnet run -c Release --project "$root/bench/CSharpHandlers" -- "$csharp")
dotnet publish "$root/bench/CSharpHandlers" -c Release -r win-x64 --self-contained -p:PublishAot=false \
    -o "$root/build/bench/windows-csharp-handlers" -v quiet -nologo >&2
windows=$("$lane" exe "$root/build/bench/windows-csharp-handlers/CSharpHandlers.exe" --sdk "$root/build/windows/sdk" "$csharp" | tr -d '\r')
# figures OUTPUT NAME: csharp.c's two values on NAME's line: the handler's, then the floor's.
figures() { sed -n "s/^$2  *\([0-9.]*\) ns .*UnmanagedCallersOnly  *\([0-9.]*\) ns .*/\1 \2/p" <<<"$1"; }
printf "%-48s %8s %11s %8s\n" "" Linux Windows ratio
row() {   # row LABEL LINUX WINDOWS
    awk -v n="$1" -v l="$2" -v w="$3" 'BEGIN { printf "%-48s %8.2f ns %8.2f ns %7.2fx\n", n, l, w, w / l }'
}
read -r linux_uco linux_floor <<<"$(figures "$linux" "C# UCO handler")"
read -r windows_uco windows_floor <<<"$(figures "$windows" "C# UCO handler")"
row "mc_syscall -> C# handler (UnmanagedCallersOnly)" "$linux_uco" "$windows_uco"
row "floor: the guest calling the method's pointer" "$linux_floor" "$windows_floor"
row "mc_syscall -> C# SyscallHandler delegate" "$(figures "$linux" "C# delegate" | cut -d' ' -f1)" "$(figures "$windows" "C# delegate" | cut -d' ' -f1)"
awk -v l="$linux_uco" -v lf="$linux_floor" -v w="$windows_uco" -v wf="$windows_floor" \
    'BEGIN { printf "%-48s %8.2fx %10.2fx\n", "handler / its floor", l / lf, w / wf }'

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

echo "== fork + _exit, waited for: bench/guest/fork.c on each host (mean of 10 rounds, best of 3) =="
read -r _ linux_fork _ < <("$root/build/bin/microcosm" run "$root/build/bench/fork" 0 10 exit-only)
read -r _ windows_fork _ < <("$lane" cli run "$root/build/bench/fork" 0 10 exit-only | tr -d '\r')
awk -v l="$linux_fork" -v w="$windows_fork" 'BEGIN { printf "%-40s %8.1f ms %8.1f ms %7.2fx\n", "fork + _exit", l / 1000, w / 1000, w / l }'
