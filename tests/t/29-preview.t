# cox preview serves site/ and nothing outside it: a symbolic link
# planted inside site/ (to a folder or a file) reaches nothing, dotfiles
# and ".." are refused, and a non-loopback address is warned about.
. "$(dirname "$0")/lib.sh"
plan 13

W=$T/ws
workspace "$W"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
ln -s .. "$W/site/up"
ln -s ../cox.conf "$W/site/conf.txt"
mkdir -p "$W/site/a"
ln -s "$W" "$W/site/a/ws"
preview_start "$W"
port=$PREVIEW_PORT

get() {	# get PATH: "STATUS BODY-BYTES"
	curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$port$1"
}
like "$(cat "$T/preview.log")" "a page's link here: cox link --base http://127.0.0.1:$port/ @HANDLE" \
	"it says how to have a page's link that opens here"
is "$(get /)" 200 "the home page is served"
like "$(cat "$T/body")" "<html" "and it is the page"
is "$(get /assets)" 301 "a folder without its slash is redirected"
is "$(get /up/cox.db)" 404 "a symlinked folder does not lead out of site/"
is "$(get /conf.txt)" 404 "a symlinked file outside site/ is not served"
is "$(get /a/ws/cox.conf)" 404 "nor one deeper, through an absolute link"
is "$(get /.git/HEAD)" 404 "dotfiles are refused"
cox -C "$W" preview --listen "127.0.0.1:$port"
is "$rc" 69 "a port taken: exit 69"
is "$err" "cox: error: cannot listen on 127.0.0.1:$port: Address already in use" \
	"saying so in one line of its own, no library's line before it"
preview_stop

"$COX" -C "$W" preview --listen "0.0.0.0:$(free_port)" >"$T/open.log" 2>&1 &
pid=$!
at_exit 'kill $pid 2>/dev/null'
for _ in $(seq 50); do grep -qs serving "$T/open.log" && break; sleep 0.1; done
like "$(cat "$T/open.log")" "not on loopback: anyone who can reach it" \
	"listening beyond loopback is warned about"
kill $pid; wait $pid 2>/dev/null
cox -C "$T/nowhere" preview --listen "127.0.0.1:$(free_port)"
is "$rc" 66 "no site: exit 66"

# Tests run side by side (make check): the port a test picked is held
# until it ends, so another test's free_port drawing the same number
# (the same seed here) passes it by.
mine=$(RANDOM=29; free_port)
theirs=$(bash -c '. "$COX_DATADIR/tests/ports.sh"; RANDOM=29; free_port')
isnt "$theirs" "$mine" "a port one test holds is not handed to another"

done_testing
