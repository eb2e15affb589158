# Pages in the reader's language: in an English team, Jane (fr) and Sam
# (es) get their own pages in their words (the templates', the words
# made in C such as dates and chart titles, and the page scripts', which
# their page's import map points at the words of their language), with
# <html lang> to match; the others, and every part of the dashboard,
# which coaches of many languages share, stay in the team's.  Jane's
# invitation lands on the register page in French.
. "$(dirname "$0")/lib.sh"
plan 30

W=$T/ws
demo_workspace "$W"
cox -C "$W" roster edit @jdoe --language fr
cox -C "$W" roster edit @soneill --language es
cox -C "$W" roster edit @mchen --language de
cox -C "$W" build
is "$rc" 0 "the team builds"

page_lang() { sed -n 's/^<html lang="\([a-z]*\)">.*/\1/p' "$(page_file "$W" "$1")"; }
is "$(page_lang @jdoe):$(page_lang @soneill):$(page_lang @tokafor)" "fr:es:en" \
	"each athlete's page says its language"
jane=$(plaintext "$W" @jdoe)
like "$jane" '<h2 id="well-h">Bien-être, 28 derniers jours</h2>' "Jane's page is in French"
like "$jane" '<title>Sommeil, stress, fatigue et courbatures, 28 derniers jours' "and so are its charts' text alternatives, made in C"
like "$jane" 'Dernière mise à jour le [0-9]+(er)? [a-zéû]+\.? 20[0-9][0-9]' "and the day it was built"
unlike "$jane" '<h2 id="well-h">Wellness' "with no English heading left"
# a day as each language writes it, in the period every printed sheet
# names and in the season's months
like "$jane" '<p class="muted period">du 1er [a-zéû]+\.? 20[0-9]{2} au [0-9]+(er)? [a-zéû]+\.? 20[0-9]{2}</p>' \
	"Jane's period is French dates"
like "$(printf '%s' "$jane" | sed -n '/<section id="season"/,/<\/section>/p')" '<th scope="row">[a-zéû]+\.? 20[0-9]{2}</th>' \
	"and so are her season's months"
unlike "$(printf '%s' "$jane" | sed 's/<[^>]*>//g')" '20[0-9]{2}-[0-9]{2}' \
	"no day or month is written as it is kept, anywhere she reads"
like "$(plaintext "$W" @soneill)" '<p class="muted period">del 1 [a-z]+ 20[0-9]{2} al [0-9]+ [a-z]+ 20[0-9]{2}</p>' \
	"Sam's period is Spanish dates"
like "$(plaintext "$W" @mchen)" '<p class="muted period">1\. [A-Z][a-zä]+\.? 20[0-9]{2} bis [0-9]+\. [A-Z][a-zä]+\.? 20[0-9]{2}</p>' \
	"Mei's German ones"
like "$(printf '%s' "$jane" | sed -n '/<section id="season"/,/<\/section>/p')" '<td>[0-9]+,[0-9]</td>' \
	"its figures with a decimal take a comma"
like "$(plaintext "$W" @tokafor | sed -n '/<section id="season"/,/<\/section>/p')" '<td>[0-9]+\.[0-9]</td>' \
	"Tom's a point"
like "$(plaintext "$W" @soneill)" '<h2 id="well-h">' "Sam's page opens"
like "$(plaintext "$W" @soneill)" '<h2 id="season-h">La temporada</h2>' "in Spanish"
like "$(plaintext "$W" @tokafor)" '<h2 id="well-h">Wellness, last 28 days</h2>' "Tom's, in the team's English"
part=$(part_plaintext "$W" acarter "Senior Men")
like "$part" '<h2 id="heat-h">The last 28 days</h2>' "the squad's part, shared by its coaches, stays in English"
like "$part" '>Jane Doe</a>' "and lists Jane"
# the shell's import map sends a French page's scripts to French words
like "$(cat "$(page_file "$W" @jdoe)")" '"imports":\{"\.\./\.\./assets/words\.[0-9a-f]+\.js":"\.\./\.\./assets/words-fr\.[0-9a-f]+\.js"\}' \
	"Jane's page maps the scripts' words to the French ones"

# the register page in each language, and Jane's invitation to hers
reg=$W/site/register
is "$(sed -n 's/^<html lang="\([a-z]*\)">.*/\1/p' "$reg/index.html" "$reg/fr/index.html" "$reg/es/index.html" | tr '\n' ' ')" \
	"en fr es " "a register page in the team's language and one in each other"
like "$(cat "$reg/fr/index.html")" 'data-root="\.\./\.\./"' "the French one finds the site's top two folders up"
smtp_sink "$W"
cox -C "$W" invite --via email @jdoe @tokafor
cox -C "$W" outbox run
mail_received 2 || { echo "Bail out! the invitations did not come: $out $err"; exit 1; }
like "$(cat "$T"/inbox/*.eml | tr -d '=\r\n')" "register/fr/#t[0-9A-Za-z_-]+" \
	"Jane's invitation opens the French register page"
like "$(grep -l 'tokafor\|Tom' "$T"/inbox/*.eml | xargs cat | tr -d '=\r\n')" "register/#t" \
	"Tom's, the team's"

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] &&
	[ -d "$COX_DATADIR/tests/browser/node_modules/playwright-core" ]; then
	preview_start "$W"
	for who in jdoe:fr:"Télécharger les données de cette page" tokafor:en:"Download this page's data"; do
		h=${who%%:*} rest=${who#*:}
		link=$("$COX" -C "$W" link --base x/ "@$h" | cut -f2 | sed 's|^x/||')
		shown=$(BASE=$PREVIEW_URL PAGE=$link node "$COX_DATADIR/tests/browser/language.mjs" 2>&1)
		is "$(printf '%s\n' "$shown" | grep -E '^(opened|lang|button|problem|error) ')" "opened true
lang ${rest%%:*}
button ${rest#*:}" "in Chromium, @$h's page opens in ${rest%%:*}, its script's button too, nothing refused"
	done
	preview_stop
else
	echo "Bail out! Chromium and playwright-core are needed (make check installs them)"
	exit 1
fi

# A French team's dashboard says what went out, and how it went, in French
conf_set "$W/cox.conf" team language fr
cox -C "$W" invite --via sms --again @soneill
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
part=$(part_plaintext "$W" acarter "Senior Men")
like "$part" "(SMS|e-mail) à [^<]+: (en attente|envoyé|remis|échec|non remis|lu|annulé)" \
	"a French team's dashboard names a message's way and state in French"
unlike "$part" "(sms|email) à|: (queued|sending|sent|delivered|failed|undelivered)[<,( ]" \
	"with no English word of the database left"
like "$part" "\(son lien\)" "an invitation's link is named, not shown as its placeholder"
like "$part" 'Du <time datetime="20[0-9-]{8}">[0-9]+(er)? [a-zéû]+\.? 20[0-9]{2}</time> au' \
	"its last 28 days begin on a French date"
unlike "$(printf '%s' "$part" | sed 's/<[^>]*>//g')" '20[0-9]{2}-[0-9]{2}' \
	"and no day on it is written as it is kept"
done_testing
