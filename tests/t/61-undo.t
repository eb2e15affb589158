# "undo" undoes: whatever the order of emails correcting one score and
# of undos of them, the score is the one from the latest email not
# undone, or none, and each undo's confirmation counts what it did.
# A coach removed from the roster, or no longer a coach, cannot undo,
# answer or file a note by replying.
. "$(dirname "$0")/lib.sh"

# Each case: emails (a letter and the score it gives Oliver) and undos
# (u and the letter), in the order they come.
cases='A3 B4 uA uB
A3 B4 uB uA
A3 uA B4 uB
A3 B4 uA
A3 B4 uB
A3 B4 C5 uA uB uC
A3 B4 C5 uA uC uB
A3 B4 C5 uB uA uC
A3 B4 C5 uB uC uA
A3 B4 C5 uC uA uB
A3 B4 C5 uC uB uA'
undos=$(printf '%s\n' "$cases" | tr ' ' '\n' | grep -c '^u')
plan $((undos + 31))

W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches "head.coach@example.org, priya.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db

# every email here: ratings (email)
EMAIL_HEADERS=("Subject: ratings")
alex="Alex Carter <head.coach@example.org>"
priya="Priya Shah <priya.coach@example.org>"
# rate WHO ID DAY ATHLETE SCORE: a ratings email; its confirmation is
# given the Message-ID conf-ID, as the outbox would
rate() {
	email "From: $1" "Message-ID: <$2@example.org>" "date: $3\n$4:\n  technique $5"
	sql "$db" "UPDATE message SET provider_id = 'conf-$2@club.example' WHERE kind = 'reply'
		AND about = (SELECT id FROM message WHERE provider_id = '$2@example.org')"
}
score() { sql "$db" "SELECT coalesce((SELECT r.score FROM rating r JOIN person p ON p.id = r.athlete_id
	JOIN metric m ON m.id = r.metric_id WHERE p.handle = '$2' AND m.slug = 'technique' AND r.source = 'coach'
	AND r.rated_on = '$1'), 'none')"; }
# what the last undo's confirmation counts: -N removed, +N put back,
# =N replaced since by a later email
counts() { reply | sed -nE 's/^- ([0-9]+) scores? it added.*/-\1/p; s/^- ([0-9]+) scores? it corrected.*/+\1/p
	s/^- ([0-9]+) scores? it set.*/=\1/p' | tr -d '\n'; }

# -- Every case, each on a day of its own, against a model: the
# emails that count, in order; undoing the last of them puts back the
# one before (or removes the score), undoing another leaves the score
n=0
while read -r events <&3; do
	n=$((n + 1))
	day=2026-09-$(printf '%02d' "$n")
	live=""
	for e in $events; do
		case $e in
		u?)
			x=${e#u}
			last=${live##* }
			rest=$(printf '%s\n' $live | grep -v "^${x}" | tr '\n' ' ' | sed 's/ $//')
			if [ "${last%?}" = "$x" ]; then
				if [ -n "$rest" ]; then want="-0+1"; else want="-1"; fi
			else
				want="-0=1"
			fi
			live=$rest
			email "From: $alex" "Message-ID: <c$n-$e@example.org>" "In-Reply-To: <conf-c$n-$x@club.example>" "undo"
			got=$(score "$day" obrown)
			expect=${live##* }
			expect=${expect#?}
			is "$got:$(counts)" "${expect:-none}:$want" "$events: after $e the score is ${expect:-none}, the confirmation says $want"
			;;
		*)
			x=${e%?}
			rate "$alex" "c$n-$x" "$day" "Oliver Brown" "${e#?}"
			live="${live:+$live }$e"
			;;
		esac
	done
done 3<<EOF
$cases
EOF

# -- A correction Oliver was texted (he had answered the score), undone:
# told it is taken back once it went, not when it still waited
day=2026-10-01
corr() { sql "$db" "SELECT count(*) || ':' || coalesce(group_concat(m.status), '') FROM message m
	JOIN person p ON p.id = m.person_id WHERE p.handle = 'obrown' AND m.kind = 'correction'"; }
rate "$alex" k1 "$day" "Oliver Brown" 3
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	SELECT r.athlete_id, r.metric_id, 'self', 4, r.rated_on, r.created_at FROM rating r
	JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'obrown' AND r.source = 'coach' AND r.rated_on = '$day'"
rate "$alex" k2 "$day" "Oliver Brown" 5
is "$(corr)" "1:queued" "a correction of a score he had answered is texted to him"
email "From: $alex" "Message-ID: <k2u@example.org>" "In-Reply-To: <conf-k2@club.example>" "undo"
is "$(score "$day" obrown):$(corr)" "3:1:cancelled" "undone while it waited, the text is cancelled and nothing more is sent"
like "$(reply)" "are cancelled; nobody is told" "and the undo's confirmation says nobody is told"
rate "$alex" k3 "$day" "Oliver Brown" 2
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
email "From: $alex" "Message-ID: <k3u@example.org>" "In-Reply-To: <conf-k3@club.example>" "undo"
is "$(score "$day" obrown):$(corr)" "3:3:cancelled,sent,queued" "undone after it went, he gets a second text"
like "$(sql "$db" "SELECT body FROM message WHERE kind = 'correction' ORDER BY id DESC LIMIT 1")" \
	"Your coach took back a correction they texted you; your scores now: technique 3\.$" \
	"saying the coach took it back, and the score as it is again"
like "$(reply)" "- 1 athlete it had texted a correction is told it is taken back" \
	"and the undo's confirmation says so"

# -- Corrections of one evening make one text while they wait; an undo
# makes it again from what is left
waiting() { sql "$db" "SELECT count(*) || ':' || coalesce(group_concat(m.body, '|'), '') FROM message m
	JOIN person p ON p.id = m.person_id WHERE p.handle = 'obrown' AND m.kind = 'correction'
	AND m.status = 'queued' AND m.body LIKE '%corrected%'"; }
answered() { sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	SELECT r.athlete_id, r.metric_id, 'self', 4, r.rated_on, r.created_at FROM rating r
	JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'obrown' AND r.source = 'coach' AND r.rated_on = '$1'"; }
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
day=2026-10-02
rate "$alex" k4 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" k5 "$day" "Oliver Brown" 5
rate "$alex" k6 "$day" "Oliver Brown" 4
like "$(waiting)" "^1:.*corrected technique to 4 \(it was 3\)\.$" "two corrections waiting make one text"
email "From: $alex" "Message-ID: <k6u@example.org>" "In-Reply-To: <conf-k6@club.example>" "undo"
like "$(score "$day" obrown):$(waiting)" "^5:1:.*corrected technique to 5 \(it was 3\)\.$" \
	"undoing the second, the first's is texted again"
like "$(reply)" "^- 1 athlete's correction text still waiting is made again without it$" \
	"and the undo's confirmation says so"
unlike "$(reply)" "nobody is told" "not that nobody is told"
email "From: $alex" "Message-ID: <k5u@example.org>" "In-Reply-To: <conf-k5@club.example>" "undo"
is "$(score "$day" obrown):$(waiting)" "3:0:" "undoing the first too, nothing is"
day=2026-10-03
rate "$alex" k7 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" k8 "$day" "Oliver Brown" 5
rate "$alex" k9 "$day" "Oliver Brown" 4
email "From: $alex" "Message-ID: <k8u@example.org>" "In-Reply-To: <conf-k8@club.example>" "undo"
like "$(score "$day" obrown):$(waiting)" "^4:1:.*corrected technique to 4 \(it was 3\)\.$" \
	"undoing the first of two, the second's text stands"

# -- What he was shown is what the text says it was: a score he
# answered after its first correction is told from the score then
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
day=2026-10-04
answers() {	# answers METRIC: Oliver's own score, by a text stored now
	sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
		SELECT 'in', 'sms', id, '+447700900123', '4', 'ratings', 'stored', strftime('%s', 'now')
		FROM person WHERE handle = 'obrown';
	INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at, message_id)
		SELECT r.athlete_id, r.metric_id, 'self', 4, r.rated_on, r.created_at, last_insert_rowid()
		FROM rating r JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id
		WHERE p.handle = 'obrown' AND m.slug = '$1' AND r.source = 'coach' AND r.rated_on = '$day'"
}
email "From: $alex" "Message-ID: <m1@example.org>" "date: $day\nOliver Brown:\n  technique 3\n  fitness 3"
answers fitness
email "From: $alex" "Message-ID: <m2@example.org>" "date: $day\nOliver Brown:\n  technique 5\n  fitness 5"
answers technique
email "From: $alex" "Message-ID: <m3@example.org>" "date: $day\nOliver Brown:\n  fitness 4"
sql "$db" "UPDATE message SET provider_id = 'conf-m3@club.example' WHERE kind = 'reply'
	AND about = (SELECT id FROM message WHERE provider_id = 'm3@example.org')"
like "$(waiting)" "^1:.*corrected fitness to 4 \(it was 3\)\.$" \
	"a score answered after its first correction is not told as corrected from before it"
email "From: $alex" "Message-ID: <m4@example.org>" "date: $day\nOliver Brown:\n  technique 3"
like "$(waiting)" "^1:.*corrected fitness to 4 \(it was 3\), technique to 3 \(it was 5\)\.$" \
	"and a correction of it after is told from the score he answered against"
# the text went; undoing one of the emails it took in tells him
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
email "From: $alex" "Message-ID: <m3u@example.org>" "In-Reply-To: <conf-m3@club.example>" "undo"
like "$(sql "$db" "SELECT count(*) || ':' || coalesce(max(m.body), '') FROM message m JOIN person p ON p.id = m.person_id
	WHERE p.handle = 'obrown' AND m.kind = 'correction' AND m.status = 'queued'")" \
	"^1:.*Your coach took back a correction they texted you; your scores now: fitness 5\.$" \
	"undoing an email whose correction went in a later text tells him it is taken back, and the score it leaves"

# -- An undo of the email that added a score takes its correction's
# record: the text of that correction still waiting is not replaced by
# one that cannot say it again
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
day=2026-10-05
rate "$alex" n1 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" n2 "$day" "Oliver Brown" 5
email "From: $alex" "Message-ID: <n1u@example.org>" "In-Reply-To: <conf-n1@club.example>" "undo"
rate "$alex" n3 "$day" "Oliver Brown" 4
like "$(waiting)" "^2:.*technique to 5 \(it was 3\)\.\|.*technique to 4 \(it was 5\)\.$" \
	"a waiting text no later one can say again stays beside it"

# -- A correction put back the same evening texts nothing; a later,
# unrelated correction that went did not tell it, so an undo of the
# first tells him nothing either
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
day=2026-10-06
rate "$alex" q1 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" q2 "$day" "Oliver Brown" 5
rate "$alex" q3 "$day" "Oliver Brown" 3
is "$(waiting)" "0:" "a score put back where he saw it leaves no text waiting"
day=2026-10-07
rate "$alex" q4 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" q5 "$day" "Oliver Brown" 4
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
email "From: $alex" "Message-ID: <q2u@example.org>" "In-Reply-To: <conf-q2@club.example>" "undo"
is "$(score 2026-10-06 obrown):$(sql "$db" "SELECT count(*) FROM message m JOIN person p ON p.id = m.person_id
	WHERE p.handle = 'obrown' AND m.kind = 'correction' AND m.status = 'queued'")" "3:0" \
	"undoing it, he is told nothing: no text that went said it"

# -- The text that took in one waiting is the next of a ratings email:
# an undo's notice sent in between did not tell it
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
day=2026-10-10
rate "$alex" s0 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" s1 "$day" "Oliver Brown" 5
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
day=2026-10-11
rate "$alex" s2 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" s3 "$day" "Oliver Brown" 5
email "From: $alex" "Message-ID: <s1u@example.org>" "In-Reply-To: <conf-s1@club.example>" "undo"
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'
	AND body LIKE '%took back%'"
rate "$alex" s4 "$day" "Oliver Brown" 4
rate "$alex" s5 "$day" "Oliver Brown" 3
email "From: $alex" "Message-ID: <s3u@example.org>" "In-Reply-To: <conf-s3@club.example>" "undo"
is "$(sql "$db" "SELECT count(*) FROM message m JOIN person p ON p.id = m.person_id
	WHERE p.handle = 'obrown' AND m.kind = 'correction' AND m.status = 'queued'")" 0 \
	"an undo's notice that went between is not taken for the text that told a correction"

# -- An undo of a correction he never answered, beside a text of
# another that waits: that text stays, and nothing is made again
sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
day=2026-10-12
rate "$alex" t1 "$day" "Oliver Brown" 3
answered "$day"
rate "$alex" t2 "$day" "Oliver Brown" 5
rate "$alex" t3 2026-10-13 "Oliver Brown" 3
rate "$alex" t4 2026-10-13 "Oliver Brown" 4
email "From: $alex" "Message-ID: <t4u@example.org>" "In-Reply-To: <conf-t4@club.example>" "undo"
is "$(waiting | cut -d: -f1)" 1 "(the other's text still waits)"
like "$(reply)" "are cancelled; nobody is told" "and the undo's confirmation says nobody is told"

# -- One metric corrected on two days in one text: each with its day
# two_days ID DAY1 DAY2: each day rated 3 and answered, then corrected,
# the first to 4 and the second to 5
two_days() {
	sql "$db" "UPDATE message SET status = 'sent' WHERE kind = 'correction' AND status = 'queued'"
	for day in "$2" "$3"; do
		rate "$alex" "$1$day" "$day" "Oliver Brown" 3
		answered "$day"
	done
	rate "$alex" "${1}3" "$2" "Oliver Brown" 4
	rate "$alex" "${1}4" "$3" "Oliver Brown" 5
}
two_days r 2026-10-08 2026-10-09
like "$(waiting)" "^1:.*corrected technique \(8 Oct\) to 4 \(it was 3\), technique \(9 Oct\) to 5 \(it was 3\)\.$" \
	"one metric corrected on two days is told with each day"
rate "$alex" r5 2026-10-09 "Oliver Brown" 3
like "$(waiting)" "^1:.*corrected technique to 4 \(it was 3\)\.$" \
	"one of the two put back, the other is told without its day"
# in French, a day of August in the letters a text keeps to (GSM-7)
cox -C "$W" roster edit @obrown --language fr
two_days f 2026-08-08 2026-08-09
like "$(sql "$db" "SELECT m.body FROM message m JOIN person p ON p.id = m.person_id WHERE p.handle = 'obrown'
	AND m.kind = 'correction' AND m.status = 'queued'")" \
	"corrigé technique \(8 aout\) à 4 \(c'était 3\), technique \(9 aout\) à 5 \(c'était 3\)\.$" \
	"a French text writes August's day without its circumflex"
cox -C "$W" roster edit @obrown --language en

# -- Coaches no longer coaches
rate "$priya" p1 2026-09-20 "Chloé Martin" 3
email "From: $priya" "Message-ID: <p1u@example.org>" "In-Reply-To: <conf-p1@club.example>" "undo"
rate "$priya" p2 2026-09-21 "Chloé Martin" 3
cox -C "$W" roster remove @pshah
email "From: $priya" "Message-ID: <p2u@example.org>" "In-Reply-To: <conf-p2@club.example>" "undo"
is "$(outcome):$(score 2026-09-21 cmartin)" "rejected:the sender is not a coach in the roster:3" \
	"a coach removed from the roster cannot undo"
is "$(sql "$db" "SELECT kind || ' ' || status FROM message WHERE provider_id = 'p2u@example.org'")" "undo rejected" \
	"the log keeps her reply, refused"
sql "$db" "UPDATE person SET active = 1 WHERE handle = 'pshah'"
cox -C "$W" roster edit @pshah --role athlete
email "From: $priya" "Message-ID: <p2v@example.org>" "In-Reply-To: <conf-p2@club.example>" "undo"
is "$(outcome):$(score 2026-09-21 cmartin)" "rejected:the sender is not a coach in the roster:3" \
	"nor one who is now an athlete"
chloe=$(sql "$db" "SELECT id FROM person WHERE handle = 'cmartin'")
pid=$(sql "$db" "SELECT id FROM person WHERE handle = 'pshah'")
note=$(sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('in', 'sms', $chloe, '+447700900201', 'note Exams', 'note', 'stored', strftime('%s')) RETURNING id")
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, subject, body, kind, provider_id, status,
	created_at, about) VALUES ('out', 'email', $pid, 'priya.coach@example.org', 'Note from Chloé Martin', 'x',
	'forward', 'fwd-p@club.example', 'sent', strftime('%s'), $note)"
texts() { sql "$db" "SELECT count(*) FROM message WHERE kind = 'answer' AND direction = 'out'"; }
email "From: $priya" "Message-ID: <p3@example.org>" "In-Reply-To: <fwd-p@club.example>" "Good luck with the exams."
is "$(outcome):$(texts)" "rejected:the sender is not a coach in the roster:0" "she cannot answer a note"
email "From: $priya" "Message-ID: <p4@example.org>" "In-Reply-To: <fwd-p@club.example>" "archive"
is "$(outcome):$(sql "$db" "SELECT archived FROM message WHERE id = $note")" \
	"rejected:the sender is not a coach in the roster:0" "nor file it"
cox -C "$W" roster edit @pshah --role coach
email "From: $priya" "Message-ID: <p5@example.org>" "In-Reply-To: <fwd-p@club.example>" "archive"
is "$(outcome):$(sql "$db" "SELECT archived FROM message WHERE id = $note")" "stored::1" "a coach again, she can"
is "$(sql "$db" "SELECT status FROM message WHERE provider_id = 'p1u@example.org'")" stored "while she coached, her undo was taken"
done_testing
