# A Spanish club's head coach on a fresh `cox init --language es
# --country ES`, by email from a phone: athletes named as Spaniards name
# them (a first name and two surnames, the first the one used), a date
# line without its colon or in the subject, "mañana" for tomorrow and "1 h 15 min" in a
# plan, an accent left out of a metric's name, a plan under a heading,
# two reminder lines that name the same athletes, and a text sent to an
# athlete named by first name.
. "$(dirname "$0")/lib.sh"
plan 29

W=$T/ws
run "$COX" init "$W" --language es --country ES
[ "$rc" = 0 ] || { echo "Bail out! cox init failed: $err"; exit 1; }
db=$W/cox.db
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_set "$W/cox.conf" hooks post_ingest off
cat >"$T/plantilla.csv" <<'EOF'
Nombre;Apellidos;Correo;Móvil;Grupo;Rol
Marta;García López;entrenadora@remoclub.es;612 345 678;Absoluto;entrenador jefe
Lucía;Fernández Ruiz;;622 111 222;Absoluto;deportista
José;Álvarez Martín;;633 22 33 44;Absoluto;deportista
Ana;Martín Sánchez;;655 66 77 88;Juvenil;deportista
Carlos;Ruiz Pérez;carlos.entrena@remoclub.es;688 777 666;Juvenil;entrenador
EOF
run "$COX" -C "$W" roster import "$T/plantilla.csv"
[ "$rc" = 0 ] || { echo "Bail out! roster import failed: $err"; exit 1; }
"$COX" -C "$W" metric add tecnica --name "Técnica" --scale 1-10 >/dev/null &&
"$COX" -C "$W" metric add erg2k --name "Ergómetro 2000 m" --time 5:00-9:00 >/dev/null ||
	{ echo "Bail out! metric add failed"; exit 1; }
conf_set "$W/cox.conf" mail coaches "entrenadora@remoclub.es,carlos.entrena@remoclub.es"
# consent to texts, on paper, for the reminders below
sql "$db" "INSERT INTO consent (person_id, kind, given_at, channel)
	SELECT id, 'texts', strftime('%s', 'now'), 'paper' FROM person WHERE role = 'athlete'"
id_of() { sql "$db" "SELECT id FROM person WHERE name = '$1'"; }
lucia=$(id_of 'Lucía Fernández Ruiz'); jose=$(id_of 'José Álvarez Martín'); ana=$(id_of 'Ana Martín Sánchez')

n=0
# every email here: to the club's address, passed by its mail server
EMAIL_HEADERS=("Authentication-Results: mx.club.example; dmarc=pass header.from=remoclub.es"
	"To: equipo@remoclub.es" "Subject: notas" "Content-Type: text/plain; charset=utf-8")
# es_email FROM BODY [SUBJECT]: FROM's email from a phone (email); its
# Message-ID is <esN@remoclub.es>
es_email() {
	n=$((n + 1))
	email "From: $1" ${3:+"Subject: $3"} "Message-ID: <es$n@remoclub.es>" \
		"$2\n\nEnviado desde mi iPhone"
}
marta="Marta García López <entrenadora@remoclub.es>"
carlos="Carlos Ruiz Pérez <carlos.entrena@remoclub.es>"
scores() { sql "$db" "SELECT group_concat(m.slug || '=' || r.score || '@' || r.rated_on, ' ')
	FROM rating r JOIN metric m ON m.id = r.metric_id
	WHERE r.athlete_id = $1 AND r.source = 'coach' ORDER BY r.id"; }

# "Martín" is Ana's first surname and José's second: refused as either,
# where only the last word counted and it went to José without a word
es_email "$marta" "Martín: tecnica 6"
like "$(reply)" "'Martín' puede ser (Ana Martín Sánchez, José Álvarez Martín|José Álvarez Martín, Ana Martín Sánchez)" \
	"a surname two athletes share is refused, naming both"
is "$(scores "$jose")$(scores "$ana")" "" "and stored on neither"

# a first name and the first surname, and without accents, as a phone types
es_email "$marta" "fecha: 25/11/2026\nAna Martín: tecnica 6\nJosé Álvarez: tecnica 7\nLucia Fernandez: tecnica 8"
is "$(scores "$ana")|$(scores "$jose")|$(scores "$lucia")" \
	"tecnica=6@2026-11-25|tecnica=7@2026-11-25|tecnica=8@2026-11-25" \
	"'Ana Martín', 'José Álvarez' and 'Lucia Fernandez' are each the one athlete"

# the date line without its colon was passed over, and the day's scores
# replaced by those meant for another
es_email "$marta" "Fecha 24/11/2026\nLucía Fernández Ruiz: tecnica 5"
like "$(scores "$lucia")" "tecnica=5@2026-11-24" "'Fecha 24/11/2026' without ':' dates the scores"
like "$(scores "$lucia")" "tecnica=8@2026-11-25" "and leaves the 25th's as they were"

# the day in the subject, where a phone's coach writes it
ago=$(TZ=Europe/Madrid date -d '3 days ago' +%d/%m)
ago_iso=$(TZ=Europe/Madrid date -d '3 days ago' +%F)
es_email "$marta" "Lucía Fernández Ruiz: tecnica 3" "Valoraciones $ago"
like "$(scores "$lucia")" "tecnica=3@$ago_iso" "'Valoraciones $ago' in the subject dates the scores"
two=$(TZ=Europe/Madrid date -d '5 days ago' +%d/%m)
es_email "$marta" "Lucía Fernández Ruiz: tecnica 2" "notas $two y $ago"
like "$(scores "$lucia")" "tecnica=2@$(TZ=Europe/Madrid date +%F)" "a subject naming two days dates nothing"
es_email "$marta" "Lucía Fernández Ruiz: tecnica 2" "RE : notas $ago"
like "$(scores "$lucia")" "tecnica=2@$(TZ=Europe/Madrid date +%F)" "nor does a French Outlook reply's 'RE :'"
# a reply's subject is an older email's: last week's thread, this week's scores
es_email "$marta" "Lucía Fernández Ruiz: tecnica 1" "Re: Valoraciones $ago"
unlike "$(scores "$lucia")" "tecnica=1@$ago_iso" "a reply's subject dates nothing"
# a refusal quotes the subject's day back as a line, which a reply keeps
es_email "$marta" "Lucía Fernández Ruiz: tecnica 12" "Valoraciones $ago"
like "$(reply)" "^fecha: $ago_iso$" "a refusal quotes the subject's day back as a date line"

# a metric named with an accent, typed without it
es_email "$marta" "Lucía Fernández Ruiz:\n  ergometro 7:31,2"
like "$(scores "$lucia")" "erg2k=451[0-9]*@" "'ergometro' is the metric named 'Ergómetro 2000 m'"

# Carlos coaches Juvenil: Lucía, of another squad, is none of his, and
# the reply says no more of her than he wrote
es_email "$carlos" "Lucía: tecnica 9"
like "$(reply)" "'Lucía' no es uno de tus atletas" \
	"a first name in another coach's squad is none of his athletes"
unlike "$(reply)" "Fernández" "and her surname is not told him"

# a refused line quotes the date back in the coach's words
es_email "$marta" "fecha: $ago\nLucía: tecnica 11"
like "$(reply)" "^fecha: $ago_iso$" "the date quoted back says 'fecha'"
es_email "$marta" "fecha: 31/02"
like "$(reply)" "escribe la fecha como 20/11, 20/11/2026 o 2026-11-20" \
	"a date that is none is explained in the coach's own forms"

# a plan under a heading: the sessions are answered, and the heading's
# line is not "nothing was stored"
tomorrow=$(TZ=Europe/Madrid date -d tomorrow +%F)
es_email "$marta" "Plan de la semana:\n\nsesión mañana Absoluto: 1 h 15 min, rpe 5, rodaje"
like "$(reply)" "Planificado para Absoluto, .*: 75 min con RPE 5, rodaje\." \
	"'sesión mañana' is tomorrow, and '1 h 15 min' is 75 minutes"
is "$(sql "$db" "SELECT day || ' ' || minutes || ' ' || intended_rpe FROM planned_session ORDER BY id DESC LIMIT 1")" \
	"$tomorrow 75 5" "stored for tomorrow"
unlike "$(reply)" "No se guardó nada de tu correo" "a heading does not unsay the plan stored above it"
es_email "$marta" "sesión lun mañana Absoluto: 80 min, rpe 5"
is "$(sql "$db" "SELECT slot || ' ' || minutes || ' ' || strftime('%w', day) FROM planned_session
	ORDER BY id DESC LIMIT 1")" "am 80 1" "after a day, 'mañana' is still the morning"
# a comma parts what follows an hour: 60 minutes, and a warm-up of 20
es_email "$marta" "sesión mar Absoluto: 1 h, 20 min calentamiento, rpe 5"
is "$(sql "$db" "SELECT minutes || ' ' || description FROM planned_session ORDER BY id DESC LIMIT 1")" \
	"60 20 min calentamiento" "'1 h, 20 min calentamiento' is an hour, the warm-up its description"
es_email "$marta" "sesión miércoles por la tarde Absoluto: 75 min, rpe 3"
like "$(reply)" "Planificado para Absoluto, .* tarde: 75 min con RPE 3" \
	"'por la tarde' is the afternoon, not part of the squad's name"

# reminders: "recordar todos" then "recordar Absoluto" text each once
before=$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'reminder'")
es_email "$marta" "recordar todos\nrecordar Absoluto"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'reminder' GROUP BY person_id
	HAVING count(*) > 1" | wc -l)" 0 "two reminder lines naming the same athletes text each once"
[ "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'reminder'")" -gt "$before" ] &&
	pass "and the first line reminded them" || fail "and the first line reminded them" "no reminder queued"
like "$(reply)" "ya con recordatorio por una línea de arriba" "the second line says why it texted fewer"

# a command names an athlete as a rating line does: a first name, and a
# surname two share refused rather than sent to one of them
es_email "$marta" "mandar José: ¿Cómo va el tobillo?\nmandar Martín: hola"
like "$(reply)" "Para José Álvarez Martín: 1 enviados" "'mandar José:' texts José Álvarez Martín"
like "$(reply)" "Martín puede ser más de un atleta" "and 'mandar Martín:' texts no one"

# the morning digest's hour as Spanish writes it, "a las"
es_email "$marta" "resumen a las 7:30"
like "$(reply)" "Tu resumen de la mañana llega a las 07:30" "'resumen a las 7:30' sets the digest's hour"

# a second given name beside a first name: "Lucia" typed without its
# accent names both, "Lucía" with it only Lucía Fernández Ruiz
run "$COX" -C "$W" roster add --name "Ana Lucia Gómez" --squad Absoluto --role athlete
es_email "$marta" "Lucia: tecnica 6"
like "$(reply)" "'Lucia' puede ser" "'Lucia' fits Ana Lucia Gómez as written and Lucía without the accent: refused"
es_email "$marta" "Lucía: tecnica 6"
like "$(scores "$lucia")" "tecnica=6@" "'Lucía', accent and all, is Lucía Fernández Ruiz"
