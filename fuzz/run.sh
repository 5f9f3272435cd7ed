#!/usr/bin/env bash
# Fuzzes Microcosm's ELF reader and loader with AFL++ through SharpFuzz (docs/fuzzing.md).
#   fuzz/run.sh [MINUTES]     build, instrument, seed and run afl-fuzz for MINUTES (default 10);
#                             an earlier run's queue in build/fuzz/out is resumed.
#   fuzz/run.sh --replay FILE...   run inputs once through the target (reproduce a finding)
# Findings land in build/fuzz/out/main/{crashes,hangs}; each run is logged in build/fuzz/runs.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/build/fuzz"
bin="$work/bin"
# Unbounded allocation is a finding: the GC heap is capped (1 GiB), so it ends in OutOfMemoryException.
export DOTNET_GCHeapHardLimit=0x40000000
export DOTNET_TieredCompilation=0

need=()
command -v afl-fuzz >/dev/null || need+=(afl++)
command -v gcc >/dev/null || need+=(gcc)
if (( ${#need[@]} )); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing ${need[*]}..." >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
    else
        echo "fuzz: please install: ${need[*]} (e.g. sudo apt-get install ${need[*]})" >&2
        exit 1
    fi
fi

# The seeds come from the build (examples, modules, SDK): build it first, as ./microcosm does.
./build.sh
mkdir -p "$work"

# And from the guest test programs, whose libraries mutated programs need: a clone that has only run
# ./build.sh has none yet. Built as the test suite builds them (make is incremental; the same lock).
echo "fuzz: building the guest test programs (seeds, and the libraries they link)..." >&2
mkdir -p build/tests/guest
if ! MICROCOSM_SDK="$root/build/sdk" flock build/tests/guest/.lock \
        make -s -j2 -C tests/guest MICROCOSM="$root/build/bin/microcosm" OUT="$root/build/tests/guest" >&2; then
    echo "fuzz: building the guest test programs failed (make -C tests/guest, above)" >&2
    exit 1
fi

# Where DT_NEEDED names are found: the seed library, the modules, the SDK and every directory of the
# guest test libraries, so that mutated programs link against the real libraries they were built for.
guest_libs=$(find build/tests/guest -name '*.so' -printf "$root/%h\n" | sort -u | paste -sd:)
export MICROCOSM_FUZZ_LIBRARIES="$work/libs:$root/build/modules:$root/build/sdk/lib${guest_libs:+:$guest_libs}"
if [[ ${1:-} == --replay ]]; then
    # Plain (uninstrumented) build: replays may run while a fuzz run uses the instrumented one.
    shift
    nice -n 10 dotnet publish fuzz/Microcosm.Fuzz -c Release -o "$work/replay" -nologo -v quiet >&2
    exec "$work/replay/Microcosm.Fuzz" --replay "$@"
fi
minutes=${1:-10}
exec 9>"$work/.run.lock"
flock -n 9 || { echo "fuzz: another fuzz/run.sh is running" >&2; exit 1; }

# The target, with Microcosm.dll instrumented in place for afl (only that assembly: the loader is the
# code under test). A fresh publish each time, since instrumenting twice is refused.
echo "fuzz: building and instrumenting the target..." >&2
rm -rf "$bin"
nice -n 10 dotnet publish fuzz/Microcosm.Fuzz -c Release -o "$bin" -nologo -v quiet >&2
if [[ ! -x "$work/tools/sharpfuzz" ]]; then
    dotnet tool install --tool-path "$work/tools" SharpFuzz.CommandLine --version 2.3.0 >&2
fi
"$work/tools/sharpfuzz" "$bin/Microcosm.dll" >&2

# Hand-picked seeds, built here (no binaries in the repository): a library with every feature the
# loader handles, in each hash style and relocation packing, and programs that need it.
mkdir -p "$work/libs"
seeds="$work/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"
src="$root/fuzz/seeds"
lib_flags=(-O1 -fPIC -shared -nostdlib -Wl,-z,noseparate-code -Wl,--version-script="$src/features.map"
    -Wl,-soname,libfeatures.so)
lib_deps=(-L"$root/build/sdk/lib" -lmicrocosm)   # after the source: gcc may link --as-needed
gcc "${lib_flags[@]}" -Wl,--hash-style=gnu -o "$work/libs/libfeatures.so" "$src/features.c" "${lib_deps[@]}"
gcc "${lib_flags[@]}" -Wl,--hash-style=sysv -o "$seeds/features-sysv.so" "$src/features.c" "${lib_deps[@]}"
gcc "${lib_flags[@]}" -Wl,--hash-style=both -Wl,-z,pack-relative-relocs -o "$seeds/features-relr.so" "$src/features.c" "${lib_deps[@]}"
cp "$work/libs/libfeatures.so" "$seeds/features-gnu.so"
prog_flags=(-O1 -nostdlib -Wl,-z,noseparate-code -L"$work/libs" -lfeatures -Wl,--allow-shlib-undefined)
gcc -fPIE -pie -o "$seeds/program-pie" "$src/program.c" "${prog_flags[@]}"
gcc -fno-pie -no-pie -o "$seeds/program-exec" "$src/program.c" "${prog_flags[@]}"
# Cut-short files: a bare ELF header, and the headers without what they describe.
head -c 64 "$root/build/examples/hello" > "$seeds/header-only"
head -c 1024 "$seeds/features-gnu.so" > "$seeds/truncated"
# The build's own ELF files (small ones: afl mutates large inputs slowly).
n=0
while IFS= read -r -d '' f; do
    [[ $(head -c 4 "$f" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] || continue
    (( $(stat -c %s "$f") <= 65536 )) || continue
    cp "$f" "$seeds/build-$((n++))-$(basename "$f")"
done < <(find build/examples build/modules build/sdk/lib build/tests/guest -type f -print0 2>/dev/null)
echo "fuzz: $(ls "$seeds" | wc -l) seeds" >&2

out="$work/out"
# A queue from an earlier run is resumed (its findings kept); a new one starts from the seeds. -F
# imports the seeds on a resumed run as well (afl ignores -i then), so new seeds are never lost, and
# any other queue under the output directory (an older layout's "default") is imported too.
export AFL_AUTORESUME=1 AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1 AFL_NO_UI=1
[[ -t 1 ]] && unset AFL_NO_UI
started=$(date -u +%Y-%m-%dT%H:%MZ)
imports=(-F "$seeds")
for queue in "$out"/*/queue; do
    [[ -d $queue && $queue != "$out/main/queue" ]] && imports+=(-F "$queue")
done
nice -n 10 afl-fuzz -M main "${imports[@]}" -i "$seeds" -o "$out" -x "$root/fuzz/elf.dict" -t 5000 -m none -V $(( minutes * 60 )) -- "$bin/Microcosm.Fuzz" || true

stats="$out/main/fuzzer_stats"
if [[ -f $stats ]]; then
    get() { sed -n "s/^$1 *: *//p" "$stats"; }
    line="$started run_time=$(get run_time)s execs=$(get execs_done) corpus=$(get corpus_count) edges=$(get edges_found)/$(get total_edges) coverage=$(get bitmap_cvg) crashes=$(get saved_crashes) hangs=$(get saved_hangs)"
    echo "$line" | tee -a "$work/runs.log"
    if (( $(get saved_crashes) + $(get saved_hangs) > 0 )); then
        echo "fuzz: findings in $out/main/crashes and hangs: reproduce with fuzz/run.sh --replay FILE (docs/fuzzing.md)" >&2
    fi
fi
