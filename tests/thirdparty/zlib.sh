#!/usr/bin/env bash
# Builds zlib, unmodified, from Debian's source package with `microcosm cc`, and runs zlib's own test
# suite (`make test`: minigzip round trip and example, plain and 64-bit offsets) under
# `microcosm run`, through the QEMU_RUN hook zlib's Makefile provides for running cross-built tests.
# Only build flags are given. Prints the suite's output; exits non-zero if it fails.
#
#   tests/thirdparty/zlib.sh [WORK_DIR]     (default build/thirdparty)
#
# MICROCOSM_RUN, when set, is the command that runs the tests instead of `build/bin/microcosm run`: the
# Windows lane's (tests/windows-lane.sh cli run) runs the very same files on the Windows host.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/build/thirdparty}"
mkdir -p "$work"
cd "$work"

# The source: Debian's zlib source package, fetched once (needs deb-src entries for apt).
if ! compgen -G "zlib_*.orig.tar.*" >/dev/null; then
    "$root/guest/debian-source.sh" zlib
fi
tarball="$(ls zlib_*.orig.tar.* | sort | tail -n1)"
rm -rf zlib-build && mkdir zlib-build
tar -xf "$tarball" -C zlib-build --strip-components=1
cd zlib-build

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
CC="$root/build/bin/microcosm cc" CFLAGS="-O2" ./configure --static > configure.log 2>&1 ||
    { cat configure.log; echo "zlib: configure failed" >&2; exit 1; }
make -j"$(nproc)" > make.log 2>&1 || { tail -n 30 make.log; echo "zlib: build failed" >&2; exit 1; }
make test QEMU_RUN="${MICROCOSM_RUN:-$root/build/bin/microcosm run}"
