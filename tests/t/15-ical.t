# Calendar invitations for the sessions a coach asks about: each
# athlete with an address (and a minor's guardian) gets an email whose
# iCalendar (RFC 5545) a real parser (python's icalendar) opens, with
# every field iTIP (RFC 5546) requires of a METHOD:REQUEST, one
# attendee only, a UID that stays the session's; a change of time sends
# it again with SEQUENCE 1 and the same UID, a cancellation a
# METHOD:CANCEL; and an Accept or a Decline sent back by Gmail or Apple
# Calendar (METHOD:REPLY, built from their documented forms) counts as
# in or out.
. "$(dirname "$0")/lib.sh"
plan 33

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
conf_set "$W/cox.conf" mail authserv_id mx.club.example
smtp_sink "$W"
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
id() { sql "$db" "SELECT id FROM person WHERE handle = '$1'"; }
tomorrow=$(TZ=UTC date -d tomorrow +%F)
cox -C "$W" roster edit @znovak --minor yes --guardian-name "Ana Novak" --guardian-email ana.novak@example.net
"$COX" -C "$W" roster consent @znovak --guardian --channel paper >/dev/null
# send: the texts marked sent (no provider here), the emails to the sink
sent=0
send() {
	sql "$db" "UPDATE message SET status = 'sent' WHERE channel = 'sms' AND status = 'queued'"
	run "$COX" -C "$W" outbox run
	sent=$(ls "$T/inbox" | grep -c '\.eml$')
}
# ics TO: the invitation of the last email the sink got for TO, on stdout
ics() {
	/usr/bin/python3 - "$T/inbox" "$1" <<'EOF'
import email, email.policy, glob, os, sys
last = None
for f in sorted(glob.glob(sys.argv[1] + "/*.eml"), key=lambda p: int(os.path.basename(p)[:-4])):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    if sys.argv[2] in m["To"]:
        for part in m.walk():
            if part.get_content_type() == "text/calendar":
                last = (part.get_content(), part.get_param("method"))
if last:
    sys.stdout.write(last[1] + "\n" + last[0])
EOF
}
# check TO: the invitation parsed by python's icalendar, its fields as
# "NAME=value" lines, and what RFC 5546 requires of its method missing
check() {
	ics "$1" | /usr/bin/python3 -c '
import sys
from icalendar import Calendar
method = sys.stdin.readline().strip()
cal = Calendar.from_ical(sys.stdin.read())
ev = [c for c in cal.walk("VEVENT")]
assert len(ev) == 1, "one VEVENT"
ev = ev[0]
need = {"REQUEST": ["DTSTAMP", "DTSTART", "ORGANIZER", "SUMMARY", "UID", "ATTENDEE", "SEQUENCE"],
        "CANCEL": ["DTSTAMP", "ORGANIZER", "SEQUENCE", "UID", "ATTENDEE"]}[str(cal["METHOD"])]
missing = [k for k in ["PRODID", "VERSION", "METHOD"] if k not in cal] + [k for k in need if k not in ev]
att = ev.get("ATTENDEE")
print("type-method=" + method)
print("METHOD=" + str(cal["METHOD"]))
print("missing=" + " ".join(missing))
print("UID=" + str(ev["UID"]))
print("SEQUENCE=" + str(ev.get("SEQUENCE")))
print("DTSTART=" + ev.decoded("DTSTART").strftime("%Y-%m-%d %H:%M"))
print("DTEND=" + ev.decoded("DTEND").strftime("%H:%M"))
print("ATTENDEES=" + str(1 if not isinstance(att, list) else len(att)))
print("ATTENDEE=" + str(att))
print("PARTSTAT=" + str(att.params.get("PARTSTAT")))
print("RSVP=" + str(att.params.get("RSVP")))
print("ORGANIZER=" + str(ev["ORGANIZER"]))
print("LOCATION=" + str(ev.get("LOCATION")))
print("STATUS=" + str(ev.get("STATUS")))
'
}

# -- asked: an invitation each
email "avail tomorrow am Senior Men: 7:00 Boathouse"
email "avail tomorrow pm Junior Women: 17:30 Tank"
send
c=$(check jane.doe@example.org)
like "$c" "type-method=REQUEST" "an email carries a text/calendar part, its method in its type (RFC 6047)"
like "$c" "METHOD=REQUEST" "METHOD:REQUEST"
like "$c" "missing=
" "every property RFC 5546 requires of a REQUEST is there"
uid=$(printf '%s\n' "$c" | sed -n 's/^UID=//p')
like "$uid" "^[A-Za-z0-9_-]{16,}" "a UID"
like "$c" "SEQUENCE=0" "SEQUENCE 0"
like "$c" "DTSTART=$tomorrow 07:00" "the session's start"
like "$c" "DTEND=08:00" "an hour, with no plan to say how long"
like "$c" "ATTENDEES=1" "one attendee: nobody learns who else is asked"
like "$c" "ATTENDEE=mailto:jane.doe@example.org" "the athlete"
like "$c" "PARTSTAT=NEEDS-ACTION" "who has not answered yet"
like "$c" "RSVP=TRUE" "and is asked to"
like "$c" "ORGANIZER=mailto:ratings@club.example" "replies go where coaches write"
like "$c" "LOCATION=Boathouse" "the place"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'calendar' AND person_id = $(id hwilson)")" 0 \
	"no invitation for an athlete with no address"
like "$(check ana.novak@example.net)" "ATTENDEE=mailto:ana.novak@example.net" "a minor's guardian gets her own"
cox -C "$W" build
is "$(grep -rlF -e "$uid" -e Boathouse "$W/site" | grep -vc '/\.git/')" 0 \
	"nothing of it is on the published site in the clear"

# -- a change of time: the same UID, SEQUENCE 1
email "avail tomorrow am Senior Men: 7:30 Boathouse"
send
c=$(check jane.doe@example.org)
like "$c" "UID=$uid" "the same UID after a change"
like "$c" "SEQUENCE=1" "SEQUENCE 1"
like "$c" "DTSTART=$tomorrow 07:30" "the new time"
like "$c" "missing=
" "still every required field"

# -- a reply from the calendar, as Gmail and Apple Calendar send them
answer_of() { sql "$db" "SELECT coalesce(a.answer, '-') FROM avail_answer a JOIN avail_session s ON s.id = a.session_id WHERE s.uid = '$uid' AND a.person_id = $(id "$1")"; }
ical_reply jane.doe@example.org "$uid" ACCEPTED gmail
is "$(answer_of jdoe)" in "Gmail's Accept counts as in"
ical_reply sam.oneill@example.org "$uid" DECLINED apple
is "$(answer_of soneill)" out "Apple Calendar's Decline counts as out"
ical_reply tom.okafor@example.org "$uid" TENTATIVE gmail
is "$(answer_of tokafor)" maybe "a Maybe counts as maybe"
ical_reply jane.doe@example.org "no-such-uid" DECLINED gmail
is "$(answer_of jdoe)" in "a reply to no session changes nothing"
ical_reply mei.chen@example.org "$uid" ACCEPTED gmail
unlike "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'reply' AND peer = 'mei.chen@example.org'")" "[1-9]" \
	"nobody is answered by email for a calendar's reply"

# -- a cancellation
email "avail tomorrow am Senior Men: cancel"
send
c=$(check jane.doe@example.org)
like "$c" "METHOD=CANCEL" "METHOD:CANCEL"
like "$c" "type-method=CANCEL" "its type says so too"
like "$c" "UID=$uid" "the same UID"
like "$c" "SEQUENCE=2" "its sequence raised again"
like "$c" "STATUS=CANCELLED" "STATUS:CANCELLED"
like "$c" "missing=
" "every property RFC 5546 requires of a CANCEL"

# -- an erasure takes the invitations that name her too
is "$(sql "$db" "SELECT count(*) FROM avail_mail WHERE ics LIKE '%jane.doe@example.org%'")" 3 "Jane's invitations are kept..."
"$COX" -C "$W" roster erase --yes @jdoe >/dev/null 2>&1
is "$(sql "$db" "SELECT count(*) FROM avail_mail WHERE ics LIKE '%jane.doe@example.org%'")" 0 "...until she is erased"
