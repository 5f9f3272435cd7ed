#!/usr/bin/env bash
# Builds Debian's dash, unmodified, with `microcosm cc` (build flags only) and runs a script of a shell's everyday
# work under it - pipelines, command substitution, subshells, background jobs and wait, here-documents, traps, each
# of which forks (docs/processes.md, "fork") - comparing its output and exit status with the host's own dash, the
# same source. Prints both; exits non-zero on any difference.
#
#   tests/thirdparty/dash.sh [WORK_DIR]     (default build/thirdparty)
#
# MICROCOSM_RUN, when set, is the command that runs the shell instead of `build/bin/microcosm run`: the Windows
# lane's (tests/windows-lane.sh cli run) runs the very same file on the Windows host, with dash/builtins.sh - the
# same kinds of forks with no programs but the shell's own, since the Windows host runs none of the Linux host's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/build/thirdparty}"
script="$root/tests/thirdparty/dash/script.sh"
[[ -n "${MICROCOSM_RUN:-}" ]] && script="$root/tests/thirdparty/dash/builtins.sh"
command -v dash >/dev/null || { echo "dash.sh: the host's dash is needed to compare with (apt-get install dash)" >&2; exit 1; }
mkdir -p "$work"
cd "$work"

if ! compgen -G "dash_*.orig.tar.*" >/dev/null; then
    "$root/tests/thirdparty/debian-source.sh" dash
fi
tarball="$(ls dash_*.orig.tar.* | sort | tail -n1)"

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
microcosm="$root/build/bin/microcosm"
# The build is kept between runs (and between the two hosts' runs: the same file runs on both) while the source, the
# compiler driver and the SDK's C library are unchanged.
stamp="$( { sha256sum "$tarball" "$microcosm" "$MICROCOSM_SDK"/libc/lib/*;
            find "$MICROCOSM_SDK/libc/include" -type f | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)"
if [[ ! -x dash-build/src/dash || "$(cat dash-build/.stamp 2>/dev/null)" != "$stamp" ]]; then
    rm -rf dash-build && mkdir dash-build
    tar -xf "$tarball" -C dash-build --strip-components=1
    (
        cd dash-build
        echo "dash: configure and make with microcosm cc" >&2
        ./configure CC="$microcosm cc" > configure.log 2>&1 || { tail -n 30 configure.log; echo "dash: configure failed" >&2; exit 1; }
        make -j"$(nproc)" > make.log 2>&1 || { tail -n 30 make.log; echo "dash: build failed" >&2; exit 1; }
        echo "$stamp" > .stamp
    )
fi
cd dash-build

set +e
${MICROCOSM_RUN:-$microcosm run} src/dash "$script" > ours.txt 2>&1
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
