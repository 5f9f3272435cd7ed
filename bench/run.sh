#!/usr/bin/env bash
# Builds and runs every benchmark; each line prints a figure, its native baseline from the same run,
# and the ratio. Usage: bench/run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/build.sh" >&2
export MICROCOSM_SDK="$root/build/sdk"
make -s -C "$root/bench/guest" MICROCOSM="$root/build/bin/microcosm" OUT="$root/build/bench"
echo "== threads (native harness under microcosm run; best of 5) =="
"$root/build/bin/microcosm" run "$root/build/bench/threads"
echo "== dispatch and I/O (native harness under microcosm run; best of 5) =="
"$root/build/bin/microcosm" run "$root/build/bench/dispatch"
echo "== CPU-bound guest code: the same C under microcosm and natively (best of 5) =="
ours=$("$root/build/bin/microcosm" run "$root/build/bench/cpu" | cut -d' ' -f1)
theirs=$("$root/build/bench/cpu-native" | cut -d' ' -f1)
awk -v o="$ours" -v t="$theirs" 'BEGIN { r = o / t; printf "%-14s %10.4f ns   %-34s %10.4f ns   ratio %5.2fx   target <= 1.05x %s\n", "cpu-bound", o, "the same C, native", t, r, (r <= 1.05 ? "(met)" : "(NOT met)") }'
echo "== microcosm run hello (NativeAOT CLI, 20 runs) and peak memory =="
hello="$root/build/examples/hello"
start=$(date +%s%N); for i in $(seq 20); do "$root/build/bin/microcosm" run "$hello" >/dev/null; done; end=$(date +%s%N)
native="$root/build/bench/hello-native"; gcc -O2 -o "$native" "$root/examples/hello.c"
nstart=$(date +%s%N); for i in $(seq 20); do "$native" >/dev/null; done; nend=$(date +%s%N)
awk -v o=$(( (end - start) / 20000 )) -v t=$(( (nend - nstart) / 20000 )) 'BEGIN { printf "%-14s %10d us   %-34s %10d us   ratio %5.2fx   target <= 10x and < 15 ms %s\n", "run hello", o, "native dynamically linked hello", t, o / t, (o <= 10 * t && o < 15000 ? "(met)" : "(NOT met)") }'
# The floors under that figure, same run: an empty NativeAOT program (process start + runtime
# initialization) and the CLI doing no run at all (adds its own initialization and argument parsing).
dotnet publish "$root/bench/EmptyAot" -c Release -r linux-x64 -o "$root/build/bench/empty-aot" -v quiet -nologo >&2
floor() {   # floor LABEL COMMAND...: mean wall time of 20 runs
    local label="$1"; shift
    local fstart=$(date +%s%N); for i in $(seq 20); do "$@" >/dev/null; done; local fend=$(date +%s%N)
    printf "%-14s %10d us   (%s)\n" "floor" $(( (fend - fstart) / 20000 )) "$label"
}
floor "empty NativeAOT program" "$root/build/bench/empty-aot/EmptyAot"
floor "microcosm --version: the CLI without a run" "$root/build/bin/microcosm" --version
/usr/bin/time -f "peak RSS       %M KB (target <= 25 MB)" "$root/build/bin/microcosm" run "$hello" >/dev/null
"$root/bench/fork.sh"
"$root/bench/tls.sh"
echo "== C# handlers (guest harness run by bench/CSharpHandlers; best of 5) =="
dotnet run -c Release --project "$root/bench/CSharpHandlers" -- "$root/build/bench/csharp"
echo "== load a large shared object: Microcosm vs glibc dlopen(RTLD_NOW) (BenchmarkDotNet, short run) =="
MICROCOSM_BENCH="$root/build/bench" dotnet run -c Release --project "$root/bench/Microcosm.Bench" -- load --filter '*' 2>&1 \
    | sed -n '/^| Method/,/^$/p'
