# Two publishes at once, and a publish beside cox prune, lose nothing:
# each round, the post-ingest hook's build and publish --push, a
# publish by hand and a prune that cuts the site's history all start
# together.  Each takes the workspace's lock in turn: every one ends
# well, site/.git and the remote stay whole (git fsck), no commit is
# lost, and the next publish works.  A command that finds the lock
# taken says who holds it and waits.
. "$(dirname "$0")/lib.sh"
plan 9

W=$T/ws
S=$W/site
db=$W/cox.db
workspace "$W"
git init -q --bare "$T/remote.git"
conf_set "$W/cox.conf" site remote "$T/remote.git"
conf_set "$W/cox.conf" site author_name "Riverside Site"
conf_set "$W/cox.conf" site author_email site@riverside.example
# every commit but the newest is past keep_months for a prune run as
# of 90 days from now: each prune makes the history again and prunes
conf_set "$W/cox.conf" privacy keep_months 1
later=$(($(date +%s) + 90 * 86400))
for h in ann bob cat; do
	"$COX" -C "$W" roster add --name "Rower ${h^}" --handle "$h" >/dev/null
done
"$COX" -C "$W" metric add technique --name Technique >/dev/null
"$COX" -C "$W" build >/dev/null && "$COX" -C "$W" publish --push >/dev/null 2>&1 ||
	{ echo "Bail out! the first build and publish failed"; exit 1; }

# bg NAME CMD...: CMD in the background, bounded in time, its status in
# $T/NAME.rc and its words in $T/NAME.err
bg() {
	local name=$1
	shift
	( timeout 120 "$@" >"$T/$name.out" 2>"$T/$name.err"; echo $? >"$T/$name.rc" ) &
}

rounds=8 bad=0 said=
for r in $(seq $rounds); do
	# a change for the publish by hand, and one for the hook's build
	rate "$db" ann technique coach $((r % 5 + 1))
	"$COX" -C "$W" build >/dev/null
	rate "$db" bob technique coach $((r % 5 + 1))
	bg hook env COX="$COX" COX_WORKSPACE="$W" sh "$COX_DATADIR/hooks/post-ingest"
	bg hand "$COX" -C "$W" publish
	bg prune env COX_NOW=$later "$COX" -C "$W" prune
	wait
	for c in hook hand prune; do
		[ "$(cat "$T/$c.rc")" = 0 ] && continue
		bad=$((bad + 1))
		said="$said
round $r, $c exited $(cat "$T/$c.rc"): $(grep -v 'holds this workspace' "$T/$c.err" | tail -2)"
	done
done
name="$rounds rounds of the post-ingest hook, a publish by hand and a prune at once: every one ends well"
[ "$bad" = 0 ] && pass "$name" || fail "$name" "$bad failed:$said"

fsck=$(git -C "$S" fsck --full --strict 2>&1); frc=$?
name="site/.git is whole: git fsck finds nothing missing"
[ "$frc:$(printf '%s\n' "$fsck" | grep -Eic 'missing|broken|error|corrupt')" = 0:0 ] &&
	pass "$name" || fail "$name" "git fsck exited $frc" "$fsck"
objects=$(git -C "$S" rev-list --objects --all 2>&1 >/dev/null; echo $?)
is "$objects:$(git -C "$S" log --format=%s | grep -vc '^Update site: ')" "0:0" \
	"every object of every commit can be read, and every commit is cox's"

# no publish was lost: the commit holds what the builds wrote
rate "$db" cat technique coach 4
"$COX" -C "$W" build >/dev/null
cox -C "$W" publish --push
like "$rc:$out" "^0:committed [0-9a-f]{40}" "the next publish commits"
like "$out" "pushed to $T/remote.git" "and pushes"
is "$(uncommitted "$S")" "" "site/'s last commit is what the builds wrote, nothing left out"
git --git-dir="$T/remote.git" fsck --full >"$T/fsck" 2>&1; frc=$?
is "$frc:$(git --git-dir="$T/remote.git" rev-parse main)" "0:$(git -C "$S" rev-parse HEAD)" \
	"the remote is whole (git fsck) and has that commit"

# Someone holds the lock (a POSIX lock on .lock, as cox takes it): a
# publish, a prune and a build say who, and wait for it to let go.
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)' "$W/.lock" "$T/held" &
holder=$!
at_exit "kill $holder 2>/dev/null"
wait_for 10 test -e "$T/held" || { echo "Bail out! the lock could not be taken"; exit 1; }
rate "$db" ann technique coach 2
"$COX" -C "$W" build >/dev/null 2>"$T/build.err" &
builder=$!
rm -f "$T/hand.rc" "$T/prune.rc"
bg hand "$COX" -C "$W" publish
bg prune env COX_NOW=$later "$COX" -C "$W" prune
wait_for 20 grep -qs "cox publish waits" "$T/hand.err"
wait_for 20 grep -qs "cox prune waits" "$T/prune.err"
wait_for 20 grep -qs "cox build waits" "$T/build.err"
running=yes
for c in hand prune; do [ -e "$T/$c.rc" ] && running=no; done
kill -0 $builder 2>/dev/null || running=no
waits=$(grep -h 'holds this workspace' "$T/hand.err" "$T/prune.err" "$T/build.err")
like "$waits
still running: $running" "another cox command holds this workspace \(pid $holder: python3 -c .*\); cox publish waits for it to end
.*holds this workspace \(pid $holder: python3 -c .*\); cox prune waits for it to end
.*holds this workspace \(pid $holder: python3 -c .*\); cox build waits for it to end
still running: yes$" \
	"a publish, a prune and a build that find the lock taken say who holds it (pid, command) and wait"
kill $holder
wait $builder; brc=$?
wait
is "$brc:$(cat "$T/hand.rc"):$(cat "$T/prune.rc"):$(git -C "$S" fsck --full --strict >/dev/null 2>&1; echo $?)" "0:0:0:0" \
	"once it lets go, each ends well, one after the other"

done_testing
