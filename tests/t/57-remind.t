# Reminders: a coach's rating not answered after rating_after_hours is
# reminded, rating_max times at most, never to the opted out, blocked or
# removed nor to whoever answered; the check-in prompt goes once per
# check-in time, not in quiet hours, in the team's time zone across a
# clock change; the daemon runs the same pass; the dashboard shows what
# went out.  The clock is fixed with COX_NOW.
. "$(dirname "$0")/lib.sh"
plan 31

M=$COX_DATADIR/tests/data/mail
W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
conf_set "$W/cox.conf" mail coaches "head.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_set "$W/cox.conf" team timezone Europe/London
conf_set "$W/cox.conf" reminders rating_after_hours 24
conf_set "$W/cox.conf" reminders rating_max 2
db=$W/cox.db
remind() { COX_NOW=$1 run "$COX" -C "$W" remind run; }
reminders() { sql "$db" "SELECT count(*) FROM message m JOIN person p ON p.id = m.person_id
	WHERE m.kind = 'reminder' AND p.handle = '$1'"; }

# The demo's ratings are answered or not as the demo left them; Jane's
# new ones come by email now (Thunderbird's, as 30-mail.t stores it).
t0=$(date +%s)
mail "$M/thunderbird-qp-1252.eml"
is "$rc" 0 "the coach's email is stored"
waiting=$(sql "$db" "SELECT group_concat(DISTINCT p.handle) FROM rating r JOIN person p ON p.id = r.athlete_id
	WHERE r.message_id IS NOT NULL AND r.source = 'coach'")
like "$waiting" "jdoe" "Jane has ratings waiting for hers"
# Of the others rated, one is opted out, one blocked, one removed, one
# answers within the hour.
set -- $(echo "$waiting" | tr ',' '\n' | grep -v '^jdoe$' | head -4)
[ $# -ge 4 ] || { echo "Bail out! too few athletes rated by email: $waiting"; exit 1; }
sql "$db" "UPDATE person SET opted_out = 1 WHERE handle = '$1';
	UPDATE person SET blocked = 1 WHERE handle = '$2';
	UPDATE person SET active = 0 WHERE handle = '$3'"
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	SELECT r.athlete_id, r.metric_id, 'self', 3, '2026-11-21', $t0 + 3600 FROM rating r
	JOIN person p ON p.id = r.athlete_id WHERE p.handle = '$4' AND r.source = 'coach' AND r.message_id IS NOT NULL"

remind $((t0 + 23 * 3600))
is "$out:$(reminders jdoe)" "0 texts queued:0" "23 hours on, nobody is reminded"
remind $((t0 + 25 * 3600))
is "$(reminders jdoe)" 1 "25 hours on, Jane is"
body=$(sql "$db" "SELECT body FROM message WHERE kind = 'reminder' ORDER BY id DESC LIMIT 1")
like "$(sql "$db" "SELECT body FROM message m JOIN person p ON p.id = m.person_id WHERE m.kind = 'reminder' AND p.handle = 'jdoe'")" \
	"^Riverside Club: Reminder: your coach's (ratings wait for yours \([a-z]+(, [a-z]+)*\)\. Text your own first,|scores wait for yours\. Text) e\.g\. \"[a-z]+ [0-9]+\"" \
	"the reminder names what waits and how to answer"
is "$(reminders "$1")$(reminders "$2")$(reminders "$3")" 000 "nothing to the opted out, the blocked or the removed"
is "$(reminders "$4")" 0 "nor to who answered"
remind $((t0 + 26 * 3600))
is "$out:$(reminders jdoe)" "0 texts queued:1" "an hour later, not again"

"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
like "$(part_plaintext "$W" @acarter "Senior Men" | sed -n '/id="outbox"/,/<\/section>/p')" \
	"to [^<]*Jane Doe[^<]*</p><p>Riverside Club: Reminder: your coach" "the reminder is in the squad's Sent list on the dashboard"
is "$(sql "$db" "SELECT count(*) > 0 FROM message WHERE channel = 'email' AND direction = 'out' AND body LIKE '%Stored _ ratings%'")" 1 \
	"the coach's confirmation email is in the outbox"
unlike "$(for p in "Senior Men" "Junior Women" "Team overview"; do part_plaintext "$W" @acarter "$p"; done)" \
	"Stored [0-9]+ ratings" "but no part shows its text (it can name athletes of any squad), only its subject"

# The daemon's own pass, 50 hours on: the second reminder, and no third
COX_NOW=$((t0 + 50 * 3600)) sms_start "$W"
for _ in $(seq 50); do [ "$(reminders jdoe)" = 2 ] && break; sleep 0.1; done
sms_stop
is "$(reminders jdoe)" 2 "cox sms serve sends the second reminder when due"
like "$(cat "$T/sms.log")" "reminders: [0-9]+ texts? queued" "and logs it"
remind $((t0 + 80 * 3600))
is "$(reminders jdoe)" 2 "rating_max 2: no third"

# Check-in prompts.  Europe/London leaves summer time at 02:00 on Sunday
# 25 October 2026: 07:30 is 06:30 UTC on the 24th and 07:30 UTC on the 25th.
conf_set "$W/cox.conf" reminders rating_after_hours 0
conf_set "$W/cox.conf" reminders check_in "daily 07:30"
conf_set "$W/cox.conf" reminders check_in_squads "Junior Women"
conf_set "$W/cox.conf" reminders quiet_hours "21:00-08:00"
checkins() { sql "$db" "SELECT count(*) FROM message WHERE kind = 'check-in'"; }
juniors=$(sql "$db" "SELECT count(*) FROM person p JOIN membership ms ON ms.person_id = p.id
	JOIN squad s ON s.id = ms.squad_id WHERE s.name = 'Junior Women' AND p.role = 'athlete' AND p.active = 1
	AND p.opted_out = 0 AND p.blocked = 0 AND EXISTS (SELECT 1 FROM phone WHERE person_id = p.id)")
utc() { date -u -d "$1" +%s; }
remind "$(utc '2026-10-24 06:45')"
is "$out:$(checkins)" "0 texts queued:0" "07:45 in London on the 24th: in the quiet hours, nothing"
remind "$(utc '2026-10-24 07:01')"
is "$(checkins)" "$juniors" "08:01 in London: every Junior Woman who can be texted is asked, and only they"
like "$(sql "$db" "SELECT body FROM message WHERE kind = 'check-in' LIMIT 1")" "sleep 2 stress 3 fatigue 4 sore 2" \
	"the prompt gives a check-in to copy"
remind "$(utc '2026-10-24 12:00')"
is "$(checkins)" "$juniors" "once per check-in time"

conf_del "$W/cox.conf" reminders quiet_hours
# one of them has checked in already on the 25th
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	SELECT id, '2026-10-25', 2, 2, 2, 2, 0 FROM person WHERE handle = 'akhan'"
remind "$(utc '2026-10-25 07:15')"
is "$(checkins)" "$juniors" "07:15 UTC on the 25th is 07:15 in London after the change: not yet"
remind "$(utc '2026-10-25 07:31')"
is "$(checkins)" "$((2 * juniors - 1))" "07:31 UTC is 07:31 in London: asked, but not who checked in already"

remind "$(utc '2026-10-26 20:00')"
is "$out:$(checkins)" "0 texts queued:$((2 * juniors - 1))" "a check-in time missed by more than 12 hours is not sent late"

conf_set "$W/cox.conf" reminders check_in "weekly tue 18:00"
remind "$(utc '2026-12-01 17:59')"
is "$(checkins)" "$((2 * juniors - 1))" "weekly on Tuesday at 18:00: not at 17:59 UTC (GMT)"
remind "$(utc '2026-12-01 18:00')"
is "$(checkins)" "$((3 * juniors - 1))" "and at 18:00"

# A clock stepped back a little does not ask the same morning twice.
conf_set "$W/cox.conf" reminders check_in "daily 07:30"
remind "$(utc '2026-12-02 07:31')"
n=$(checkins)
is "$n" "$((4 * juniors - 1))" "07:31 on 2 December: asked"
remind "$(utc '2026-12-02 07:29')"
remind "$(utc '2026-12-02 07:31')"
is "$(checkins)" "$n" "the clock stepped back to 07:29 and on again: not asked twice"

# Quiet hours are kept when a text leaves, not only when it is queued:
# a prompt still queued at 21:30 is held until 08:00, and is no attempt.
conf_set "$W/cox.conf" reminders quiet_hours "21:00-08:00"
conf_set "$W/cox.conf" sms account_sid AC00000000000000000000000000000000
conf_set "$W/cox.conf" sms from +15005550006
sql "$db" "UPDATE message SET status = 'queued', attempts = 0, next_attempt_at = NULL WHERE kind = 'check-in'"
COX_NOW=$(utc '2026-12-02 21:30') run "$COX" -C "$W" outbox run
is "$(sql "$db" "SELECT DISTINCT status || ' ' || attempts || ' ' || error FROM message WHERE kind = 'check-in'")" \
	"queued 0 held for the quiet hours" "a check-in prompt due at 21:30 is held, not tried"
is "$(sql "$db" "SELECT DISTINCT next_attempt_at FROM message WHERE kind = 'check-in'")" "$(utc '2026-12-03 08:00')" \
	"until the quiet hours end, at 08:00 in London"
COX_NOW=$(utc '2026-12-02 21:45') run "$COX" -C "$W" outbox run
is "$(sql "$db" "SELECT count(*) FROM message_status s JOIN message m ON m.id = s.message_id
	WHERE m.kind = 'check-in' AND s.error_code = 'held for the quiet hours'")" "$n" \
	"held once each, not again at every pass"
conf_del "$W/cox.conf" reminders quiet_hours

conf_set "$W/cox.conf" reminders check_in "weekly someday 18:00"
remind "$(utc '2026-12-01 18:00')"
is "$rc" 78 "a check_in that is not one is a configuration error"
like "$err" "check_in.*daily HH:MM" "which says how to write it"
conf_set "$W/cox.conf" reminders check_in off
conf_set "$W/cox.conf" team timezone Europe/Londn
remind "$(utc '2026-12-01 18:00')"
like "$rc:$err" "^78:.*timezone.*Europe/London" "so is a time zone the system does not know"
done_testing
