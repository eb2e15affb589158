# Consent: cox roster consent records when and how a person agreed to
# texts, to wellness monitoring, and a minor's guardian.  With [privacy]
# consent = required, an athlete without consent to texts gets only the
# invitation; with it, prompts and a coach's texts; check-in prompts
# also need consent to wellness; a minor needs the guardian's too; a
# withdrawal stops them again.  cox init writes consent = required;
# consent assumed (a cox.conf without the line) changes nothing, and
# cox doctor warns of it and of athletes with none on record.  The
# roster sheet can carry consents, a column a kind.  cox export person
# carries the record.  (The register page's boxes: 27-accounts.t.)
. "$(dirname "$0")/lib.sh"
plan 36

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
id() { sql "$db" "SELECT id FROM person WHERE handle = '$1'"; }
queued() {	# queued HANDLE KIND: how many of KIND wait for HANDLE
	sql "$db" "SELECT count(*) FROM message WHERE person_id = $(id "$1") AND kind = '$2'
		AND status = 'queued' AND direction = 'out'"
}

# a new workspace requires consent; the demo's sheet records everyone's
workspace "$T/new"
like "$(grep -E '^ *#? *consent *=' "$T/new/cox.conf")" "^consent = required$" \
	"cox init writes [privacy] consent = required, not commented out"
is "$(sql "$db" "SELECT count(*) FROM consent WHERE kind = 'texts' AND channel = 'paper'")" \
	"$(sql "$db" "SELECT count(*) FROM person WHERE role = 'athlete'")" \
	"the demo roster's Consent texts column records every athlete's"
cox -C "$W" doctor --json
is "$(printf '%s' "$out" | jq -r '.findings[] | select(.key == "privacy.consent") | .level')" ok \
	"cox doctor: consent required and on record for all: ok"

# Jane and Sam, as a club has them before they agreed
sql "$db" "DELETE FROM consent WHERE person_id IN ($(id jdoe), $(id soneill))"
cox -C "$W" doctor --json
is "$(printf '%s' "$out" | jq -r '.findings[] | select(.key == "privacy.consent") | .level + ": " + .text')" \
	"warn: 2 of 12 athletes have no consent to texts on record, so cox sends them their invitation and nothing else: they tick the boxes when they set their password, or record theirs (cox roster consent WHO --texts, or the roster sheet's Consent texts column)" \
	"cox doctor counts the athletes with no consent on record, and says how they give it"

conf_set "$W/cox.conf" privacy consent assumed
cox -C "$W" sms send --to @jdoe "assumed: this goes"
is "$(queued jdoe broadcast)" 1 "consent assumed: texts go as before"
cox -C "$W" doctor --json
like "$(printf '%s' "$out" | jq -r '.findings[] | select(.key == "privacy.consent") | .level + ": " + .text')" \
	"^warn: \[privacy\] consent is assumed: athletes are texted" "and cox doctor warns of it"

conf_set "$W/cox.conf" privacy consent required
cox -C "$W" sms send --to @jdoe "required: this waits"
like "$out" "0 texts queued.*1 skipped" "required, no consent: a text to Jane is not queued"
cox -C "$W" invite --via sms --again @jdoe
is "$(queued jdoe invite)" 1 "but her invitation is"
# the coach who rates her is told she gets no text, and why
conf_set "$W/cox.conf" mail authserv_id mx.club.example
sql "$db" "DELETE FROM message WHERE kind = 'notify' AND person_id = $(id jdoe)"	# no prompt to repeat
coach_email "$W" "Jane Doe: technique 4"
reply=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND kind = 'reply' ORDER BY id DESC LIMIT 1")
like "$reply" "These athletes get no text about your scores:" \
	"a coach's confirmation names who gets no text of the scores it stored"
like "$reply" "^- Jane Doe \(their own consent to texts is not recorded yet: no text reaches them, ask in person\)$" "and why"
like "$reply" "^No athlete is texted for their own scores this time;" \
	"and, none being texted, does not say each athlete who takes texts gets one"
coach_email "$W" "Tom Okafor: technique 3"
reply=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND kind = 'reply' ORDER BY id DESC LIMIT 1")
like "$reply" "^- Jane Doe, since today \(their own consent to texts is not recorded yet: no text reaches them, ask in person\)$" \
	"the next one's list of who still owes an answer says why no text reaches her too"

cox -C "$W" roster consent @jdoe
is "$rc:$err" "64:cox: error: say which consent: --texts, --wellness or --guardian
usage: cox roster consent [-C dir] who --texts | --wellness | --guardian
       [--channel paper|email|sms|web|in-person] [--version text] [--on YYYY-MM-DD]
       [--withdraw]" "consent without its kind says which to name, then the usage on lines of its own"
cox -C "$W" roster consent @jdoe --texts --wellness
like "$rc:$err" "^64:cox: error: one consent at a time: record each of --texts, --wellness and --guardian with a command of its own" \
	"two consents at once are refused as two, not as none"
cox -C "$W" roster consent @jdoe --texts --channel paper --version 2026-09 --on 2026-09-01
is "$rc:$out" "0:recorded: texts, for Jane Doe (@jdoe)" "roster consent records her consent to texts, and says whose"
is "$(sql "$db" "SELECT kind || ' ' || date(given_at, 'unixepoch') || ' ' || channel || ' ' || version
	FROM consent WHERE person_id = $(id jdoe)")" "texts 2026-09-01 paper 2026-09" \
	"with the day, the way and the notice's version"
cox -C "$W" roster list --json
is "$(printf '%s' "$out" | jq -c '.[] | select(.handle == "jdoe") | .consent')" \
	'{"texts":{"given":"2026-09-01","channel":"paper","version":"2026-09"}}' \
	"roster list --json shows the consents in force"
cox -C "$W" sms send --to @jdoe "now it goes"
is "$(queued jdoe broadcast)" 2 "with it, a text to her is queued"

# check-in prompts: consent to wellness monitoring too
conf_set "$W/cox.conf" reminders check_in "daily 07:30"
COX_NOW=$(date -u -d "tomorrow 07:31" +%s) run "$COX" -C "$W" remind run
is "$(queued jdoe check-in)" 0 "no check-in prompt without consent to wellness"
cox -C "$W" roster consent @jdoe --wellness
COX_NOW=$(($(date -u -d "tomorrow 07:31" +%s) + 86400)) run "$COX" -C "$W" remind run
is "$(queued jdoe check-in)" 1 "with it, her check-in prompt goes"

# a minor: the guardian's consent as well
cox -C "$W" roster edit @jdoe --minor yes --guardian-phone "+44 7700 900150"
cox -C "$W" sms send --to @jdoe "minor, no guardian consent"
like "$out" "0 texts queued.*1 skipped" "a minor without her guardian's consent: nothing but the invitation"
# the coach is told it is the guardian's consent that is missing, and whose
cox -C "$W" roster edit @jdoe --guardian-name "Sarah Doe"
sql "$db" "DELETE FROM message WHERE kind = 'notify' AND person_id = $(id jdoe)"
coach_email "$W" "Jane Doe: fitness 4"
reply=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND kind = 'reply' ORDER BY id DESC LIMIT 1")
like "$reply" "^- Jane Doe \(consent from their guardian, Sarah Doe, is not recorded yet: no text reaches them, ask in person\)$" \
	"a coach's confirmation says it is her guardian's consent that is missing, and names her"
cox -C "$W" roster consent @jdoe --guardian --channel email
cox -C "$W" sms send --to @jdoe "minor, guardian agreed"
like "$out" "^1 text queued" "with the guardian's, it goes"
# a guardian's consent needs a guardian on the roster to give it
cox -C "$W" roster consent @soneill --guardian
is "$rc:$out" "65:" "a guardian's consent for someone with no guardian on the roster is refused (65)"
like "$err" "Sam O'Neill \(@soneill\) has no guardian on the roster, so no guardian's consent can be recorded: add their guardian first \(cox roster edit @soneill --guardian-name NAME" \
	"saying why, and how to add the guardian"
is "$(sql "$db" "SELECT count(*) FROM consent WHERE person_id = $(id soneill) AND kind = 'guardian'")" 0 \
	"and nothing is recorded"
printf 'Name,Email,Consent guardian\nSam O'"'"'Neill,sam.oneill@example.org,2026-09-02\n' >"$T/g.csv"
cox -C "$W" roster import "$T/g.csv"
like "$rc:$err" "^65:.*line 2: a guardian's consent, but Sam O'Neill has no guardian on the roster" \
	"nor from the roster sheet's Consent guardian column"

# withdrawn
cox -C "$W" roster consent @jdoe --texts --withdraw
is "$rc:$out" "0:withdrawn: texts, for Jane Doe (@jdoe)" "a withdrawal is recorded"
cox -C "$W" sms send --to @jdoe "after the withdrawal"
like "$out" "0 texts queued.*1 skipped" "and stops her texts again"
# a text queued before the withdrawal is held when it would leave
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out' AND status = 'queued'
	AND coalesce(person_id, 0) != $(id jdoe)"
conf_set "$W/cox.conf" sms account_sid AC0123456789abcdef0123456789abcdef
conf_set "$W/cox.conf" sms api_url "http://127.0.0.1:$(free_port)"
conf_set "$W/cox.conf" sms api_timeout 1
"$COX" -C "$W" outbox run >/dev/null 2>&1
is "$(sql "$db" "SELECT group_concat(m.status || ': ' || coalesce(m.error, ''), ', ') FROM message m
	WHERE m.person_id = $(id jdoe) AND m.kind = 'broadcast' AND m.body LIKE '%now it goes%'")" \
	"suppressed: no consent" "a text queued before her withdrawal is held when it would leave"

cox -C "$W" roster consent @jdoe --texts --channel fax
like "$err" "--channel is paper, email, sms, web or in-person" "a way not on the list is refused"

# the roster sheet: a consent column a kind, the day each was given
printf 'Name,Email,Mobile,Squad,Consent texts,Consent wellness,Consent version\nSam O'"'"'Neill,sam.oneill@example.org,+447700900102,Senior Men,2026-09-02,2026-09-03,v2\n' >"$T/roster.csv"
cox -C "$W" roster import "$T/roster.csv"
like "$out" "~ Sam O'Neill: consent" "the roster sheet's consent columns are recorded"
is "$(sql "$db" "SELECT group_concat(kind || ' ' || date(given_at, 'unixepoch') || ' ' || version, ', ')
	FROM (SELECT * FROM consent WHERE person_id = $(id soneill) ORDER BY kind)")" \
	"texts 2026-09-02 v2, wellness 2026-09-03 v2" "each on its day, with the notice's version"
cox -C "$W" roster import "$T/roster.csv"
like "$out" "0 updated, 1 unchanged" "the same sheet again changes nothing"
printf 'Name,Email,Consent texts\nSam O'"'"'Neill,sam.oneill@example.org,02/09/2026\n' >"$T/bad.csv"
cox -C "$W" roster import "$T/bad.csv"
like "$err" "line 2: consent day '02/09/2026' is not a day written YYYY-MM-DD" "a day written otherwise is refused with its line"

cox -C "$W" export person --out "$T/exp" @jdoe
is "$(jq -r '.tables.consent | map(.kind + ":" + (.withdrawn_at != null | tostring)) | join(" ")' "$T/exp/person.json")" \
	"guardian:false texts:true wellness:false" \
	"cox export person carries every consent, the withdrawn one marked"

done_testing
