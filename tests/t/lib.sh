# lib.sh - TAP helpers for the behaviour tests; sourced by tests/t/*.t.
#
# $COX is the binary under test (make check sets it to the sanitizer
# build).  Each test gets a scratch folder $T, removed at exit.

set -u
: "${COX:?set COX to the cox binary under test}"
: "${COX_DATADIR:?set COX_DATADIR to the source tree}"
export COX_DATADIR
unset COX_TEAM_DEFAULT_COUNTRY
# cox init takes a new cox.conf's country and zone from the machine's
# time zone: each test's workspace is made as on a UTC server
export TZ=UTC
# The shipped post-ingest (build and publish in the background after an
# ingest) would race each test's own build and publish; 46-loop.t turns
# it back on, and a workspace's own hooks/post-ingest still runs.
export COX_HOOKS_POST_INGEST=off
# The programs the tests run are Debian's, as on the machines the
# project is made for and make check installs them on: a python3 that a
# developer's PATH finds first (pyenv's shim, a bash script, costs 0.12 s
# of processor time a call against 0.01 s) is not what they were
# written against, and lacks the packages Debian installs for them.
PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH

T=$(mktemp -d "${TMPDIR:-/tmp}/cox-t.XXXXXX")
trap 'rm -rf "$T"' EXIT
DATA=$COX_DATADIR/tests/data
tap_n=0
out= err= rc=0
tap_failed=0

plan() { echo "1..$1"; }

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }

# fail NAME [DIAGNOSTIC...]: a failed check; its name and the start of
# what it saw go to standard error too, which prove shows even when not
# verbose, so that a CI log says which check failed and why.
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	echo "not ok $tap_n - $1" >&2
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/#   /'; done
	for line in "$@"; do printf '%s\n' "$line"; done | head -12 |
		cut -c1-300 | sed 's/^/#   /' >&2
}

# run CMD...: runs it, keeping stdout in $out, stderr in $err, status in $rc.
run() {
	"$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# cox ARGS...: run the binary under test.
cox() { run "$COX" "$@"; }

is() {	# is GOT WANT NAME
	if [ "$1" = "$2" ]; then pass "$3"
	else fail "$3" "got:  $1" "want: $2" "stderr: $err"; fi
}

isnt() {	# isnt GOT UNWANTED NAME
	if [ "$1" != "$2" ]; then pass "$3"
	else fail "$3" "got:  $1" "must differ from it" "stderr: $err"; fi
}

# like GOT EXTENDED-REGEX NAME: a pattern of several lines must match
# as many lines of GOT in a row (grep would take each line of it as a
# pattern of its own, and pass on any one), ^ and $ at any line's ends.
like() {
	case $2 in
	*"
"*)	if printf '%s\n' "$1" | LIKE_RE=$2 perl -0777 -ne \
		    'exit(/$ENV{LIKE_RE}/m ? 0 : 1)'; then pass "$3"
		else fail "$3" "got:  $1" "want match: $2" "stderr: $err"; fi ;;
	*)	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass "$3"
		else fail "$3" "got:  $1" "want match: $2" "stderr: $err"; fi ;;
	esac
}

unlike() {	# unlike GOT EXTENDED-REGEX NAME
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		fail "$3" "got:  $1" "must not match: $2"
	else pass "$3"; fi
}

# wait_for SECONDS COMMAND...: runs COMMAND every tenth of a second until
# it succeeds (0) or SECONDS pass (1).  Tests wait on conditions, with
# limits a machine busy with other work still meets, never on a sleep
# tuned to a quiet one.
wait_for() {
	local n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# A workspace in $T/ws (or $1) with the default country set to GB.
workspace() {
	local dir=${1:-$T/ws}
	"$COX" init "$dir" >/dev/null || { echo "Bail out! cox init failed"; exit 1; }
}

# demo_workspace [DIR]: the demo team (cox demo) in DIR, or $T/ws; its
# output in $T/demo.log, shown if it fails.  cox demo runs once a run
# (once) for each day (UTC's and the demo's, London's) and each
# environment cox and the git it publishes with read (COX_* but the
# run's own COX_TEST_SHARED and COX_TEST_OPEN, TZ, the locale, HOME,
# XDG_*, GIT_*), and each test takes a copy: a second of the sanitizer
# build's time saved in each of some 70 tests.  What names the first's
# folder (its token file, the ingest ledger's kept copy of the demo's
# email, its log) is made to name the copy's, or a test would change
# the first (an erasure removes that copy); a copy in which any file
# but git's still names it (the database by its rows) bails out.  The
# caller's out, err and rc, and its $T/.out and $T/.err, are as they
# were.
demo_workspace() {
	local dir=${1:-$T/ws} key src left o=${out-} e=${err-} r=${rc-}
	key=demo-$(date -u +%F)-$(TZ=Europe/London date +%F)-$(env |
		grep -E '^(COX|TZ=|LC_|LANG|HOME=|XDG_|GIT_)' |
		grep -vE '^COX_TEST_(SHARED|OPEN)=' | sort | md5sum | cut -c1-12)
	src=$(shared_dir)/$key/ws
	cp "$T/.out" "$T/.out.demo" 2>/dev/null
	cp "$T/.err" "$T/.err.demo" 2>/dev/null
	once "$key" demo_make "$src"
	cp "$T/.out" "$T/demo.log"
	cat "$T/.err" >>"$T/demo.log"
	mv "$T/.out.demo" "$T/.out" 2>/dev/null
	mv "$T/.err.demo" "$T/.err" 2>/dev/null
	[ "$rc" = 0 ] && mkdir -p "$dir" && cp -a "$src/." "$dir/" ||
		{ echo "Bail out! cox demo failed"; cat "$T/demo.log"; exit 1; }
	sed -i "s|^auth_token_file = $src/|auth_token_file = $dir/|" "$dir/cox.conf"
	[ ! -f "$dir/sms.log" ] || sed -i "s|$src/|$dir/|g" "$dir/sms.log"
	sql "$dir/cox.db" "UPDATE ingest SET raw_path = '$dir' || substr(raw_path, length('$src') + 1)
		WHERE substr(raw_path, 1, length('$src') + 1) = '$src/'"
	left=$(grep -rlF --exclude-dir=.git --exclude='cox.db*' "$src" "$dir"
		sqlite3 "$dir/cox.db" .dump | grep -qF "$src" && echo cox.db)
	[ -z "$left" ] ||
		{ echo "Bail out! the copy of the demo in $dir still names $src:" $left; exit 1; }
	out=$o err=$e rc=$r
}
demo_make() { rm -rf "$1" && mkdir -p "${1%/*}" && "$COX" demo "$1"; }

# The helpers every mail test uses, written here once: a test whose
# emails differ from the defaults names its headers in each call (or,
# when all of its emails differ alike, in EMAIL_HEADERS), and a helper
# of its own only fills in arguments.  Nothing in this file calls
# email, mail, text, outcome or reply, so a test that still defines its
# own under one of those names (email() { coach_email "$W" "$1"; },
# say) works as before.

# eml [NAME: VALUE...] BODY: an email as the team's mail server hands
# it on, on standard output.  These headers, in this order, unless
# EMAIL_HEADERS or an argument (the later wins) gives the name another
# value:
#   Authentication-Results: mx.club.example; dmarc=pass header.from=example.org
#   From: Alex Carter <head.coach@example.org>
#   To: coxswain@club.example
#   Subject: team
#   Message-ID: (none)
#   ...any other header given, in its turn...
#   Content-Type: text/plain
# so by default the demo's head coach, passed by DMARC where [mail]
# authserv_id is mx.club.example.  A header given with no value is left
# out.  Then a blank line, BODY as printf %b reads it, and a newline.
eml() {
	local -A set=([Authentication-Results]="mx.club.example; dmarc=pass header.from=example.org"
		[From]="Alex Carter <head.coach@example.org>" [To]=coxswain@club.example
		[Subject]=team [Content-Type]=text/plain)
	local extra=() h name value
	for h in ${EMAIL_HEADERS[@]+"${EMAIL_HEADERS[@]}"} "${@:1:$# - 1}"; do
		name=${h%%:*}
		value=${h#*:}
		value=${value# }
		case $name in
		Authentication-Results|From|To|Subject|Message-ID|Content-Type)
			set[$name]=$value ;;
		*)	[ -z "$value" ] || extra+=("$name: $value") ;;
		esac
	done
	for name in Authentication-Results From To Subject Message-ID; do
		[ -z "${set[$name]:-}" ] || printf '%s: %s\n' "$name" "${set[$name]}"
	done
	[ ${#extra[@]} = 0 ] || printf '%s\n' "${extra[@]}"
	[ -z "${set[Content-Type]}" ] || printf 'Content-Type: %s\n' "${set[Content-Type]}"
	printf '\n%b\n' "${@: -1}"
}

# email [NAME: VALUE...] BODY: that email (eml), with a new Message-ID
# <cN@example.org> (N counts this test's emails) unless one is given,
# delivered to the workspace $W by cox mail --stdin and kept in
# $T/in.eml.  Sets rc, out and err (run).
email() {
	COACH_EMAILS=$((${COACH_EMAILS:-0} + 1))
	eml "Message-ID: <c$COACH_EMAILS@example.org>" "$@" >"$T/in.eml"
	run "$COX" -C "$W" mail --stdin <"$T/in.eml"
}

# mail FILE: the email in FILE delivered to the workspace $W by cox
# mail --stdin, as its mail server would.  Sets rc, out and err.
mail() { run "$COX" -C "$W" mail --stdin <"$1"; }

# coach_email DIR BODY: BODY emailed by the demo's head coach to the
# workspace DIR, with eml's headers only (not the test's EMAIL_HEADERS)
# and a new Message-ID, as email gives.  Sets rc, out and err.
coach_email() {
	local EMAIL_HEADERS=()
	COACH_EMAILS=$((${COACH_EMAILS:-0} + 1))
	eml "Message-ID: <c$COACH_EMAILS@example.org>" "$2" >"$T/coach.eml"
	run "$COX" -C "$1" mail --stdin <"$T/coach.eml"
}

# header EML NAME: the value of the email file EML's first NAME header.
header() { tr -d '\r' <"$1" | sed -n "s/^$2: //p" | head -1; }

# outcome: how the last ingest of the test's database $db ended,
# "OUTCOME:REASON" ("stored:", "rejected:not a coach of the athlete").
outcome() { sql "$db" "SELECT outcome || ':' || coalesce(reason, '') FROM ingest ORDER BY id DESC LIMIT 1"; }

# reply [HANDLE]: the body of the last email $db queued (to HANDLE's
# person, when given): what cox answered a coach.
reply() {
	sql "$db" "SELECT body FROM message WHERE direction = 'out' AND channel = 'email'${1:+ AND person_id = (SELECT id FROM person WHERE handle = '$1')} ORDER BY id DESC LIMIT 1"
}

# sql DB QUERY: one query through sqlite3's C API is overkill here; the
# tests read the database with the cox binary where they can and with
# this for counts.  It waits up to 10 s for a lock as cox itself does,
# since a hook's build or a daemon may still be writing when a test
# reads or changes the database (19-logs failed on "database is locked").
sql() { sqlite3 -batch -noheader -cmd ".timeout 10000" "$1" "$2"; }

done_testing() { [ "$tap_failed" -eq 0 ]; }

# open_mjs FILE LINK...: tests/browser/open.mjs with these arguments
# (and OPEN_SHELL, OPEN_PIECES, OPEN_OUT as the caller sets them), by the
# run's one open.mjs --serve when make check started one
# ($COX_TEST_OPEN, its socket), else by a node of its own; prints what
# it prints, its error on standard error and status 1 when a page does
# not open.
open_mjs() {
	local f code
	if [ -S "${COX_TEST_OPEN:-}" ]; then
		f=$(mktemp "$T/open.XXXXXX")
		code=$(printf '%s\0' "$PWD" "${OPEN_SHELL:-}" "${OPEN_PIECES:-}" "${OPEN_OUT:-}" "$@" |
			curl -s -m 120 --unix-socket "$COX_TEST_OPEN" --data-binary @- -o "$f" \
			-w '%{http_code}' http://open/)
		case $code in
		200) cat "$f"; rm -f "$f"; return 0 ;;
		500) cat "$f" >&2; rm -f "$f"; return 1 ;;
		esac	# the server is gone or stuck: node itself
		rm -f "$f"
	fi
	node "$COX_DATADIR/tests/browser/open.mjs" "$@"
}

# plaintext DIR WHO: the decrypted HTML of WHO's page (a coach: the
# dashboard), opened with the magic link as a browser would.
plaintext() {
	local link file
	link=$("$COX" -C "$1" link --base x/ "$2" | cut -f2) || return 1
	file=${link#x/}
	file=${file%%#*}index.html
	open_mjs "$1/site/$file" "$link"
}

# plaintexts DIR OUT WHO...: plaintext of each WHO's page, as plaintext
# gives it, the Nth WHO's (from 0) in the file OUT/N: one cox link and
# one node for them all.
plaintexts() {
	local dir=$1 out=$2 link file pages=()
	shift 2
	mkdir -p "$out"
	while IFS=$'\t' read -r _ link; do
		file=${link#x/}
		pages+=("$dir/site/${file%%#*}index.html" "$link")
	done < <("$COX" -C "$dir" link --base x/ "$@")
	[ "${#pages[@]}" = $(($# * 2)) ] || return 1
	OPEN_OUT=$out open_mjs "${pages[@]}"
}

# shell_plaintext DIR WHO: the part of WHO's page its shell holds
# itself, without its pieces (each run of them a <!--cox:@RUN--> mark).
shell_plaintext() { OPEN_SHELL=1 plaintext "$@"; }

# uncommitted SITE: the paths of SITE that differ from its last commit,
# whatever SITE/.git's index holds (a commit by paths leaves it behind
# until the day's refresh: gen/publish.c)
uncommitted() {
	local idx
	idx=$(mktemp "$T/index.XXXXXX")
	rm -f "$idx"
	GIT_INDEX_FILE=$idx git -C "$1" read-tree HEAD 2>/dev/null
	GIT_INDEX_FILE=$idx git -C "$1" status --porcelain --untracked-files=all | cut -c4- | sort
	rm -f "$idx"
}

# part_link DIR WHO SQUAD: the path and magic link (coach/SLUG/#k=...)
# of the part of the dashboard named SQUAD, from coach WHO's own page.
part_link() {
	local href
	href=$(plaintext "$1" "$2" | grep -o "href=\"\.\./\.\./coach/[^\"]*\">$3<" |
		head -1 | sed 's#^href="\.\./\.\./##; s#">.*##')
	[ -n "$href" ] || { echo "no part $3 on $2's page" >&2; return 1; }
	echo "$href"
}

# part_plaintext DIR WHO SQUAD: that part, decrypted.
part_plaintext() {
	local href
	href=$(part_link "$@") || return 1
	open_mjs "$1/site/${href%%#*}index.html" "x/$href"
}

# parts_plaintext DIR WHO: every part of the dashboard WHO's own page
# links to, decrypted, one after the other.
parts_plaintext() {
	local href
	for href in $(plaintext "$1" "$2" | grep -o 'href="\.\./\.\./coach/[^"]*"' |
		sed 's#^href="\.\./\.\./##; s#"$##' | sort -u); do
		open_mjs "$1/site/${href%%#*}index.html" "x/$href" ||
			return 1
	done
}

# part_pieces DIR WHO SQUAD: that part's pieces, "ID GROUP" a line, in
# the order its shell lists them.
part_pieces() {
	local href
	href=$(part_link "$@") || return 1
	OPEN_PIECES=1 open_mjs "$1/site/${href%%#*}index.html" "x/$href"
}

# en_date DAY: DAY ("2026-11-24") as English writes a date read on its
# own, "24 Nov 2026" (lib/words.c's words_date()); en_day DAY: as a
# chart, a table or a flag writes it, "24 Nov"; en_month MONTH:
# "2026-11" as English writes a month, "Nov 2026".
en_date() { LC_ALL=C date -d "$1" '+%-d %b %Y'; }
en_day() { LC_ALL=C date -d "$1" '+%-d %b'; }
en_month() { LC_ALL=C date -d "$1-01" '+%b %Y'; }

# page_file DIR WHO: the site file of WHO's page.
page_file() {
	local link
	link=$("$COX" -C "$1" link --base x/ "$2" | cut -f2) || return 1
	link=${link#x/}
	echo "$1/site/${link%%#*}index.html"
}

# rate DB HANDLE METRIC SOURCE SCORE [COMMENT] [TIME]: a rating straight
# into the database, as the ingesters will write it.
rate() {
	sql "$1" "INSERT INTO rating (athlete_id, metric_id, source, score,
	    comment, rated_on, created_at)
	    SELECT p.id, m.id, '$4', $5, '${6:-}', '2026-11-01', ${7:-$(date +%s)}
	    FROM person p, metric m WHERE p.handle = '$2' AND m.slug = '$3'"
}

. "$COX_DATADIR/tests/ports.sh"
PORTS_TAKEN=$T/ports.taken	# free_port's picks, none twice

# conf_set FILE SECTION KEY VALUE: "key = value" in [section] of a
# cox.conf, in place of the key (or of its commented-out example, as
# cox init writes them), or added to the section, or to a new section.
# VALUE is written as it is (it goes through the environment, so awk
# reads no escapes in it); one line only.
conf_set() {
	case $4 in *$'\n'*) conf_bail "$1" "a value of more than one line";; esac
	CONF_VALUE=$4 awk -v sec="[$2]" -v key="$3" '
	function put() { print key " = " ENVIRON["CONF_VALUE"]; done = 1 }
	$0 == sec { insec = 1; print; next }
	/^\[/ { if (insec && !done) put(); insec = 0 }
	insec && $0 ~ "^#? *" key " *=" { if (!done) put(); next }
	{ print }
	END { if (!done) { if (!insec) print sec; put() } }' "$1" >"$1.new" &&
	mv "$1.new" "$1" || conf_bail "$1" "cannot set [$2] $3"
}

# conf_del FILE SECTION KEY...: removes those keys from [section].
conf_del() {
	local file=$1 sec=$2
	shift 2
	awk -v sec="[$sec]" -v keys=" $* " '
	/^\[/ { insec = $0 == sec }
	insec && match($0, /^[A-Za-z_]+ *=/) {
		k = $0; sub(/ *=.*/, "", k)
		if (index(keys, " " k " ")) next
	}
	{ print }' "$file" >"$file.new" && mv "$file.new" "$file" ||
		conf_bail "$file" "cannot delete [$sec] $*"
}

# conf_bail FILE WHY: a set-up that cannot be made ends the test.
conf_bail() { rm -f "$1.new"; echo "Bail out! $1: $2"; exit 1; }

# demo_sms DIR PUBLIC_URL TOKEN [KEY=VALUE...]: the demo team in DIR, its
# Twilio settings replaced by these: Twilio calls PUBLIC_URL, signs with
# TOKEN (kept in $T/token), and any [sms] KEY=VALUE given.  Sets
# TWILIO_URL (where Twilio posts a text) and TWILIO_TOKEN, which text
# signs with.
demo_sms() {
	local dir=$1 url=$2 kv
	demo_workspace "$dir"
	TWILIO_URL=$url/twilio/sms TWILIO_TOKEN=$3
	printf '%s\n' "$3" >"$T/token"
	conf_del "$dir/cox.conf" sms from
	conf_set "$dir/cox.conf" sms public_url "$url"
	conf_set "$dir/cox.conf" sms auth_token_file "$T/token"
	shift 3
	for kv in "$@"; do
		conf_set "$dir/cox.conf" sms "${kv%%=*}" "${kv#*=}"
	done
}

# daemon_wait PID LOG NAME CHECK...: waits (10 s at most) until CHECK
# succeeds; if PID exits first, or the time runs out, bails out with
# the end of LOG.
daemon_wait() {
	local pid=$1 log=$2 name=$3
	shift 3
	for _ in $(seq 100); do
		"$@" && return
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "Bail out! $name did not start: $(tail -5 "$log" 2>/dev/null)"
	exit 1
}

# daemon_stop VAR: SIGTERM to the daemon started here whose pid is in
# $VAR, then its exit status; VAR is emptied, so a second stop is none.
daemon_stop() {
	local pid=${!1:-}
	printf -v "$1" %s ''
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# sms_start DIR [ARGS...]: cox sms serve for DIR on a free loopback port
# (or $SMS_PORT, when set), its output in $T/sms.log; waits until
# /healthz answers.  Sets SMS_PID, SMS_PORT and SMS_URL; stopped at
# exit, or by sms_stop.
sms_start() {
	local dir=$1
	shift
	SMS_PORT=${SMS_PORT:-$(free_port)}
	SMS_URL=http://127.0.0.1:$SMS_PORT
	"$COX" -C "$dir" sms serve --listen "127.0.0.1:$SMS_PORT" "$@" \
		>>"$T/sms.log" 2>&1 &
	SMS_PID=$!
	daemon_wait "$SMS_PID" "$T/sms.log" "cox sms serve" sms_healthy
}

sms_healthy() { [ "$(curl -s -m 1 "$SMS_URL/healthz" 2>/dev/null)" = ok ]; }

# sms_stop: stops the daemon sms_start started; its exit status.
sms_stop() { daemon_stop SMS_PID; }

# sms_text PUBLIC_URL TOKEN FROM LABEL BODY: a text from FROM, signed
# with TOKEN as Twilio signs for PUBLIC_URL, posted to the cox sms serve
# sms_start started; its MessageSid is made from LABEL, in Twilio's shape.
sms_text() {
	run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/sms" \
		"$1" "$2" "From=$3" "To=+15005550006" \
		"MessageSid=SM$(printf %s "$4" | md5sum | cut -c1-32)" "Body=$5" \
		"AccountSid=AC00000000000000000000000000000000" "NumMedia=0" "FromCity="
}

# text FROM LABEL BODY: a text from FROM, signed for the workspace
# demo_sms made last (TWILIO_URL, TWILIO_TOKEN), posted to the cox sms
# serve sms_start started (sms_text); its reply in $out.
text() { sms_text "$TWILIO_URL" "$TWILIO_TOKEN" "$@"; }

# preview_start DIR: cox preview for DIR on a free loopback port (or
# $PREVIEW_PORT, when set), its output in $T/preview.log; waits until
# it says it is serving.  Sets PREVIEW_PID, PREVIEW_PORT and
# PREVIEW_URL (with a trailing slash); stopped at exit, or by
# preview_stop.
preview_start() {
	PREVIEW_PORT=${PREVIEW_PORT:-$(free_port)}
	PREVIEW_URL=http://127.0.0.1:$PREVIEW_PORT/
	"$COX" -C "$1" preview --listen "127.0.0.1:$PREVIEW_PORT" \
		>>"$T/preview.log" 2>&1 &
	PREVIEW_PID=$!
	daemon_wait "$PREVIEW_PID" "$T/preview.log" "cox preview" \
		grep -qs serving "$T/preview.log"
}

preview_stop() { daemon_stop PREVIEW_PID; }

# at_exit CMD: runs CMD when the test ends, before the daemons started
# here are stopped and $T goes; an unset variable in CMD stops neither.
at_exit() { tap_exit="${tap_exit:-}$1; "; }
# hooks_quiet: waits (20 s at most each) for the detached post-ingest
# runners of the workspaces under $T, which hold .hook-lock while they
# wait or run, so that none writes into $T while it is removed.
hooks_quiet() {
	local l
	find "$T" -name .hook-lock 2>/dev/null | while read -r l; do
		flock -w 20 "$l" true
	done
}
trap 'set +u; eval "$tap_exit"; sms_stop; preview_stop; hooks_quiet; rm -rf "$T"' EXIT

# have_browser: whether Chromium and tests/browser's playwright-core are
# here (in CI they must be: a bail-out otherwise), for a test whose
# browser part is only part of it.
have_browser() {
	[ -x "${CHROMIUM:-/usr/bin/chromium}" ] &&
		[ -d "$COX_DATADIR/tests/browser/node_modules/playwright-core" ] && return
	[ "${CI:-}" = true ] && { echo "Bail out! chromium or playwright-core missing in CI"; exit 1; }
	return 1
}

# need_browser: skips the whole test (fails it in CI) without Chromium
# and tests/browser's playwright-core.
need_browser() {
	have_browser && return
	echo "1..0 # SKIP needs chromium and npm ci in tests/browser (make check installs both)"
	exit 0
}

# skip_unless_ci REASON: skips the whole test, saying why, where it
# cannot run (make check installs what every test needs, so only a
# machine it could not install on skips); in CI it fails instead, so a
# skipped test is never green there.
skip_unless_ci() {
	[ "${CI:-}" = true ] && { echo "Bail out! $1 (in CI)"; exit 1; }
	echo "1..0 # SKIP $1"
	exit 0
}

# need_checkout WHAT: skips the whole test where $COX_DATADIR is no git
# checkout (an unpacked release): WHAT (make dist, make deb) packs a
# commit.  CI always runs in a clone.
need_checkout() {
	git -C "$COX_DATADIR" rev-parse --verify -q HEAD >/dev/null 2>&1 && return
	echo "1..0 # SKIP $1 packs a git commit; $COX_DATADIR is not a checkout"
	exit 0
}

# digest_not_due CONF: the digest's time an hour from now (a team on
# UTC, as the tests set), which due() never finds due (an hour ahead, or
# 23 hours past and stale): a daemon running through the test's texts
# does not send the day's digest at its minute tick before they are in
# (at its default 07:00, tests run after 07:00 UTC failed); the test
# sets the time it means once they are.
digest_not_due() { conf_set "$1" digest at "$(date -u -d '+1 hour' +%H:%M)"; }

# need_deb_tools: skips the whole test where the Debian package tools
# are not installed (make check installs them), or where $COX_DATADIR is
# no git checkout (make deb packs a commit).
need_deb_tools() {
	local tool
	for tool in dpkg-buildpackage dh lintian readelf; do
		command -v $tool >/dev/null ||
			skip_unless_ci "no $tool: apt-get install dpkg-dev debhelper lintian binutils"
	done
	need_checkout "make deb"
}

# deb_make SRC OUT: make deb in the checkout SRC as a distribution builds
# it: npm, wherever PATH finds it, only fails (the build must not need
# it) and writes how it was called to OUT/npm-called, none of the
# caller's make or compiler flags, every core; the release tarball lands
# in OUT, the packages in OUT/deb (the build tree too:
# OUT/deb/coxswain-VERSION).  Its output and status are run's.
# DEB_MORE: more DEB_BUILD_OPTIONS (noopt nocheck ...).
deb_make() { run deb_build "$@"; }
deb_build() {
	npm_fails "$2"
	env -u MAKEFLAGS -u MFLAGS -u CFLAGS -u CPPFLAGS -u LDFLAGS \
		DEB_BUILD_OPTIONS="parallel=$(nproc)${DEB_MORE:+ $DEB_MORE}" \
		PATH="$2/bin:$PATH" \
		timeout 1200 make -s -C "$1" deb DIST_OUT="$2" DEB_OUT="$2/deb"
}

# npm_fails DIR: DIR/bin/npm, which only fails, writing how it was
# called to DIR/npm-called (beside its own folder, wherever DIR is
# copied to); put DIR/bin first on PATH.
npm_fails() {
	mkdir -p "$1/bin"
	printf '#!/bin/sh\necho "npm $*" >>"${0%%/*}/../npm-called"\nexit 1\n' >"$1/bin/npm"
	chmod +x "$1/bin/npm"
}

# deb_this OUT: deb_make of this checkout into OUT, made once a make
# check run (see once): the tests that need this commit's package get
# the same build, its output and status run's for each.
deb_this() {
	once deb deb_build "$COX_DATADIR" "$(shared_dir)/deb"
	mkdir -p "$1" && cp -a "$(shared_dir)/deb/." "$1/"
}

# deb_file DIR VERSION: the binary package of VERSION that make deb left
# in DIR (this machine's architecture), not its debug symbols.
deb_file() {
	local f=$1/coxswain_${2}_amd64.deb
	[ -f "$f" ] || f=$(ls "$1"/coxswain_"$2"_*.deb 2>/dev/null | grep -v dbgsym | head -1)
	echo "$f"
}

# browser_tap LABEL SCRIPT: tests/browser/SCRIPT run with node (its
# settings in the environment), its TAP folded into this test's, each
# check named "LABEL: ..."; its whole output in $T/LABEL.tap.
browser_tap() {
	local line
	node "$COX_DATADIR/tests/browser/$2" >"$T/$1.tap" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "$1: ${line#* - }" ;;
		"not ok "*) fail "$1: ${line#* - }" ;;
		"#   "*) echo "$line" ;;
		"# "*) echo "# $1: ${line#\# }" ;;
		esac
	done <"$T/$1.tap"
}

# sink_start PORT DIR LOG [MODE]: the SMTP sink (tests/smtp-sink.py) on
# PORT, each mail it takes in DIR/N.eml and its envelope in N.env, its
# output in LOG (removed first, so that a restart waits for its own
# "ready"); MODE as the script takes it (tempfail, reject).  Its pid in
# SINK_PID, killed at exit; waits until it listens.
sink_start() {
	mkdir -p "$2"
	rm -f "$3"
	/usr/bin/python3 "$COX_DATADIR/tests/smtp-sink.py" "$1" "$2" ${4:-} >"$3" 2>&1 &
	SINK_PID=$!
	at_exit 'kill $SINK_PID 2>/dev/null'
	daemon_wait "$SINK_PID" "$3" "the SMTP sink" grep -q ready "$3"
}

# smtp_sink DIR: the outbox of workspace DIR sends through an SMTP sink
# (sink_start, mail in $T/inbox, its log $T/sink.log).
smtp_sink() {
	local mport
	mport=$(free_port)
	conf_set "$1/cox.conf" smtp url "smtp://127.0.0.1:$mport"
	conf_set "$1/cox.conf" smtp from coxswain@club.example
	conf_set "$1/cox.conf" smtp tls off
	sink_start "$mport" "$T/inbox" "$T/sink.log"
}

# fake_twilio PORT ACCOUNT TOKEN [MODE...]: (re)starts the fake Twilio
# (tests/fake-twilio.py, what it is sent in $T/messages) on PORT and
# waits until it listens; FAKE_PID is its pid.  The log is removed
# first: a restart's shell opens it after this goes on, and the last
# run's "ready" must not be taken for the new one's.
fake_twilio() {
	if [ -n "${FAKE_PID:-}" ]; then
		kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	else
		at_exit 'kill $FAKE_PID 2>/dev/null'
	fi
	rm -f "$T/fake.log"
	local port=$1
	shift
	/usr/bin/python3 "$COX_DATADIR/tests/fake-twilio.py" "$port" "$T" "$@" >"$T/fake.log" 2>&1 &
	FAKE_PID=$!
	daemon_wait "$FAKE_PID" "$T/fake.log" "the fake Twilio" grep -q ready "$T/fake.log"
}

# mail_received N: waits (15 s at most) until the sink smtp_sink started
# holds N messages; 1 when it does not.
mail_received() {
	for _ in $(seq 150); do
		[ "$(ls "$T/inbox" | grep -c '\.eml$')" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# ical_reply FROM UID PARTSTAT gmail|apple: a calendar's answer to the
# invitation of UID (ACCEPTED, DECLINED, TENTATIVE) from FROM, emailed
# to $W as Gmail or Apple Calendar send one (iMIP, RFC 6047), built
# from their documented forms: Gmail's a multipart/alternative whose
# text/calendar; method=REPLY part is 7bit, Apple's the REPLY alone as a
# quoted-printable attachment with its attendee line folded.  The
# event's times are fixed: a reply is read by its UID and attendee.
ical_reply() {
	local body
	if [ "$4" = gmail ]; then
		# Gmail: multipart/alternative with text/calendar; method=REPLY
		# and invite.ics, the attendee's CN and PARTSTAT on one line
		body="--g\nContent-Type: text/plain; charset=UTF-8\n\n$1 has accepted this invitation.\n\n--g\nContent-Type: text/calendar; charset=UTF-8; method=REPLY\nContent-Transfer-Encoding: 7bit\n\nBEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nDTSTART:20261129T073000Z\r\nDTEND:20261129T083000Z\r\nDTSTAMP:20261128T120000Z\r\nORGANIZER;CN=Riverside Club:mailto:ratings@club.example\r\nUID:$2\r\nATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=$3;CN=$1;X-NUM-GUESTS=0:mailto:$1\r\nCREATED:20261128T120000Z\r\nLAST-MODIFIED:20261128T120100Z\r\nSEQUENCE:1\r\nSTATUS:CONFIRMED\r\nSUMMARY:Riverside Club: Senior Men session\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n--g--"
		email "From: $1" "Subject: Accepted: Senior Men" "MIME-Version: 1.0" \
			'Content-Type: multipart/alternative; boundary="g"' "$body"
	else
		# Apple Calendar: the REPLY alone as an attachment, in
		# quoted-printable, its attendee line folded (RFC 5545 3.1)
		local cal
		cal=$(printf 'BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.1//EN\r\nBEGIN:VEVENT\r\nATTENDEE;CN="%s";PARTSTAT=%s;EMAIL=%s:\r\n mailto:%s\r\nDTEND:%sT083000Z\r\nDTSTAMP:20261128T120000Z\r\nDTSTART:%sT073000Z\r\nORGANIZER;CN="Riverside Club":mailto:ratings@club.example\r\nSEQUENCE:1\r\nSUMMARY:Riverside Club: Senior Men session\r\nUID:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
			"$1" "$3" "$1" "$1" 20261129 20261129 "$2" |
			/usr/bin/python3 -c 'import quopri, sys; sys.stdout.write(quopri.encodestring(sys.stdin.buffer.read()).decode())')
		body="--a\nContent-Type: text/plain\n\n\n--a\nContent-Type: text/calendar; method=REPLY; name=\"iCal-20261128-120000.ics\"\nContent-Disposition: attachment; filename=\"iCal-20261128-120000.ics\"\nContent-Transfer-Encoding: quoted-printable\n\n$cal\n--a--"
		email "From: $1" "Subject: Invitation: Senior Men (Declined)" "MIME-Version: 1.0" \
			'Content-Type: multipart/mixed; boundary="a"' "$body"
	fi
}

# export_counts ID: each table of cox export person, and a query that
# counts its rows of person ID as the database holds them, "NAME|QUERY"
# a line (cox(1)'s list, written again here).  A coach score of theirs
# no self-rating follows yet is theirs to see only once they answer it
# (the blind rule, lib/rating.c): $seen says which of r they see.
export_counts() {
	local mine="person_id = $1 OR person_id IS NULL AND (peer IN (SELECT e164 FROM phone WHERE person_id = $1) OR lower(peer) = (SELECT lower(email) FROM person WHERE id = $1))"
	local seen="(r.athlete_id != $1 OR r.source = 'self' OR EXISTS (SELECT 1 FROM rating s WHERE s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id AND s.source = 'self' AND (s.created_at, s.id) > (r.created_at, r.id)))"
	cat <<EOF
person|SELECT count(*) FROM person WHERE id = $1
phone|SELECT count(*) FROM phone WHERE person_id = $1
membership|SELECT count(*) FROM membership WHERE person_id = $1
consent|SELECT count(*) FROM consent WHERE person_id = $1
rating_received|SELECT count(*) FROM rating r WHERE athlete_id = $1 AND $seen
rating_given|SELECT count(*) FROM rating WHERE rater_id = $1 AND source = 'coach'
rating_change|SELECT count(*) FROM rating_change c JOIN rating r ON r.id = c.rating_id WHERE $1 IN (r.athlete_id, r.rater_id, c.rater_id) AND $seen
guess|SELECT count(*) FROM guess WHERE athlete_id = $1
checkin_value|SELECT count(*) FROM checkin_value v JOIN wellness w ON w.id = v.wellness_id WHERE w.athlete_id = $1
wellness|SELECT count(*) FROM wellness WHERE athlete_id = $1
session_rpe|SELECT count(*) FROM session_rpe WHERE athlete_id = $1
health_report|SELECT count(*) FROM health_report WHERE athlete_id = $1
episode|SELECT count(*) FROM episode WHERE athlete_id = $1
message|SELECT count(*) FROM message WHERE $mine
message_status|SELECT count(*) FROM message_status WHERE message_id IN (SELECT id FROM message WHERE $mine)
ingest|SELECT count(*) FROM ingest WHERE message_id IN (SELECT id FROM message WHERE $mine)
page_key|SELECT count(*) FROM page_key WHERE person_id = $1
person_key|SELECT count(*) FROM person_key WHERE person_id = $1
invite|SELECT count(*) FROM invite WHERE person_id = $1
coach_pref|SELECT count(*) FROM coach_pref WHERE person_id = $1
digest_sent|SELECT count(*) FROM digest_sent WHERE person_id = $1
planned_session|SELECT count(*) FROM planned_session WHERE coach_id = $1
seat_race|SELECT count(*) FROM seat_race_rower WHERE person_id = $1
seat_race_given|SELECT count(*) FROM seat_race WHERE coach_id = $1
avail_answer|SELECT count(*) FROM avail_answer WHERE person_id = $1
erg_result|SELECT count(*) FROM erg_result WHERE athlete_id = $1
concept2_link|SELECT count(*) FROM concept2_link WHERE person_id = $1
concept2_state|SELECT count(*) FROM concept2_state WHERE person_id = $1
EOF
}

# web_workspace DIR TOKEN: demo_sms DIR with the site on a preview port
# and the outbox's SMTP on a sink (smtp_sink); sets PREVIEW_PORT and
# SMS_PORT for preview_start and sms_start.  The demo's own queued
# texts are marked sent.
web_workspace() {
	PREVIEW_PORT=$(free_port)
	SMS_PORT=$(free_port)
	demo_sms "$1" "http://127.0.0.1:$SMS_PORT" "$2"
	sql "$1/cox.db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
	conf_set "$1/cox.conf" site base_url "http://127.0.0.1:$PREVIEW_PORT/"
	smtp_sink "$1"
}

# need_debian_root TOOL...: skips the whole test unless debootstrap,
# root and each TOOL are here (a fresh Debian root needs all three).
need_debian_root() {
	local tool
	[ "$(id -u)" = 0 ] || skip_unless_ci "a fresh Debian root needs root"
	for tool in debootstrap unshare chroot "$@"; do
		command -v "$tool" >/dev/null ||
			skip_unless_ci "no $tool here (the test needs debootstrap $*)"
	done
}

# shared_dir: where once keeps what it made.  make check gives its
# tests one folder for the run, $COX_TEST_SHARED, made before the first
# and removed after the last, so nothing made there outlives the run; a
# test run alone keeps its own in $T.
shared_dir() { echo "${COX_TEST_SHARED:-$T/shared}"; }

# once NAME CMD...: CMD, run once however many tests of the run ask for
# NAME (the first runs it, the others wait on NAME's lock and take its
# result): its output in $(shared_dir)/NAME.out and .err, its status in
# NAME.rc; then out, err and rc as run sets them.  What is the same for
# every test and slow to make (a Debian root, this commit's package) is
# made once a run, and still afresh each run.
once() {
	local s name=$1
	s=$(shared_dir)
	shift
	mkdir -p "$s"
	(
		flock 9
		[ -s "$s/$name.rc" ] && exit
		"$@" >"$s/$name.out" 2>"$s/$name.err"
		echo $? >"$s/$name.rc"
	) 9>"$s/$name.lock"
	cp "$s/$name.out" "$T/.out" 2>/dev/null || : >"$T/.out"
	cp "$s/$name.err" "$T/.err" 2>/dev/null || : >"$T/.err"
	rc=$(cat "$s/$name.rc" 2>/dev/null)
	rc=${rc:-1}
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# once_start NAME CMD...: once in the background, so that what it waits
# for (the network, dpkg unpacking) overlaps the test's own work; a later
# once NAME waits for it.  The test waits for it at exit too, so that
# nothing writes into $T or the run's folder after they go.
once_start() {
	(once "$@") >/dev/null 2>&1 &
	at_exit "wait $! 2>/dev/null"
}

# debian_bootstrap DIR: a fresh Debian 12 (minbase) in DIR, from Debian's
# mirror (nothing cached from before: what apt fetches is what a
# volunteer gets).
debian_bootstrap() {
	rm -rf "$1"
	timeout 900 debootstrap --variant=minbase bookworm "$1" http://deb.debian.org/debian
}

# debian_root_start: starts making the run's Debian root (once_start),
# for a test with other work to do before it calls debian_root.
debian_root_start() { once_start root debian_bootstrap "$(shared_dir)/root"; }

# debian_root DIR: a fresh Debian 12 (minbase) in DIR, as a volunteer's
# new machine: a copy of the one debootstrap makes once a run, each test
# with a copy of its own; in_root runs in it from then on.
debian_root() {
	ROOT=$1
	once root debian_bootstrap "$(shared_dir)/root"
	[ "$rc" = 0 ] || { echo "Bail out! debootstrap failed: $(tail -3 "$T/.out")"; exit 1; }
	cp -a "$(shared_dir)/root" "$ROOT" ||
		{ echo "Bail out! no copy of the Debian root in $ROOT"; exit 1; }
	# dpkg does not sync each file it unpacks: a root thrown away at the
	# test's end loses nothing by it, and apt installs there sooner
	echo force-unsafe-io >"$ROOT/etc/dpkg/dpkg.cfg.d/unsafe-io"
}

# in_root [--offline] [--keep] CMD: the shell command CMD as root in
# $ROOT (the last debian_root), with none of this test's environment,
# its own /proc and its own processes: a daemon it starts ends with it.
# --offline: also a network of its own, loopback only, so that its
# daemons take their usual ports and reach nothing outside.  --keep:
# the processes of the machine instead, so that a daemon CMD starts
# outlives it, as a service does (an upgrade test restarts one).
in_root() {
	local net= pid="-p -f --kill-child"
	while :; do
		case $1 in
		--offline) net=-n; shift ;;
		--keep) pid=; shift ;;
		*) break ;;
		esac
	done
	run unshare -m $pid $net sh -c '
		[ -z "$2" ] || ip link set lo up || exit 70
		mount -t proc proc "$1/proc" &&
		chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root sh -c "$3"' - "$ROOT" "$net" "$1"
}
