# cox mail: a round of ratings in each format a coach writes on a phone
# (scores alone, an order line, pairs, blocks, pasted tables, first names
# and surnames), as phone mail apps send them, stored once each; and a
# round with two mistakes, which stores the others and quotes the two
# back, marked, ready to be corrected and sent again.
. "$(dirname "$0")/lib.sh"
plan 75

W=$T/ws
workspace "$W"
db=$W/cox.db
for m in technique fitness rhythm teamwork erg; do
	"$COX" -C "$W" metric add --file "$COX_DATADIR/content/metrics/$m.md" >/dev/null ||
		{ echo "Bail out! cox metric add $m failed"; exit 1; }
done
names="Jane Doe,Tom Okafor,Priya Shah,Liam Byrne,Chloe Martin,Mia Chen,Noah Evans,Ella Fox"
{
	echo "Name,Email,Squad,Role"
	echo "Alex Carter,head.coach@example.org,Senior Men,Head coach"
	IFS=,; for n in $names; do echo "$n,,Senior Men,Athlete"; done; unset IFS
} >"$T/roster.csv"
"$COX" -C "$W" roster import "$T/roster.csv" >/dev/null || { echo "Bail out! roster import failed"; exit 1; }
conf_set "$W/cox.conf" mail coaches "head.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
is "$(sql "$db" "SELECT count(*) FROM person WHERE role = 'athlete'"):$(sql "$db" "SELECT count(*) FROM metric")" \
	"8:5" "a fresh workspace with one squad of 8 athletes and five metrics"

# Athlete i's score for the metric in place j of the team's order
# (technique fitness rhythm teamwork erg): erg is out of 10, the rest 5.
score() { if [ "$2" = 5 ]; then echo $((($1 * 3 + $2) % 10 + 1)); else echo $((($1 + $2) % 5 + 1)); fi; }
slugs="technique fitness rhythm teamwork erg"
athlete() { echo "$names" | cut -d, -f"$1"; }
scores() { local j s=; for j in 1 2 3 4 5; do s="$s${s:+$2}$(score "$1" $j)"; done; echo "$s"; }
# what the database must hold for a day: "Name slug score", sorted
expected() {
	local i j
	for i in 1 2 3 4 5 6 7 8; do
		j=0; for m in $slugs; do j=$((j + 1)); echo "$(athlete $i) $m $(score $i $j)"; done
	done | LC_ALL=C sort
}
stored() {
	sql "$db" "SELECT p.name || ' ' || m.slug || ' ' || r.score FROM rating r
	    JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id
	    WHERE r.rated_on = '$1' AND r.source = 'coach'" | LC_ALL=C sort
}

# phone_mail N TEXT [html]: email N as an iPhone writes it: text and HTML
# alternatives, the coach's words, "Sent from my iPhone", and the earlier
# thread quoted below; "html" sends the HTML part alone (the text made of
# it, tables and all, as Outlook for phones does).
phone_mail() {
	local html
	html=$(printf '%s\n' "$2" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s|.*|<div>&</div>|')
	[ "${3:-}" = html ] && html=$4
	{
		printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\n'
		printf 'Subject: Re: Ratings\nDate: Mon, 23 Nov 2026 18:0%s:00 +0000\n' "$1"
		printf 'Message-ID: <round-%s@example.org>\nMIME-Version: 1.0\n' "$1"
		printf 'Content-Type: multipart/alternative; boundary="Apple-Mail-%s"\n\n' "$1"
		if [ "${3:-}" != html ]; then
			printf -- '--Apple-Mail-%s\nContent-Type: text/plain; charset=utf-8\n' "$1"
			printf 'Content-Transfer-Encoding: 8bit\n\n%s\n\nSent from my iPhone\n\n' "$2"
			printf 'On 20 Nov 2026, at 09:00, Alex Carter <head.coach@example.org> wrote:\n\n'
			printf '> Jane Doe: 1 1 1 1 1\n> Tom Okafor:\n>   technique 1\n'
		fi
		printf -- '--Apple-Mail-%s\nContent-Type: text/html; charset=utf-8\n' "$1"
		printf 'Content-Transfer-Encoding: 8bit\n\n<html><body>%s' "$html"
		printf '<div><br></div><div>Sent from my iPhone</div><blockquote type="cite">'
		printf '<div>On 20 Nov 2026, at 09:00, Alex Carter wrote:</div><div>Jane Doe: 1 1 1 1 1</div>'
		printf '</blockquote></body></html>\n--Apple-Mail-%s--\n' "$1"
	} >"$T/round-$1.eml"
	mail "$T/round-$1.eml"
}

# round N FORMAT TEXT [html HTML]: sends it, dated 2026-11-0N, and checks
# every score of the 8 athletes is stored once, and nothing else.
round() {
	local n=$1 what=$2 day=2026-11-0$1
	phone_mail "$n" "Hi, ratings below.
date: $day

$3
Thanks" "${4:-}" "${5:-}"
	is "$rc:$(outcome)" "0:stored:" "$what: stored, with nothing refused"
	is "$(stored $day)" "$(expected)" "$what: every score of the 8 athletes, once"
}

body=; for i in 1 2 3 4 5 6 7 8; do body="$body$(athlete $i): $(scores $i ' ')
"; done
round 1 "scores alone, in the team's order" "$body"
like "$(reply)" "^Stored 40 ratings for 1 Nov 2026:" "the reply says what was stored"
is "$(reply | sed -n '/^Stored/,/^Each athlete\|^No athlete is texted/p' | grep '^- ' | sed 's/:.*//' | tr '\n' ,)" "- $(echo "$names" | sed 's/,/,- /g')," \
	"the confirmation lists athletes in the order of the email"

body="order: erg teamwork rhythm fitness technique
"; for i in 1 2 3 4 5 6 7 8; do
	body="$body$(athlete $i): $(scores $i ' ' | awk '{ print $5, $4, $3, $2, $1 }')
"; done
round 2 "scores alone, under an order line" "$body"

body=; for i in 1 2 3 4 5 6 7 8; do
	body="$body$(athlete $i): Technique $(score $i 1), fitness $(score $i 2) great week, rhythm $(score $i 3); teamwork $(score $i 4), erg $(score $i 5)/10
"; done
round 3 "metric-score pairs on one line" "$body"
is "$(sql "$db" "SELECT comment FROM rating r JOIN metric m ON m.id = r.metric_id WHERE rated_on = '2026-11-03' AND m.slug = 'fitness' GROUP BY comment")" \
	"great week" "a pair's comment runs to the next comma"

body=; for i in 1 2 3 4 5 6 7 8; do
	body="$body$(athlete $i):
  technique $(score $i 1)
  fitness $(score $i 2)/5
  rhythm $(score $i 3) – smoother
  teamwork: $(score $i 4)
  erg $(score $i 5)
"; done
round 4 "today's block format" "$body"

body="Name	Technique	Fitness	Rhythm	Teamwork	Erg score
"; for i in 1 2 3 4 5 6 7 8; do body="$body$(athlete $i)	$(scores $i '	')	
"; done
round 5 "a Numbers/Excel paste: tabs, a header of metric names" "$body"

body=; for i in 1 2 3 4 5 6 7 8; do body="$body| $(athlete $i) | $(scores $i ' | ') |
"; done
round 6 "a table with pipes, no header (the team's order)" "$body"

body="Athlete,technique,fitness,rhythm,teamwork,erg
"; for i in 1 2 3 4 5 6 7 8; do body="$body$(athlete $i),$(scores $i ,)
"; done
round 7 "a comma-separated table with a header" "$body"

body=; for i in 1 2 3 4 5 6 7 8; do
	if [ $((i % 2)) = 0 ]; then who=$(athlete $i | cut -d' ' -f1); else who=$(athlete $i | cut -d' ' -f2); fi
	body="$body$who: $(scores $i ' ')
"; done
round 8 "first names and surnames alone" "$body"

html="<div>Hi, ratings below.</div><div>date: 2026-11-09</div><table><tr><th></th><th>technique</th><th>fitness</th><th>rhythm</th><th>teamwork</th><th>erg</th></tr>"
for i in 1 2 3 4 5 6 7 8; do html="$html<tr><td>$(athlete $i)</td><td>$(scores $i '</td><td>')</td></tr>"; done
round 9 "an HTML table, with no text part" "" html "$html</table><div>Thanks</div>"

# A round with two mistakes: the other six are stored
body="date: 2026-11-10
"; for i in 1 2 3 4 5 6 7 8; do
	case $i in
	2) body="${body}Tom Okafor: $(score $i 1) $(score $i 2) 9 $(score $i 4) $(score $i 5)
";;
	3) body="${body}Priya Shah: technique $(score $i 1), fitnss $(score $i 2), rhythm $(score $i 3), teamwork $(score $i 4), erg $(score $i 5)
";;
	*) body="$body$(athlete $i): $(scores $i ' ')
";;
	esac
done
phone_mail 10 "$body"
is "$rc:$(outcome)" "0:stored:2 of 8 athletes refused" "a round with 2 bad athletes is stored, the 2 counted"
is "$(stored 2026-11-10 | cut -d' ' -f1,2 | sort -u | tr '\n' ,)" \
	"$(expected | grep -v '^Tom Okafor\|^Priya Shah' | cut -d' ' -f1,2 | sort -u | tr '\n' ,)" \
	"the other 6 athletes' scores are stored"
is "$(stored 2026-11-10 | wc -l)" 30 "and only theirs"
r=$(reply)
like "$r" "^Stored 30 ratings for 10 Nov 2026:" "the reply says what was stored"
quoted=$(printf '%s\n' "$r" | sed -n '/^Not stored/,/^Each athlete\|^No athlete is texted/p' | sed '1d;$d' | sed '/^$/d')
is "$(printf '%s\n' "$quoted" | grep -v '^(!)\|^date:' | sed 's/:.*//' | tr '\n' ,)" "Tom Okafor,Priya Shah," \
	"and quotes exactly the 2 refused athletes back"
like "$quoted" "^Tom Okafor: [0-9] [0-9] 9 [0-9] [0-9]+
\(!\) rhythm 9 is outside 1-5$" "each marked under its line: a score off the scale"
like "$quoted" "^\(!\) unknown metric 'fitnss' - did you mean 'fitness'\?$" "and an unknown metric"
like "$quoted" "^date: 2026-11-10$" "under the email's date"

# The quoted lines, corrected and sent back with their marks: the 2 stored
fixed=$(printf '%s\n' "$quoted" | sed "s/^\(Tom Okafor: [0-9] [0-9]\) 9/\1 $(score 2 3)/; s/fitnss/fitness/")
phone_mail 11 "$fixed"
is "$rc:$(outcome)" "0:stored:" "the corrected lines are stored, the marks skipped"
is "$(stored 2026-11-10)" "$(expected)" "every score of the round is there once"

# A mistake in an athlete's line refuses only that athlete; unknown and
# ambiguous names are named with who they may be
printf 'Name,Squad,Role\nJane Fox,Senior Men,Athlete\n' >"$T/more.csv"
"$COX" -C "$W" roster import "$T/more.csv" >/dev/null
phone_mail 12 "date: 2026-11-12
Jane: 1 1 1 1 1
Fox: 2 2 2 2 2
Noah Evans: 3 3 3
Mia Chen: 4 4 4 4 4
Jon Smith: 1 2 3 4 5"
is "$(outcome)" "stored:4 of 5 athletes refused" "one athlete stored, four refused"
r=$(reply)
like "$r" "^\(!\) 'Jane' could be Jane (Doe, Jane Fox|Fox, Jane Doe): write the whole name or the @handle$" \
	"an ambiguous first name names the candidates"
like "$r" "^\(!\) 3 scores for 5 metrics" "too few scores is a problem on that line"
like "$r" "^\(!\) 'Jon Smith' is not one of your athletes" "an unknown athlete is quoted and marked"
is "$(stored 2026-11-12)" "$(printf 'Mia Chen %s 4\n' $slugs | LC_ALL=C sort)" "Mia Chen's scores are stored"

# A phone's keyboard leaves accents out: a name without them, in any
# case, is the athlete's, whole or first name alone; written as the
# roster has it wins, and two it could be stay ambiguous
{
	echo "Name,Squad,Role"
	printf '%s,Senior Men,Athlete\n' "José Álvarez" "Zoë Müller" "Siobhán Ní Bhriain" \
		"Björn Ødegård" "Bjørn Dæhlie" "Léa Martín" "Lea Martin"
} >"$T/accents.csv"
"$COX" -C "$W" roster import "$T/accents.csv" >/dev/null
phone_mail 16 "date: 2026-11-17
Jose Alvarez: 3 3 3 3 3
ZOE MULLER: 4 4 4 4 4
Siobhan: 2 2 2 2 2
Bjorn Odegard: 1 1 1 1 1
Bjorn: 5 5 5 5 5
Lea Martin: 1 2 3 4 5
Léa Martin: 5 4 3 2 1"
is "$(outcome)" "stored:2 of 7 athletes refused" "five athletes named without accents stored, two refused"
when() {	# when DAYS: "3 days before", "1 day after"
	local n=${1#-} w=after
	[ "$1" = "$n" ] || w=before
	if [ "$n" = 1 ]; then echo "1 day $w"; else echo "$n days $w"; fi
}
rated() { sql "$db" "SELECT group_concat(r.score, ' ') FROM (SELECT r.score FROM rating r
    JOIN person p ON p.id = r.athlete_id JOIN metric m ON m.id = r.metric_id
    WHERE r.rated_on = '2026-11-17' AND p.name = '$1' ORDER BY m.position, m.id) r"; }
is "$(rated 'José Álvarez')" "3 3 3 3 3" "a whole name without its accents is the athlete's"
is "$(rated 'Zoë Müller')" "4 4 4 4 4" "and in capitals"
is "$(rated 'Björn Ødegård')" "1 1 1 1 1" "ø and ö are o"
is "$(rated 'Siobhán Ní Bhriain')" "2 2 2 2 2" "a first name without its accent is the athlete's"
is "$(rated 'Lea Martin'):$(rated 'Léa Martín')" "1 2 3 4 5:" "a name written as the roster has it wins over one without accents"
r=$(reply)
like "$r" "^\(!\) 'Bjorn' could be (Björn Ødegård, Bjørn Dæhlie|Bjørn Dæhlie, Björn Ødegård): write the whole name or the @handle$" \
	"a first name two athletes' fold to is ambiguous"
like "$r" "^\(!\) 'Léa Martin' could be (Léa Martín, Lea Martin|Lea Martin, Léa Martín): write the whole name or the @handle$" \
	"a whole name two athletes' fold to is ambiguous"
unlike "$r" "no athlete" "no name is unknown"

# Nothing right: rejected, all of it quoted
phone_mail 13 "Tom Okafor: 9 9 9 9 9"
is "$(outcome)" "rejected:errors in the ratings" "an email with no athlete stored is rejected"
like "$(reply)" "^Nothing from your email was stored" "and says so"
is "$(reply | grep -c '^(!)')" 4 "each problem marked (erg 9 is within 1-10)"

# A wrong date refuses every athlete: its line is quoted, marked, above
phone_mail 15 "date: 2026-11-31
Jane Doe: 1 1 1 1 1
Tom Okafor: 2 2 2 2 2"
is "$(outcome)" "rejected:errors in the ratings" "a wrong date line refuses the whole email"
is "$(reply | sed -n '/^date:/,$p' | sed '/^$/,$d')" "date: 2026-11-31
(!) write the date as YYYY-MM-DD or as your country writes it, a day that exists, e.g. date: 2026-11-20
Jane Doe: 1 1 1 1 1
Tom Okafor: 2 2 2 2 2" "its line is marked above the athletes' lines, ready to fix"

# Signatures and quoted threads: the iPhone's signature ended every
# round; a rating that holds the same words is read
phone_mail 14 "date: 2026-11-14
Ella Fox:
  technique 3 sent from my iPhone at the boathouse"
is "$(sql "$db" "SELECT comment FROM rating WHERE rated_on = '2026-11-14'")" \
	"sent from my iPhone at the boathouse" "a comment holding a signature's words is kept"
# Gmail's HTML-only reply: the quoted thread is a blockquote (in another
# when it quotes a reply), and its scores are not the coach's new ones
cat >"$T/gmail.eml" <<'EML'
Authentication-Results: mx.club.example; dmarc=pass header.from=example.org
From: Alex Carter <head.coach@example.org>
To: team@example.org
Subject: Re: Ratings
Date: Mon, 23 Nov 2026 19:00:00 +0000
Message-ID: <gmail-html@example.org>
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8

<div dir="ltr"><div>date: 2026-11-16</div><div>Tom Okafor: 5 5 5 5 10</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 23 Nov 2026 at 18:00, &lt;team@example.org&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">Stored 5 ratings for 2026-11-16:<br>- Jane Doe: technique 1<br><div>Jane Doe: 1 1 1 1 1</div><blockquote class="gmail_quote"><div>Mia Chen: 2 2 2 2 2</div></blockquote><div>Noah Evans: 3 3 3 3 3</div></blockquote></div>
EML
mail "$T/gmail.eml"
is "$rc:$(outcome)" "0:stored:" "an HTML-only reply quoting the thread is stored, nothing refused"
is "$(stored 2026-11-16)" "$(printf 'Tom Okafor %s %s\n' technique 5 fitness 5 rhythm 5 teamwork 5 erg 10 | LC_ALL=C sort)" \
	"only the coach's new line is stored, not the quoted ones"
unlike "$(reply)" "\(!\)|Not stored" "and the quoted lines are not quoted back as mistakes"
# Outlook on the web quotes no blockquote: an empty appendonsend, a rule,
# the From/Sent lines in the coach's language (Swedish here, which the
# plain-text cut does not know) in divRplyFwdMsg, then the thread
mail "$DATA/mail/outlook-web-reply.eml"
is "$rc:$(outcome)" "0:stored:" "an Outlook on the web reply quoting the thread is stored, nothing refused"
is "$(stored 2026-11-19)" "$(printf 'Chloe Martin %s %s\n' technique 4 fitness 4 rhythm 4 teamwork 4 erg 8 | LC_ALL=C sort)" \
	"only the coach's new line is stored, not the thread's"
unlike "$(reply)" "\(!\)|Not stored|Skickat" "and nothing of the thread is quoted back"
# A line written without its ':' (a time among its scores, as a team
# with a time metric writes it) is read as if it had one, and the reply
# shows how, with the line to send after an undo if that was wrong
"$COX" -C "$W" metric add split --name "500 m split" --time 1:30-2:30 >/dev/null
phone_mail 17 "date: 2026-11-18
Mia Chen: 4 4 4 4 4 1:45.0
Ella Fox 3 4 5 2 7 1:58.0"
is "$rc:$(outcome)" "0:stored:" "a line without its ':' is stored, nothing refused"
is "$(stored 2026-11-18 | grep '^Ella Fox' | tr '\n' ,)" \
	"Ella Fox erg 7,Ella Fox fitness 4,Ella Fox rhythm 5,Ella Fox split 1180,Ella Fox teamwork 2,Ella Fox technique 3," \
	"with its time"
like "$(reply)" "^- Ella Fox 3 4 5 2 7 1:58\\.0
  read as: Ella Fox: technique 3, fitness 4, rhythm 5, teamwork 2, erg 7, split 1:58\\.0$" \
	"the reply shows the line as written and as read"
like "$(reply)" "reply with the one word undo, which takes this whole email back" "and how to undo a wrong reading"
# A Date header far from the day the email came (a phone's clock gone
# wrong, an old email sent again): its scores are for the day it came,
# and the reply says so in one line; near it, or under a date: line,
# the day written stands.  The headers are made from the run's clock,
# those that stand a day inside the limits (30 days before, 2 after).
conf_set "$W/cox.conf" team timezone UTC
day() { date -u -d "$1 days" +%F; }
dated() {	# dated N DAYS TEXT: TEXT emailed with a Date DAYS from now
	printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\n'
	printf 'Subject: Ratings\nDate: %s\nMessage-ID: <dated-%s@example.org>\n' "$(date -u -R -d "$2 days")" "$1"
	printf 'Content-Type: text/plain; charset=utf-8\n\n%s\n' "$3"
}
when() {	# when DAYS: "3 days before", "1 day after"
	local n=${1#-} w=after
	[ "$1" = "$n" ] || w=before
	if [ "$n" = 1 ]; then echo "1 day $w"; else echo "$n days $w"; fi
}
rated() { sql "$db" "SELECT group_concat(DISTINCT r.rated_on) FROM rating r
	JOIN message m ON m.id = r.message_id WHERE m.provider_id = 'dated-$1@example.org'"; }
moved="^Your email is dated %s, far from the day it came: its scores are for that day, %s \\(a line date: YYYY-MM-DD sets another\\)\\.$"
for d in -40 5; do
	today=$(day 0)
	dated "$d" "$d" "Jane Doe: technique 3" | run "$COX" -C "$W" mail --stdin
	is "$rc:$(rated "$d")" "0:$today" "a Date $(when "$d") the day it came: the scores are for that day"
	like "$(reply)" "$(printf "$moved" "$(en_date "$(day "$d")")" "$(en_date "$today")")" \
	    "and the reply says so in one line, its days in words"
done
for d in -29 1; do
	dated "$d" "$d" "Tom Okafor: technique 2" | run "$COX" -C "$W" mail --stdin
	is "$rc:$(rated "$d")" "0:$(day "$d")" "a Date $(when "$d") the day it came stands"
	unlike "$(reply)" "far from the day it came" "and the reply says nothing of it"
done
dated date -40 "date: $(day -3)
Noah Evans: technique 4" | run "$COX" -C "$W" mail --stdin
is "$rc:$(rated date)" "0:$(day -3)" "a date: line stands, whatever the Date header"
unlike "$(reply)" "far from the day it came" "and the reply says nothing of the header"
# the day as the team's country writes it, without its year: the
# nearest such day
dated dm -40 "date : $(date -u -d '-3 days' +%d/%m)
Noah Evans: technique 3" | run "$COX" -C "$W" mail --stdin
is "$rc:$(rated dm)" "0:$(day -3)" "a British coach's date: line, day first and no year, is that day"
conf_set "$W/cox.conf" team default_country US
dated md -40 "date: $(date -u -d '-3 days' +%m/%d)
Noah Evans: technique 2" | run "$COX" -C "$W" mail --stdin
is "$rc:$(rated md)" "0:$(day -3)" "and an American coach's, month first"
conf_set "$W/cox.conf" team default_country GB
# a phone's email with its subject left empty is answered under a
# subject of its own, not a bare "Re: "
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: \nDate: %s\nMessage-ID: <nosubject@example.org>\nContent-Type: text/plain; charset=utf-8\n\nJane Doe: technique 3\n' \
	"$(date -u -R)" | run "$COX" -C "$W" mail --stdin
is "$rc:$(sql "$db" "SELECT subject FROM message WHERE direction = 'out' AND channel = 'email' ORDER BY id DESC LIMIT 1")" \
	"0:Re: ratings" "an email with an empty subject is answered under the catalogue's"
done_testing
