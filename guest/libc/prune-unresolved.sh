#!/usr/bin/env bash
# Removes from an archive the members that refer to functions nobody defines (neither the archive
# nor the given shared objects), repeating until none is left. newlib's libm for x86-64 has the
# complex long double functions but not all of the real long double ones they call (long double is
# not double here); a shared libm that kept them would fail to load. The members removed are printed.
#
#   prune-unresolved.sh ARCHIVE LIBRARY...   (shared objects, or archives such as libgcc.a)
set -euo pipefail
archive="$1"; shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for lib in "$@"; do
    case "$lib" in
        *.a) nm --defined-only "$lib" 2>/dev/null ;;
        *) nm -D --defined-only "$lib" 2>/dev/null ;;
    esac
done | awk 'NF >= 3 { print $3 }' | sed 's/@.*//' | sort -u > "$work/shared"
while :; do
    nm -A --defined-only "$archive" 2>/dev/null | awk 'NF >= 3 && $2 ~ /[TDBRVWiu]/ { print $3 }' | sort -u > "$work/own"
    sort -u "$work/own" "$work/shared" > "$work/defined"
    nm -A -u "$archive" 2>/dev/null | awk '{ print $1, $NF }' | sed 's/^[^:]*:\([^:]*\):/\1/' | sort -u > "$work/needs"
    bad=$(awk 'NR == FNR { d[$1] = 1; next } !($2 in d) && $2 !~ /^_GLOBAL_OFFSET_TABLE_$/ { print $1 }' "$work/defined" "$work/needs" | sort -u)
    [[ -z "$bad" ]] && break
    echo "pruned from $(basename "$archive"): $(echo $bad | tr '\n' ' ')"
    ar d "$archive" $bad
done
