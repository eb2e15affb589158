# A person's language: each reads cox in their own words in a team that
# speaks another.  In an English team, Luis (es) is answered, prompted
# and invited in Spanish, Alex the head coach (de) gets the replies to
# their rating emails in German, and the others stay in English; every
# shipped language's keywords are understood from anyone, in capitals too.
. "$(dirname "$0")/lib.sh"
plan 15

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
hooks_quiet "$W"
conf_set "$W/cox.conf" mail coaches "head.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_set "$W/cox.conf" hooks post_ingest off
db=$W/cox.db
P=https://sms.riverside.example/twilio/sms

cox -C "$W" roster edit @lgarcia --language es
is "$rc" 0 "roster edit --language es"
cox -C "$W" roster edit @acarter --language xx
like "$rc:$err" "^[1-9][0-9]*:.*language 'xx' is not one cox speaks \(en, [a-z, ]+\)" \
	"a language cox does not ship is refused, naming those it does"
cox -C "$W" roster edit @acarter --language de
like "$(sql "$db" "SELECT handle || ':' || coalesce(language, '-') FROM person WHERE handle IN ('lgarcia', 'acarter', 'jdoe') ORDER BY handle")" \
	"^acarter:de
jdoe:-
lgarcia:es$" "the roster keeps each person's language; the rest follow the team's"

smtp_sink "$W"	# notes are forwarded when email can be sent
sms_start "$W"
sms_text "$P" twilio-test-token +447700900105 LANG1 "AYUDA"
like "$out" "<Message>Puntuar: erg 6 fitness 3 o 6 3 en orden\. Bienestar " \
	"Luis texts AYUDA and is helped in Spanish, with the team's own first metrics"
sms_text "$P" twilio-test-token +447700900101 LANG2 "help"
like "$out" "<Message>Rate: " "Jane, in the same team, in English"
sms_text "$P" twilio-test-token +447700900101 LANG3 "HILFE"
like "$out" "<Message>Rate: " "a German keyword from an English speaker is understood, answered in her words"

# Alex rates Luis and Jane: Alex's reply in German, Luis's prompt in Spanish
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: ratings\nMessage-ID: <lang-1@example.org>\nContent-Type: text/plain\n\ndate: 2026-11-20\nLuis García:\n  technique 4\nJane Doe:\n  technique 3\n' |
	run "$COX" -C "$W" mail --stdin
is "$rc" 0 "the rating email is stored"
reply=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND channel = 'email' ORDER BY id DESC LIMIT 1")
like "$reply" "2 Bewertungen für 20\\. Nov\\. 2026 gespeichert" "the head coach is answered in German, a day as German writes it"
luis=$(sql "$db" "SELECT m.body FROM message m JOIN person p ON p.id = m.person_id WHERE p.handle = 'lgarcia' AND m.kind = 'notify' ORDER BY m.id DESC LIMIT 1")
jane=$(sql "$db" "SELECT m.body FROM message m JOIN person p ON p.id = m.person_id WHERE p.handle = 'jdoe' AND m.kind = 'notify' ORDER BY m.id DESC LIMIT 1")
like "$luis" "^Riverside Club: Valoraciones nuevas" "Luis is prompted in Spanish"
like "$jane" "^Riverside Club: (New ratings from your coach|Coach rated you)" "Jane in English"

# Luis's note, in Spanish, reaches Alex in German: cox's words Alex's,
# with a line saying what it understood, Luis's words quoted as written
sms_text "$P" twilio-test-token +447700900105 LANG4 "nota Me duele la espalda, hoy no remo"
fw=$(sql "$db" "SELECT subject || '~' || body FROM message WHERE kind = 'forward' AND peer = 'head.coach@example.org' ORDER BY id DESC LIMIT 1")
like "$fw" "^Notiz von Luis García~" "a Spanish athlete's note reaches a German coach under a German subject"
like "$(printf '%s' "$fw" | tr '\n' ' ')" "\\(Geschrieben auf Spanisch\\. Was cox verstanden hat: eine Nachricht an die Trainer\\. .*nicht übersetzt\\.\\) +Me duele la espalda, hoy no remo" \
	"with a line in German of what cox understood, then his words as he wrote them"
sms_text "$P" twilio-test-token +447700900101 LANG5 "note Back is tight"
fw=$(sql "$db" "SELECT body FROM message WHERE kind = 'forward' AND peer = 'head.coach@example.org' ORDER BY id DESC LIMIT 1")
like "$(printf '%s' "$fw" | tr '\n' ' ')" "Geschrieben auf Englisch" "Jane's English note says so to the German coach"

# an invitation in the invitee's language
"$COX" -C "$W" roster add --name "Ana Ruiz" --phone +447700900199 --squad "Senior Men" --language es >/dev/null
cox -C "$W" invite @aruiz
is "$rc" 0 "cox invite @aruiz"
like "$(sql "$db" "SELECT m.body FROM message m JOIN person p ON p.id = m.person_id WHERE p.handle = 'aruiz' ORDER BY m.id DESC LIMIT 1")" \
	"([Uu]suario|Página) @aruiz|invita" "and the invitation is in Spanish"
done_testing
