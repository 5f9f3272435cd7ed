#!/usr/bin/env bash
# Downloads a Debian source package (the upstream tarball and Debian's files) into the current
# directory. apt needs deb-src entries: as root, this adds them (for the same suites as the
# configured deb entries) when there are none; otherwise it says what to do.
#
#   debian-source.sh PACKAGE
set -euo pipefail
package="$1"
has_deb_src() { grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; }
if ! has_deb_src; then
    if [[ $(id -u) == 0 && -f /etc/apt/sources.list.d/debian.sources ]]; then
        echo "adding deb-src entries for Debian's source packages (/etc/apt/sources.list.d/microcosm-deb-src.sources)" >&2
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > /etc/apt/sources.list.d/microcosm-deb-src.sources
        apt-get update -qq >&2
    elif [[ $(id -u) == 0 && -f /etc/apt/sources.list ]]; then
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/microcosm-deb-src.list
        apt-get update -qq >&2
    else
        echo "microcosm: Debian source packages need deb-src entries in apt's sources (add them, then apt-get update)" >&2
        exit 1
    fi
fi
# The newest version first; a mirror may not serve every suite's sources (a security suite's pool
# can be missing while its index is there), so each older version is tried in turn.
apt-get source --download-only "$package" >/dev/null 2>&1 && exit 0
newest_first() { # the versions apt-cache lists, sorted with dpkg's version order
    local versions=() v
    mapfile -t versions < <(apt-cache showsrc "$package" | sed -n 's/^Version: //p' | sort -u)
    for v in "${versions[@]}"; do echo "$v"; done | while read -r v; do
        local newer=0 w
        for w in "${versions[@]}"; do dpkg --compare-versions "$w" gt "$v" && newer=$((newer + 1)); done
        echo "$newer $v"
    done | sort -n | cut -d' ' -f2
}
for version in $(newest_first); do
    if apt-get source --download-only "$package=$version" >/dev/null 2>&1; then
        echo "$package: downloaded the source of version $version" >&2
        exit 0
    fi
done
echo "microcosm: no version of Debian's source package $package could be downloaded:" >&2
apt-get source --download-only "$package" >&2
