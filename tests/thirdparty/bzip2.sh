#!/usr/bin/env bash
# Builds bzip2, unmodified, from Debian's source package with `microcosm cc` (build flags only) and
# runs its own test suite (`make test`: three sample files compressed at levels 1-3 and decompressed,
# compared with the reference files) under `microcosm run`. bzip2's Makefile runs ./bzip2 itself, so
# the built program is renamed bzip2.elf and ./bzip2 becomes a two-line script that runs it with
# `microcosm run`. Then a file is compressed and decompressed in place, which keeps its mode and
# times. Prints the suite's output; exits non-zero if anything fails.
#
#   tests/thirdparty/bzip2.sh [WORK_DIR]     (default build/thirdparty)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/build/thirdparty}"
mkdir -p "$work"
cd "$work"

if ! compgen -G "bzip2_*.orig.tar.*" >/dev/null; then
    "$root/guest/debian-source.sh" bzip2
fi
tarball="$(ls bzip2_*.orig.tar.* | sort | tail -n1)"
rm -rf bzip2-build && mkdir bzip2-build
tar -xf "$tarball" -C bzip2-build --strip-components=1
cd bzip2-build

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
microcosm="$root/build/bin/microcosm"
make -j"$(nproc)" CC="$microcosm cc" bzip2 > make.log 2>&1 || { tail -n 30 make.log; echo "bzip2: build failed" >&2; exit 1; }
mv bzip2 bzip2.elf
printf '#!/bin/sh\nexec "%s" run "$(dirname "$0")/bzip2.elf" "$@"\n' "$microcosm" > bzip2
chmod +x bzip2
make test 2>&1 | tee test.log
# make test stops at the first difference (cmp fails); this is its last line of success.
grep -q "like you're in business" test.log || { echo "bzip2: make test failed" >&2; exit 1; }

cp sample2.ref in-place.txt
chmod 640 in-place.txt
touch -d "2001-02-03 04:05:06" in-place.txt
./bzip2 in-place.txt
[[ ! -e in-place.txt && -f in-place.txt.bz2 ]] || { echo "bzip2: in-place compression failed" >&2; exit 1; }
./bzip2 -t in-place.txt.bz2
./bzip2 -d in-place.txt.bz2
cmp in-place.txt sample2.ref
[[ "$(stat -c '%a %Y' in-place.txt)" == "640 $(date -d '2001-02-03 04:05:06' +%s)" ]] ||
    { echo "bzip2: the file's mode and time were not kept: $(stat -c '%a %y' in-place.txt)" >&2; exit 1; }
echo "bzip2 in-place round trip OK"
