# A workspace whose database is missing, empty or another team's is
# refused by every command but cox init, with one line saying so: it is
# never made into a new team that rewrites the site under new keys.
. "$(dirname "$0")/lib.sh"
plan 14

W=$T/ws
workspace "$W"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
is "$(sql "$W/cox.db" "SELECT value FROM meta WHERE key = 'site_id'")" \
	"$(sed -n 's/^site_id = //p' "$W/cox.conf")" \
	"cox init records cox.conf's site_id in the database"
head=$(git -C "$W/site" rev-parse HEAD 2>/dev/null)

mv "$W/cox.db" "$T/saved.db"
cox -C "$W" build
is "$rc" 66 "cox build refuses a missing cox.db (EX_NOINPUT)"
like "$err" "cox.db: missing; put back this team's cox.db" "saying what to do"
is "$(ls "$W" | grep -c '^cox.db')" 0 "and makes no new one"
cox -C "$W" publish
is "$rc" 66 "cox publish refuses it too"

: >"$W/cox.db"
cox -C "$W" sms serve --listen "127.0.0.1:$(free_port)"
is "$rc" 66 "cox sms serve refuses an empty cox.db instead of serving no team"
like "$err" "cox.db: empty" "saying it is empty"
is "$(stat -c %s "$W/cox.db")" 0 "and leaves it as it was"
printf 'From: a@b\n\nx\n' | "$COX" -C "$W" mail --stdin 2>/dev/null
is "$?" 75 "cox mail --stdin asks the mail server to try again later"

mv "$T/saved.db" "$W/cox.db"
conf_set "$W/cox.conf" team site_id anotherteam0
cox -C "$W" build
is "$rc" 78 "a database of another site_id is refused (EX_CONFIG)"
like "$err" "belongs to another team" "saying so"
is "$(git -C "$W/site" rev-parse HEAD 2>/dev/null)" "$head" \
	"and nothing was committed"

# a site/ that cannot be written: said at once, exit 74 (EX_IOERR)
conf_set "$W/cox.conf" team site_id "$(sql "$W/cox.db" "SELECT value FROM meta WHERE key = 'site_id'")"
chmod 755 "$T"
chown -R 65534:65534 "$W"
chmod 555 "$W/site"
run setpriv --reuid=65534 --regid=65534 --clear-groups "$COX" -C "$W" build
is "$rc" 74 "a read-only site/ is an I/O error (74), not an internal one"
like "$err" "site: cannot write there \(Permission denied\)" "saying where and why"
chmod 755 "$W/site"

done_testing
