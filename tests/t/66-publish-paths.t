# cox publish commits what the builds since the last publish wrote or
# removed, without walking site/: exactly the files git itself sees
# changed, nothing left behind; with no record to trust (no build since,
# a build killed, --all) it walks site/ as before and misses nothing.
. "$(dirname "$0")/lib.sh"
plan 15

W=$T/ws
S=$W/site
demo_workspace "$W"
"$COX" -C "$W" build >/dev/null 2>&1 && "$COX" -C "$W" publish >/dev/null 2>&1 ||
	{ echo "Bail out! first build and publish failed"; exit 1; }
changed() { uncommitted "$S"; }
committed() { git -C "$S" show --name-only --format= HEAD | sort; }

rate "$W/cox.db" jdoe technique coach 2 "bad week"
"$COX" -C "$W" build >/dev/null 2>&1
want=$(changed)
[ -n "$want" ] || echo "# the build changed nothing"
# as if the demo's publishes had been yesterday's
sql "$W/cox.db" "UPDATE meta SET value = '2000-01-01' WHERE key = 'site_index_day'"
out=$("$COX" -C "$W" publish 2>&1)
like "$out" "publishing the [0-9]+ paths the builds changed" "a publish after a build uses its record"
is "$(committed)" "$want" "and commits exactly the files git sees changed"
is "$(changed)" "" "leaving nothing behind"
is "$(git -C "$S" status --porcelain --untracked-files=all)" "" \
	"with git's index in step after the day's first publish"

# two builds, one publish: both builds' files, once each
rate "$W/cox.db" jdoe technique self 4
"$COX" -C "$W" build >/dev/null 2>&1
first=$(changed)
rate "$W/cox.db" jsmith technique coach 3
"$COX" -C "$W" build >/dev/null 2>&1
want=$(changed)
out=$("$COX" -C "$W" publish 2>&1)
like "$out" "publishing the [0-9]+ paths" "two builds make one record"
is "$(committed)" "$want" "whose commit holds what both changed"
is "$(changed)" "" "and nothing is left behind"
# the day's next publish by paths leaves the index be; the next day's
# brings it up to date
[ -n "$(git -C "$S" status --porcelain)" ] || echo "# the index was not left behind"
sql "$W/cox.db" "UPDATE meta SET value = '2000-01-01' WHERE key = 'site_index_day'"
rate "$W/cox.db" jsmith mindset coach 4
"$COX" -C "$W" build >/dev/null 2>&1 && "$COX" -C "$W" publish >/dev/null 2>&1
is "$(git -C "$S" status --porcelain --untracked-files=all)" "" \
	"the next day's first publish brings git's index up to date"

# a hand edit, published with no build since
echo "club notes" >"$S/notes.txt"
out=$("$COX" -C "$W" publish 2>&1)
like "$out" "checking all of site/ \(no build since the last publish\)" "with no build since, publish walks site/"
is "$(committed)" "notes.txt" "and a file put in by hand is published"

# a build killed in the middle leaves a record publish does not trust
rate "$W/cox.db" jdoe fitness coach 1
COX_TEST_BUILD_PAUSE="claimed:$T/paused" "$COX" -C "$W" build >/dev/null 2>&1 &
pid=$!
wait_for 60 test -e "$T/paused"
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
rm -f "$T/paused"
echo "more notes" >>"$S/notes.txt"
out=$("$COX" -C "$W" publish 2>&1)
like "$out" "a build was stopped before it ended" "after a killed build, publish walks site/"
is "$(changed)" "" "and commits everything there is"
like "$(committed)" "notes.txt" "the hand edit among it"

# --all walks whatever the record says
echo "last notes" >>"$S/notes.txt"
rate "$W/cox.db" jsmith fitness coach 2
"$COX" -C "$W" build >/dev/null 2>&1
out=$("$COX" -C "$W" publish --all 2>&1)
like "$out" "checking all of site/ \(--all\)" "--all walks site/"
is "$(changed)" "" "and publishes the hand edit a build's record does not know"

done_testing
