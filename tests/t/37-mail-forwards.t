# cox mail: only the coach's own words command and rate.  A message the
# coach forwards, in the body (Thunderbird, Apple Mail, Gmail in French,
# an HTML forward) or attached to the email, is someone else's: its
# "send all:", its ratings and its CSV are not read, nor is text a mail
# client would not show; the coach's own lines above it are.
. "$(dirname "$0")/lib.sh"
plan 20

M=$COX_DATADIR/tests/data/mail
W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches "head.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
# the demo's own queue is not this test's
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"

last_id() { sql "$db" "SELECT max(id) FROM message"; }
# texts ID: the texts queued after message ID, "handle kind body"
texts() { sql "$db" "SELECT p.handle || ' ' || m.kind || ' ' || m.body FROM message m
	JOIN person p ON p.id = m.person_id WHERE m.direction = 'out' AND m.channel = 'sms'
	AND m.kind <> 'notify' AND m.id > $1 ORDER BY m.id"; }
# rated MESSAGE-ID: "handle metric score" of the ratings that email stored
rated() { sql "$db" "SELECT p.handle || ' ' || mt.slug || ' ' || r.score FROM rating r
	JOIN person p ON p.id = r.athlete_id JOIN metric mt ON mt.id = r.metric_id
	WHERE r.message_id = (SELECT id FROM message WHERE provider_id = '$1')
	ORDER BY p.handle, mt.slug"; }
paused() { sql "$db" "SELECT paused FROM person WHERE handle = '$1'"; }
# deliver NAME: tests/data/mail/NAME delivered (mail), the last message
# before it in $id
deliver() {
	id=$(last_id)
	mail "$M/$1"
}

# Thunderbird: "-------- Forwarded Message --------", the coach's own
# command above it obeyed
deliver fwd-thunderbird.eml
is "$(rated fwd-tb@example.org)" "jdoe technique 4" \
	"Thunderbird: the coach's rating above the forward is stored, not the forwarded one"
is "$(texts "$id")" "jdoe coach Alex Carter: see the note below" \
	"the coach's own send is obeyed, the forwarded send all: is not"

# Apple Mail: "Begin forwarded message:", unquoted
deliver fwd-apple.eml
is "$(rated fwd-apple@example.org)" "jdoe technique 4" "Apple Mail: the coach's rating is stored"
is "$(texts "$id")" "" "no text is queued for the forwarded send all:"
is "$(paused tokafor)" 0 "nor is the forwarded pause obeyed"

# Gmail in French: "---------- Message transféré ---------"
deliver fwd-gmail-fr.eml
is "$(rated fwd-gmail-fr@example.org)" "jdoe technique 4" "Gmail in French: the coach's rating is stored"
is "$(texts "$id")" "" "no text is queued for the forwarded send all:"

# HTML only: a send all: hidden with display:none above a Gmail forward,
# a pause hidden by a class, another send all: in the forward
deliver fwd-html-hidden.eml
is "$(rated fwd-hidden@example.org)" "jdoe technique 4" "HTML: the coach's visible rating is stored"
is "$(texts "$id")" "" "neither the hidden send all: nor the forwarded one is obeyed"
is "$(paused tokafor)" 0 "nor the pause a <style> class hides"
unlike "$(sql "$db" "SELECT body FROM message WHERE direction = 'in' AND provider_id = 'fwd-hidden@example.org'")" \
	'send all|pause' "and the words kept of the email are the ones its coach saw"

# A message attached to the email, its CSV inside
deliver attached-csv.eml
is "$(rated attached-csv@example.org)" "jdoe technique 4" \
	"an attached message's CSV is not stored as the coach's ratings, the coach's own text is"
is "$(sql "$db" "SELECT count(*) FROM rating WHERE comment = 'from the attached message'")" 0 \
	"no rating anywhere comes from it"

# An HTML-only body, a message attached whose text/plain says send all:
deliver html-attached-text.eml
is "$(rated html-attached-text@example.org)" "jdoe technique 4" \
	"an HTML-only body is read, not the attached message's text"
is "$(texts "$id")" "" "the attached message's send all: is not obeyed"

# The same words as the coach's own are obeyed: the forms above are cut
# for being forwarded, not for what they say
id=$(last_id)
coach_email "$W" 'send all: Training cancelled, the boathouse is closed'
isnt "$(texts "$id" | wc -l)" 0 "the coach's own send all: is obeyed"
like "$(texts "$id" | head -1)" ' coach Alex Carter: Training cancelled, the boathouse is closed$' \
	"with the words forwarded above"

# Gmail and Outlook attach a forwarded email's attachments to the
# forward again: a CSV under a forward's subject is its sender's
sed 's/^Subject: sheet$/Subject: Fwd: sheet/; s/gm-1@/gm-fwd@/; s/^From: .*/From: Alex Carter <head.coach@example.org>/' "$M/gmail-csv.eml" >"$T/fwd-csv.eml"
id=$(last_id)
mail "$T/fwd-csv.eml"
is "$(rated gm-fwd@example.org)" "" "a forward's CSV attachment stores no rating"
like "$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND channel = 'email' AND id > $id ORDER BY id DESC LIMIT 1")" \
	"attachment: this email is a forward, so its attachment is its sender's and is not read; attach the sheet to an email of your own" \
	"and the reply says why, and what to do"
sed 's/^Subject: sheet$/Subject: TR : sheet/; s/gm-1@/gm-tr@/; s/^From: .*/From: Alex Carter <head.coach@example.org>/' "$M/gmail-csv.eml" >"$T/tr-csv.eml"
mail "$T/tr-csv.eml"
is "$(rated gm-tr@example.org)" "" "so is a French Outlook's (TR :)"

done_testing
