#!/usr/bin/env bash
# Builds Microcosm's shell: Debian's dash, unmodified, compiled with `microcosm cc` against the SDK's C library, so
# one ELF file serves every host. It is the `/bin/sh` of a host that has none (the Windows host: docs/hosts.md,
# "The shell"), the one `system()`, `popen()` and `#!/bin/sh` scripts run there, and the suite's third-party dash
# test runs the same file on both hosts (tests/thirdparty/dash.sh).
#
#   build.sh OUT CLI      -> OUT/sh (OUT also holds the source tarball and the build tree)
#
# The build (about 10 s) is kept while the source, the compiler driver and the SDK's C library are unchanged.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"
microcosm="$2"
export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
mkdir -p "$out"
cd "$out"

if ! compgen -G "dash_*.orig.tar.*" >/dev/null; then
    echo "fetching the source of Microcosm's shell (Debian's dash)..." >&2
    "$root/guest/debian-source.sh" dash || {
        echo "microcosm: could not fetch dash's source (apt-get source dash), which the Windows build's /bin/sh is built from" >&2
        exit 1
    }
fi
tarball="$(ls dash_*.orig.tar.* | sort | tail -n1)"

stamp="$( { sha256sum "$tarball" "$microcosm";
            find "$MICROCOSM_SDK/libc" "$MICROCOSM_SDK/lib" "$MICROCOSM_SDK/include" -type f | LC_ALL=C sort | xargs sha256sum; } |
          sha256sum | cut -c1-16)"
[[ -x sh && "$(cat .stamp 2>/dev/null)" == "$stamp" ]] && exit 0

echo "building Microcosm's shell (dash, with microcosm cc)..." >&2
rm -rf source sh .stamp && mkdir source
tar -xf "$tarball" -C source --strip-components=1
(
    cd source
    ./configure CC="$microcosm cc" > configure.log 2>&1 || { tail -n 30 configure.log >&2; echo "microcosm: the shell's configure failed ($out/source/configure.log)" >&2; exit 1; }
    make -j"$(nproc)" > make.log 2>&1 || { tail -n 30 make.log >&2; echo "microcosm: the shell's build failed ($out/source/make.log)" >&2; exit 1; }
)
cp source/src/dash sh
echo "$stamp" > .stamp
