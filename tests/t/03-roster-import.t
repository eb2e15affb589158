# cox roster import: spreadsheet dialects, all-or-nothing, dry runs,
# upserts and re-imports.
. "$(dirname "$0")/lib.sh"
plan 62

workspace "$T/ws"
C="-C $T/ws"

# LibreOffice: BOM, semicolons, CRLF
cox $C roster import "$DATA/libreoffice.csv"
is "$rc" 0 "a LibreOffice export imports"
like "$out" "4 added, 0 updated, 0 unchanged, 0 bad; 4 changes" "all four rows are added"
cox $C roster list --json
is "$(jq -r '.[] | select(.handle == "bek") | .phones | join(" ")' <<<"$out")" \
	"+447700900302 +447700900303" "two phones in one cell, normalised to E.164"
is "$(jq -r '.[] | select(.email == "dee@example.org") | .name' <<<"$out")" \
	"Dee; the Cox" "a quoted field keeps its semicolon"
is "$(jq -r '.[] | select(.email == "dee@example.org") | .squads | join("|")' <<<"$out")" \
	"Lightweights|Novices" "several squads in one cell"
is "$(jq -r '.[] | select(.email == "ana@example.org") | .name' <<<"$out")" \
	"Ana Souza" "the BOM does not end up in the first column"
is "$(jq -r '.[] | select(.email == "kay@example.org") | .role' <<<"$out")" \
	"coach" "roles are read"
is "$(jq -r '.[] | select(.name == "Björn Ek") | .email' <<<"$out")" \
	"bjorn@example.org" "UTF-8 names survive"

# Re-importing the same file changes nothing
cox $C roster import "$DATA/libreoffice.csv"
like "$out" "0 added, 0 updated, 4 unchanged, 0 bad; 0 changes" "a re-import reports 0 changes"

# A US export: First/Last name, quoted commas, quotes and a line break
COX_TEAM_DEFAULT_COUNTRY=US run "$COX" $C roster import "$DATA/us-sheets.csv"
is "$rc" 0 "a US spreadsheet export imports (country from the environment)"
like "$out" "3 added" "its three rows are added and the empty row skipped"
cox $C roster list --json
is "$(jq -r '.[] | select(.email == "mary@example.com") | .name' <<<"$out")" \
	"Mary O'Brien, Jr." "first and last name are joined, quotes and commas kept"
is "$(jq -r '.[] | select(.email == "john@example.com") | .phones | join(" ")' <<<"$out")" \
	"+12015550102 +12015550103" "US numbers read in the US"
is "$(jq -r '.[] | select(.name == "Lee Park") | .phones[0]' <<<"$out")" \
	"+12015550104" "a row without email is keyed by phone"

# 20 rows, 2 bad: nothing changes, both lines named
before=$(sql "$T/ws/cox.db" "SELECT count(*) FROM person")
cox $C roster import "$DATA/bad20.csv"
is "$rc" 65 "bad rows exit 65 (EX_DATAERR)"
like "$err" "line 8: phone '07700 9001' has the wrong number of digits" "line 8 is named with the reason"
like "$err" "line 15: email 'not-an-email' is not an address" "line 15 is named with the reason"
is "$(printf '%s\n' "$err" | grep -c 'error: ')" 2 "exactly the two bad rows are reported"
is "$(sql "$T/ws/cox.db" "SELECT count(*) FROM person")" "$before" "nothing was written"
like "$out" "nothing written" "the summary says nothing was written"

# --dry-run shows the changes and writes nothing
cox $C roster import --dry-run --skip-bad "$DATA/bad20.csv"
like "$out" "18 added, 0 updated, 0 unchanged, 2 bad; 18 changes \(dry run" "a dry run counts what would change"
is "$(sql "$T/ws/cox.db" "SELECT count(*) FROM person")" "$before" "and writes nothing"

# --skip-bad keeps the good rows
cox $C roster import --skip-bad "$DATA/bad20.csv"
is "$(sql "$T/ws/cox.db" "SELECT count(*) FROM person")" "$((before + 18))" "--skip-bad imports the 18 good rows"

# An edited sheet updates people by email or phone
sed -e 's/^Rower 1,/Rowena One,/' -e 's/Squad B$/Squad C/' "$DATA/bad20.csv" >"$T/edited.csv"
cox $C roster import --skip-bad "$T/edited.csv"
like "$out" "0 added, 10 updated, 8 unchanged, 2 bad" "renames and squad moves are updates, matched by email"
like "$out" "~ Rowena One: name" "the change names what changed"

# Conflicting keys in one row are refused
printf 'Name,Email,Phone\nMix Up,rower3@example.org,07700 900405\n' >"$T/conflict.csv"
cox $C roster import "$T/conflict.csv"
like "$err" "line 2: phone .* belongs to someone else" "an email and phone of two people are refused"

# A club of fifteen countries: international forms ("+", "00", "(0)")
# beside a national one read in the default country
cox $C roster import "$DATA/world.csv"
is "$rc" 0 "mobiles of fifteen countries import"
like "$out" "16 added, 0 updated, 0 unchanged, 0 bad" "every row is added"
cox $C roster list --json
is "$(jq -r '[.[] | select(.squads == ["Worlds"]) | .phones[0]] | sort | join(" ")' <<<"$out")" \
	"+12015550123 +254712123456 +33612345678 +34612345678 +447700900777 +4915123456789 +522221234567 +5491123456789 +5511961234567 +61412345678 +6581234567 +819012345678 +821023456789 +905321234567 +919876543210 +972502345678" \
	"each is stored in E.164"

# A landline and a number no plan has are refused with their lines
printf 'Name,Phone\nGood One,07700 900501\nFixed Line,020 7946 0018\nNo Such,+44 7700 901234\n' >"$T/nontext.csv"
cox $C roster import "$T/nontext.csv"
is "$rc" 65 "a sheet with a landline is refused"
like "$err" "line 3: phone '020 7946 0018' is not a mobile: a landline cannot receive texts" \
	"the landline is named by line, with the reason"
like "$err" "line 4: phone '\\+44 7700 901234' is not a number in use in its country" \
	"the invalid number is named by line, with the reason"
is "$(sql "$T/ws/cox.db" "SELECT count(*) FROM phone WHERE e164 = '+447700900501'")" 0 \
	"and nothing of the sheet is written"

# A club in Mexico writes its numbers the Mexican way
conf_set "$T/ws/cox.conf" team default_country mx
printf 'Name,Phone\nDiego Ramos,55 1234 5678\nSofía Cruz,044 222 765 4321\n' >"$T/mx.csv"
cox $C roster import "$T/mx.csv"
is "$rc" 0 "default_country = mx (any case) reads national Mexican numbers"
cox $C roster list --json
is "$(jq -r '.[] | select(.name == "Diego Ramos") | .phones[0]' <<<"$out")" \
	"+525512345678" "a Mexican mobile in E.164"
is "$(jq -r '.[] | select(.name == "Sofía Cruz") | .phones[0]' <<<"$out")" \
	"+522227654321" "the old mobile prefix 044 is dropped"
conf_set "$T/ws/cox.conf" team default_country XX
cox $C roster import "$T/mx.csv"
like "$err" "default_country" "a region libphonenumber does not know is refused"
conf_set "$T/ws/cox.conf" team default_country GB

# Not UTF-8: Excel's "CSV" on Windows is Windows-1252, read as such
# and said; bytes it cannot be are refused with advice
printf 'Name,Email\nJos\xe9 \x93Pep\x94,jose@example.org\n' >"$T/latin1.csv"
cox $C roster import --dry-run "$T/latin1.csv"
like "$rc:$err" "^0:.*latin1\.csv: not UTF-8, so read as Windows-1252" "a Windows-1252 sheet is read, and said"
like "$out" "José “Pep”" "its letters and quotes become UTF-8"
printf 'Name,Email\nJos\x81,jose@example.org\n' >"$T/binary.csv"
cox $C roster import "$T/binary.csv"
like "$rc:$err" "^65:.*neither UTF-8 nor Windows-1252 text; save the sheet as \"CSV UTF-8\"" \
	"bytes neither can be are refused with advice"

# A French club's sheet, headers and roles in French, first name and
# then the family's ("Nom"); a column no one reads is named
conf_set "$T/ws/cox.conf" team default_country FR
printf 'Prénom;Nom;Courriel;Téléphone portable;Équipe;Rôle;Licence\nChloé;Lefèvre;chloe@example.fr;06 12 34 56 78;Seniors Femmes;athlète;A123\nMarc;Roux;marc@example.fr;06 98 76 54 32;Seniors Femmes;Entraîneur principal;B456\n' >"$T/fr.csv"
cox $C roster import "$T/fr.csv"
is "$rc" 0 "a French sheet imports"
like "$err" "column 7, 'Licence' is not read" "the column not read is named"
unlike "$err" "Courriel|Téléphone|Équipe|Rôle" "and only that one"
cox $C roster list --json
is "$(jq -r '.[] | select(.email == "chloe@example.fr") | [.name, .phones[0], (.squads | join("|")), .role] | join(",")' <<<"$out")" \
	"Chloé Lefèvre,+33612345678,Seniors Femmes,athlete" "Prénom and Nom make her name; her number, squad and role are read"
is "$(jq -r '.[] | select(.email == "marc@example.fr") | .role' <<<"$out")" \
	"head_coach" "a role written in French"
# the ways French sheets head the mobile's column
i=0
for h in 'Tél. portable' 'TEL PORTABLE' 'N° de portable' 'Numéro de portable' 'Tel'; do
	i=$((i + 1))
	printf 'Prénom;Nom;%s\nLéa;Martin%s;06 22 33 44 5%s\n' "$h" "$i" "$i" >"$T/fr2.csv"
	cox $C roster import "$T/fr2.csv"
	cox $C roster list --json
	is "$(jq -r ".[] | select(.name == \"Léa Martin$i\") | .phones[0]" <<<"$out")" "+3362233445$i" "a number under '$h' is read"
done
# German, and Spanish names and surnames
conf_set "$T/ws/cox.conf" team default_country DE
printf 'Vorname,Name,E-Mail,Handynummer,Gruppe,Rolle\nJonas,Weiß,jonas@example.de,0151 23456789,Junioren,Trainer\n' >"$T/de.csv"
cox $C roster import "$T/de.csv"
cox $C roster list --json
is "$(jq -r '.[] | select(.email == "jonas@example.de") | [.name, .phones[0], .role] | join(",")' <<<"$out")" \
	"Jonas Weiß,+4915123456789,coach" "a German sheet: Vorname and Name, Handynummer, Rolle"
# a German number written network / number is one number; a slash
# between two numbers still parts them
printf 'Vorname,Name,Handynummer\nLena,Vogt,01522/3456789\nPaul,Hahn,0151 23456789 / 0160 7654321\n' >"$T/de-slash.csv"
cox $C roster import "$T/de-slash.csv"
is "$rc:$err" "0:" "a German sheet with '01522/3456789' imports"
cox $C roster list --json
is "$(jq -r '.[] | select(.name == "Lena Vogt") | .phones | join(" ")' <<<"$out")" \
	"+4915223456789" "'01522/3456789' is one number"
is "$(jq -r '.[] | select(.name == "Paul Hahn") | .phones | join(" ")' <<<"$out")" \
	"+4915123456789 +491607654321" "'0151 23456789 / 0160 7654321' is two"
printf 'Nombre,Apellidos,Correo,Rol\nLucía,Gómez Ruiz,lucia@example.es,remera\n' >"$T/es.csv"
cox $C roster import "$T/es.csv"
cox $C roster list --json
is "$(jq -r '.[] | select(.email == "lucia@example.es") | [.name, .role] | join(",")' <<<"$out")" \
	"Lucía Gómez Ruiz,athlete" "a Spanish sheet: Nombre beside Apellidos is the first name"
conf_set "$T/ws/cox.conf" team default_country GB
cox $C roster import --dry-run "$DATA/libreoffice.csv"
is "$rc:$err" "0:" "an English sheet whose columns are all read warns of nothing"
# a club's one coach written without a squad, in a new workspace: she
# would see nobody, and the import says so (a dry run too)
cox init --language fr --country FR "$T/seul"
printf 'nom,e-mail,tél. portable,rôle,groupe\nClaire Martin,claire@club.fr,06 12 34 56 78,coach,\nManon Durand,,06 23 45 67 89,athlete,Seniors\n' >"$T/seul.csv"
cox -C "$T/seul" roster import --dry-run "$T/seul.csv"
like "$rc:$err" "^0:cox: warning: Claire Martin \(@cmartin\) is a coach of no squad" \
	"a coach in no squad: the import warns"
like "$err" "squad Seniors has 1 athlete and no coach, and there is no head coach, so no coach sees its page" \
	"and of her squadless athlete"
printf 'nom,e-mail,tél. portable,rôle,groupe\nClaire Martin,claire@club.fr,06 12 34 56 78,head coach,\nManon Durand,,06 23 45 67 89,athlete,Seniors\n' >"$T/seul.csv"
cox -C "$T/seul" roster import "$T/seul.csv"
is "$rc:$err" "0:" "written head coach, she sees everyone: no warning"

# a "Date of birth" column makes minors of the young: each with no
# guardian, on the sheet or the roster, is named by the import (a dry
# run too) and by cox doctor; one with a guardian, or an adult, is not
cox init "$T/juniors"
y=$(($(date +%Y) - 14))
printf 'Name,Mobile,Squad,Date of birth,Guardian phone\nMia Chen,07700 900401,Juniors,%s-03-04,\nLeo Park,07700 900402,Juniors,%s-05-06,\nAva Stone,07700 900403,Juniors,%s-07-08,07700 900499\nOld Hand,07700 900404,Juniors,1980-01-01,\n' \
	"$y" "$y" "$y" >"$T/juniors.csv"
cox -C "$T/juniors" roster import --dry-run "$T/juniors.csv"
like "$rc:$(grep -F '(@mchen)' <<<"$err")" "^0:cox: warning: Mia Chen \(@mchen\) is a minor \(born $y-03-04\) with no guardian on the roster: what coaches write to them reaches no parent, and no guardian's consent can be recorded; add one \(cox roster edit @mchen --guardian-name NAME" \
	"a dry run names a minor with no guardian, and how to add one"
cox -C "$T/juniors" roster import "$T/juniors.csv"
is "$rc:$(grep 'is a minor' <<<"$err" | sed 's/ (@.*//' | sort | tr '\n' ' ')" "0:cox: warning: Leo Park cox: warning: Mia Chen " \
	"the import names both minors with no guardian, not the one with a guardian nor the adult"
cox -C "$T/juniors" doctor --json
is "$(jq -r '[.findings[] | select(.key == "privacy.guardians") | .level + " " + (.text | sub(" \\(@.*"; ""))] | sort | join(", ")' <<<"$out")" \
	"warn Leo Park, warn Mia Chen" "cox doctor names them too"

done_testing
