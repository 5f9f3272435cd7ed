#!/usr/bin/env bash
# Builds GNU sed, unmodified, from Debian's source package with `microcosm cc` as a cross build
# (configure then cannot run its probes, and gnulib compiles its replacements where it guesses
# the C library falls short), and runs sed's own test suite: `make check-am`, the top directory's
# check (the scripts and Perl tests of testsuite/, which run ./sed/sed; it runs under Microcosm
# when executed). Exits non-zero if a test fails.
#
# gnulib's unit tests (gnulib-tests/, the recursive part of `make check`) are not run: a few of
# them wait for SIGALRM to interrupt a sleep (test-nanosleep), and no timer signal reaches a guest.
#
# One test cannot pass as root, on any system: panic-tests.sh expects sed -i to fail in a directory
# without write permission. As root it is an expected failure (XFAIL_TESTS, automake's variable).
#
#   tests/thirdparty/sed.sh [WORK_DIR]     (default build/thirdparty)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/build/thirdparty}"
mkdir -p "$work"
cd "$work"

if ! compgen -G "sed_*.orig.tar.*" >/dev/null; then
    "$root/guest/debian-source.sh" sed
fi
tarball="$(ls sed_*.orig.tar.* | grep -v '\.asc$' | sort | tail -n1)"
rm -rf sed-build && mkdir sed-build
tar -xf "$tarball" -C sed-build --strip-components=1
cd sed-build

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
./configure --host=x86_64-linux-gnu --build=x86_64-pc-linux-gnu CC="$root/build/bin/microcosm cc" \
    > configure.log 2>&1 || { tail -n 30 configure.log; echo "sed: configure failed" >&2; exit 1; }
make -j"$(nproc)" > make.log 2>&1 || { tail -n 30 make.log; echo "sed: build failed" >&2; exit 1; }
xfail=()
[[ $(id -u) == 0 ]] && xfail=(XFAIL_TESTS=testsuite/panic-tests.sh)
make check-am "${xfail[@]}" > check.log 2>&1 ||
    { grep -E '^(FAIL|ERROR)' check.log || tail -n 30 check.log; echo "sed: make check failed" >&2; exit 1; }
grep -E '^# ' check.log
echo "sed make check OK"
