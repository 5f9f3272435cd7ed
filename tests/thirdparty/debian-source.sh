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
apt-get source --download-only "$package" >&2 2>/dev/null || apt-get source --download-only "$package" >&2
