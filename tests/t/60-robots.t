# Mail a robot sends acts on nothing: an out-of-office reply to a
# forwarded note is not the coach's answer (nothing texted, the note
# not filed), an auto-reply to a confirmation is not answered, and
# bounces and list mail store no ratings; each is kept and logged.
# Every email cox sends says it is automatic (RFC 3834).  Two
# different emails with one Message-ID both count, while the same
# email delivered twice counts once.  A long subject in any script is
# sent as encoded words short enough for every mail reader.
. "$(dirname "$0")/lib.sh"
plan 32

W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches "head.coach@example.org, priya.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out';
	UPDATE message SET archived = 1 WHERE direction = 'in'"

smtp_sink "$W"

# every email here: from the head coach (email's default), answering
EMAIL_HEADERS=("Subject: Re: what you sent" "Content-Type: text/plain; charset=utf-8")
emails_out() { sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'email'"; }
texts_out() { sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'sms'"; }
ratings() { sql "$db" "SELECT count(*) FROM rating WHERE source = 'coach' AND rated_on = '2026-10-01'"; }
raws() { ls "$W/mail/raw" | wc -l; }

# -- Jane's note, forwarded to Alex, and a confirmation of his ratings
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
alex=$(sql "$db" "SELECT id FROM person WHERE handle = 'acarter'")
note=$(sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('in', 'sms', $jane, '+447700900101', 'note Back is tight', 'note', 'stored', strftime('%s'))
	RETURNING id")
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, subject, body, kind, provider_id, status,
	created_at, about) VALUES ('out', 'email', $alex, 'head.coach@example.org', 'Note from Jane Doe', 'Jane Doe texted',
	'forward', 'fwd-1@club.example', 'sent', strftime('%s'), $note)"
email "Message-ID: <r0@example.org>" 'date: 2026-10-02\nOliver Brown:\n  technique 3'
sql "$db" "UPDATE message SET provider_id = 'conf-r0@club.example', status = 'sent' WHERE kind = 'reply'
	AND about = (SELECT id FROM message WHERE provider_id = 'r0@example.org')"
undone() { sql "$db" "SELECT status FROM message WHERE provider_id = 'r0@example.org'"; }

# -- Robots: each is kept and logged, and does nothing
e0=$(emails_out) t0=$(texts_out) r0=$(raws)
email "Message-ID: <ooo1@example.org>" 'In-Reply-To: <fwd-1@club.example>' 'Auto-Submitted: auto-replied' "I am out of the office until Monday."
is "$rc:$(outcome)" "0:stored:automatic mail (Auto-Submitted: auto-replied): acted on nothing" \
	"an out-of-office reply to a forwarded note is stored, with why it did nothing"
is "$(texts_out):$(sql "$db" "SELECT archived FROM message WHERE id = $note")" "$t0:0" \
	"nothing is texted to Jane and her note is not filed"
is "$(sql "$db" "SELECT kind || ' ' || status FROM message WHERE provider_id = 'ooo1@example.org'")" "automatic ignored" \
	"the log keeps it as automatic mail"
email "Message-ID: <ooo2@example.org>" 'In-Reply-To: <conf-r0@club.example>' 'X-Autoreply: yes' "undo"
is "$(outcome):$(undone)" "stored:automatic mail (X-Autoreply: yes): acted on nothing:stored" \
	"an auto-responder's \"undo\" to a confirmation undoes nothing"
email "Message-ID: <ooo3@example.org>" 'In-Reply-To: <conf-r0@club.example>' 'X-Autorespond: on' "Thanks for your email, I am away"
is "$(outcome)" "stored:automatic mail (X-Autorespond: on): acted on nothing" "X-Autorespond is a robot"
email "Message-ID: <ooo4@example.org>" 'Auto-Submitted: auto-generated' "I am away"
is "$(outcome)" "stored:automatic mail (Auto-Submitted: auto-generated): acted on nothing" \
	"an auto-reply with no ratings gets no error email"
rating='date: 2026-10-01\nJane Doe:\n  technique 4'
email "Message-ID: <b1@example.org>" 'Precedence: bulk' "$rating"
is "$(outcome)" "stored:automatic mail (Precedence: bulk): acted on nothing" "Precedence: bulk is a robot"
email "Message-ID: <b2@example.org>" 'Precedence: junk' "$rating"
is "$(outcome)" "stored:automatic mail (Precedence: junk): acted on nothing" "Precedence: junk"
email "Message-ID: <b3@example.org>" 'Precedence: list' "$rating"
is "$(outcome)" "stored:automatic mail (Precedence: list): acted on nothing" "Precedence: list"
email "Message-ID: <b4@example.org>" 'List-Id: Rowing chat <chat.club.example>' "$rating"
is "$(outcome)" "stored:automatic mail (List-Id: Rowing): acted on nothing" "mail from a list"
email "Message-ID: <b5@example.org>" 'Return-Path: <>' "$rating"
is "$(outcome)" "stored:automatic mail (Return-Path: <>): acted on nothing" "an empty return path (a bounce)"
email "Message-ID: <b6@example.org>" 'Content-Type: multipart/report; report-type=delivery-status; boundary="XX"' \
	"--XX\nContent-Type: text/plain\n\n$rating\n--XX\nContent-Type: message/delivery-status\n\nStatus: 5.0.0\n--XX--"
is "$(outcome)" "stored:automatic mail (multipart/report): acted on nothing" "a delivery status notification"
email "Message-ID: <b7@example.org>" 'Content-Type: text/plain; report-type=delivery-status' "$rating"
is "$(outcome)" "stored:automatic mail (report-type=delivery-status): acted on nothing" "report-type=delivery-status"
email "Message-ID: <b8@example.org>" 'Auto-Submitted: Auto-Replied (vacation)' "$rating"
is "$(outcome)" "stored:automatic mail (Auto-Submitted: Auto-Replied): acted on nothing" "in any case, with a comment"
is "$(ratings)" 0 "no robot stored a rating"
is "$(emails_out):$(texts_out)" "$e0:$t0" "no robot was answered and nobody was texted"
is "$(raws)" $((r0 + 12)) "every one is kept on disk"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'automatic'")" 12 "and in the log"
like "$err" "automatic mail \(Auto-Submitted: Auto-Replied\): acted on nothing" "and logged"

# -- What is not a robot
email "Message-ID: <h1@example.org>" 'Auto-Submitted: no' 'X-Auto-Response-Suppress: All' "$rating"
is "$(outcome):$(ratings)" "stored::1" "Auto-Submitted: no and X-Auto-Response-Suppress are a coach's email"
email "Message-ID: <h2@example.org>" 'In-Reply-To: <fwd-1@club.example>' "Rest tomorrow."
is "$(outcome):$(sql "$db" "SELECT archived FROM message WHERE id = $note")" "stored::1" \
	"a coach's own answer to the note is texted and files it"

# -- One Message-ID, two emails
sameid() {	# sameid BODY [TRACE]
	printf '%bAuthentication-Results: mx.club.example; dmarc=pass header.from=example.org
From: Alex Carter <head.coach@example.org>
To: coxswain@club.example
Subject: ratings
Message-ID: <same@example.org>
Content-Type: text/plain

%b\n' "${2:-}" "$1" >"$T/in.eml"
	mail "$T/in.eml"
}
day() { sql "$db" "SELECT group_concat(p.handle || ' ' || m.slug || ' ' || r.score, ',') FROM rating r
	JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id
	WHERE r.source = 'coach' AND r.rated_on = '2026-10-05' ORDER BY 1"; }
e0=$(emails_out)
sameid 'date: 2026-10-05\nTom Okafor:\n  fitness 2'
is "$(outcome):$(day)" "stored::tokafor fitness 2" "an email is stored"
sameid 'date: 2026-10-05\nMei Chen:\n  technique 5'
is "$rc:$(outcome)" "0:stored:Message-ID used before by other content" "another email with its Message-ID is stored too, and the ledger says so"
is "$(day)" "tokafor fitness 2,mchen technique 5" "and its ratings count"
is "$(($(emails_out) - e0))" 2 "each is confirmed"
sameid 'date: 2026-10-05\nMei Chen:\n  technique 5' 'Received: from relay2.example.org by mx.club.example\n'
is "$rc:$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'in' AND subject = 'ratings'
	AND body LIKE '%Mei Chen%' AND created_at > 0")" "0:1" "the same email delivered again, by another relay, is stored once"
is "$(($(emails_out) - e0))" 2 "and not confirmed again"

# -- What cox sends says a robot sent it; a long subject is folded
subject=$(python3 -c 'print(("Séance d’été à Évian, très réussie! " * 8)[:199] + "\U0001F6A3")')
encoded=$(python3 -c 'import sys; from email.header import Header; print(Header(sys.argv[1], "utf-8").encode())' "$subject")
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org
From: Alex Carter <head.coach@example.org>
To: coxswain@club.example
Subject: %s
Message-ID: <long@example.org>
Content-Type: text/plain

date: 2026-10-06\nJane Doe:\n  fitness 3\n' "$encoded" >"$T/in.eml"
mail "$T/in.eml"
is "$(sql "$db" "SELECT length(subject) FROM message WHERE provider_id = 'long@example.org'")" 200 \
	"a 200-character subject is read whole"
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out' AND status = 'queued'
	AND NOT (kind = 'reply' AND about = (SELECT id FROM message WHERE provider_id = 'long@example.org'))"
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, subject, body, kind, status, created_at, about)
	VALUES ('out', 'email', $alex, 'head.coach@example.org', 'Note from Jane Doe', 'Jane Doe texted', 'forward',
	'queued', strftime('%s'), $note)"
run "$COX" -C "$W" outbox run
for _ in $(seq 100); do [ "$(ls "$T/inbox" | grep -c '\.eml$')" -ge 2 ] && break; sleep 0.1; done
conf=$(grep -l "Stored 1 rating" "$T"/inbox/*.eml | head -1)
fwd=$(grep -l "Jane Doe texted" "$T"/inbox/*.eml | head -1)
is "$(header "$conf" Auto-Submitted)" auto-replied "a confirmation is marked auto-replied"
is "$(header "$fwd" Auto-Submitted)" auto-generated "a forwarded note is marked auto-generated"
check=$(python3 - "$conf" "Re: $subject" <<'PY'
import re, sys
from email import message_from_binary_file, policy
from email.header import decode_header, make_header
raw = open(sys.argv[1], "rb").read().decode("ascii")
head = raw.split("\r\n\r\n", 1)[0]
m = re.search(r"^Subject:(.*?)\r\n(?! )", head + "\r\n", re.M | re.S)
field = m.group(0)[:-2]
lines = field.split("\r\n")
words = re.findall(r"=\?[^?]+\?[BbQq]\?[^?]*\?=", field)
problems = []
if len(words) < 2: problems.append("%d encoded words" % len(words))
problems += ["word of %d" % len(w) for w in words if len(w) > 75]
problems += ["line of %d" % len(l) for l in lines if len(l) > 76]
value = str(make_header(decode_header(field[len("Subject:"):].replace("\r\n", ""))))
if value != sys.argv[2]: problems.append("decoded: %r" % value)
print("ok" if not problems else "; ".join(problems))
PY
)
is "$check" ok "the confirmation's subject is encoded words of at most 75 characters that decode to the subject"
like "$(tr -d '\r' <"$conf" | sed -n '/^Subject:/,/^[A-Z]/p' | sed 1d | head -1)" "^ =\?UTF-8\?B\?" \
	"folded over several lines"
done_testing
