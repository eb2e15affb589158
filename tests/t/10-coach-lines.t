# A head coach's own shorthand, by email from a phone, read the first
# time (issue 73's week): scores then a comment on one line, a first
# name and an initial, a correction in prose, a dash after a name, a
# name written surname first; each stored as meant, the comment kept,
# and every line read by a guess shown in the reply, as written and as
# read, with the one word that undoes it.  Scores typed into the quoted
# lines of the rating sheet cox emailed (an Apple Mail reply) are read,
# and only those that differ from the sheet; quoted lines of any other
# email are not, and an email whose scores are all in a quote says so.
. "$(dirname "$0")/lib.sh"
plan 39

W=$T/ws
workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_set "$W/cox.conf" mail coaches "head.coach@example.org"
conf_set "$W/cox.conf" hooks post_ingest off
cat >"$T/roster.csv" <<'EOF'
Name,Email,Squad,Role
Alex Carter,head.coach@example.org,Seniors,Head coach
Ben Fletcher,,Seniors,Athlete
Tom Harris,,Seniors,Athlete
Tom Bennett,,Seniors,Athlete
Oliver Grant,,Seniors,Athlete
EOF
"$COX" -C "$W" roster import "$T/roster.csv" >/dev/null &&
"$COX" -C "$W" metric add technique --name Technique --scale 1-10 >/dev/null &&
"$COX" -C "$W" metric add fitness --name Fitness --scale 1-10 >/dev/null &&
"$COX" -C "$W" metric add erg --name "Erg 2k" --time 5:30-9:00 >/dev/null &&
"$COX" -C "$W" metric add attitude --name Attitude --scale 1-5 >/dev/null ||
	{ echo "Bail out! the roster or the metrics failed"; exit 1; }

# the days of the week, from the run's clock: a correction finds the
# score it replaces among the last 30 days'
day() { date -u -d "$1 days" +%F; }
d1=$(day -4); d2=$(day -3); d3=$(day -2); d4=$(day -1)
# line BODY [IN-REPLY-TO [SUBJECT]]: BODY from the head coach's iPhone
# (Apple Mail, text/plain), dated now, replying to a Message-ID when
# given; lib.sh's email, whose Message-IDs are <cN@example.org>
line() {
	email "To: team@club.example" "Subject: ${3:-${2:+Re: }ratings}" "Date: $(date -u -R)" \
		"In-Reply-To: ${2:-}" "References: ${2:-}" "MIME-Version: 1.0" \
		"Content-Type: text/plain; charset=utf-8" "Content-Transfer-Encoding: 8bit" "$1"
}
# scores NAME DAY: the athlete's coach scores of DAY, in the metrics' order
scores() { sql "$db" "SELECT group_concat(s, ' ') FROM (SELECT m.slug || '=' || r.score AS s
	FROM rating r JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id
	WHERE p.name = '$1' AND r.rated_on = '$2' AND r.source = 'coach' ORDER BY m.position, m.id)"; }
comment() { sql "$db" "SELECT group_concat(r.comment, '|') FROM rating r JOIN person p ON p.id = r.athlete_id
	WHERE p.name = '$1' AND r.rated_on = '$2' AND r.comment != ''"; }

# -- scores, then a comment, on one line: the first email stores them
line "date: $d2\nBen: 4 6 7:40 2 keeps rushing the slide, talk to him\n\nSent from my iPhone"
is "$rc:$(outcome)" "0:stored:" "Ben's line is stored at the first email"
is "$(scores 'Ben Fletcher' $d2)" "technique=4 fitness=6 erg=4600 attitude=2" \
	"his four scores, in the team's order"
is "$(comment 'Ben Fletcher' $d2)" "keeps rushing the slide, talk to him" "and the comment, kept"
r=$(reply)
like "$r" "^- Ben: 4 6 7:40 2 keeps rushing the slide, talk to him
  read as: Ben Fletcher: technique 4 keeps rushing the slide, talk to him; fitness 6; erg 7:40\\.0; attitude 2$" \
	"the reply shows the line as written and as read"
like "$r" "^Read by a guess: if one is wrong, reply with the one word undo, which takes this whole email back, then send it again with that line as it should be read\\.$" \
	"and the one word that undoes a wrong reading"
unlike "$r" "\\(!\\)" "nothing is refused"

# -- the same words as the coach wrote them after the first refusal
line "date: $d1\nBen:\n4 6 7:40 2 keeps rushing the slide, talk to him"
is "$(scores 'Ben Fletcher' $d1):$(comment 'Ben Fletcher' $d1)" \
	"technique=4 fitness=6 erg=4600 attitude=2:keeps rushing the slide, talk to him" \
	"scores and comment on the line under 'Ben:' are his"

# -- a first name and an initial: one Tom's surname starts with H
line "date: $d2\nTom H: 6 7 7:12 4"
is "$rc:$(outcome)" "0:stored:" "'Tom H' is stored"
is "$(scores 'Tom Harris' $d2)" "technique=6 fitness=7 erg=4320 attitude=4" "as Tom Harris's"
is "$(scores 'Tom Bennett' $d2)" "" "not Tom Bennett's"
like "$(reply)" "^- 'Tom H' is Tom Harris$" "the reply says whom 'Tom H' was read as"
line "date: $d2\nTom: 5 5 7:30 3"
like "$(reply)" "^\\(!\\) 'Tom' could be (Tom Harris, Tom Bennett|Tom Bennett, Tom Harris): write the whole name or the @handle$" \
	"'Tom' alone is two athletes, and the reply names both"

# -- a correction in prose: the score it replaces is found, and its day
line "date: $d2\nOliver: erg 6:58"
is "$(scores 'Oliver Grant' $d2)" "erg=4180" "Oliver's erg of that day is 6:58"
line "Oliver erg 6:48 not 6:58, my bad"
is "$rc:$(outcome)" "0:stored:" "'Oliver erg 6:48 not 6:58, my bad' is stored"
is "$(scores 'Oliver Grant' $d2)" "erg=4080" "as a correction of that day's 6:58"
like "$(reply)" "^Stored 1 rating for $(en_date "$d2"):" "and the reply says it was for that day"
is "$(sql "$db" "SELECT count(*) FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.name = 'Oliver Grant'")" 1 \
	"and no second score"
r=$(reply)
like "$r" "^- Oliver Grant: erg from 6:58\\.0 to 6:48\\.0$" "the reply lists the correction"
like "$r" "^- Oliver erg 6:48 not 6:58, my bad
  read as: Oliver Grant: erg 6:48\\.0, in place of 6:58\\.0 of $(en_date "$d2")$" "and how the line was read"
is "$(comment 'Oliver Grant' $d2)" "" "'my bad' is talk, not a comment an athlete reads"

# -- a dash after a name, a name written surname first, 4/10
line "date: $d3\nTom Bennett - 5/10 5/10 7:30 3\nGrant, Oliver: 5 5 6:50 4"
is "$rc:$(outcome)" "0:stored:" "a dash after a name, and surname first, are stored"
is "$(scores 'Tom Bennett' $d3)" "technique=5 fitness=5 erg=4500 attitude=3" "Tom Bennett's, out of ten"
is "$(scores 'Oliver Grant' $d3)" "technique=5 fitness=5 erg=4100 attitude=4" "Oliver Grant's"
like "$(reply)" "^- 'Grant, Oliver' is Oliver Grant$" "the surname-first name is said"

# -- a wrong guess is undone with one word (the confirmation's
# Message-ID given as the outbox gives it when it sends)
sql "$db" "UPDATE message SET provider_id = 'conf@club.example' WHERE id =
	(SELECT max(id) FROM message WHERE direction = 'out' AND channel = 'email')"
line "undo\n\nSent from my iPhone" "<conf@club.example>"
is "$(scores 'Tom Bennett' $d3):$(scores 'Oliver Grant' $d3)" ":" "undo takes the email back, guesses and all"

# -- a refusal names the problem and, where cox can tell, the line meant
line "date: $d3\nOlivr Grant: 5 5 6:50 4\nBen: 4 6 7:40\nTom Bennett: tecnique 5"
is "$(reply | grep -A1 '^Olivr Grant' | tail -1):$(reply | grep -A2 '^Olivr Grant' | tail -1)" \
	"(!) 'Olivr Grant' is not one of your athletes - did you mean 'Oliver Grant'?:(!) send it as: Oliver Grant: 5 5 6:50 4" \
	"a misspelt name: the name meant, and the line to send"
like "$(reply)" "^Ben: 4 6 7:40
\\(!\\) 3 scores for 4 metrics: write one for each metric, in order, and _ for one left out
\\(!\\) send it as: Ben: 4 6 7:40 _$" "a score left out: its blank put in"
like "$(reply)" "^\\(!\\) send it as: Tom Bennett: technique 5$" "a misspelt metric: the metric meant"

# -- the rating sheet cox emailed, filled in inside the quote
line "sheet"
sheet=$(sql "$db" "SELECT id FROM message WHERE direction = 'out' AND channel = 'email' ORDER BY id DESC LIMIT 1")
sql "$db" "UPDATE message SET provider_id = 'sheet@club.example' WHERE id = $sheet"	# as the outbox sends it
like "$(reply)" "^Ben Fletcher: _ _ _ _$" "the sheet names each athlete with a blank a metric"
quote=$(sql "$db" "SELECT body FROM message WHERE id = $sheet" | sed 's/^/> /')
filled=$(printf '%s\n' "$quote" | sed 's/^> Ben Fletcher: _ _ _ _$/> Ben Fletcher: 5 6 7:35 3/; s/^> Tom Harris: _ _ _ _$/> Tom Harris: 6 6 7:10 4 good week/')
line "date: $d4\n\nSent from my iPhone\n\nOn 22 Nov 2026, at 07:00, cox <team@club.example> wrote:\n\n$filled" "<sheet@club.example>"
is "$rc:$(outcome)" "0:stored:" "scores typed into the quoted sheet are stored"
is "$(scores 'Ben Fletcher' $d4)" "technique=5 fitness=6 erg=4550 attitude=3" "Ben's, from his quoted line"
is "$(scores 'Tom Harris' $d4):$(comment 'Tom Harris' $d4)" "technique=6 fitness=6 erg=4300 attitude=4:good week" \
	"Tom Harris's, with his comment"
is "$(sql "$db" "SELECT count(DISTINCT athlete_id) FROM rating WHERE rated_on = '$d4'")" 2 \
	"and no one else's: the lines left blank are not read"
like "$(reply)" "^- Ben Fletcher: 5 6 7:35 3 \\(typed into the sheet you replied to\\)$" \
	"the reply says the lines were read from the quoted sheet"

# -- any other quoted email is not read, and an email with its scores
# only there says so, with the line to write above the quote
line "date: $d4\n\nOn 22 Nov 2026, at 07:00, Alex Carter <head.coach@example.org> wrote:\n\n> Oliver Grant: 7 7 6:45 5" "<c3@example.org>"
is "$(outcome)" "rejected:errors in the ratings" "scores in a quote of another email are not stored"
like "$(reply)" "no ratings found above the quoted email: the lines an email quotes \\(those starting with '>'\\) are not read" \
	"and the reply says the quoted lines are not read"
like "$(reply)" "Write the scores above the quote, as: Oliver Grant: 7 7 6:45 5$" "and quotes the line to send"
# nor in a forward of it, which may carry another's reply
line "date: $(day 0)\n\n---------- Forwarded message ---------\n$filled" "<sheet@club.example>" "Fwd: ratings"
is "$(sql "$db" "SELECT count(*) FROM rating WHERE rated_on = '$(day 0)'")" 0 \
	"a forwarded sheet's lines are not read"
# a sheet cox sent another coach is not this coach's to fill in
sql "$db" "UPDATE message SET person_id = NULL WHERE id = $sheet"
line "date: $(day 0)\n\nOn 22 Nov 2026, at 07:00, cox wrote:\n\n$filled" "<sheet@club.example>"
is "$(sql "$db" "SELECT count(*) FROM rating WHERE rated_on = '$(day 0)'")" 0 \
	"a quoted sheet sent to someone else is not read"
done_testing
