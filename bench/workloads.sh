#!/usr/bin/env bash
# Real workloads beside their native builds, in one session: the same source built with gcc (glibc) and
# with `microcosm cc` (the guest C library), run in interleaved rounds, so that the machine's drift
# touches both alike. Prints each round's times and, per workload, the median of the per-round ratios
# (Microcosm / native) and their spread.
#
#   bench/workloads.sh [ROUNDS] [OTHER_TREE]
#
# ROUNDS (default 5). OTHER_TREE: another built checkout (e.g. the main branch's), whose microcosm and SDK
# run the same workloads in the same rounds: a before/after comparison on one machine at one time.
#
# Workloads:
#   strmem      bench/guest/strmem.c: string and memory routines and malloc churn, ns per call, per case
#   mutex       bench/guest/mutex.c: a mutex + condition variable ping-pong between two threads (ns per round
#               trip) and a mutex four threads contend for (ns per lock + unlock): the futex module's waits and wakes
#   speedtest1  SQLite's speedtest1 --size 50 on :memory:, wall and CPU time (ms); its sources are the ones the test
#               suite fetches and builds (tests/thirdparty/sqlite.sh, run here if they are missing)
#   files       bench/guest/files.c: a file made, written, fstat'ed, closed and removed (ns per cycle), and a 128 MiB
#               file read through in 4 KiB reads (ns per read, the file in the page cache); both again with a second
#               thread in the program (the native figures a process with threads gets from the kernel)
#   hello       a program that prints one line, started 20 times (ms per start: process start and end included)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
other="${2:-}"
out="$root/build/bench/workloads"
mkdir -p "$out"
"$root/build.sh" linux >&2

sqlite="$root/build/thirdparty/sqlite-build"
if [[ ! -f "$sqlite/sqlite3.c" ]]; then
    echo "building SQLite's sources (tests/thirdparty/sqlite.sh)..." >&2
    "$root/tests/thirdparty/sqlite.sh" >/dev/null
fi

# build TREE NAME: the workloads built with TREE's microcosm cc and SDK, into $out/NAME-*.
build() {
    local tree="$1" name="$2"
    local cc="$tree/build/bin/microcosm"
    MICROCOSM_SDK="$tree/build/sdk" "$cc" cc -O2 -fno-builtin -o "$out/$name-strmem" "$root/bench/guest/strmem.c"
    MICROCOSM_SDK="$tree/build/sdk" "$cc" cc -O2 -pthread -o "$out/$name-mutex" "$root/bench/guest/mutex.c"
    MICROCOSM_SDK="$tree/build/sdk" "$cc" cc -O2 -pthread -o "$out/$name-files" "$root/bench/guest/files.c"
    printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' > "$out/hello.c"
    MICROCOSM_SDK="$tree/build/sdk" "$cc" cc -O2 -o "$out/$name-hello" "$out/hello.c"
    # Built once: it links the C library dynamically, so a rebuilt libc.so needs no new build.
    if [[ ! -x "$out/$name-speedtest1" ]]; then
        MICROCOSM_SDK="$tree/build/sdk" "$cc" cc -O2 -DSQLITE_OMIT_LOAD_EXTENSION -I"$sqlite" \
            -o "$out/$name-speedtest1" "$sqlite/test/speedtest1.c" "$sqlite/sqlite3.c" -lm -pthread
    fi
}
echo "building..." >&2
gcc -O2 -fno-builtin -o "$out/native-strmem" "$root/bench/guest/strmem.c"
gcc -O2 -pthread -o "$out/native-mutex" "$root/bench/guest/mutex.c"
gcc -O2 -pthread -o "$out/native-files" "$root/bench/guest/files.c"
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' > "$out/hello.c"
gcc -O2 -o "$out/native-hello" "$out/hello.c"
mkdir -p "$out/scratch"
[[ -f "$out/read.dat" ]] || head -c $((128 << 20)) /dev/zero > "$out/read.dat"
[[ -x "$out/native-speedtest1" ]] || gcc -O2 -DSQLITE_OMIT_LOAD_EXTENSION -I"$sqlite" \
    -o "$out/native-speedtest1" "$sqlite/test/speedtest1.c" "$sqlite/sqlite3.c" -lm -pthread
build "$root" this
runners=(native this)
[[ -z "$other" ]] || { build "$other" other; runners+=(other); }

# command_of RUNNER PROGRAM: sets `command` to run the program of that build, under its tree's microcosm
# unless native.
command_of() {
    case "$1" in
        native) command=("$out/native-$2") ;;
        this) command=("$root/build/bin/microcosm" run "$out/this-$2") ;;
        other) command=("$other/build/bin/microcosm" run "$out/other-$2") ;;
    esac
}

results="$out/results.txt"
: > "$results"
for round in $(seq "$rounds"); do
    # Alternate which build goes first, so neither always runs on a cache the other warmed.
    order=("${runners[@]}")
    (( round % 2 )) || order=($(printf '%s\n' "${runners[@]}" | tac))
    for runner in "${order[@]}"; do
        command_of "$runner" strmem
        "${command[@]}" | sed "s/^/$round $runner strmem /" >> "$results"
        command_of "$runner" mutex
        "${command[@]}" | sed "s/^/$round $runner mutex /" >> "$results"
        # Wall time, and the CPU time of the whole process (for Microcosm: the .NET runtime's threads too),
        # which a busy machine disturbs less.
        command_of "$runner" speedtest1
        /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "${command[@]}" --size 50 :memory: > /dev/null
        read -r wall user sys < "$out/time.txt"
        awk -v r="$round" -v w="$runner" -v e="$wall" -v u="$user" -v s="$sys" \
            'BEGIN { printf "%s %s speedtest1 wall ms %d\n%s %s speedtest1 cpu ms %d\n", r, w, e * 1000, r, w, (u + s) * 1000 }' >> "$results"
        command_of "$runner" files
        "${command[@]}" "$out/scratch" "$out/read.dat" | sed "s/^/$round $runner files /" >> "$results"
        command_of "$runner" hello
        start=$(date +%s%N)
        for _ in $(seq 20); do "${command[@]}" > /dev/null; done
        elapsed=$(( $(date +%s%N) - start ))
        awk -v r="$round" -v w="$runner" -v d="$elapsed" 'BEGIN { printf "%s %s hello ms per start %.3f\n", r, w, d / 20 / 1e6 }' >> "$results"
    done
    echo "round $round done" >&2
done

# Per workload and case: native's median, each build's median, and the median and range of the
# per-round ratios.
awk -v runners="${runners[*]}" '
    { key = $3 " " $4; for (i = 5; i < NF; i++) key = key " " $i
      value[$1, $2, key] = $NF; if (!(key in seen)) { seen[key] = 1; keys[++nkeys] = key }; rounds[$1] = 1 }
    function median(list, n,   i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && list[j - 1] > list[j]; j--) { t = list[j]; list[j] = list[j - 1]; list[j - 1] = t }
        return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
    }
    END {
        nr = split(runners, who, " ")
        printf "%-40s %12s", "workload / case (strmem, mutex: ns)", "native"
        for (w = 2; w <= nr; w++) printf " %12s %22s", who[w], "ratio median [range]"
        printf "\n"
        for (k = 1; k <= nkeys; k++) {
            key = keys[k]; n = 0
            for (r in rounds) nat[++n] = value[r, "native", key]
            printf "%-40s %12.2f", key, median(nat, n)
            for (w = 2; w <= nr; w++) {
                n = 0; lo = 1e300; hi = 0
                for (r in rounds) {
                    mine[++n] = value[r, who[w], key]; q = value[r, who[w], key] / value[r, "native", key]
                    ratio[n] = q; if (q < lo) lo = q; if (q > hi) hi = q
                }
                m = median(mine, n)
                printf " %12.2f %9.2fx [%.2f-%.2f]", m, median(ratio, n), lo, hi
            }
            printf "\n"
        }
    }' "$results"
