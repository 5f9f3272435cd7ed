#!/usr/bin/env bash
# Builds Microcosm into build/: checks the tools it needs (installing Debian packages when it can,
# saying what to install when it cannot), then runs make.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v make >/dev/null || missing+=(make)
command -v ld >/dev/null || missing+=(binutils)
# The standard modules check their Linux ABI tables against the kernel's headers; the tests use script(1).
[[ -f /usr/include/linux/futex.h ]] || missing+=(linux-libc-dev)
command -v script >/dev/null || missing+=(bsdutils)
# The guest C library is newlib, built from Debian's source package.
compgen -G "/usr/src/newlib/newlib-*.tar.*" >/dev/null || missing+=(newlib-source)
# Guests find time zones by name in the host's zone files, as glibc programs do.
[[ -d /usr/share/zoneinfo ]] || missing+=(tzdata)
if (( ${#missing[@]} )); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing ${missing[*]}..." >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    else
        echo "microcosm: please install: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
fi
if ! command -v dotnet >/dev/null; then
    echo "microcosm: the .NET 10 SDK is needed to build the CLI (dotnet was not found on PATH)" >&2
    exit 1
fi
mkdir -p build
# One build at a time (parallel test runs and launchers share build/).
exec 9>build/.build.lock
flock 9
make -s all
touch build/.built
