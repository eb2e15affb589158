# Invitations say who sends them: the club's name (cox invite, run by an
# operator, has no coach), the handle in words, the link; a text takes
# the longest form that fits one GSM-7 segment (160 characters) with
# its link, and the shortest when the site's address is too long for
# any.  The link is made when the outbox sends, so its length is
# measured here as the outbox will write it.
. "$(dirname "$0")/lib.sh"
plan 13

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" site base_url https://rrc.example/
invite() { sql "$db" "SELECT $1 FROM message WHERE kind = 'invite' AND status = 'queued' ORDER BY id DESC LIMIT 1"; }

cox -C "$W" invite --via email @jdoe
like "$out" "^1 invitation queued" "cox invite queues an email invitation"
is "$(invite subject)" "Riverside Rowing Club: your team page" "its subject names the club"
like "$(invite body | tr '\n' '~')" "^Hello Jane Doe,~~Riverside Rowing Club invites you to your team page\. Your handle is @jdoe\.~~.*\{link\}" \
	"it says who invites her, her handle in words, then the link"

# sent BASE HANDLE: the text as it will go, with a link as long as the
# outbox's (a 16-byte token and a 32-byte link secret in base64, the
# handle)
sent() {
	local b t
	b=$(invite body)
	t="$1register/#t=$(printf %022d 0)&k=$(printf %043d 0)&h=$2"
	printf '%s%s%s' "${b%%\{link\}*}" "$t" "${b#*\{link\}}"
}
cox -C "$W" invite --via sms --again @jdoe
like "$out" "^1 invitation queued" "cox invite --via sms queues a text"
is "$(invite body)" "Riverside Club: Handle @jdoe, set a password: {link}" \
	"with a 20-character site address, the form that fits, opening with the club's short name"
is "$(sent https://rrc.example/ jdoe | wc -m)" 153 "and it fits one segment, link and all"

# without a short name, a club's name a little over 16 characters opens
# the text whole
conf_set "$W/cox.conf" team name "Ruderclub Wannsee"
cox -C "$W" invite --via sms --again @jdoe
is "$(invite body)" "Ruderclub Wannsee: Handle @jdoe, set a password: {link}" \
	"'Ruderclub Wannsee' opens the text whole, not 'Ruderclub', which is any rowing club"
conf_set "$W/cox.conf" team name "Riverside Rowing Club"

conf_set "$W/cox.conf" site base_url https://www.riverside-rowing-club.example.org/members/
cox -C "$W" invite --via sms --again @jdoe
is "$(invite body)" "Riverside Club: Page @jdoe: {link}" \
	"a long address: the shortest words, and still the club's name (a link from no one reads as phishing)"
cox -C "$W" doctor --json
unlike "$(printf '%s' "$out" | jq -r '.findings[] | select(.key == "loop.segments") | .text')" \
	"short_name is needed" "cox doctor asks for no short name that would not help"
# ten characters shorter, a 9-character name would make them fit
conf_set "$W/cox.conf" site base_url https://www.riverside-rowing.example.org/mem/
cox -C "$W" doctor --json
like "$(printf '%s' "$out" | jq -r '.findings[] | select(.key == "loop.segments") | .text')" \
	"^\\[team\\] short_name is needed: the club's name opens every invitation \\('Riverside Club', 14 characters\\), and one of at most 6 would keep them to one text \\(@cmartin's is the longest\\)$" \
	"but says when one would keep the invitations to one text, and how short"
conf_set "$W/cox.conf" team short_name Rivers
cox -C "$W" invite --via sms --again @cmartin
is "$(invite body):$(sent https://www.riverside-rowing.example.org/mem/ cmartin | wc -m)" \
	"Rivers: Page @cmartin: {link}:158" "and with it the longest one fits, the club named"
conf_del "$W/cox.conf" team short_name
conf_set "$W/cox.conf" site base_url http://r.io
conf_set "$W/cox.conf" team name RRC
sql "$db" "UPDATE person SET handle = 'j' WHERE handle = 'jdoe'"
cox -C "$W" invite --via sms --again @j
is "$(invite body)" "RRC: your handle is @j. Set a password: {link}" "a short address leaves room for the club's name"
is "$(sent http://r.io/ j | wc -m)" 136 "and that fits too"
done_testing
