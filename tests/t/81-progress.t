# Long work says how far it has come on a terminal, in one line it
# rewrites and clears before anything else is printed, and prints
# nothing extra when its output goes to a file or a pipe: cox build
# (pages), cox backup and cox restore (KiB), cox publish --push
# (objects), cox roster import (rows).
. "$(dirname "$0")/lib.sh"
plan 12

W=$T/ws
demo_workspace "$W"
# on_tty CMD...: CMD's output as a terminal shows it, escapes spelt out
on_tty() { script -qec "$(printf '%q ' "$@")" /dev/null </dev/null | od -An -c | tr -s ' \n' ' '; }

out=$(on_tty "$COX" -C "$W" build --force)
like "$out" "\\\\r c o x : p a g e s 1 / " "cox build on a terminal counts the pages"
like "$out" "\\\\r 033 \\[ K b u i l t " "and clears the count before its summary"
run "$COX" -C "$W" build --force
unlike "$out$err" "pages|$(printf '\r')" "to a file it prints its summary alone"

printf 'wharf-lantern-copper-89\n' >"$T/pass"
conf_set "$W/cox.conf" backup passphrase_file "$T/pass"
out=$(on_tty "$COX" -C "$W" backup "$T/b.coxbak")
like "$out" "K i B w r i t t e n [0-9 ]+" "cox backup on a terminal counts the KiB written"
run "$COX" -C "$W" backup "$T/b2.coxbak"
unlike "$out$err" "KiB|$(printf '\r')" "and nothing of it to a file"
out=$(on_tty "$COX" restore --passphrase-file "$T/pass" "$T/b.coxbak" "$T/r")
like "$out" "K i B r e a d [0-9 ]+ / [0-9 ]+" "cox restore counts the KiB read of the backup's size"
is "$(sql "$T/r/cox.db" "SELECT count(*) FROM person")" "$(sql "$W/cox.db" "SELECT count(*) FROM person")" \
	"and the restore is whole"

git init -q --bare "$T/remote.git"
conf_set "$W/cox.conf" site remote "$T/remote.git"
out=$(on_tty "$COX" -C "$W" publish --push)
like "$out" "o b j e c t s p u s h e d [0-9 ]+ / [0-9 ]+" "cox publish --push on a terminal counts the objects pushed"
like "$out" "s p u s h e d [0-9 ]+ / [0-9 ]+ 033 \\[ K \\\\r 033 \\[ K [a-z]" "and clears the count before it goes on"
branch=$(git -C "$W/site" symbolic-ref HEAD)
is "$(git --git-dir="$T/remote.git" rev-parse "$branch")" "$(git -C "$W/site" rev-parse HEAD)" "and the push went through"

{ echo "name,phone,squad"; for i in $(seq 1 40); do printf 'Rower %d,+4477009%05d,Novices\n' "$i" "$((i + 500))"; done; } >"$T/r.csv"
out=$(on_tty "$COX" -C "$W" roster import "$T/r.csv")
like "$out" "r o w s 1 " "cox roster import on a terminal counts the rows"
like "$out" "\\\\r 033 \\[ K" "and clears the line before its report"
done_testing
