# cox metric list, add and edit.
. "$(dirname "$0")/lib.sh"
plan 14

workspace "$T/ws"
C="-C $T/ws"

cox $C metric add technique --name Technique --scale 1-5 --rubric "**1** poor"
is "$rc" 0 "add a metric"
cox $C metric add technique --name Again
is "$rc" 65 "adding an existing slug is refused"
cox $C metric add Bad_Slug --name X
is "$rc" 64 "a bad slug is a usage error"
cox $C metric add erg2000 --name "Erg 2000" --time 5:30-9:00
like "$rc:$err" "^64:.*slug 'erg2000' ends with a digit, which a text reads as a score \\('erg2000 7:21'\\): end it with a letter, as erg2k" \
	"a slug ending in digits, which a text would read as a score, is refused with one that reads"
cox $C metric add erg2k --name "Erg 2000" --time 5:30-9:00
is "$rc" 0 "erg2k is a slug"
sql "$T/ws/cox.db" "INSERT INTO metric (slug, name, created_at) VALUES ('set2', 'Set 2', 0)" # position 0: listed first
cox $C metric edit set2 --name "Second set"
is "$rc" 0 "a metric made before, whose slug ends with a digit, can still be edited"
cox $C metric add erg --name "Erg score" --scale 0-100x
is "$rc" 65 "a bad scale is refused"

cox $C metric add --file "$COX_DATADIR/content/metrics/fitness.md" "$COX_DATADIR/content/metrics/erg.md"
is "$rc" 0 "metric files add metrics"
cox $C metric list --json
is "$(jq -r 'map(.slug) | join(",")' <<<"$out")" "set2,technique,erg2k,fitness,erg" "listed in the order they were added"
is "$(jq -r '.[] | select(.slug == "erg") | "\(.scale_min)-\(.scale_max)"' <<<"$out")" "1-10" "the file's scale is read"
like "$(jq -r '.[] | select(.slug == "fitness") | .rubric' <<<"$out")" "^Aerobic base" "the rubric is the text after the header"

cox $C metric edit technique --scale 1-10
cox $C metric list
like "$out" "technique +Technique +1-10" "edit changes the scale"
cox $C metric add rhythm --name Rhythm
cox $C metric list --json
is "$(jq -r '.[] | select(.slug == "rhythm") | "\(.scale_min)-\(.scale_max)"' <<<"$out")" "1-5" "the scale defaults to 1-5"
cox $C metric edit nosuch --name X
is "$rc" 66 "editing a missing metric exits 66"

done_testing
