# cox roster add, edit, remove and list.
. "$(dirname "$0")/lib.sh"
plan 22

workspace "$T/ws"
C="-C $T/ws"

cox $C roster add --name "Jane Doe" --email jane@example.org --phone "07700 900101" --squad Seniors
is "$rc" 0 "add exits 0"
like "$out" "added Jane Doe \(@jdoe, athlete\)" "a handle is made from the name"

cox $C roster add --name "John Doe" --phone "07700 900101"
is "$rc" 65 "a phone that is someone else's is refused"
like "$err" "already someone else's" "with a reason"

cox $C roster add --name "Bad Phone" --phone "12"
is "$rc" 65 "an invalid phone is refused"

cox $C roster add --name "Coach Z" --role "Head Coach" --email z@example.org
cox $C roster list --json
is "$(jq -r '.[0].name' <<<"$out")" "Coach Z" "list is newest first"
is "$(jq -r '.[0].role' <<<"$out")" "head_coach" "a head coach role is read loosely"

cox $C roster edit @jdoe --phone "07700 900102" --phone "07700 900103" --opt-out
is "$rc" 0 "edit by handle"
cox $C roster list --json
is "$(jq -r '.[] | select(.handle == "jdoe") | "\(.phones | join(",")) \(.opted_out)"' <<<"$out")" \
	"+447700900102,+447700900103 true" "phones are replaced and the opt-out kept"

cox $C roster edit "+447700900103" --name "Jane Q. Doe"
cox $C roster list --json
is "$(jq -r '.[] | select(.handle == "jdoe") | .name' <<<"$out")" "Jane Q. Doe" "edit by phone number"

cox $C roster edit nobody@example.org --name X
is "$rc" 66 "an unknown person exits 66 (EX_NOINPUT)"

cox $C roster remove jane@example.org
like "$out" "removed from the roster \(history kept\)" "remove by email"
cox $C roster list --json
is "$(jq -r '[.[] | select(.handle == "jdoe")] | length' <<<"$out")" 0 "a removed person leaves the list"
cox $C roster list --all --json
is "$(jq -r '.[] | select(.handle == "jdoe") | .active' <<<"$out")" false "but is kept, inactive"

cox $C roster remove @jdoe
like "$out" "already removed" "removing twice says so"

cox $C roster list
like "$out" "Coach Z +@zcoach? +head_coach|Coach Z" "the text list has a line per person"

# whoever stops reading an athlete's page may have kept its key in a
# browser ("remember me") or its magic link (the dashboard links every
# athlete's page): the page gets new keys, and the old ones open
# nothing built since
cox $C roster add --name "Sam Rower" --handle srower --squad Juniors
cox $C roster add --name "Cy Coach" --handle cycoach --role coach --squad Juniors
cox $C roster add --name "Dee Coach" --handle dcoach --role coach --squad Masters
cox $C roster add --name "Mo Rower" --handle mrower --squad Masters
"$COX" $C build >/dev/null 2>&1
key() { sql "$T/ws/cox.db" "SELECT hex(content_key) FROM page_key p JOIN person x ON p.page = 'a/' || x.slug || '/' WHERE x.handle = '$1'"; }
old=$(key srower)
oldlink=$("$COX" $C link --base x/ @srower | cut -f2)
cox $C roster edit @cycoach --squad Seniors
"$COX" $C build >/dev/null 2>&1
new=$(key srower)
[ -n "$old" ] && [ -n "$new" ] && [ "$old" != "$new" ] &&
	pass "a coach's leaving the squad gives its athletes' pages new keys" ||
	fail "a coach's leaving gives the athletes' pages new keys" "old $old, new $new"
if open_mjs "$(page_file "$T/ws" @srower)" "$oldlink" >/dev/null 2>&1; then
	fail "the old magic link does not open the page built since" "it opened"
else
	pass "the old magic link does not open the page built since"
fi
like "$(plaintext "$T/ws" @srower)" "Sam Rower" "and the page's new link opens it"
old=$(key mrower)
cox $C roster remove @dcoach
"$COX" $C build >/dev/null 2>&1
[ "$(key mrower)" != "$old" ] && pass "a coach removed from the roster: their athletes' pages get new keys" ||
	fail "a coach removed from the roster: their athletes' pages get new keys" "still $old"
old=$(key mrower)
cox $C roster edit @mrower --squad Juniors
"$COX" $C build >/dev/null 2>&1
[ "$(key mrower)" != "$old" ] && pass "an athlete who leaves a squad: their page gets new keys" ||
	fail "an athlete who leaves a squad: their page gets new keys" "still $old"
old=$(key mrower)
cox $C roster edit @mrower --squad juniors
"$COX" $C build >/dev/null 2>&1
is "$(key mrower)" "$old" "the same squad written in other capitals is no leaving: the page keeps its keys"

done_testing
