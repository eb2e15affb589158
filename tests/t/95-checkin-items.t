# Check-ins the club chooses: beside Hooper's four, a club adds items
# of its own (a name, a scale, which end is better), McLean's mood as a
# preset (the OSTRC's questions no longer: 12-ostrc.t), or
# weekly questions of its own.  An athlete answers them in
# the same text; each is stored with the check-in, asked in the prompt,
# charted on its own on her page with a table as its text alternative,
# flagged against her own baseline (a weekly question in its worse
# half), exported with her data and erased with her.
. "$(dirname "$0")/lib.sh"

need_browser
plan 33

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
tom=$(sql "$db" "SELECT id FROM person WHERE handle = 'tokafor'")
tphone=$(sql "$db" "SELECT e164 FROM phone WHERE person_id = $tom LIMIT 1")
answers() {	# answers SLUG: Tom's answers to item SLUG, oldest first
	sql "$db" "SELECT group_concat(v.value, ' ') FROM checkin_value v JOIN wellness w ON w.id = v.wellness_id
		JOIN checkin_item i ON i.id = v.item_id WHERE w.athlete_id = $tom AND i.slug = '$1' ORDER BY w.id"
}

# the items
cox -C "$W" checkin add motivation --name "Motivation" --scale 1-10 --best high
is "$rc" 0 "an item of the club's own is added: a name, a scale, the better end"
cox -C "$W" checkin preset mclean
is "$rc" 0 "McLean's mood comes as a preset"
cox -C "$W" checkin preset ostrc
like "$rc:$err" "^65:.*the OSTRC-H2 is asked on its own now: set \[health\] ask" \
	"the OSTRC's questions no longer do: the OSTRC-H2 is asked as published (12-ostrc.t)"
for item in "participation Participation 0-3" "volume Training-reduced 0-4" \
    "performance Performance-affected 0-4" "symptoms Symptoms 0-3"; do
	set -- $item
	cox -C "$W" checkin add "$1" --name "${2//-/ } (weekly)" --scale "$3" --best low --weekly
done
cox -C "$W" checkin list --json
is "$(printf '%s' "$out" | jq -r '[.[] | "\(.slug) \(.min)-\(.max) \(.best) \(.every)"] | join(", ")')" \
	"motivation 1-10 high day, mood 1-5 high day, participation 0-3 low week, volume 0-4 low week, performance 0-4 low week, symptoms 0-3 low week" \
	"checkin list --json gives each item's scale, better end and rhythm"
cox -C "$W" checkin add sore --name Sore --scale 1-5 --best low
like "$rc:$err" "^65:.*item 'sore': that word already means something in a text" \
	"an item may not take a word a text already uses"
cox -C "$W" checkin add technique --name Technique --scale 1-5 --best high
like "$rc:$err" "^65:.*a metric has that slug" "nor a metric's slug"
cox -C "$W" metric add mood --name Mood
like "$rc:$err" "^65:.*'mood' is a check-in item's slug" "and a metric may not take an item's"
cox -C "$W" checkin add energy --name Energy --scale 5-1 --best high
like "$rc:$err" "^64:.*scale '5-1' is not like 1-5" "a scale written backwards is refused"
cox -C "$W" checkin add energy --name Energy --scale 1-5
like "$rc:$err" "^64:.*--best" "an item says which end is better"
cox -C "$W" checkin retire motivation
is "$rc:$(sql "$db" "SELECT retired FROM checkin_item WHERE slug = 'motivation'")" "0:1" "an item is retired"

# Tom answers by text
sms_start "$W"
text "$tphone" ci1 "sleep 2 stress 3 fatigue 3 sore 2 mood 4"
like "$out" "Wellness saved" "the four are saved as before"
like "$out" "Check-in saved: mood 4" "and the reply names what was saved of the club's items"
is "$(answers mood)" 4 "mood is stored with the check-in"
text "$tphone" ci2 "Mood 7"
like "$out" "mood is 1-5 [(]5 best[)]; please send it again" "out of its scale, refused with the scale and its better end"
text "$tphone" ci3 "mood 2.5"
like "$out" "mood is 1-5" "an item takes whole numbers"
is "$(answers mood)" 4 "and nothing refused is stored"
text "$tphone" ci4 "participation 1 volume 3 performance 2 symptoms 2"
like "$out" "Check-in saved: participation 1, volume 3, performance 2, symptoms 2" "the weekly questions by text"
text "$tphone" ci5 "motivation 8"
like "$out" "know &#39;motivation&#39;" "a retired item is no longer taken"
# the daemon keeps the items between texts: a change made meanwhile is
# seen by the next text
cox -C "$W" checkin add focus --name Focus --scale 1-5 --best high
text "$tphone" ci6 "focus 4"
like "$out" "Check-in saved: focus 4" "an item added while cox sms serve runs is taken by the next text"
cox -C "$W" checkin retire focus
text "$tphone" ci7 "focus 3"
like "$out" "know &#39;focus&#39;" "and one retired meanwhile is no longer taken"
sms_stop

# her own baseline: ten good days of mood, then a bad one today
sql "$db" "DELETE FROM checkin_value WHERE item_id = (SELECT id FROM checkin_item WHERE slug = 'mood');
	DELETE FROM wellness WHERE athlete_id = $tom AND NOT EXISTS (SELECT 1 FROM checkin_value WHERE wellness_id = wellness.id)"
for d in 11 10 9 8 7 6 5 4 3 2 1; do
	sql "$db" "INSERT INTO wellness (athlete_id, day, created_at) VALUES ($tom, date('now', '-$d days'), strftime('%s', 'now') - $d * 86400);
		INSERT INTO checkin_value SELECT last_insert_rowid(), id, 4 FROM checkin_item WHERE slug = 'mood'"
done
cox -C "$W" build --force
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" "Training reduced [(]weekly[)] 3 on [0-9]+ [A-Z][a-z]{2} [(]0 best[)]" \
	"a weekly question in its worse half flags, whatever the baseline"
sql "$db" "DELETE FROM checkin_value WHERE wellness_id IN (SELECT id FROM wellness WHERE athlete_id = $tom AND day = date('now'))"
sql "$db" "INSERT INTO wellness (athlete_id, day, created_at) VALUES ($tom, date('now'), strftime('%s', 'now'));
	INSERT INTO checkin_value SELECT last_insert_rowid(), id, 1 FROM checkin_item WHERE slug = 'mood'"
cox -C "$W" build --force
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" "Mood 1 on [0-9]+ [A-Z][a-z]{2} [(]5 best[)], usually 4" "a daily item flags against the athlete's own baseline"
unlike "$part" "weekly[)] [0-9] on" "a weekly answer no longer there no longer flags"

# his page: the items charted, a table beside
page=$(plaintext "$W" @tokafor)
like "$page" '<svg class="chart items club"[^>]*role="img"><title>Your club(&#39;|.)s check-in items' \
	"the club's items are charted, with a text alternative"
like "$page" '<text x="0" y="[0-9]+" class="tick">Mood</text>' "each item a row under its name"
like "$page" '<th scope="col">Mood</th><th scope="col">Participation [(]weekly[)]</th>' \
	"the table names every item"
like "$page" '<th scope="row">[^<]*</th><td>1</td>' "and holds today's answer"

# the prompt asks for them
sql "$db" "UPDATE message SET status = 'sent' WHERE status = 'queued'"
conf_set "$W/cox.conf" reminders check_in "daily 07:30"
monday=$(date -u -d 'next monday 07:31' +%s)
COX_NOW=$monday run "$COX" -C "$W" remind run
like "$(sql "$db" "SELECT body FROM message WHERE kind = 'check-in' AND person_id = $tom")" \
	"Also: mood 1-5 [(]5 best[)], participation 0-3 [(]0 best[)]" \
	"Monday's prompt asks for the club's items, the weekly ones too"
COX_NOW=$((monday + 86400)) run "$COX" -C "$W" remind run
tuesday=$(sql "$db" "SELECT body FROM message WHERE kind = 'check-in' AND person_id = $tom ORDER BY id DESC LIMIT 1")
like "$tuesday" "Also: mood 1-5 [(]5 best[)][.]" "Tuesday's asks for the daily ones"
unlike "$tuesday" "participation" "and not the weekly questions"

# his data, exported and erased
cox -C "$W" export person @tokafor --out "$T/x"
is "$(sed 1d "$T/x/checkin_value.csv" | cut -d, -f3,5 | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 1 mood,1; 11 mood,4;" \
	"his export carries every answer to the club's items, with the item"
cox -C "$W" roster erase --yes @tokafor
is "$(sql "$db" "SELECT count(*) FROM checkin_value")" 0 "erasing him erases his answers"

# a phone-sized Chromium: nothing axe-core calls serious on a page with the items
sql "$db" "INSERT INTO wellness (athlete_id, day, created_at) SELECT id, date('now'), 0 FROM person WHERE handle = 'jdoe';
	INSERT INTO checkin_value SELECT last_insert_rowid(), id, 3 FROM checkin_item WHERE slug = 'mood'"
cox -C "$W" build
preview_start "$W"
jlink=$("$COX" -C "$W" link --base x/ @jdoe | cut -f2 | sed 's|^x/||')
BASE=$PREVIEW_URL PAGES="[{\"name\": \"the athlete page with club items\", \"path\": \"$jlink\", \"opens\": true}]" \
	node "$COX_DATADIR/tests/browser/axe.mjs" >"$T/axe.tap" 2>&1
like "$(grep -E '^(not )?ok' "$T/axe.tap")" "^ok .*the athlete page with club items: no serious or critical violation" \
	"axe-core finds nothing serious on a page with the club's items"

done_testing
