# Replies to what cox emails: an athlete's note is forwarded to the
# coaches of their squad by email (through a real SMTP server); the
# coach's reply goes back to the athlete as a text, with the quoted
# note dropped, and files the note; "archive" files it without a word;
# a text cox could not read is not emailed on its own but in an hourly
# roundup (or the digest), and a readable one sent after files it;
# a coach of another squad is refused.  A reply of "undo" to a ratings
# confirmation takes back what that email stored: the scores it added
# are gone, the one it corrected is as before, the texts it queued are
# cancelled, and nobody is texted.  Every reply is kept in the log.
. "$(dirname "$0")/lib.sh"
plan 50

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
conf_set "$W/cox.conf" mail coaches "head.coach@example.org, priya.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
# the demo's own queue and inbox are not this test's
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out';
	UPDATE message SET archived = 1 WHERE direction = 'in'"

smtp_sink "$W"

# coach FROM MSGID REPLY-TO BODY: an email from FROM (a dmarc=pass
# one) that replies to REPLY-TO, as a phone's mail app quotes it
coach() {
	email "From: $1" "Subject: Re: what you sent" "Message-ID: <$2@example.org>" \
		"In-Reply-To: $3" "References: <older@example.org> $3" \
		"Content-Type: text/plain; charset=utf-8" "$4

On Sun, 22 Nov 2026 at 14:05, <coxswain@club.example> wrote:
> Jane Doe texted:
>
>     the quoted words
-- 
Sent from my phone"
}
jane_sms() { sql "$db" "SELECT body FROM message WHERE direction = 'out' AND channel = 'sms'
	AND kind = 'answer' AND peer = '+447700900101' ORDER BY id"; }

# -- A note, forwarded by the running daemon to Jane's squad's coach
sms_start "$W"
text +447700900101 n1 "note Back is tight after the 2k"
like "$out" "^200" "Jane's note is answered"
mail_received 1 || { echo "Bail out! no email came: $(tail -5 "$T/sms.log")"; exit 1; }
sms_stop
fwd=$T/inbox/1.eml
is "$(sed -n 2p "$T/inbox/1.env")" "head.coach@example.org" "it is emailed to Senior Men's coach (the head coach)"
is "$(ls "$T/inbox" | grep -c '\.eml$')" 1 "and to no coach of another squad"
is "$(header "$fwd" Subject)" "Note from Jane Doe" "its subject names her"
like "$(tr -d '\r' <"$fwd")" "Jane Doe texted:

    Back is tight after the 2k" "it gives the note"
grep -q '=0A' "$fwd" && fail "its lines end as lines, not as quoted-printable =0A" "$(grep -m2 '=0A' "$fwd")" ||
	pass "its lines end as lines, not as quoted-printable =0A"
mid=$(header "$fwd" Message-ID)
like "$mid" "^<cox-[0-9]+-[A-Za-z0-9_-]+@" "it has a Message-ID of ours, with a random part"
note=$(sql "$db" "SELECT id FROM message WHERE direction = 'in' AND body = 'note Back is tight after the 2k'")

# -- A coach of another squad replying (the note was passed on to her)
coach "Priya Shah <priya.coach@example.org>" p1 "$mid" "I can take her out on Tuesday."
is "$rc:$(outcome)" "0:rejected:not a coach of the athlete" "Priya does not coach Jane: refused, with the reason"
is "$(jane_sms)" "" "and nothing is texted"
like "$(reply)" "You do not coach Jane Doe, so nothing was sent" "Priya is told why"

# -- The head coach answers from his phone
coach "Alex Carter <head.coach@example.org>" a1 "$mid" "Take Tuesday off and ice it.\nSee you Thursday."
is "$rc:$(outcome)" "0:stored:" "Alex's reply is stored"
is "$(jane_sms)" "Alex Carter: Take Tuesday off and ice it.
See you Thursday." "Jane is texted his words, with his name, without the quote or the signature"
is "$(sql "$db" "SELECT kind || ' ' || about FROM message WHERE provider_id = 'a1@example.org'")" "answer $note" \
	"the log keeps the reply, about her note"
is "$(sql "$db" "SELECT archived FROM message WHERE id = $note")" 1 "the note is filed"
n=$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'email'")
coach "Alex Carter <head.coach@example.org>" a1 "$mid" "Take Tuesday off and ice it.\nSee you Thursday."
is "$(jane_sms | grep -c 'Alex Carter')" 1 "the same reply delivered twice texts once"

# -- Replies that cannot be sent say why, and send nothing
coach "Alex Carter <head.coach@example.org>" a2 "$mid" ""
is "$(outcome)" "rejected:nothing to send" "a reply with only the quote is refused"
like "$(reply)" "no words above the quoted note" "and says to write at the top"
coach "Alex Carter <head.coach@example.org>" a3 "$mid" "$(printf 'word %.0s' $(seq 100))"
is "$(outcome)" "rejected:longer than a text may be" "an answer of 499 characters is refused"
like "$(reply)" "your answer has 499 characters; a text takes up to 480" "with the count"
sql "$db" "UPDATE person SET opted_out = 1 WHERE handle = 'jdoe'"
coach "Alex Carter <head.coach@example.org>" a4 "$mid" "Are you OK?"
like "$(reply)" "opted out of texts" "an athlete who texted STOP is not texted"
sql "$db" "UPDATE person SET opted_out = 0 WHERE handle = 'jdoe'"
is "$(jane_sms | grep -c 'Alex Carter')" 1 "none of those texted Jane"

# -- "archive" files a note without a word to the athlete
sms_start "$W"
text +447700900201 n2 "note Exams all next week, can I row Sunday?"
note2=$(sql "$db" "SELECT id FROM message WHERE direction = 'in' AND body LIKE 'note Exams%'")
forwards() { sql "$db" "SELECT group_concat(peer, ' ') FROM (SELECT peer FROM message WHERE kind = 'forward'
	AND about = $note2 AND status = '$1' ORDER BY peer)"; }
for _ in $(seq 100); do [ -z "$(forwards queued)$(forwards sending)" ] && break; sleep 0.1; done
sms_stop
is "$(forwards sent)" "head.coach@example.org priya.coach@example.org" "Chloé's note goes to both Junior Women coaches"
mid2="<$(sql "$db" "SELECT provider_id FROM message WHERE kind = 'forward' AND about = $note2 AND peer LIKE 'priya%'")>"
note2=$(sql "$db" "SELECT id FROM message WHERE direction = 'in' AND body LIKE 'note Exams%'")
coach "Priya Shah <priya.coach@example.org>" p2 "$mid2" "Archive"
is "$(outcome):$(sql "$db" "SELECT archived FROM message WHERE id = $note2")" "stored::1" "Priya's \"Archive\" files Chloé's note"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'sms' AND peer = '+447700900201' AND kind = 'answer'")" 0 \
	"and Chloé is not texted"

# -- Thanks and ok: never answered; mailed to the coaches only when they
# answer a coach's own text of the last day (Jane had Alex's; Chloé none)
sql "$db" "UPDATE message SET created_at = created_at - 2 * 86400 WHERE kind IN ('coach', 'answer')
	AND person_id = (SELECT id FROM person WHERE handle = 'cmartin')"
fwd_count() { sql "$db" "SELECT count(*) FROM message WHERE kind = 'forward'"; }
k=$(fwd_count)
sms_start "$W"
text +447700900201 t1 "Thanks coach 👍"
unlike "$out" "<Message>" "Chloé's thanks gets no answer"
is "$(fwd_count)" "$k" "and is not mailed to her coaches: it answers none of them"
text +447700900101 t2 "ok thanks"
unlike "$out" "<Message>" "Jane's ok after Alex's answer gets no answer either"
is "$(fwd_count)" "$((k + 1))" "but reaches her coach: it answers him"
sms_stop

# -- A text cox could not read is answered with the line to send back;
# it reaches the coaches in the digest, or here in an hourly roundup,
# never in an email of its own; a readable text sent after files it
conf_set "$W/cox.conf" digest unread hourly
sms_start "$W"
text +447700900101 r1 "boat feel 4"
like "$out" "I could not read &#39;boat&#39;. Did you mean this\\? Send it back: " \
	"Jane's \"boat feel 4\" is answered with the line to send back"
unread=$(sql "$db" "SELECT id FROM message WHERE direction = 'in' AND body = 'boat feel 4'")
sms_stop
is "$(sql "$db" "SELECT count(*) FROM message WHERE about = $unread")" 0 \
	"no email of its own goes to the coaches"
roundups() { sql "$db" "SELECT count(*) FROM message WHERE kind = 'roundup'"; }
run "$COX" -C "$W" remind run
run "$COX" -C "$W" outbox run
round=$(grep -l "boat feel 4" "$T"/inbox/*.eml | tail -1)
is "$(header "$round" Subject):$(sed -n 2p "${round%.eml}.env")" \
	"cox: texts it could not read:head.coach@example.org" "it comes to Senior Men's coach in the roundup"
like "$(tr -d '\r' <"$round")" "Jane Doe texted what cox could not read: \"boat feel 4\"
    archive $unread" "with the command that files it"
run "$COX" -C "$W" remind run
is "$(roundups)" 1 "and no second roundup within the hour"
sms_start "$W"
text +447700900101 r2 "sleep 3 stress 2"
sms_stop
is "$(sql "$db" "SELECT archived FROM message WHERE id = $unread")" 1 \
	"her readable text files the unread one"
conf_del "$W/cox.conf" digest unread

# -- undo: Alex rates Oliver (one score corrected) and Tom (added)
scores() { sql "$db" "SELECT p.handle || ' ' || m.slug || ' ' || r.score FROM rating r JOIN person p ON p.id = r.athlete_id
	JOIN metric m ON m.id = r.metric_id WHERE r.source = 'coach' AND r.rated_on = '2026-11-21' ORDER BY 1"; }
email "Subject: ratings" "Message-ID: <u0@example.org>" 'date: 2026-11-21\nOliver Brown:\n  technique 3'
before=$(scores)
texts_before=$(sql "$db" "SELECT count(*) FROM message WHERE channel = 'sms' AND direction = 'out'")
email "Subject: ratings" "Message-ID: <u1@example.org>" 'date: 2026-11-21\nOliver Brown:\n  technique 5\nTom Okafor:\n  fitness 2\n  technique 4'
is "$(scores | tr '\n' ,)" "obrown technique 5,tokafor fitness 2,tokafor technique 4," "the second email corrects one score and adds two"
like "$(reply)" "reply with the one word undo" "its confirmation says how to take it back"
queued=$(sql "$db" "SELECT count(*) FROM message WHERE channel = 'sms' AND status = 'queued' AND kind = 'notify'
	AND about = (SELECT id FROM message WHERE provider_id = 'u1@example.org')")
is "$queued" 1 "it queued a text to Tom"
run "$COX" -C "$W" outbox run
conf=$(grep -l "Stored 3 ratings" "$T"/inbox/*.eml | tail -1)
[ -n "$conf" ] || { echo "Bail out! the confirmation was not sent: $out $err"; exit 1; }
cmid=$(header "$conf" Message-ID)
is "$(header "$conf" In-Reply-To) $(header "$conf" References)" "<u1@example.org> <u1@example.org>" \
	"the confirmation answers the coach's email, so a mail app threads it"
coach "Priya Shah <priya.coach@example.org>" x1 "$cmid" "undo"
is "$(outcome)" "rejected:not the sender of the ratings" "another coach cannot undo Alex's email"
coach "Alex Carter <head.coach@example.org>" x2 "$cmid" "Undo."
is "$rc:$(outcome)" "0:stored:" "Alex's \"Undo.\" is taken"
is "$(scores)" "$before" "the scores it added are gone and the one it corrected is back"
is "$(sql "$db" "SELECT status FROM message WHERE provider_id = 'u1@example.org'")" undone "the email is marked undone in the log"
is "$(sql "$db" "SELECT status || ' ' || error FROM message WHERE channel = 'sms' AND kind = 'notify'
	AND about = (SELECT id FROM message WHERE provider_id = 'u1@example.org')")" "cancelled undone by the coach" \
	"the text to Tom, not yet sent, is cancelled"
is "$(sql "$db" "SELECT count(*) FROM message WHERE channel = 'sms' AND direction = 'out' AND status != 'cancelled'")" "$texts_before" \
	"and nobody is texted anything new"
like "$(reply)" "Undone: your email of [0-9]+ [A-Z][a-z]+ 20[0-9]{2} no longer counts.

- 2 scores it added were removed
- 1 score it corrected is back as before" "Alex is told what was undone"
coach "Alex Carter <head.coach@example.org>" x3 "$cmid" "undo"
is "$(outcome):$(scores | tr '\n' ,)" "rejected:nothing to undo:obrown technique 3," "a second undo changes nothing"
coach "Alex Carter <head.coach@example.org>" x3b "$cmid" "Undo that please"
is "$(outcome)" "rejected:nothing to undo" "undo with a please and what it undoes is an undo too"

# -- A reply to a confirmation that is not "undo" is a ratings email
coach "Alex Carter <head.coach@example.org>" x4 "$cmid" "date: 2026-11-21\nTom Okafor:\n  fitness 3"
is "$(outcome):$(scores | tr '\n' ,)" "stored::obrown technique 3,tokafor fitness 3," \
	"new ratings written as a reply are stored as ratings"
# ...and one whose first line begins with undo and goes on undoes
# nothing, and says so, the rest read as new scores
coach "Alex Carter <head.coach@example.org>" x5 "$cmid" "undo that, wrong Tom - meant Oliver\ndate: 2026-11-21\nOliver Brown:\n  fitness 4"
is "$(outcome):$(scores | tr '\n' ,)" "stored:1 problems outside the ratings stored:obrown fitness 4,obrown technique 3,tokafor fitness 3," \
	"undo with more words on its line: the scores after it are stored, nothing undone"
like "$(reply)" "nothing was undone: to take back the email you answer, reply with undo alone on its first line" \
	"and the coach is told the undo was not taken, and how to make one"
done_testing
