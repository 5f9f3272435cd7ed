# A shell's everyday work, each part of which forks: run by Debian's dash built with `microcosm cc` and by the
# host's own dash, whose outputs dash.sh compares. No absolute paths or process ids are printed.
echo "hello from dash"
x=$(echo command; echo substitution)
echo "$x"
echo three one two | tr ' ' '\n' | sort | head -2
( exit 3 ); echo "subshell status $?"
( cd / && pwd )
f() { echo "function $1"; return 4; }
f arg; echo "function status $?"
sleep 0.1 & pid=$!
echo "background job started"
wait "$pid"; echo "waited: $?"
( sleep 0.5; echo "job 1" ) & ( echo "job 2" ) & wait
for i in 1 2 3; do echo "item $i"; done | while read -r line; do echo "[$line]"; done
tmp=$(mktemp)
echo "through a file" > "$tmp"; cat < "$tmp"; echo "appended" >> "$tmp"; wc -l < "$tmp"; rm -f "$tmp"
case abc in a*) echo "case matched";; esac
echo "arithmetic $(( 6 * 7 ))"
false || echo "or list"; true && echo "and list"
trap 'echo "trapped USR1"' USR1; kill -USR1 $$
trap 'echo "exit trap"' EXIT
{ echo "to stderr" >&2; } 2>&1 | cat
read -r a b <<EOT
first second
EOT
echo "here-document: $b $a"
n=0; while [ "$n" -lt 20 ]; do n=$(( n + 1 )); v=$(echo "$n"); done; echo "20 substitutions, last $v"
sh_status=$(sh -c 'exit 7'; echo $?); echo "a host program's status: $sh_status"
eval 'echo "eval ran"'
set -- a b c; shift; echo "positional: $# $*"
exec 3> /dev/null; echo hidden >&3; exec 3>&-; echo "descriptor 3 opened and closed"
exit 5
