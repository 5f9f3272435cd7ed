# A shell's everyday work with no program but the shell itself, for the Windows host, which runs none of the Linux
# host's (dash.sh): command substitution, subshells, pipelines, background jobs, traps, here-documents and redirections,
# each of which forks, run by Debian's dash built once with `microcosm cc` and by the host's own dash, whose outputs
# dash.sh compares. No absolute paths or process ids are printed.
echo "hello from dash"
x=$(echo command; echo substitution)
echo "$x"
( exit 3 ); echo "subshell status $?"
( cd .. && cd dash-build && echo "subshell cd" )
f() { echo "function $1"; return 4; }
f arg; echo "function status $?"
( echo "job 1"; exit 6 ) & pid=$!
wait "$pid"; echo "waited: $?"
( echo "job 2" ) & wait
for i in 1 2 3; do echo "item $i"; done | while read -r line; do echo "[$line]"; done
echo "through a file" > dash-file.txt; echo "appended" >> dash-file.txt
n=0; while read -r l; do n=$(( n + 1 )); echo "read: $l"; done < dash-file.txt; echo "$n lines"
case abc in a*) echo "case matched";; esac
echo "arithmetic $(( 6 * 7 ))"
false || echo "or list"; true && echo "and list"
trap 'echo "trapped USR1"' USR1; kill -USR1 $$
trap 'echo "exit trap"' EXIT
{ echo "to stderr" >&2; } 2>&1 | while read -r l; do echo "piped: $l"; done
read -r a b <<EOT
first second
EOT
echo "here-document: $b $a"
n=0; while [ "$n" -lt 20 ]; do n=$(( n + 1 )); v=$(echo "$n"); done; echo "20 substitutions, last $v"
eval 'echo "eval ran"'
set -- a b c; shift; echo "positional: $# $*"
exec 3> /dev/null; echo hidden >&3; exec 3>&-; echo "descriptor 3 opened and closed"
exit 5
