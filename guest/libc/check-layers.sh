#!/usr/bin/env bash
# Holds the glue to its layering: a folder of guest/libc/glue may call functions of its own layer and
# of the layers below, never of one above, so that dependencies go one way and no folder needs another
# that needs it back (docs/libc.md, "The glue"). Reads the compiled objects: a call is an undefined
# symbol of one object that another object of the glue defines.
#
#   check-layers.sh "LAYER LAYER ..." OBJDIR OBJDIR/FOLDER/FILE.o ...
#
# Each LAYER lists its folders with commas, lowest first; the objects are the glue's, under OBJDIR.
set -euo pipefail
layers="$1"
objdir="$2"
shift 2

rank=$(i=0; for layer in $layers; do for folder in ${layer//,/ }; do echo "$folder $i"; done; i=$((i + 1)); done)

for object in "$@"; do
    name="${object#"$objdir"/}"
    nm "$object" | awk -v name="$name" '$1 ~ /^[Uw]$/ { print "use", name, $2 } $2 ~ /^[TDBRVW]$/ { print "def", name, $3 }'
done | awk -v ranks="$rank" '
    BEGIN { n = split(ranks, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, " "); rank[f[1]] = f[2] } }
    function folder(object) { return substr(object, 1, index(object, "/") - 1) }
    $1 == "def" { owner[$3] = $2; next }
    { uses[++count] = $2 " " $3 }
    END {
        status = 0
        for (i = 1; i <= count; i++) {
            split(uses[i], u, " ")
            caller = folder(u[1])
            if (!(caller in rank)) {
                if (!(caller in unplaced)) printf "check-layers: glue/%s is in no layer (add it to GLUE_LAYERS in guest/libc/Makefile)\n", caller
                unplaced[caller] = 1; status = 1; continue
            }
            if (!(u[2] in owner)) continue
            callee = folder(owner[u[2]])
            if (rank[callee] > rank[caller]) {
                printf "check-layers: glue/%s calls %s of glue/%s, a layer above it\n", u[1], u[2], owner[u[2]]
                status = 1
            }
        }
        exit status
    }' >&2
