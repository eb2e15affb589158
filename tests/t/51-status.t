# cox status: the operator's screen shows the last message in and out
# per channel, the outbox and a text Twilio could not deliver (its
# error code, and what to do), mail intake, the last build, commit and
# push (and a push that failed), a hook that failed, and the last backup;
# --json gives the same figures as one JSON object.
. "$(dirname "$0")/lib.sh"
plan 19

W=$T/ws
ACC=AC0123456789abcdef0123456789abcdef
demo_sms "$W" https://sms.riverside.example tok-status
db=$W/cox.db
cox -C "$W" status
is "$rc" 0 "cox status exits 0"
is "$(cd "$W" && "$COX" status | head -1 | cut -d, -f2)" " $(cd "$W" && pwd -P)" \
	"run in the workspace, it names it whole, not '.'"
like "$out" "sms   in   last [0-9]+ (s|min) ago, [0-9]+ in all" "the last text in, and how many"
like "$out" "sms   queued +[0-9]+, the oldest queued" "the texts the outbox holds"
like "$out" "no backup: enable cox-nightly@ws.timer with its passphrase credential, or run cox backup" "no backup yet, and how to have one, for this team"

# Twilio says a text could not be delivered (30003), signed as it signs,
# two days after it was queued: it failed now
sql "$db" "UPDATE message SET status = 'sent', provider_id = 'SM00000000000000000000000000000042',
	created_at = created_at - 2 * 86400
	WHERE id = (SELECT min(id) FROM message WHERE direction = 'out' AND channel = 'sms')"
who=$(sql "$db" "SELECT p.name FROM message m JOIN person p ON p.id = m.person_id WHERE m.provider_id = 'SM00000000000000000000000000000042'")
sms_start "$W"
run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/status" https://sms.riverside.example/twilio/status \
	tok-status MessageSid=SM00000000000000000000000000000042 MessageStatus=undelivered ErrorCode=30003 "AccountSid=$ACC"
sms_stop >/dev/null
cox -C "$W" status
like "$out" "failed [0-9]+ (s|min) ago: sms to $who: error 30003, undelivered" "an undelivered text, when it failed (not when it was queued), with Twilio's code"
like "$out" "sms   undelivered +1, the oldest queued 2 days ago" "and the outbox's count of them says when they were queued"
like "$out" "what to do: their phone was off or out of reach" "and what to do about it"

# a coach's email, with a hook that fails
mkdir -p "$W/hooks"
printf '#!/bin/sh\necho "publishing failed: no network" >&2\nexit 3\n' >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: ratings\nMessage-ID: <status-1@example.org>\nContent-Type: text/plain\n\nJane Doe:\n  technique 3\n' |
	"$COX" -C "$W" mail --stdin 2>/dev/null
for _ in $(seq 100); do grep -q "failed (status 3)" "$W/hooks.log" 2>/dev/null && break; sleep 0.1; done
rm "$W/hooks/post-ingest"
cox -C "$W" status
like "$out" "email in   last [0-9]+ s ago" "the email just in"
like "$out" "hooks.log: .*hook post-ingest failed \(status 3\)" "the hook's failure"

# build, publish and push; then a push that fails
git init -q --bare "$T/remote.git"
conf_set "$W/cox.conf" site remote "$T/remote.git"
"$COX" -C "$W" build >/dev/null && "$COX" -C "$W" publish --push >/dev/null
cox -C "$W" status
like "$out" "built [0-9]+ s ago, published [0-9]+ s ago \(commit $(git -C "$W/site" rev-parse --short=10 HEAD)\), pushed [0-9]+ s ago" \
	"the last build, commit and push"
conf_set "$W/cox.conf" site remote "$T/gone.git"
"$COX" -C "$W" publish --push >/dev/null 2>&1
cox -C "$W" status
like "$out" "the last push failed, [0-9]+ s ago" "a push that failed"

# a backup
printf 'harbour-status-lantern-5\n' >"$T/pass"
chmod 600 "$T/pass"
conf_set "$W/cox.conf" backup dir "$T/backups"
conf_set "$W/cox.conf" backup passphrase_file "$T/pass"
"$COX" -C "$W" backup </dev/null >/dev/null
cox -C "$W" status
like "$out" "last backup [0-9]+ s ago: $T/backups/cox-[0-9T]+Z\.coxbak" "the last backup, where it is"
like "$out" "cox.db [0-9.]+ MiB, [0-9.]+ GiB free" "the database's size and the free space"

# the same figures as JSON
cox -C "$W" status --json
py() { printf '%s' "$out" | /usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); $1"; }
is "$rc:$(py 'print(d["team"] is not None, [m["count"] > 0 for m in d["messages"] if (m["channel"], m["direction"]) == ("sms", "in")])')" \
	"0:True [True]" "--json: exit 0, the team and the texts in"
is "$(py 'f = [f for f in d["failed"] if f["code"] == "30003"][0]; print(f["to"], f["status"], f["hint"].startswith("their phone was off"), 0 <= d["now"] - f["at"] < 600)')" \
	"$who undelivered True True" "--json: the undelivered text, its code, what to do and when it failed"
is "$(py 's = d["site"]; print(s["commit"], s["push_failed"] > 0, any("failed (status 3)" in h for h in s["hook_failures"]), d["storage"]["last_backup"]["path"].endswith(".coxbak"), d["storage"]["db_bytes"] > 0)')" \
	"$(git -C "$W/site" rev-parse HEAD) True True True True" "--json: the commit, the failed push and hook, the backup and the sizes"

# the nightly timer's retention: [backup] keep
first=$(ls "$T/backups")
conf_set "$W/cox.conf" backup keep 1
sleep 1.1
cox -C "$W" backup </dev/null
like "$out" "removed $T/backups/$first \(keeping the newest 1\)" "a new backup past [backup] keep removes the oldest"
is "$(ls "$T/backups" | wc -l):$(ls "$T/backups" | grep -c "$first")" "1:0" "and one remains, the new one"

done_testing
