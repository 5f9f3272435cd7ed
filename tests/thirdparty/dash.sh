#!/usr/bin/env bash
# Runs Microcosm's shell - Debian's dash, unmodified, built with `microcosm cc` (guest/shell/build.sh) - on a
# script of a shell's everyday work - pipelines, command substitution, subshells, background jobs and wait,
# here-documents, traps, each of which forks (docs/processes.md, "fork") - comparing its output and exit status with
# the host's own dash, the same source. Prints both; exits non-zero on any difference.
#
#   tests/thirdparty/dash.sh [WORK_DIR]     (where the outputs go; default build/thirdparty)
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
# The shell is the build's (guest/shell/build.sh, kept while its inputs are unchanged): the file the Windows build
# ships as its /bin/sh.
shell_dir="$root/build/shell"
"$root/guest/shell/build.sh" "$shell_dir" "$root/build/bin/microcosm"
mkdir -p "$work"
cd "$work"

set +e
${MICROCOSM_RUN:-$root/build/bin/microcosm run} "$shell_dir/sh" "$script" > ours.txt 2>&1
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
