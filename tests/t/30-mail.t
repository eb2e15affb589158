# cox mail: coach emails in real clients' MIME, the rating format's
# errors, sender authentication, exactly-once storage, and the Maildir.
. "$(dirname "$0")/lib.sh"
plan 67

M=$COX_DATADIR/tests/data/mail
W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches "head.coach@example.org, priya.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
# what the demo's own email left, so counts below are this test's
base_ratings=$(sql "$db" "SELECT count(*) FROM rating WHERE message_id IS NOT NULL")
base_notify=$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'notify'")
base_raw=$(ls "$W/mail/raw" 2>/dev/null | wc -l)
base_msg=$(sql "$db" "SELECT max(id) FROM message")
ratings() { sql "$db" "SELECT count(*) - $base_ratings FROM rating WHERE message_id IS NOT NULL"; }

# Thunderbird: multipart/alternative, windows-1252, quoted-printable;
# dated yesterday by the run's clock, since a Date far from the day an
# email comes is set aside (62-rate-formats.t)
sed "s/^Date: .*/Date: $(date -u -R -d '-1 day')/" "$M/thunderbird-qp-1252.eml" >"$T/tb.eml"
mail "$T/tb.eml"
is "$rc" 0 "a Thunderbird email exits 0"
is "$(ratings)" 2 "its two ratings are stored (the text part, not the HTML)"
is "$(sql "$db" "SELECT comment FROM rating WHERE score = 4 AND message_id > $base_msg")" \
	"Très bien – keep the hands level." "windows-1252 and QP become UTF-8"
is "$(sql "$db" "SELECT subject FROM message WHERE provider_id = 'tb-1@example.org'")" \
	"Ratings – week 47" "the encoded subject is decoded"
like "$(reply)" "Stored 2 ratings for $(en_date "$(date -u -d '-1 day' +%F)")" "the coach's reply says what was stored, for the email's day"
like "$(reply | sed -n '/^Still to answer your earlier scores:$/,/^Your dashboards/p')" "^- Jane Doe, (since today|[0-9]+ days?)$" \
	"who has not answered earlier scores, with how long (Jane has not, in the demo)"
like "$(reply)" "Your dashboards: $(grep '^base_url' "$W/cox.conf" | sed 's/.*= //; s|/*$||')/$(page_file "$W" @acarter | sed 's#.*/site/##; s#index.html##')\$" \
	"and the coach's own page, which opens their dashboards"
is "$(sql "$db" "SELECT count(*) - $base_notify FROM message WHERE channel = 'sms' AND kind = 'notify'")" 1 \
	"the athlete gets one text"
prompt=$(sql "$db" "SELECT body FROM message WHERE kind = 'notify' ORDER BY id DESC LIMIT 1")
like "$prompt" "in this order: fitness 1-5, technique 1-5\. E\.g\. 3 3$" \
	"naming what waits in the team's metric order (the page's), with scales and a reply to send"
is "$(( ${#prompt} <= 160 ))" 1 "in one SMS (${#prompt} characters)"

# The same message again, through another relay: stored once
sed 's/^Received: .*/Received: from relay2.example by mx2.club.example; Sat, 21 Nov 2026 10:05:00 +0000/' \
	"$T/tb.eml" >"$T/again.eml"
mail "$T/again.eml"
is "$rc:$(ratings)" "0:2" "a second delivery with other trace headers stores nothing"

# Outlook, HTML only, base64
mail "$M/outlook-html-only.eml"
is "$(sql "$db" "SELECT r.score || ' ' || r.comment FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'tokafor' AND r.message_id > $base_msg")" \
	"5 Strong & steady" "HTML-only mail is read as text"

# Gmail, CSV attachment (wide)
mail "$M/gmail-csv.eml"
is "$(ratings)" 6 "a CSV attachment's ratings are stored"
is "$(sql "$db" "SELECT count(*) FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'glee' AND r.message_id > $base_msg")" 1 \
	"an empty cell is no rating"

# Excel's "CSV (Comma delimited)": Windows-1252, no charset named
csv=$(printf 'athlete,metric,score,comment\r\nChlo\xe9 Martin,technique,4,Tr\xe8s bien\r\n' | base64 -w0)
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: sheet\nMessage-ID: <excel-1252@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nThe sheet.\n\n--b\nContent-Type: text/csv; name="ratings.csv"\nContent-Disposition: attachment; filename="ratings.csv"\nContent-Transfer-Encoding: base64\n\n%s\n--b--\n' "$csv" >"$T/excel.eml"
mail "$T/excel.eml"
is "$rc:$(outcome)" "0:stored:" "an Excel CSV in Windows-1252 is read"
is "$(sql "$db" "SELECT r.score || ' ' || r.comment FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'cmartin' AND r.message_id = (SELECT max(id) FROM message WHERE provider_id = 'excel-1252@example.org')")" \
	"4 Très bien" "its accents become UTF-8"

# A message forwarded as an attachment is not the coach's: neither its
# text nor its headers count (37-mail-forwards.t has more)
mail "$M/forwarded.eml"
is "$(sql "$db" "SELECT count(*) FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'mchen' AND r.message_id > $base_msg")" 0 \
	"a forwarded message's ratings are not read"

# Errors: nothing stored, one reply listing every error with a suggestion
before=$(ratings)
mail "$M/errors.eml"
is "$rc:$(ratings)" "0:$before" "an email with errors exits 0 and stores nothing"
r=$(reply)
like "$r" "^\(!\) 'Jane Do' is not one of your athletes - did you mean 'Jane Doe'\?" "an unknown athlete is named with the closest"
like "$r" "^\(!\) unknown metric 'tecnique' - did you mean 'technique'\?" "an unknown metric is named with the closest"
like "$r" "^\(!\) fitness 9 is outside 1-5" "a score off the scale is named"
like "$r" "^\(!\) rhythm is rated out of 5, not 10" "a wrong maximum is named"
is "$(outcome)" "rejected:errors in the ratings" "the ledger says rejected"

# Senders that are not who they say: quarantined, never answered
replies=$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'email'")
mail "$M/spoofed.eml"
is "$rc" 0 "a spoofed email exits 0 (deliberately refused)"
like "$(outcome)" "quarantined:no dmarc=pass" "dmarc=fail (and a pass from another authserv-id) is quarantined"
like "$err" "quarantined message [0-9a-f]{12}" "and logged"
mail "$M/two-from.eml"
like "$(outcome)" "quarantined:From must name exactly one address" "two From addresses are refused"
mail "$M/stranger.eml"
like "$(outcome)" "quarantined:the sender is not in \[mail\] coaches" "an address not on the allow-list is refused"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'email'")" "$replies" \
	"none of them is answered"
is "$(ls "$W/mail/quarantine" | wc -l)" 3 "their raw bytes are kept in mail/quarantine"
[ "$(ls "$W/mail/raw" | wc -l)" -eq $((base_raw + 9)) ] && pass "every message's raw bytes are kept before parsing (9 distinct so far)" \
	|| fail "every message's raw bytes are kept" "$(ls "$W/mail/raw")"

# A message the parser failed on three times (the ledger counts every
# attempt before parsing) is quarantined on the fourth.
printf 'From: head.coach@example.org\nContent-Type: text/plain\n\nJane Doe:\n technique 3\n' >"$T/crash.eml"
h=$(sha256sum <"$T/crash.eml" | cut -d' ' -f1)
sql "$db" "INSERT INTO ingest (source, source_key, content_hash, attempts, created_at, updated_at)
	VALUES ('stdin', '$h', '$h', 3, 0, 0)"
mail "$T/crash.eml"
like "$rc:$(outcome)" "^0:quarantined:the parser failed on it repeatedly" \
	"a message that failed three times is quarantined on the fourth"

# A huge message is quarantined, never left to be retried forever
{ printf 'From: head.coach@example.org\nSubject: huge\nContent-Type: text/plain\n\nJane Doe:\n  technique 4\n'
  head -c 11534336 /dev/zero | tr '\0' 'x'; } >"$T/huge.eml"
mail "$T/huge.eml"
is "$rc:$(outcome)" "0:quarantined:larger than 10 MiB" "an 11 MiB message on stdin exits 0 and is quarantined"
h=$(sql "$W/cox.db" "SELECT content_hash FROM ingest ORDER BY id DESC LIMIT 1")
is "$(stat -c '%s %h %i' "$W/mail/raw/$h.eml")" "$(stat -c '%s %h %i' "$W/mail/quarantine/$h.eml")" \
	"its capped copy is kept once, under two names"
is "$(stat -c %s "$W/mail/raw/$h.eml")" 10485760 "capped at 10 MiB"

# Kept copies older than [mail] keep_days are pruned, newer ones stay
touch -d '100 days ago' "$W/mail/raw/$h.eml"
conf_set "$W/cox.conf" mail keep_days 30
kept=$(ls "$W/mail/raw" | wc -l)
cox -C "$W" mail --prune
like "$out" "^removed 2 files of kept mail older than 30 days$" "cox mail --prune removes the old copy, both its names"
is "$(ls "$W/mail/raw" | wc -l):$(ls "$W/mail/quarantine" | grep -c "$h")" "$((kept - 1)):0" \
	"and leaves the newer ones"
is "$(sql "$W/cox.db" "SELECT count(*) FROM ingest WHERE content_hash = '$h'")" 1 \
	"the ledger still knows the message"

# Maildir: new/ -> cur/ after the commit; quarantine and rejects to folders
md=$T/Maildir; mkdir -p "$md/new" "$md/cur" "$md/tmp"
sed 's/<tb-1@/<md-1@/; s/Chlo=E9 Martin/Aisha Khan/' "$M/thunderbird-qp-1252.eml" >"$md/new/1.host"
sed 's/<spoof-1@/<md-2@/' "$M/spoofed.eml" >"$md/new/2.host"
sed 's/<err-1@/<md-3@/' "$M/errors.eml" >"$md/new/3.host"
run "$COX" -C "$W" mail --maildir "$md"
is "$rc" 0 "a Maildir pass exits 0"
is "$(ls "$md/new" | wc -l)" 0 "new/ is empty afterwards"
is "$(ls "$md/cur") $(ls "$md/.Quarantine/cur") $(ls "$md/.Rejected/cur")" "1.host:2,S 2.host:2,S 3.host:2,S" \
	"stored mail goes to cur/, quarantined and rejected mail to their folders"
is "$(printf '%s\n' "$err" | tail -1)" "cox: $md/new: 3 messages: 1 stored, 1 rejected, 1 quarantined, 0 already stored, 0 left for the next pass" \
	"the pass ends with one line saying what became of them"
sed 's/^Subject: huge$/Subject: huge too/' "$T/huge.eml" >"$md/new/4.host"
run "$COX" -C "$W" mail --maildir "$md"
is "$(ls "$md/new" | wc -l)" 0 "a huge Maildir message does not stay in new/"
like "$(ls "$md/.Quarantine/cur")" "4\.host:2,S" "it goes to .Quarantine"

# A correction: a later email for the same athlete, metric and day
# replaces the score, says so, and texts nobody again.
fixmail() {	# fixmail ID SCORE
	email "To: team@example.org" "Subject: ratings" "Message-ID: <fix-$1@example.org>" \
		"date: 2026-11-21\nOliver Brown:\n  technique $2"
}
olivia_texts() { sql "$db" "SELECT count(*) FROM message m JOIN person p ON p.id = m.person_id WHERE p.handle = 'obrown' AND m.kind = 'notify'"; }
olivia_day() { sql "$db" "SELECT group_concat(r.score) FROM rating r JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id
	WHERE p.handle = 'obrown' AND m.slug = 'technique' AND r.source = 'coach' AND r.rated_on = '2026-11-21'"; }
fixmail 1 3
texts=$(olivia_texts)
fixmail 2 5
is "$rc:$(olivia_day)" "0:5" "a later email for the same athlete, metric and day replaces the score"
like "$(reply)" "^- Oliver Brown: technique from 3 to 5$" "and the coach's confirmation says what it replaced"
is "$(olivia_texts)" "$texts" "the athlete is not texted again for a correction"
# ...unless they had answered the score: the pair they were shown changed
olivia_fixes() { sql "$db" "SELECT count(*) || ':' || coalesce(max(m.body), '') FROM message m JOIN person p ON p.id = m.person_id
	WHERE p.handle = 'obrown' AND m.kind = 'correction'"; }
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	SELECT r.athlete_id, r.metric_id, 'self', 4, r.rated_on, r.created_at FROM rating r
	JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id
	WHERE p.handle = 'obrown' AND m.slug = 'technique' AND r.source = 'coach' AND r.rated_on = '2026-11-21'"
fixmail 3 2
like "$(reply)" "^- Oliver Brown: technique from 5 to 2 \(answered already: texted the change\)$" \
	"a correction of a score the athlete had answered tells the coach they are texted"
like "$(olivia_fixes)" "^1:.*Your coach corrected technique to 2 \(it was 5\)\.$" \
	"and texts them the score now and the one they were shown"
fixmail 4 2
is "$(olivia_fixes | cut -d: -f1)" 1 "a correction that keeps the score texts nobody"
is "$(olivia_texts)" "$texts" "nor is a correction a new prompt"
sql "$db" "UPDATE person SET opted_out = 1 WHERE handle = 'obrown'"
fixmail 5 3
like "$(reply)" "^- Oliver Brown: technique from 2 to 3$" \
	"to an athlete who texted STOP the confirmation does not say they were texted"
sql "$db" "UPDATE person SET opted_out = 0 WHERE handle = 'obrown'"
# Corrections of one evening not sent yet (quiet hours hold them) make
# one text, from the score he was shown (5: the texts of 2 and of 3
# never went, the first replaced by the second, which found him opted
# out); none when it is back to it
olivia_waiting() { sql "$db" "SELECT count(*) || ':' || coalesce(group_concat(m.body, '|'), '') FROM message m
	JOIN person p ON p.id = m.person_id WHERE p.handle = 'obrown' AND m.kind = 'correction' AND m.status = 'queued'"; }
fixmail 6 1
like "$(olivia_waiting)" "^1:.*Your coach corrected technique to 1 \(it was 5\)\.$" \
	"a correction waits in the outbox, from the score he was shown"
fixmail 7 4
like "$(olivia_waiting)" "^1:.*Your coach corrected technique to 4 \(it was 5\)\.$" \
	"a second before it went replaces it: one text"
like "$(reply)" "^- Oliver Brown: technique from 1 to 4 \(answered already: texted the change\)$" \
	"and the confirmation says he is texted"
fixmail 8 5
is "$(olivia_waiting)" "0:" "a third putting back the score he was shown leaves nothing to text"
like "$(reply)" "^- Oliver Brown: technique from 4 to 5$" "and the confirmation does not say he is texted"

# A prompt not answered is not repeated: the coach's next emails of the
# evening text Oliver only when they name more that waits
ratemail() {	# ratemail ID LINE
	email "To: team@example.org" "Subject: ratings" "Message-ID: <more-$1@example.org>" \
		"date: 2026-11-22\nOliver Brown:\n  $2"
}
olivia_last() { sql "$db" "SELECT m.body FROM message m JOIN person p ON p.id = m.person_id WHERE p.handle = 'obrown' AND m.kind = 'notify' ORDER BY m.id DESC LIMIT 1"; }
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'notify' AND person_id = (SELECT id FROM person WHERE handle = 'obrown')"
ratemail 1 "technique 4"
is "$rc:$(olivia_texts)" "0:$texts" "a sent prompt unanswered is not sent again in the same words"
ratemail 2 "fitness 2"
is "$(olivia_texts)" "$((texts + 1))" "one naming more that waits is"
like "$(olivia_last)" "fitness 1-5, technique 1-5" "and names it all"
ratemail 3 "fitness 2"
is "$(olivia_texts)" "$((texts + 1))" "while it waits in the outbox, a correction's same words are not queued twice"
ratemail 4 "rhythm 3"
like "$(olivia_texts):$(olivia_last)" "^$((texts + 2)):.*fitness 1-5, rhythm 1-5, technique 1-5" "a third metric is texted"

# An envelope sender quoting ";dmarc=pass(...)", which the border MTA
# records in smtp.mailfrom, is no result of its own: the real one,
# dmarc=fail, stands, and the email is quarantined, storing nothing and
# texting nobody.
before=$(ratings)
replies=$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out'")
quarantined=$(ls "$W/mail/quarantine" | wc -l)
mail "$M/forged-mailfrom.eml"
is "$rc:$(outcome)" "0:quarantined:no dmarc=pass for the From domain from the border MTA" \
	"a forged dmarc=pass inside a quoted smtp.mailfrom is quarantined"
is "$(ratings)" "$before" "nothing of it is stored"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out'")" "$replies" \
	"nobody is texted or answered"
is "$(ls "$W/mail/quarantine" | wc -l)" $((quarantined + 1)) "its raw bytes are kept in mail/quarantine"

# Apple Mail, HTML only, entities by number and by name
mail "$M/apple-html-entities.eml"
is "$(sql "$db" "SELECT r.score || ' ' || r.comment FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'tokafor' AND r.metric_id = (SELECT id FROM metric WHERE slug = 'technique') AND r.message_id > $base_msg")" \
	"4 Don’t rush — café after…" "every HTML entity is decoded (libxml2's HTML parser)"

done_testing
