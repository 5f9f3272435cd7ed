#!/usr/bin/env bash
# Builds Microcosm into build/: checks the tools it needs (installing Debian packages when it can,
# saying what to install when it cannot), then runs make. With no arguments it builds everything, the
# Windows build included ("all"); ./microcosm asks only for what the Linux host needs ("linux").
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
# The guest C++ library is gcc's libstdc++, built from the source of the host's own gcc (guest/cxx/build.sh), and
# `microcosm c++` runs the host's g++.
command -v g++ >/dev/null || missing+=(g++)
gcc_major="$(gcc -dumpversion 2>/dev/null | cut -d. -f1 || true)"
[[ -z "$gcc_major" ]] || compgen -G "/usr/src/gcc-$gcc_major/gcc-*.tar.*" >/dev/null || missing+=("gcc-$gcc_major-source")
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
# The Windows build's tests run it under Wine (docs/hosts.md). Wine is installed when it can be; without it
# the build still succeeds and ./test.sh says that the Windows lane was skipped and why.
targets=("${@:-all}")
if [[ " ${targets[*]} " == *" all "* ]] && ! command -v wine64 >/dev/null && [[ ! -x /usr/lib/wine/wine64 ]]; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing wine64 (the Windows build's tests run under it)..." >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine wine64; } >&2 \
            || echo "microcosm: could not install wine64: the Windows tests will be skipped" >&2
    else
        echo "microcosm: wine64 is not installed (sudo apt-get install wine wine64): the Windows tests will be skipped" >&2
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
make -s "${targets[@]}"
touch build/.built
