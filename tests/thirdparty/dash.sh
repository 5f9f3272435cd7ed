#!/usr/bin/env bash
# Builds Debian's dash, unmodified, with `microcosm cc` (build flags only) and runs a script of a shell's everyday
# work under it - pipelines, command substitution, subshells, background jobs and wait, here-documents, traps, each
# of which forks (docs/processes.md, "fork") - comparing its output and exit status with the host's own dash, the
# same source. Prints both; exits non-zero on any difference.
#
#   tests/thirdparty/dash.sh [WORK_DIR]     (default build/thirdparty)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/build/thirdparty}"
script="$root/tests/thirdparty/dash/script.sh"
command -v dash >/dev/null || { echo "dash.sh: the host's dash is needed to compare with (apt-get install dash)" >&2; exit 1; }
mkdir -p "$work"
cd "$work"

if ! compgen -G "dash_*.orig.tar.*" >/dev/null; then
    "$root/tests/thirdparty/debian-source.sh" dash
fi
tarball="$(ls dash_*.orig.tar.* | sort | tail -n1)"
rm -rf dash-build && mkdir dash-build
tar -xf "$tarball" -C dash-build --strip-components=1
cd dash-build

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
microcosm="$root/build/bin/microcosm"
echo "dash: configure and make with microcosm cc" >&2
./configure CC="$microcosm cc" > configure.log 2>&1 || { tail -n 30 configure.log; echo "dash: configure failed" >&2; exit 1; }
make -j"$(nproc)" > make.log 2>&1 || { tail -n 30 make.log; echo "dash: build failed" >&2; exit 1; }

set +e
"$microcosm" run src/dash "$script" > ours.txt 2>&1
ours=$?
dash "$script" > theirs.txt 2>&1
theirs=$?
set -e
echo "--- under microcosm (exit $ours)"
cat ours.txt
if [[ $ours != "$theirs" ]] || ! diff -u theirs.txt ours.txt; then
    echo "dash: differs from the host's dash (exit $theirs)" >&2
    exit 1
fi
echo "dash script OK"
