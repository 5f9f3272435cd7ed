#!/usr/bin/env bash
# Builds the C++ standard library for Microcosm - gcc's libstdc++-v3 with libsupc++, for the target
# x86_64-pc-microcosm - from the gcc source Debian's gcc-N-source package holds for the host's gcc (the same
# version, so its headers suit the host's g++ that compiles guests), and installs it into a cache directory keyed
# by everything that shapes the result: the tarball, Microcosm's patches, this script, the compiler, the flags and
# the SDK's C library headers (configure's answers come from them). The archive it installs (libstdc++.a, position
# independent) is linked into the SDK's libstdc++.so by guest/cxx/Makefile, as newlib's libc.a is into libc.so.
# Its sources are compiled by `microcosm cc` (gcc, told what a guest is, in one place: CcCommand.cs), so configure
# sees the SDK's C library as the system's.
# A second build finds the key and does nothing.
#
#   build.sh CACHE_ROOT MICROCOSM SDK   -> prints the install prefix (CACHE_ROOT/libstdc++-<key>) on stdout
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="$1" microcosm="$2" sdk="$3"
version="$(gcc -dumpversion)"; major="${version%%.*}"
tarball="${GCC_TARBALL:-$(ls /usr/src/gcc-$major/gcc-*.tar.* 2>/dev/null | grep -v '/gm2-' | sort | tail -n1 || true)}"
if [[ -z "$tarball" || ! -f "$tarball" ]]; then
    echo "microcosm: gcc's source is missing: install the Debian package gcc-$major-source (apt-get install gcc-$major-source)" >&2
    exit 1
fi
# Debian's updates from gcc's release branch (the host's g++ and its headers have them); Debian's other patches
# concern its packaging, other systems or other languages. Optional: a tarball given alone is built as released.
updates="$(dirname "$tarball")/patches/git-updates.diff"
[[ -f "$updates" ]] || updates=/dev/null

target=x86_64-pc-microcosm
# -fPIC: the archive goes into a shared library. -ffunction-sections: a program linking the archive statically
# (none does yet) would take only what it uses.
flags="-O2 -fPIC -ffunction-sections -fdata-sections"
# --with-newlib: the C library is newlib (libstdc++ then takes its known facts about it instead of link tests,
# which a cross build cannot run). Static only: the SDK's Makefile links the shared library itself, as it does
# libc.so (libtool knows no shared libraries for an unknown system). Threads: gthreads over the SDK's POSIX
# threads. --enable-libstdcxx-time: clock_gettime, nanosleep and sched_yield are the C library's (steady_clock,
# this_thread::sleep_for). No symbol versions (one library, linked by everything built for it).
options=(--host=$target --build=x86_64-pc-linux-gnu --with-newlib --disable-shared --enable-static --with-pic
         --disable-multilib --disable-nls --disable-libstdcxx-pch --enable-threads=posix --enable-libstdcxx-time=yes
         --disable-symvers --enable-clocale=generic --enable-cstdio=stdio --disable-libstdcxx-filesystem-ts
         --with-gxx-include-dir='${prefix}/include/c++')

key=$( { sha256sum < "$tarball"; sha256sum < "$updates";
         cd "$here" && find patches build.sh -type f | LC_ALL=C sort | xargs sha256sum;
         cd "$sdk/libc" && find include -type f | LC_ALL=C sort | xargs sha256sum;
         gcc --version | head -n1; echo "$flags ${options[*]}"; } | sha256sum | cut -c1-16)
prefix="$cache_root/libstdc++-$key"
if [[ -f "$prefix/.complete" ]]; then echo "$prefix"; exit 0; fi

work="$cache_root/libstdc++-$key.work"
rm -rf "$work" "$prefix"
mkdir -p "$work/build"
echo "building libstdc++ ($(basename "$tarball"), cache key $key; takes a while, once)..." >&2
# Only what libstdc++ is built from: its own tree, libgcc's thread headers, libiberty's demangler, the shared
# configure scripts and the version number; the rest of gcc is most of the tarball.
top="$(set +o pipefail; tar -tf "$tarball" | head -n1 | cut -d/ -f1)"   # head ends tar early
echo "  extracting $top..." >&2
tar -xf "$tarball" -C "$work" --exclude="$top/*/*"
tar -xf "$tarball" -C "$work" "$top/libstdc++-v3" "$top/libgcc" "$top/libiberty" "$top/include" "$top/config" \
    "$top/gcc/BASE-VER" "$top/gcc/DATESTAMP" "$top/gcc/DEV-PHASE"
src="$work/$top"
# gthr-default.h: which of libgcc's thread layers libstdc++ uses; gcc's own build makes it while configuring libgcc,
# in the build tree beside libstdc++'s, where libstdc++'s configure looks for it. Microcosm's threads are POSIX's.
mkdir -p "$work/libgcc"
cp "$src/libgcc/gthr-posix.h" "$work/libgcc/gthr-default.h"
# The updates' parts for what was extracted (it names its files a/src/..., so -p2).
awk '/^diff /{keep = ($3 ~ /^a\/src\/((libstdc\+\+-v3|libgcc|include|libiberty|config)\/|[^\/]+$|gcc\/(BASE-VER|DATESTAMP|DEV-PHASE)$)/)} keep' \
    "$updates" > "$work/updates.diff"
echo "  applying $(basename "$updates") (the parts for libstdc++) and Microcosm's patches..." >&2
[[ ! -s "$work/updates.diff" ]] || patch -s -p2 -d "$src" < "$work/updates.diff" || { echo "microcosm: $updates does not apply to $(basename "$tarball")" >&2; exit 1; }
for change in "$here"/patches/*.patch; do
    patch -s -p1 -d "$src" < "$change" || { echo "microcosm: $(basename "$change") does not apply to $(basename "$tarball")" >&2; exit 1; }
done
(
    cd "$work/build"
    export MICROCOSM_SDK="$sdk"
    echo "  configuring..." >&2
    nice -n 10 "$src/libstdc++-v3/configure" "${options[@]}" --prefix="$prefix" \
        CC="$microcosm cc" CXX="$microcosm cc" AR=ar RANLIB=ranlib NM=nm \
        CFLAGS="$flags" CXXFLAGS="$flags" > "$work/configure.log" 2>&1 ||
        { echo "microcosm: libstdc++ configure failed (see $work/configure.log)" >&2; tail -n 20 "$work/configure.log" >&2; exit 1; }
    echo "  compiling (make.log)..." >&2
    nice -n 10 make -j"${MICROCOSM_JOBS:-2}" > "$work/make.log" 2>&1 ||
        { echo "microcosm: libstdc++ build failed (see $work/make.log)" >&2; tail -n 20 "$work/make.log" >&2; exit 1; }
    echo "  installing..." >&2
    make install > "$work/install.log" 2>&1 ||
        { echo "microcosm: libstdc++ install failed (see $work/install.log)" >&2; exit 1; }
)
cp "$work/configure.log" "$work/build/config.log" "$prefix/"   # what configure found, for whoever wonders why
rm -rf "$work"
touch "$prefix/.complete"
echo "$prefix"
