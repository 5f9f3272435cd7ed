#!/usr/bin/env bash
# Builds PCRE2 (the 8-bit library, shared and static, pcre2test, pcre2grep), unmodified, from
# Debian's source package with `microcosm cc` as a cross build, and runs its own `make check`:
# pcre2posix_test, RunTest (the pattern and matching suites, DFA, Unicode, POSIX interface,
# serialization) and RunGrepTest. The test programs are libtool wrappers around the real ones,
# which run under Microcosm when executed and find the uninstalled libraries through the
# LD_LIBRARY_PATH the wrappers set. Build flags only: pcre2grep's callout scripts are built without
# fork (--disable-pcre2grep-callout-fork, PCRE2's option for systems without fork), and
# RunGrepTest then compares with its non-fork expectations. Exits non-zero if a test fails.
#
#   tests/thirdparty/pcre2.sh [WORK_DIR]     (default build/thirdparty)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/build/thirdparty}"
mkdir -p "$work"
cd "$work"

if ! compgen -G "pcre2_*.orig.tar.*" >/dev/null; then
    "$root/guest/debian-source.sh" pcre2
fi
tarball="$(ls pcre2_*.orig.tar.* | grep -v '\.asc$' | sort | tail -n1)"
rm -rf pcre2-build && mkdir pcre2-build
tar -xf "$tarball" -C pcre2-build --strip-components=1
cd pcre2-build

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
./configure --host=x86_64-linux-gnu --build=x86_64-pc-linux-gnu CC="$root/build/bin/microcosm cc" \
    --disable-pcre2grep-callout-fork > configure.log 2>&1 ||
    { tail -n 30 configure.log; echo "pcre2: configure failed" >&2; exit 1; }
make -j"$(nproc)" > make.log 2>&1 || { tail -n 30 make.log; echo "pcre2: build failed" >&2; exit 1; }
make check > check.log 2>&1 || { cat test-suite.log 2>/dev/null | tail -n 60; echo "pcre2: make check failed" >&2; exit 1; }
grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR|# )' check.log
echo "pcre2 make check OK"
