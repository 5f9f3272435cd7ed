#!/usr/bin/env bash
# Builds and runs every benchmark; each line prints a figure, its native baseline from the same run,
# and the ratio. Usage: bench/run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/build.sh" >&2
export MICROCOSM_SDK="$root/build/sdk"
make -s -C "$root/bench/guest" MICROCOSM="$root/build/bin/microcosm" OUT="$root/build/bench"
echo "== threads (native harness under microcosm run; best of 5) =="
"$root/build/bin/microcosm" run "$root/build/bench/threads"
