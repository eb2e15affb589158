# Who a coach's email is believed to be from, out of the box: with no
# [mail] authserv_id (as cox init leaves it unless told), an email
# whose From is the head coach and which no mail server authenticated
# acts on nothing: stored, quarantined with a reason, and cox doctor
# names the problem.  cox init takes the mail server's name, or reads
# it off an email it delivered; the demo's own email passes; an
# operator with no DMARC-checking server must write out what it costs.
. "$(dirname "$0")/lib.sh"
plan 33

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
is "$(grep '^authserv_id' "$W/cox.conf")" "authserv_id = mx.club.example" \
	"the demo's cox.conf names its mail server"
is "$(sql "$db" "SELECT outcome FROM ingest WHERE source = 'maildir'")" stored \
	"and the demo's own email, which that server passed, was stored"

# A fresh cox init leaves the line commented: mail is then as below
workspace "$T/fresh"
is "$(grep -c '^authserv_id' "$T/fresh/cox.conf")" 0 "a fresh cox.conf sets no authserv_id"
like "$(grep '^# unauthenticated' "$T/fresh/cox.conf")" "^# unauthenticated = anyone who knows a coach's address can command the team$" \
	"and shows, commented, the sentence that would trust From alone"
conf_del "$W/cox.conf" mail authserv_id

texts() { sql "$db" "SELECT count(*) FROM message WHERE direction = 'out'"; }
ratings() { sql "$db" "SELECT count(*) FROM rating WHERE source = 'coach'"; }
phones() { sql "$db" "SELECT count(*) FROM phone"; }
paused() { sql "$db" "SELECT paused FROM person WHERE handle = 'jdoe'"; }
before_texts=$(texts) before_ratings=$(ratings) before_phones=$(phones)

# The forgery: From the head coach, no Authentication-Results at all
forged() {
	printf 'From: Alex Carter <head.coach@example.org>
To: ratings@club.example
Subject: %s
Message-ID: <%s@attacker.example>
Content-Type: text/plain

send all: Training cancelled, pay the fee at http://attacker.example
pause Jane Doe
number Jane Doe +447700900999
Sam O'"'"'Neill: 1 1 1 1 1
' "$1" "$1" >"$T/$1.eml"
	mail "$T/$1.eml"
}
forged forged1
is "$rc" 0 "a forged email is taken (exit 0: kept, not to be retried)"
like "$(outcome)" "^quarantined:not authenticated: \[mail\] authserv_id is not set" \
	"and quarantined, with a reason the operator can read"
is "$(texts)" "$before_texts" "send all: queues no text, and no reply goes back"
is "$(paused)" 0 "pause pauses nobody"
is "$(phones)" "$before_phones" "number adds no phone"
is "$(ratings)" "$before_ratings" "and no rating is stored"
is "$(ls "$W/mail/quarantine" | wc -l)" 1 "its bytes are kept in mail/quarantine/"
like "$(sql "$db" "SELECT raw_path FROM ingest ORDER BY id DESC LIMIT 1")" "mail/raw/[0-9a-f]{64}\.eml$" \
	"and the ledger names its raw copy"

# A header from an unknown server, or a dmarc=pass written by the sender
# with no authserv_id to compare it to, is believed no more
sed '1i Authentication-Results: mx.club.example; dmarc=pass header.from=example.org' \
	"$T/forged1.eml" | sed 's/forged1@/forged2@/' >"$T/forged2.eml"
mail "$T/forged2.eml"
like "$(outcome)" "^quarantined:not authenticated" "a pass the sender wrote is no authentication"
is "$(texts):$(paused)" "$before_texts:0" "and acts on nothing"

# cox doctor: a problem until authentication is set
run "$COX" -C "$W" doctor
like "$out" "^problem: no coach's email acts: \[mail\] authserv_id is not set" "doctor names it a problem"
isnt "$rc" 0 "and exits non-zero for it"
run "$COX" -C "$W" doctor --json
is "$(printf '%s' "$out" | jq -r '[.findings[] | select(.key == "loop.mail_auth") | .level] | join(",")')" fail \
	"--json: the check loop.mail_auth fails"

# The way out is a sentence: anything else is a configuration error
conf_set "$W/cox.conf" mail unauthenticated yes
ledger=$(sql "$db" "SELECT count(*) FROM ingest")
forged forged3
is "$rc" 78 "unauthenticated = yes is a configuration error (78)"
like "$err" "unauthenticated = anyone who knows a coach's address can command the team" \
	"which quotes the sentence to write"
is "$(sql "$db" "SELECT count(*) FROM ingest")" "$ledger" \
	"and the email is left to the mail server to deliver again"
conf_set "$W/cox.conf" mail unauthenticated "anyone who knows a coach's address can command the team"
forged forged4
like "$err" "obeyed on its From header alone, which anyone can forge" "written out, From alone is obeyed, and each run says what it costs"
is "$(paused)" 1 "(so the forgery's pause now works: the cost is real)"
run "$COX" -C "$W" doctor --json
is "$(printf '%s' "$out" | jq -r '[.findings[] | select(.key == "loop.mail_auth") | .level] | join(",")')" warn \
	"doctor keeps warning about it"
run "$COX" -C "$W" roster edit @jdoe --resume
sql "$db" "UPDATE person SET paused = 0 WHERE handle = 'jdoe'"

# With authserv_id set, that server's dmarc=pass is what counts, and
# the unauthenticated line is no longer read
conf_set "$W/cox.conf" mail authserv_id mx.club.example
forged forged5
like "$(outcome)" "^quarantined:no dmarc=pass" "authserv_id set: no header, quarantined"
is "$(paused)" 0 "and the pause is not obeyed"
sed 's/forged2@/forged6@/' "$T/forged2.eml" >"$T/forged6.eml"
mail "$T/forged6.eml"
is "$(outcome)" "stored:" "that server's dmarc=pass for the coach's domain acts"
run "$COX" -C "$W" doctor --json
is "$(printf '%s' "$out" | jq -r '[.findings[] | select(.key == "loop.mail_auth") | .level] | join(",")')" ok \
	"and doctor is content"

# cox init learns the server's name: given, or read off an email
run "$COX" init --authserv-id mx.example.net "$T/given" </dev/null
is "$(grep '^authserv_id' "$T/given/cox.conf")" "authserv_id = mx.example.net" "--authserv-id sets it"
like "$out" "authserv_id = mx.example.net: a coach's email acts when mx.example.net says dmarc=pass" "and says so"
printf 'Authentication-Results: mx.google.com;\n\tdkim=pass header.i=@example.org;\n\tspf=pass smtp.mailfrom=example.org;\n\tdmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.org\nAuthentication-Results: mx.example.org; dmarc=fail header.from=example.org\nFrom: Alex <head.coach@example.org>\nSubject: hi\n\nhello\n' >"$T/sample.eml"
run "$COX" init --sample-mail "$T/sample.eml" "$T/sampled" </dev/null
is "$(grep '^authserv_id' "$T/sampled/cox.conf")" "authserv_id = mx.google.com" \
	"--sample-mail takes the first (the last server's) Authentication-Results"
like "$out" "its mail server is mx.google.com, which says dmarc=pass for example.org" "and says whether that email passes"
printf 'From: Alex <head.coach@example.org>\nSubject: hi\n\nhello\n' >"$T/bare.eml"
run "$COX" init --sample-mail "$T/bare.eml" "$T/bare" </dev/null
like "$rc:$err" "^65:.*has no Authentication-Results header" "an email no server authenticated: said, and nothing made"
run "$COX" init </dev/null "$T/plain"
like "$out" "authserv_id is unset, so every coach email is quarantined until it is set" \
	"a plain cox init says what an unset authserv_id means"
done_testing
