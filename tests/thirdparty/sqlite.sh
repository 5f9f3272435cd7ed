#!/usr/bin/env bash
# Builds SQLite's command-line shell, unmodified, from Debian's source package with `microcosm cc`
# (build flags only: configured as a cross build whose build-time tools use the host's gcc), then runs
# a workload with it under `microcosm run` and compares the output with the expected one:
#   1. a new file database: schema, 400 customers and 60 products from recursive queries, and 10000
#      orders as separate INSERT statements in one transaction (sqlite/create.sql, sqlite/inserts.awk);
#   2. the file reopened by a second run: joins, aggregates, window functions, JSON, dates, floating
#      point, a committed and a rolled-back transaction, WAL mode (a shared memory mapping) and
#      PRAGMA integrity_check (sqlite/query.sql).
# Prints both runs' output; exits non-zero if the build fails or the output differs.
#
#   tests/thirdparty/sqlite.sh [WORK_DIR]     (default build/thirdparty)
#
# MICROCOSM_RUN, when set, is the command that runs the shell instead of `build/bin/microcosm run`: the
# Windows lane's (tests/windows-lane.sh cli run) runs the very same file on the Windows host.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/thirdparty/sqlite"
work="${1:-$root/build/thirdparty}"
mkdir -p "$work"
cd "$work"

# SQLite's build generates its amalgamation with Tcl scripts (tclsh on the build machine).
if ! command -v tclsh >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing tcl (SQLite's build runs tclsh)..." >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcl >&2
    else
        echo "sqlite: its build needs tclsh: please install tcl (e.g. sudo apt-get install tcl)" >&2
        exit 1
    fi
fi

# The source: Debian's sqlite3 source package, fetched once (needs deb-src entries for apt).
if ! compgen -G "sqlite3_*.orig.tar.*" >/dev/null; then
    "$root/guest/debian-source.sh" sqlite3
fi
tarball="$(ls sqlite3_*.orig.tar.* | grep -v -- '-www' | sort | tail -n1)"

export MICROCOSM_SDK="${MICROCOSM_SDK:-$root/build/sdk}"
microcosm="$root/build/bin/microcosm"
# The build is kept between runs while the source, the compiler driver and the SDK's C library (its
# headers, start-up file and libraries) are unchanged.
stamp="$( { sha256sum "$tarball" "$microcosm" "$MICROCOSM_SDK"/libc/lib/*;
            find "$MICROCOSM_SDK/libc/include" -type f | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)"
if [[ ! -x sqlite-build/sqlite3 || "$(cat sqlite-build/.stamp 2>/dev/null)" != "$stamp" ]]; then
    rm -rf sqlite-build && mkdir sqlite-build
    tar -xf "$tarball" -C sqlite-build --strip-components=1
    (
        cd sqlite-build
        ./configure CC="$microcosm cc" CFLAGS="-O2" BUILD_CC=gcc \
            --host=x86_64-linux-gnu --build=x86_64-pc-linux-gnu \
            --disable-tcl --disable-readline --disable-editline --disable-load-extension \
            > configure.log 2>&1 || { cat configure.log; echo "sqlite: configure failed" >&2; exit 1; }
        make -j"$(nproc)" sqlite3 > make.log 2>&1 || { tail -n 40 make.log; echo "sqlite: build failed" >&2; exit 1; }
        echo "$stamp" > .stamp
    )
fi

rm -rf sqlite-run && mkdir sqlite-run
cd sqlite-run
{ cat "$here/create.sql"; awk -f "$here/inserts.awk"; } > create-all.sql
run="${MICROCOSM_RUN:-$microcosm run}"
$run ../sqlite-build/sqlite3 -bail workload.db < create-all.sql > output.txt
$run ../sqlite-build/sqlite3 -bail workload.db < "$here/query.sql" >> output.txt
cat output.txt
if ! diff -u "$here/expected.txt" output.txt; then
    echo "sqlite: the workload's output differs from tests/thirdparty/sqlite/expected.txt" >&2
    exit 1
fi
[[ ! -e workload.db-wal && ! -e workload.db-journal ]] || { echo "sqlite: a journal was left behind" >&2; exit 1; }
echo "sqlite workload OK"
