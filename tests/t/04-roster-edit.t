# cox roster add, edit, remove and list.
. "$(dirname "$0")/lib.sh"
plan 19

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

# a coach who leaves a squad may have kept its athletes' page keys in a
# browser ("remember me"): those pages get new content keys, their
# magic links still open them, the old key opens nothing built since
cox $C roster add --name "Sam Rower" --handle srower --squad Juniors
cox $C roster add --name "Cy Coach" --handle cycoach --role coach --squad Juniors
"$COX" $C build >/dev/null 2>&1
key() { sql "$T/ws/cox.db" "SELECT hex(content_key) FROM page_key p JOIN person x ON p.page = 'a/' || x.slug || '/' WHERE x.handle = '$1'"; }
old=$(key srower)
cox $C roster edit @cycoach --squad Seniors
"$COX" $C build >/dev/null 2>&1
new=$(key srower)
[ -n "$old" ] && [ -n "$new" ] && [ "$old" != "$new" ] &&
	pass "a coach's leaving the squad gives its athletes' pages new content keys" ||
	fail "a coach's leaving gives the athletes' pages new content keys" "old $old, new $new"
like "$(plaintext "$T/ws" @srower)" "Sam Rower" "and their magic links still open them"
page=$(page_file "$T/ws" @srower)
if node -e '
	import("'"$COX_DATADIR"'/site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs").then(async ({ default: s }) => {
		await s.ready;
		const html = require("fs").readFileSync(process.argv[1], "utf8");
		const p = JSON.parse(html.match(/id="payload">([^<]*)</)[1]);
		const path = html.match(/data-path="([^"]*)"/)[1];
		const ad = new Uint8Array([...s.from_string("cox" + p.version), 0, ...s.from_string(p.site), 0, ...s.from_string(path)]);
		s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, s.from_base64(p.ciphertext, s.base64_variants.ORIGINAL), ad,
		    s.from_base64(p.nonce, s.base64_variants.ORIGINAL), s.from_hex(process.argv[2]));
	});' "$page" "$old" 2>/dev/null; then
	fail "the old content key does not open the page built since" "it opened"
else
	pass "the old content key does not open the page built since"
fi

done_testing
