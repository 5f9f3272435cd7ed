#!/usr/bin/env bash
# Builds googletest, Google's C++ test framework, unmodified, from Debian's source package with `microcosm c++`
# (CMake, build flags only), and runs its own test suite with ctest: 45 tests - the framework's unit tests (printers,
# typed and parameterized tests, death tests, ...) and the Python-driven ones that run its test programs with flags and
# environment variables and check their output. Prints ctest's summary; exits non-zero if a test fails.
#
#   tests/thirdparty/googletest.sh [WORK_DIR]     (default build/thirdparty)
#
# Two of the flags tell googletest what the Microcosm target has that it enables by the system's name, which it
# recognizes only for Linux and the like (`microcosm cc` does not define __linux__: docs/libc.md): death tests
# (GTEST_HAS_DEATH_TEST: fork, pipes, waitpid, the child's signal) and streaming results to a socket
# (GTEST_CAN_STREAM_RESULTS_). The Python-driven tests judge by the host's name, Linux, what the programs must offer.
#
# The build takes a few minutes; it is kept (WORK_DIR/googletest-build) and used again while its inputs - the
# tarball, this script, the SDK's headers and libraries and the compiler driver - are the same.
#
# MICROCOSM_RUN, when set, is the command that runs the test programs on another host (the Windows lane's
# tests/windows-lane.sh cli run): every test that is a program of the suite runs through it, as ctest would run it;
# the Python-driven tests, which start the programs themselves, are not run there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
script="$root/tests/thirdparty/googletest.sh"
work="${1:-$root/build/thirdparty}"
mkdir -p "$work"
cd "$work"

need=()
command -v cmake >/dev/null || need+=(cmake)
command -v python3 >/dev/null || need+=(python3)
if (( ${#need[@]} )); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing ${need[*]} (googletest's build and test drivers)..." >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
    else
        echo "googletest: please install ${need[*]} (e.g. sudo apt-get install ${need[*]})" >&2
        exit 1
    fi
fi

# The source: Debian's googletest source package, fetched once (needs deb-src entries for apt).
if ! compgen -G "googletest_*.orig.tar.*" >/dev/null; then
    "$root/guest/debian-source.sh" googletest
fi
tarball="$(ls googletest_*.orig.tar.* | sort | tail -n1)"

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
cc="$root/build/bin/microcosm"
for input in "$cc" "$MICROCOSM_SDK/libc/lib/libc.so" "$MICROCOSM_SDK/libc/lib/libstdc++.so"; do
    [[ -f "$input" ]] || { echo "googletest: $input is missing: build Microcosm first (./build.sh)" >&2; exit 1; }
done
key="$( { sha256sum "$tarball" "$script" "$cc" "$MICROCOSM_SDK/libc/lib/libc.so" "$MICROCOSM_SDK/libc/lib/libstdc++.so";
          find "$MICROCOSM_SDK/libc/include" "$MICROCOSM_SDK/cxx/include" -type f | LC_ALL=C sort | xargs cat | sha256sum; } | sha256sum | cut -c1-16)"
build="$work/googletest-build"
if [[ "$(cat "$build/.key" 2>/dev/null)" != "$key" ]]; then
    echo "building googletest with microcosm c++ (a few minutes; log: $build/make.log)..." >&2
    rm -rf "$build" && mkdir -p "$build/src" "$build/out"
    tar -xf "$tarball" -C "$build/src" --strip-components=1
    (cd "$build/out" &&
        cmake ../src -DCMAKE_BUILD_TYPE=Release -Dgtest_build_tests=ON -DBUILD_GMOCK=OFF \
            -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_COMPILER_ARG1=cc -DCMAKE_CXX_COMPILER="$cc" -DCMAKE_CXX_COMPILER_ARG1=c++ \
            -DCMAKE_CXX_FLAGS="-DGTEST_HAS_DEATH_TEST=1 -DGTEST_CAN_STREAM_RESULTS_=1" > "$build/configure.log" 2>&1) ||
        { tail -n 30 "$build/configure.log"; echo "googletest: configure failed" >&2; exit 1; }
    make -C "$build/out" -j"$(nproc)" > "$build/make.log" 2>&1 || { tail -n 30 "$build/make.log"; echo "googletest: build failed" >&2; exit 1; }
    echo "$key" > "$build/.key"
fi

cd "$build/out"
if [[ -z "${MICROCOSM_RUN:-}" ]]; then
    ctest -j"$(nproc)" --timeout 300 --output-on-failure --no-tests=error > ctest.log 2>&1 ||
        { tail -n 60 ctest.log; echo "googletest: a test failed (all of ctest's output: $build/out/ctest.log)" >&2; exit 1; }
    tail -n 4 ctest.log
    echo "googletest suite OK"
    exit 0
fi

# Another host: each test that is one of the suite's programs, through MICROCOSM_RUN, in ctest's order.
ctest --show-only=json-v1 > tests.json
python3 - "$MICROCOSM_RUN" <<'EOF'
import json, shlex, subprocess, sys
run = shlex.split(sys.argv[1])
tests = json.load(open("tests.json"))["tests"]
passed = failed = skipped = 0
for test in tests:
    command = test["command"]
    if "python" in command[0]:
        skipped += 1
        continue
    directory = next((p["value"] for p in test.get("properties", []) if p["name"] == "WORKING_DIRECTORY"), None)
    result = subprocess.run(run + command, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    if result.returncode == 0:
        passed += 1
        print(f"passed: {test['name']}")
    else:
        failed += 1
        print(f"FAILED: {test['name']} (exit {result.returncode})")
        print(result.stdout.decode(errors="replace")[-4000:])
print(f"{passed} passed, {failed} failed, {skipped} not run here (Python drivers)")
sys.exit(1 if failed else 0)
EOF
echo "googletest suite OK"
