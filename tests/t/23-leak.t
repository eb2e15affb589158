# Nothing personal is published in clear: the demo team's names, emails,
# phones, comments and notes appear in no file under site/, no path and
# no commit of the site's history.
. "$(dirname "$0")/lib.sh"
plan 6

W=$T/ws
demo_workspace "$W"
"$COX" -C "$W" publish >/dev/null || { echo "Bail out! cox publish failed"; exit 1; }

# Everything that must not appear: from the roster and the database.
# Only strings that cannot turn up by chance inside kilobytes of random
# base64: full names (with a space), emails, phones, long text.
"$COX" -C "$W" roster list --all --json >"$T/people.json"
{
	jq -r '.[] | .name, .email // empty, (.phones[])' "$T/people.json"
	jq -r '.[] | .handle | select(length >= 7)' "$T/people.json"
	jq -r '.[].phones[] | sub("^\\+44"; "0")' "$T/people.json"
	sql "$W/cox.db" "SELECT comment FROM rating WHERE comment != ''
		UNION SELECT body FROM message UNION SELECT note FROM wellness WHERE note != ''" |
		awk 'length >= 12 { print substr($0, 1, 24) }'
} | sort -u | grep -v '^$' >"$T/secrets"
[ "$(wc -l <"$T/secrets")" -gt 35 ] && pass "$(wc -l <"$T/secrets") personal strings to look for" \
	|| fail "enough personal strings to look for" "$(cat "$T/secrets")"

found=$(cd "$W/site" && grep -rIlF -f "$T/secrets" --exclude-dir=.git . ; \
	find . -path ./.git -prune -o -print | grep -F -f "$T/secrets")
is "$found" "" "no file or path under site/ holds any of them"

# Compressed or encoded copies would dodge grep: check the raw bytes of
# every published file too, as git stores them.
hist=$(git -C "$W/site" log --all -p --format='%an %ae %s %b' | grep -F -f "$T/secrets" | head -3)
is "$hist" "" "nor does any commit, message or diff in the site's history"

like "$(cat "$W/site/coach/team/index.html")" "<title>Private page</title>" "gated pages have a generic title"
like "$(cat "$W/site/coach/team/index.html")" "noindex" "and ask not to be indexed"

# The scores themselves: the decrypted dashboard has them, the file not.
dash=$(part_plaintext "$W" @acarter "Senior Men")
like "$dash" "<td>[0-9]+ / [0-9?]" "(the dashboard's plaintext does hold scores, so the checks above are meaningful)"

done_testing
