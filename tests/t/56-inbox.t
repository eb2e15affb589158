# cox inbox: a note texted by an athlete and a text from a number on
# nobody's roster are listed, apart, by cox inbox list and on the
# dashboard; cox inbox archive files them away (all or none of the
# numbers given) and they leave both.
. "$(dirname "$0")/lib.sh"
plan 18

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
# the demo's own inbox is emptied, so what is listed is what came here
sql "$db" "UPDATE message SET archived = 1 WHERE direction = 'in'"

sms_start "$W"
text +447700900101 n1 "note Back is tight after the 2k"
like "$out" "^200" "Jane's note is answered"
text +447700900777 u1 "hi is this the rowing club"
like "$out" "^200" "a text from an unknown number is answered"
# new phones: whose each might be, by the name in the text
text +447700900771 u2 "Hi coach its Jane DOE, new phone"
text +447700900772 u3 "sam here, lost my phone"
text +447700900773 u4 "Grace and Jane here"
sms_stop

note=$(sql "$db" "SELECT id FROM message WHERE direction = 'in' AND body = 'note Back is tight after the 2k'")
unknown=$(sql "$db" "SELECT id FROM message WHERE direction = 'in' AND peer = '+447700900777'")
cox -C "$W" inbox list
like "$out" "^$note  [0-9-]+ [0-9:]+ UTC  Jane Doe \(@jdoe, Senior Men\), note
    note Back is tight after the 2k" "cox inbox list gives Jane's note with its number, name and squad"
like "$out" "on nobody's roster:
$unknown  [0-9-]+ [0-9:]+ UTC  \+447700900777, " "and the unknown number's text apart, after it"
cox -C "$W" inbox list --squad "Junior Women"
like "$out" "^nothing in the inbox" "another squad's list has neither"

# the same text to Jane twice is one row naming her once
cox -C "$W" sms send --to @jdoe "Bring your kit tomorrow"
cox -C "$W" sms send --to @jdoe "Bring your kit tomorrow"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
senior=$(part_plaintext "$W" @acarter "Senior Men")
like "$senior" "to Jane Doe: [a-z]+</p><p>Bring your kit tomorrow" "a text sent twice is listed with its person"
unlike "$senior" "Jane Doe, Jane Doe" "named once"
like "$(part_plaintext "$W" @acarter "Senior Men")" "Back is tight after the 2k" \
	"the note is in its squad's part of the dashboard"
like "$(part_plaintext "$W" @acarter "Team overview" | sed -n '/id="unknown"/,/<\/section>/p')" \
	"from \+447700900777 .*hi is this the rowing club" "the unknown number's text in the team part's own section"
team=$(part_plaintext "$W" @acarter "Team overview")
like "$team" "number%20%40jdoe%20%2B447700900771" \
	"a full name in an unknown text offers that athlete's handle, whatever its case"
like "$team" "number%20%40soneill%20%2B447700900772" \
	"so does the one athlete whose first name it holds"
like "$team" "number%20%40HANDLE%20%2B447700900773" \
	"two athletes' first names leave the handle to the coach"

cox -C "$W" inbox archive "$note" 999999
is "$rc" 65 "archiving a number that never came in fails"
like "$err" "no message 999999" "and says which"
is "$(sql "$db" "SELECT archived FROM message WHERE id = $note")" 0 "and archives none of the others given"

news=$(sql "$db" "SELECT group_concat(id, ' ') FROM message WHERE direction = 'in' AND peer IN ('+447700900771', '+447700900772', '+447700900773')")
cox -C "$W" inbox archive "$note" "$unknown" $news
is "$out" "archived 5 messages" "cox inbox archive files them all away"
cox -C "$W" inbox list
like "$out" "^nothing in the inbox" "the list is empty after"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
unlike "$(part_plaintext "$W" @acarter "Senior Men")$(part_plaintext "$W" @acarter "Team overview")" \
	"Back is tight|rowing club" "and neither is on the dashboard any more"
done_testing
