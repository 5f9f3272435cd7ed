#!/bin/sh
# The Windows lane: the Windows build of Microcosm (build/windows, made by ./build.sh) run under Wine, the
# way every test that runs a guest on the Windows host runs it (tests/Microcosm.Tests/Infrastructure/
# WindowsLane.cs, and the third-party scripts through MICROCOSM_RUN, which is `tests/windows-lane.sh cli run`).
#
#   tests/windows-lane.sh prepare        makes Wine's prefix once; says why not and exits 1
#                                        when the lane cannot run here
#   tests/windows-lane.sh cli ARGS...    microcosm.exe ARGS under Wine (e.g. cli run PROGRAM...)
#   tests/windows-lane.sh exe FILE ARGS... another Windows program under the same Wine (bench/hosts.sh's floor)
#   tests/windows-lane.sh stop           stops the prefix's wineserver (./test.sh does, at the end)
#
# Wine gets a prefix of its own and a persistent wineserver started with its output on /dev/null: one that
# a run started itself would inherit that run's output pipes and hold them open after the run, so the
# run's output would never end. Wine's crash debugger is disabled: with it a crashed process exits 0, and a
# crash must fail. The Linux build's SDK and modules variables are not passed on: they would point the
# Windows build at Linux modules.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
wine=""
for candidate in /usr/lib/wine/wine64 /usr/bin/wine64; do
    if [ -x "$candidate" ]; then wine="$candidate"; break; fi
done
server="$(dirname "${wine:-/usr/bin/wine64}")/wineserver"
exe="$root/build/windows/bin/microcosm.exe"
# The prefix is this checkout's, but outside it: its drive Z: is a link to /, which tools that walk the tree
# (BenchmarkDotNet looking for a project file) would follow into the whole file system.
cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/microcosm"
export WINEPREFIX="${MICROCOSM_WINEPREFIX:-$cache/wine-$(printf '%s' "$root" | sha256sum | cut -c1-12)}"
export WINEDEBUG=-all WINEDLLOVERRIDES=winedbg.exe=d
unset MICROCOSM_SDK MICROCOSM_MODULES
# Wine 8 breaks the .NET runtime's W^X double mapping in one case: once a process has created an EventSource (the
# runtime's own, or Microcosm's), finalizing a dynamic method reads a code header as null and the runtime dies with
# "Internal CLR error (0x80131506) at DynamicResolver+DestroyScout.Finalize". A 20-line .NET program with no
# Microcosm code in it dies the same way (docs/hosts.md, "Under Wine"); on Windows itself W^X stays on.
export DOTNET_EnableWriteXorExecute=0

# What prepare did, and when, for a lane that misbehaves: build/wine-lane.log.
log() { echo "$(date +%T) $$ $*" >> "$root/build/wine-lane.log"; }
# Starts the server unless it runs already: 0 when it started one (then Wine's services are not up yet).
start_server() { timeout -k 5 30 "$server" -p </dev/null >/dev/null 2>&1; }
# Before a run: the server, and if it was not running, Wine's services started with their output on /dev/null
# (the first Wine program would start them otherwise, holding that program's output open after it ends).
ready() { if start_server; then boot || true; fi; }
# wineboot --init makes or updates the prefix (tens of seconds the first time, then about one). It was once
# seen to hang: bounded, and tried again once with a new server.
# The lock is closed in what flock runs (-o): the services wineboot starts stay up with the server and would hold it.
boot() {
    log "wineboot --init"
    flock -o -w 200 "$WINEPREFIX.lock" timeout -k 5 150 "$wine" wineboot --init </dev/null >/dev/null 2>&1
    local status=$?
    log "wineboot --init: $status"
    return $status
}

case "${1:-}" in
prepare)
    [ -n "$wine" ] || { echo "Wine is not installed (apt-get install wine wine64; ./build.sh installs it when run as root)"; exit 1; }
    [ -f "$exe" ] || { echo "$exe is missing: ./build.sh makes it"; exit 1; }
    mkdir -p "$WINEPREFIX" "$root/build"
    log "prepare"
    start_server || true
    # Its services (winedevice.exe...) stay up with the server: their output goes nowhere.
    boot || { "$server" -k 2>/dev/null; sleep 1; start_server || true; boot; } ||
        { echo "Wine could not make its prefix in $WINEPREFIX (wineboot --init failed or hung twice)"; exit 1; }
    ;;
cli)
    shift
    ready
    exec "$wine" "$exe" "$@"
    ;;
exe)
    shift
    ready
    exec "$wine" "$@"
    ;;
stop)
    if [ -n "$wine" ] && [ -d "$WINEPREFIX" ]; then "$server" -k 2>/dev/null || true; fi
    ;;
*)
    echo "usage: $0 prepare | cli ARGS... | exe FILE ARGS... | stop" >&2
    exit 2
    ;;
esac
