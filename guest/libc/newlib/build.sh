#!/usr/bin/env bash
# Builds newlib for Microcosm (x86_64-pc-microcosm: position-independent, no multilib) from Debian's
# newlib-source, and installs it into a cache directory keyed by everything that shapes the result:
# the newlib tarball, Microcosm's patches and header overlay, this script, the compiler and the flags.
# The patches (patches/NN-NAME.patch, applied in order) are one per concern, each saying first why it
# exists, so that a newlib upgrade can take them one at a time.
# A second build (and CI, whose build/ is fresh but may be restored) finds the key and does nothing.
#
#   build.sh CACHE_ROOT   -> prints the install prefix (CACHE_ROOT/newlib-<key>) on stdout
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="$1"
tarball="${NEWLIB_TARBALL:-$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | sort | tail -n1 || true)}"
if [[ -z "$tarball" || ! -f "$tarball" ]]; then
    echo "microcosm: newlib's source is missing: install the Debian package newlib-source (apt-get install newlib-source)" >&2
    exit 1
fi

target=x86_64-pc-microcosm
# iconv's built-in encodings: Unicode's forms, ASCII, the common 8-bit sets and the EUC and Big5 sets of
# Japanese, Korean and Chinese (each costs a table; gettext's configure check for a working iconv asks
# for EUC-JP).
iconv=utf_8,utf_16,utf_16be,utf_16le,ucs_2,ucs_2be,ucs_2le,ucs_4,ucs_4be,ucs_4le,us_ascii,iso_8859_1,iso_8859_2,iso_8859_5,iso_8859_7,iso_8859_9,iso_8859_15,win_1250,win_1251,win_1252,koi8_r,koi8_u,cp850,cp866,euc_jp,euc_kr,euc_tw,big5
# -U__linux__: the guest target is Microcosm, not Linux (newlib's headers would pick Linux paths).
# -D_I386MACH_NEED_SOTYPE_FUNCTION: the x86-64 assembly (memcpy, memset, setjmp, longjmp) marks its
# symbols as functions, without which every program calling them gets ld's warning "type and size of
# dynamic symbol are not defined".
# -D__OBSOLETE_MATH_DEFAULT=0: exp, exp2, log, log2 and pow in double precision are newlib's newer code
# (the one glibc has too: the same results, errno set on overflow, underflow and poles, log2 exact for
# powers of two) rather than fdlibm's (1 ulp off in places, log2 as log(x)/ln 2), as on Arm.
cflags="-O2 -g -fPIC -fno-stack-protector -fno-omit-frame-pointer -ffunction-sections -fdata-sections -U__linux__ -U__gnu_linux__ -Ulinux -D_I386MACH_NEED_SOTYPE_FUNCTION -D__OBSOLETE_MATH_DEFAULT=0"
options=(--target=$target --disable-multilib --disable-newlib-supplied-syscalls
         --enable-newlib-retargetable-locking --enable-newlib-global-stdio-streams
         --enable-newlib-io-c99-formats --enable-newlib-io-long-long --enable-newlib-io-long-double
         --enable-newlib-io-pos-args --enable-newlib-mb --disable-newlib-register-fini
         --enable-newlib-reent-check-verify --disable-nls
         --enable-newlib-iconv --enable-newlib-iconv-encodings="$iconv")

# Contents only (relative names), so that every checkout of the same sources shares the key.
key=$( { sha256sum < "$tarball";
         cd "$here/.." && find newlib/patches newlib/build.sh include -type f | LC_ALL=C sort | xargs sha256sum;
         gcc --version | head -n1; echo "$cflags ${options[*]}"; } | sha256sum | cut -c1-16)
prefix="$cache_root/newlib-$key"
if [[ -f "$prefix/.complete" ]]; then echo "$prefix"; exit 0; fi

work="$cache_root/newlib-$key.work"
rm -rf "$work" "$prefix"
mkdir -p "$work/build"
echo "building newlib ($(basename "$tarball"), cache key $key; takes a few minutes, once)..." >&2
tar -xf "$tarball" -C "$work"
src="$(find "$work" -mindepth 1 -maxdepth 1 -type d ! -name build | head -n1)"
for change in "$here"/patches/*.patch; do
    patch -s -p1 -d "$src" < "$change" || { echo "microcosm: $(basename "$change") does not apply to $(basename "$tarball")" >&2; exit 1; }
done
# Microcosm's own headers (thread types, dirent, mman, ...) replace or join newlib's before it is built,
# so newlib and the programs see the same declarations.
cp -r "$here/../include/." "$src/newlib/libc/include/"
(
    cd "$work/build"
    "$src/configure" "${options[@]}" --prefix="$prefix" \
        CC_FOR_TARGET=gcc AS_FOR_TARGET=as AR_FOR_TARGET=ar RANLIB_FOR_TARGET=ranlib \
        LD_FOR_TARGET=ld NM_FOR_TARGET=nm OBJDUMP_FOR_TARGET=objdump STRIP_FOR_TARGET=strip \
        CFLAGS_FOR_TARGET="$cflags" > "$work/configure.log" 2>&1 ||
        { echo "microcosm: newlib configure failed (see $work/configure.log)" >&2; exit 1; }
    make -j"$(nproc)" all-target-newlib > "$work/make.log" 2>&1 ||
        { echo "microcosm: newlib build failed (see $work/make.log)" >&2; tail -n 20 "$work/make.log" >&2; exit 1; }
    make install-target-newlib > "$work/install.log" 2>&1 ||
        { echo "microcosm: newlib install failed (see $work/install.log)" >&2; exit 1; }
)
# newlib installs only the header directories it knows (sys, machine, ...): the overlay's own
# (arpa, netinet, net) are installed from it directly.
cp -r "$here/../include/." "$prefix/x86_64-pc-microcosm/include/"
rm -rf "$work"
touch "$prefix/.complete"
echo "$prefix"
