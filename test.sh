#!/usr/bin/env bash
# Runs every test: builds Microcosm (as ./microcosm does), then the xunit suite, which builds its
# guest programs with `microcosm cc` and runs them. Ends with "tests: N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

if ! ./build.sh; then
    echo "build failed"
    echo "tests: 0 passed, 1 failed"
    exit 1
fi

results="$root/build/test-results"
rm -rf "$results"
dotnet test tests/Microcosm.Tests -c Release --nologo \
    --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" 2>&1 | grep --line-buffered -vE '^\s*$|^  Passed '   # line by line: the run streams
status=${PIPESTATUS[0]}
# The Windows lane's wineserver (tests/windows-lane.sh) stays up for the whole run.
tests/windows-lane.sh stop

trx="$results/results.trx"
passed=0; failed=0
if [[ -f "$trx" ]]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    errors=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
    failed=$(( failed + errors ))
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi   # the run itself failed (build error, crash)
echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
