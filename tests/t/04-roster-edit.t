# cox roster add, edit, remove and list.
. "$(dirname "$0")/lib.sh"
plan 16

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

done_testing
