#!/usr/bin/env bash
# Builds Zstandard's command-line program and its test data generator, unmodified, from Debian's
# source package with `microcosm cc` (build flags only), and runs zstd's own CLI test suite
# (tests/playTests.sh: round trips at every level, multithreaded and long-distance modes, file
# handling, symlinks, dictionaries, ...) with every zstd and datagen run under `microcosm run`:
# playTests.sh runs zstd as "$EXEC_PREFIX" "$ZSTD_BIN" (or $EXE_PREFIX ./link), and datagen as
# "$DATAGEN_BIN", which here are one-line scripts. Exits non-zero if the suite fails.
#
#   tests/thirdparty/zstd.sh [WORK_DIR]     (default build/thirdparty)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/build/thirdparty}"
mkdir -p "$work"
cd "$work"

# Debian's source package for zstd is libzstd.
if ! compgen -G "libzstd_*.orig.tar.*" >/dev/null; then
    "$root/guest/debian-source.sh" libzstd
fi
tarball="$(ls libzstd_*.orig.tar.* | grep -v '\.asc$' | sort | tail -n1)"
rm -rf zstd-build && mkdir zstd-build
tar -xf "$tarball" -C zstd-build --strip-components=1
cd zstd-build

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
microcosm="$root/build/bin/microcosm"
{ make -j"$(nproc)" -C programs zstd CC="$microcosm cc" && make -j"$(nproc)" -C tests datagen CC="$microcosm cc"; } \
    > make.log 2>&1 || { tail -n 30 make.log; echo "zstd: build failed" >&2; exit 1; }

printf '#!/bin/sh\nexec "%s" run "$@"\n' "$microcosm" > microcosm-run
printf '#!/bin/sh\nexec "%s" run "%s/tests/datagen" "$@"\n' "$microcosm" "$PWD" > datagen-run
chmod +x microcosm-run datagen-run
cd tests
EXEC_PREFIX="$PWD/../microcosm-run" EXE_PREFIX="$microcosm run" ZSTD_BIN="$PWD/../programs/zstd" \
    DATAGEN_BIN="$PWD/../datagen-run" ./playTests.sh > playTests.log 2>&1 ||
    { tail -n 40 playTests.log; echo "zstd: playTests.sh failed" >&2; exit 1; }
tail -n 3 playTests.log
echo "zstd playTests.sh OK"
