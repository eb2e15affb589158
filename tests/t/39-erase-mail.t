# cox roster erase and the mail about the person outside cox.db's rows:
# the problems a confirmation marked (!) under a line that named them
# quote their words, and go with that line; the kept copies of emails
# that named them (mail/raw/, mail/quarantine/ and the Maildir cox
# files mail in: a coach's email that rated them, a stranger's
# quarantined one) are removed, the dry run counting them first; and
# what stays is said with how long: a copy whose encoded part cox does
# not read ([mail] keep_days after it came), the emails cox sent others.
. "$(dirname "$0")/lib.sh"
plan 15

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_set "$W/cox.conf" mail keep_days 30
conf_set "$W/cox.conf" hooks post_ingest off

# A coach's email: her line refused (two scores off their scales), Mei's
# stored; the confirmation quotes her line and marks its problems under
# it.
coach_email "$W" "Zoe Novak: 4 4 3 9 7 knee still sore after the fall\nMei Chen: 4 4 3 5 4"
reply=$(sql "$db" "SELECT body FROM message WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")
like "$reply" "^Zoe Novak: 4 4 3 9 7 knee still sore after the fall
\(!\) teamwork 9 is outside 1-5$" \
	"(the confirmation quotes her line, her words, and marks its problems under it)"
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out' AND channel = 'email'"

# strangers' mail, quarantined: one naming her in plain text, one whose
# text is base64 (cox cannot tell what it says without reading MIME)
stranger() {	# stranger ID BODY-HEADERS BODY
	printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.net
From: Someone <someone@example.net>
To: coxswain@club.example
Subject: hello
Message-ID: <%s@example.net>
%b
%s\n' "$1" "$2" "$3" | "$COX" -C "$W" mail --stdin 2>/dev/null
}
stranger s1 'Content-Type: text/plain\n' "Is Zoe Novak rowing on Saturday? Her knee looked sore."
stranger s2 'Content-Type: text/plain\nContent-Transfer-Encoding: base64\n' \
	"$(printf 'Does Mei Chen row on Sunday?' | base64)"
is "$(ls "$W/mail/quarantine" | wc -l)" 2 "(both strangers' emails are quarantined)"
holding() { grep -rl -i -e 'zoe novak' -e 'knee still sore' "$W/mail" 2>/dev/null | wc -l; }
is "$(holding)" 4 "before: the demo's email in its Maildir, her coach's email and the stranger's (under two names) are kept as they came"

cox -C "$W" roster erase @znovak
like "$out" "^mail: 3 kept copies of emails that named them would be removed \(mail/raw/, mail/quarantine/, the Maildir mail came through\)$" \
	"the dry run counts the kept copies that name her, a file with two names once"
is "$(holding)" 4 "and removes none"

cox -C "$W" roster erase --yes @znovak
is "$rc" 0 "erase --yes exits 0"
like "$out" "^mail: 3 kept copies of emails that named them removed \(mail/raw/, mail/quarantine/, the Maildir mail came through\)$" \
	"it says the kept copies that named her were removed"
is "$(holding)" 0 "and no kept copy of mail names her, nor holds her words"
is "$(ls "$W/mail/quarantine" | wc -l):$(grep -l -c 'base64' "$W"/mail/raw/*.eml | wc -l)" "1:1" \
	"the encoded one is kept"
last=$(TZ=Europe/London date -d "@$(($(stat -c %Y "$W"/mail/quarantine/*.eml) + 30 * 86400))" +%F)
like "$out" "^  1 other kept copy has an encoded part cox does not read for their name: it stays until cox mail --prune removes it, \[mail\] keep_days = 30 after it came \(the last: $last\)$" \
	"what it could not read is said, with until when"
like "$out" "^  2 emails cox sent to others named them: their mailboxes keep them \(cox.db's copies now read \[erased\] where they did\)$" \
	"and the confirmations the coach was sent (the demo's and this one), which stay in the coach's mailbox"

# the confirmation: her line and the problem marked under it go; Mei's
# line and the rest stay
reply=$(sql "$db" "SELECT body FROM message WHERE kind = 'reply' AND body LIKE '%Not stored%' ORDER BY id DESC LIMIT 1")
unlike "$reply" "knee still sore|4 4 3 9 7|outside 1-5" "the confirmation quotes nothing of her words"
like "$reply" "Not stored: fix what is marked \(!\) and send these lines again.*

\[erased\]
\[erased\]
" "her line and the problem marked under it read [erased]"
like "$reply" "^- Mei Chen: erg 4, fitness 4, rhythm 3, teamwork 5, technique 4$" "Mei's stored scores are as they were"
is "$(grep -a -c -i 'knee still sore' "$db" "$db-wal" 2>/dev/null | awk -F: '{ n += $2 } END { print n + 0 }')" 0 \
	"no byte of cox.db or its log holds her words"

done_testing
