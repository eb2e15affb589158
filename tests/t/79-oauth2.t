# OAuth2 for Gmail and Microsoft 365, against a local token endpoint
# (tests/oauth2-server.py), a Dovecot that takes XOAUTH2 and checks
# tokens there, and an SMTP sink that does the same: an IMAP pass and an
# SMTP send with XOAUTH2; a token the server no longer takes is traded
# for a new one and the pass goes on; a rotated refresh token is kept,
# mode 600; invalid_grant stops in words and leaves the mail on the
# server; no token appears in any output or log.
. "$(dirname "$0")/lib.sh"

. "$COX_DATADIR/tests/imap-server.sh"
imap_require
plan 27

W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches head.coach@example.org
db=$W/cox.db
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"

# the token endpoint
O=$T/oauth
mkdir -p "$O"
oport=$(free_port)
/usr/bin/python3 "$COX_DATADIR/tests/oauth2-server.py" "$oport" "$O" rt-first >"$T/oauth.log" 2>&1 &
opid=$!
at_exit 'kill $opid 2>/dev/null'
wait_for 10 grep -q ready "$T/oauth.log" || { echo "Bail out! the token endpoint did not start"; exit 1; }
OURL=http://127.0.0.1:$oport
control() { curl -s -X POST "$OURL/control?do=$1" >/dev/null; }
grants() { grep -c refresh_token "$O/grants" 2>/dev/null || echo 0; }

# Dovecot, asking the endpoint about tokens
port=$(free_port)
imap_start "$T/dovecot" "$port" "$OURL/introspect" ||
	{ echo "Bail out! dovecot did not start: $(tail -3 "$T/dovecot/"*.log)"; exit 1; }
D=$IMAP_DIR
idler=
at_exit 'imap_stop; kill $idler 2>/dev/null'
URL=imaps://coach@127.0.0.1:$port/INBOX
ingested() { sql "$db" "SELECT count(*) FROM ingest WHERE source = 'imap'"; }
imap_mail() {	# imap_mail N: a coach's rating email, delivered as message N
	eml "To: team@example.org" "Subject: ratings" "Message-ID: <oauth-$1@example.org>" \
		"Jane Doe:\n  technique $(($1 % 5 + 1))" | imap_deliver "$1"
}
# every word cox says, kept to look for tokens in at the end
said() { printf '%s\n%s\n' "$out" "$err" >>"$T/said"; }

# the SMTP sink, asking the same endpoint
sport=$(free_port)
sink_start "$sport" "$T/inbox" "$T/sink.log" "oauth2=$OURL/introspect"

mkdir -m 700 "$W/private"
printf 'cox-test-secret\n' >"$W/private/client-secret"
printf 'rt-first\n' >"$W/private/refresh-token"
chmod 600 "$W/private/"*
conf_set "$W/cox.conf" mail imap_ca_file "$D/ca.pem"
conf_set "$W/cox.conf" mail imap_auth oauth2
conf_set "$W/cox.conf" smtp url "smtp://127.0.0.1:$sport"
conf_set "$W/cox.conf" smtp from coxswain@club.example
conf_set "$W/cox.conf" smtp tls off
conf_set "$W/cox.conf" smtp user coach
conf_set "$W/cox.conf" smtp auth oauth2
conf_set "$W/cox.conf" oauth2 token_url "$OURL/token"
conf_set "$W/cox.conf" oauth2 client_id cox-test
conf_set "$W/cox.conf" oauth2 client_secret_file "$W/private/client-secret"
conf_set "$W/cox.conf" oauth2 refresh_token_file "$W/private/refresh-token"

# a pass with XOAUTH2
imap_mail 1
imap_mail 2
cox -C "$W" mail --imap "$URL"
said
is "$rc:$(ingested)" "0:2" "an IMAP pass logs in with XOAUTH2 and stores the two messages"
like "$(grep 'Login: user=<coach>' "$D/dovecot.log")" "method=XOAUTH2" "Dovecot saw an XOAUTH2 login"
is "$(ls "$IMAP_MAILDIR/cur" | grep -c ':2,S$')" 2 "both are flagged \\Seen after the commit"

# an SMTP send with XOAUTH2: the replies to those two emails
cox -C "$W" outbox run
said
is "$rc" 0 "outbox run exits 0"
like "$out" "^2 emails sent" "the replies go out through the SMTP server"
is "$(sort -u "$T/inbox/auth")" "ok coach" "logged in with XOAUTH2 as [smtp] user"

# a token the server no longer takes: traded for a new one, and the
# pass goes on (a daemon holds its token; the connection is cut so that
# it logs in again)
"$COX" -C "$W" mail --imap "$URL" --idle 2>"$T/idle.log" &
idler=$!
wait_for 20 grep -qs "INBOX open" "$T/idle.log" || echo "# the idler did not open the mailbox"
g=$(grants)
control expire
doveadm -c "$D/dovecot.conf" kick coach >/dev/null 2>&1
wait_for 20 grep -qs "IDLE failed" "$T/idle.log" || echo "# the idler did not see the cut"
imap_mail 3
wait_for 30 sh -c "[ \$(sqlite3 '$db' \"SELECT count(*) FROM ingest WHERE source = 'imap'\") -ge 3 ]"
is "$(ingested)" 3 "after its token was ended, the daemon logs in again and stores new mail"
is "$(($(grants) - g))" 1 "with one new access token"
kill -TERM $idler
wait $idler
is "$?" 0 "and SIGTERM stops it cleanly"
idler=
cat "$T/idle.log" >>"$T/said"

# a rotated refresh token is kept, mode 600, and the old one forgotten
control rotate
imap_mail 4
cox -C "$W" mail --imap "$URL"
said
new=$(grep '^rt-' "$O/tokens" | tail -1)
is "$rc:$(ingested):$(cat "$W/private/refresh-token")" "0:4:$new" "a new refresh token is stored in refresh_token_file"
is "$(stat -c %a "$W/private/refresh-token")" 600 "mode 600"
control normal
imap_mail 5
cox -C "$W" mail --imap "$URL"
said
is "$rc:$(ingested)" "0:5" "the next run logs in with the stored one (the old one is no more)"

# invalid_grant: stopped in words, nothing read, the mail left unread
control invalid_grant
imap_mail 6
cox -C "$W" mail --imap "$URL"
said
is "$rc:$(ingested)" "77:5" "invalid_grant stops the pass with exit 77 and reads nothing"
like "$err" "refused the refresh token \(invalid_grant\): the app's consent was revoked or the token expired; make a new one with cox mail --oauth2-login" \
	"saying why and what to do"
is "$(ls "$IMAP_MAILDIR/new")" 6 "the message stays on the server, unread"
sql "$db" "INSERT INTO message (direction, channel, peer, subject, body, kind, status, created_at)
	VALUES ('out', 'email', 'head.coach@example.org', 'later', 'x', 'reply', 'queued', 1)"
cox -C "$W" outbox run
said
is "$(sql "$db" "SELECT status FROM message WHERE subject = 'later'")" queued "an email waits in the outbox"
control normal
sql "$db" "UPDATE message SET next_attempt_at = 0 WHERE subject = 'later'"
cox -C "$W" outbox run
said
is "$(sql "$db" "SELECT status FROM message WHERE subject = 'later'")" sent "and goes once a token can be had again"

# doctor: the refresh token file, and --online a token
finding() {	# finding KEY: the level of doctor --json's finding KEY
	printf '%s\n' "$out" | python3 -c 'import json, sys
print(" ".join(f["level"] for f in json.load(sys.stdin)["findings"] if f["key"] == sys.argv[1]))' "$1"
}
conf_set "$W/cox.conf" mail imap_url "$URL"
cox -C "$W" doctor --online --json
said
is "$(finding online.oauth2):$(finding online.imap):$(finding secret.smtp.password):$(finding oauth2.rotation)" "ok:ok:ok:ok" \
	"doctor --online gets a token, and logs in with it; no SMTP password is asked for"
mv "$W/private/refresh-token" "$W/private/gone"
cox -C "$W" doctor
said
like "$out" "\[oauth2\] refresh_token_file: .*refresh-token cannot be read" "doctor names a missing refresh token file"
mv "$W/private/gone" "$W/private/refresh-token"

# the first refresh token: consent in a browser, the address pasted back
conf_set "$W/cox.conf" oauth2 auth_url "$OURL/auth"
conf_set "$W/cox.conf" oauth2 scope https://mail.google.com/
cox -C "$W" mail --oauth2-login <<<'http://127.0.0.1/?state=not-ours&code=test-code'
said
is "$rc:$(cat "$W/private/refresh-token")" "77:$new" "a pasted address made for another login is refused"
cox -C "$W" mail --oauth2-login <<<test-code
said
like "$out" "^$OURL/auth\?response_type=code&.*code_challenge_method=S256&.*client_id=cox-test&redirect_uri=http%3A%2F%2F127.0.0.1&scope=https%3A%2F%2Fmail.google.com%2F" \
	"--oauth2-login prints the consent address, with PKCE"
first=$(grep '^rt-' "$O/tokens" | tail -1)
is "$rc:$(cat "$W/private/refresh-token"):$(stat -c %a "$W/private/refresh-token")" "0:$first:600" \
	"and keeps the refresh token the pasted code is traded for"
imap_mail 7
cox -C "$W" mail --imap "$URL"
said
is "$rc:$(ingested)" "0:7" "which the next pass logs in with"

# plain http only to a loopback token endpoint
conf_set "$W/cox.conf" oauth2 token_url http://oauth2.example.org/token
cox -C "$W" mail --imap "$URL"
said
like "$rc:$(printf '%s\n' "$err" | grep token_url)" "^78:.*\[oauth2\] token_url is not valid: give an https:// address" \
	"a plain http token_url elsewhere is refused"
# a name that only begins like a loopback address is a name like any
# other, whatever DNS makes of it; so is a user name before the '@'
n=0
before=$(grants)
for u in "http://127.attacker.example:$oport/token" \
    "http://127.0.0.1.nip.io:$oport/token" \
    "http://127.0.0.1:$oport@oauth2.example.org/token"; do
	conf_set "$W/cox.conf" oauth2 token_url "$u"
	cox -C "$W" mail --imap "$URL"
	said
	case "$rc:$err" in 78:*"[oauth2] token_url is not valid: give an https:// address"*) n=$((n + 1)) ;;
	*) echo "# $u: $rc: $err" ;; esac
done
is "$n:$(grants)" "3:$before" "a token_url whose host only looks local is refused, and not asked"
conf_set "$W/cox.conf" oauth2 token_url "http://localhost:$oport/token"
imap_mail 8
cox -C "$W" mail --imap "$URL"
said
is "$rc:$(ingested):$(grants)" "0:8:$((before + 1))" "while http://localhost is this machine, and asked"
conf_set "$W/cox.conf" oauth2 token_url "$OURL/token"

# no token in anything cox said or logged
cat "$D/dovecot.log" "$T/sink.log" >>"$T/said"
is "$(grep -cFf "$O/tokens" "$T/said"; grep -cF rt-first "$T/said")" "0
0" "no access or refresh token appears in any output or log"

done_testing
