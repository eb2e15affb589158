# A site for phones: assets named by their bytes (an unchanged one keeps
# its name, a changed one's old file goes, pages name the new one around
# the same ciphertext); then real Chromium: the home page and an
# unopened page download no libsodium, a page opened once opens again
# with the host gone (the service worker), it prints each metric on one
# A4 sheet with its margins dated, and with JavaScript off it says so.
. "$(dirname "$0")/lib.sh"

need_browser

demo_workspace "$T/ws"
C="-C $T/ws"
S=$T/ws/site

# every asset is NAME.HASH.EXT, HASH the first 6 bytes of its BLAKE2b
names() {
	python3 - "$S/assets" <<'PY'
import hashlib, os, re, sys
for f in sorted(os.listdir(sys.argv[1])):
    m = re.fullmatch(r"[a-z-]+\.([0-9a-f]{12})\.(m?js|css)", f)
    if f == "common-passwords.json":
        continue
    data = open(os.path.join(sys.argv[1], f), "rb").read()
    ok = m and hashlib.blake2b(data, digest_size=6).hexdigest() == m.group(1)
    print(f if ok else "BAD " + f)
PY
}
before=$(names)
unlike "$before" "BAD" "every script and the stylesheet is named by a hash of its bytes"
# thirteen, and the page scripts' words in each other shipped language
others=$(($(ls "$COX_DATADIR"/lib/words/*.txt | wc -l) - 1))
is "$(echo "$before" | wc -l)" $((13 + others)) "all thirteen of them, and words-LANG.js for each of $others other languages"
page=$(ls "$S"/a/*/index.html | head -1)
css=$(sed -n 's|.*href="\.\./\.\./assets/\(style\.[0-9a-f]*\.css\)" integrity="\([^"]*\)".*|\1 \2|p' "$page")
sri="sha512-$(openssl dgst -sha512 -binary "$S/assets/${css%% *}" | base64 -w0)"
is "${css#* }" "$sri" "a gated page names the stylesheet by its hashed name, and its integrity agrees"
like "$(cat "$S/sw.js")" "const ASSETS = \[\"assets/style\.[0-9a-f]{12}\.css\"" \
	"sw.js, at the site's top, lists the hashed assets"

"$COX" $C build >/dev/null
is "$(names)" "$before" "a build with nothing new keeps every asset's name"

# a data folder like the installed one, with another stylesheet
D=$T/data
mkdir -p "$D/site-templates"
for f in "$COX_DATADIR"/*; do [ "${f##*/}" = site-templates ] || ln -s "$f" "$D/"; done
for f in "$COX_DATADIR"/site-templates/*; do ln -s "$f" "$D/site-templates/"; done
rm "$D/site-templates/style.css"
{ cat "$COX_DATADIR/site-templates/style.css"; echo "/* changed */"; } >"$D/site-templates/style.css"
payload() { sed -n 's/.*id="payload">\([^<]*\)<.*/\1/p' "$page"; }
was=$(payload)
COX_DATADIR=$D "$COX" $C build >/dev/null
after=$(names)
is "$(diff <(echo "$before") <(echo "$after") | grep -c '^[<>]')" 2 \
	"a changed stylesheet gets a new name and its old file goes; nothing else moves"
new=$(echo "$after" | grep '^style\.')
is "$(find "$S/a" "$S/coach" -name index.html -exec grep -L "assets/$new" {} + | wc -l)" 0 \
	"every gated page names the new one"
is "$(payload)" "$was" "around the same ciphertext"
"$COX" $C build >/dev/null

# a data folder with one word of the catalogue changed, as an upgrade
# that keeps the version may bring: every page says it, without --force
D2=$T/data2
mkdir -p "$D2/lib/words"
for f in "$COX_DATADIR"/*; do [ "${f##*/}" = lib ] || ln -s "$f" "$D2/"; done
for f in "$COX_DATADIR"/lib/*; do [ "${f##*/}" = words ] || ln -s "$f" "$D2/lib/"; done
for f in "$COX_DATADIR"/lib/words/*; do [ "${f##*/}" = en.txt ] || ln -s "$f" "$D2/lib/words/"; done
sed 's/^page\.nojs_private = .*/page.nojs_private = Turn JavaScript on to open this page./' \
	"$COX_DATADIR/lib/words/en.txt" >"$D2/lib/words/en.txt"
COX_DATADIR=$D2 "$COX" $C build >/dev/null
is "$(find "$S/a" "$S/coach" -name index.html -exec grep -L "Turn JavaScript on to open this page" {} + | wc -l)" 0 \
	"a changed word of the catalogue is on every page after a plain build"
"$COX" $C build >/dev/null
is "$(grep -l "Turn JavaScript on" "$page" | wc -l)" 0 "and the shipped one again after the next"

preview_start "$T/ws"
export BASE=$PREVIEW_URL PREVIEW_PID
export ATHLETE_LINK=$("$COX" $C link --base "$BASE" @jdoe | cut -f2 | sed "s|^$BASE||")
export ATHLETE_NAME="Jane Doe"
export NOJS=$(sed -n 's/^page\.nojs_private = //p' "$COX_DATADIR/lib/words/en.txt")
export TAP_FROM=$tap_n
(cd "$COX_DATADIR/tests/browser" && node offline.mjs)
rc=$?
done_testing && [ "$rc" -eq 0 ]
