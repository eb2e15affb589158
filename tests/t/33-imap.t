# cox mail --imap against a real Dovecot on loopback with a test CA:
# messages read by UID and flagged only after their commit, nothing new
# on a second pass, a redelivered copy stored once; a certificate for
# another host, one from an unknown CA and a wrong password are refused
# before any mail is read; --idle stores new mail as it lands.
. "$(dirname "$0")/lib.sh"

. "$COX_DATADIR/tests/imap-server.sh"
imap_require
plan 17

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
port=$(free_port)
imap_start "$T/dovecot" "$port" || { echo "Bail out! dovecot did not start: $(tail -3 "$T/dovecot/"*.log)"; exit 1; }
D=$IMAP_DIR
idler=
at_exit 'imap_stop; kill $idler 2>/dev/null'
deliver() { imap_deliver "$@"; }
export COX_MAIL_IMAP_PASSWORD=$IMAP_PASSWORD
URL=imaps://coach@127.0.0.1:$port/INBOX
ingested() { sql "$db" "SELECT count(*) FROM ingest WHERE source = 'imap'"; }
logins() { grep -c 'imap-login: Info: Login:' "$D/dovecot.log"; }

deliver 1 <"$DATA/mail/thunderbird-qp-1252.eml"
deliver 2 <"$DATA/mail/outlook-html-only.eml"
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: ratings\nMessage-ID: <imap-3@example.org>\nContent-Type: text/plain\n\nJane Doe:\n  technique 5 Lovely catch\n' | deliver 3

# refused before anything is read or sent
cox -C "$W" mail --imap "$URL"
is "$rc:$(ingested):$(logins)" "77:0:0" "a certificate from an unknown CA is refused (exit 77), before logging in"
like "$err" "certificate refused: .*; nothing was sent to it" "and the log says why"
conf_set "$W/cox.conf" mail imap_ca_file "$D/ca.pem"
cox -C "$W" mail --imap "imaps://coach@127.0.0.2:$port/INBOX"
is "$rc:$(ingested):$(logins)" "77:0:0" "a certificate for another host is refused"
like "$err" "certificate refused: .*(hostname|IP address) mismatch" "naming the mismatch"
COX_MAIL_IMAP_PASSWORD=wrong cox -C "$W" mail --imap "$URL"
is "$rc:$(ingested)" "77:0" "a wrong password is refused with exit 77"

cox -C "$W" mail --imap "$URL"
is "$rc:$(sql "$db" "SELECT group_concat(outcome, ' ') FROM ingest WHERE source = 'imap'")" "0:stored stored stored" \
	"with the test CA, three messages are read and stored"
is "$(ls "$IMAP_MAILDIR/cur" | grep -c ':2,S$')" 3 "and flagged \\Seen on the server after the commit"
like "$(sql "$db" "SELECT value FROM meta WHERE key LIKE 'imap:coach@127.0.0.1:%/INBOX'")" "^[0-9]+:3$" \
	"UIDVALIDITY and the last UID are kept"
cox -C "$W" mail --imap "$URL"
is "$rc:$(ingested)" "0:3" "a second pass reads nothing again"

# a second delivery of the same message (other trace headers): stored once
r0=$(sql "$db" "SELECT count(*) FROM rating")
{ printf 'Received: from relay.example.org by mx.example.org; Sat, 21 Nov 2026 10:00:00 +0000\n'; cat "$DATA/mail/thunderbird-qp-1252.eml"; } | deliver 4
cox -C "$W" mail --imap "$URL"
is "$(ingested):$(sql "$db" "SELECT count(*) FROM rating"):$(sql "$db" "SELECT value FROM meta WHERE key LIKE 'imap:%'" | cut -d: -f2)" \
	"3:$r0:4" "a redelivered copy is passed over (no ratings added), and its UID noted"

# a message over 10 MiB: only its head is fetched, and it is quarantined
{ printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nSubject: huge\nMessage-ID: <imap-big@example.org>\nContent-Type: text/plain\n\n'
  head -c 11000000 /dev/zero | tr '\0' 'x' | fold -w 76; } | deliver big
cox -C "$W" mail --imap "$URL"
is "$rc:$(sql "$db" "SELECT outcome || ': ' || reason FROM ingest WHERE source = 'imap' ORDER BY rowid DESC LIMIT 1")" \
	"0:quarantined: larger than 10 MiB" "a message over 10 MiB is quarantined (only its head is fetched)"

# --idle: new mail is stored as it lands, and so is mail that lands
# while the post-ingest hook runs (a slow one, here)
mkdir -p "$W/hooks"
printf '#!/bin/sh\ntouch "%s/hook.started"\nsleep 2\n' "$T" >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
# (under a stand-in for systemd's notify socket, with a 1 s watchdog)
/usr/bin/python3 "$COX_DATADIR/tests/notify-listen.py" "$T/notify.sock" "$T/notify.log" &
at_exit "kill $!"
wait_for 5 test -S "$T/notify.sock"
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=1000000 \
	"$COX" -C "$W" mail --imap "$URL" --idle 2>"$T/idle.log" &
idler=$!
for _ in $(seq 100); do grep -q "INBOX open" "$T/idle.log" && break; sleep 0.1; done
n=$(ingested)
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: more\nMessage-ID: <imap-5@example.org>\nContent-Type: text/plain\n\nSam ONeill:\n  technique 3\n' | deliver 5
for _ in $(seq 100); do [ "$(ingested)" -gt "$n" ] && break; sleep 0.1; done
is "$(ingested)" $((n + 1)) "with --idle, a message is stored as it lands"
for _ in $(seq 100); do [ -e "$T/hook.started" ] && break; sleep 0.1; done
rm -f "$T/hook.started"
wait_for 60 flock -n "$W/.hook-lock" true	# that hook is over
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: more\nMessage-ID: <imap-6@example.org>\nContent-Type: text/plain\n\nTom Okafor:\n  technique 3\n' | deliver 6
for _ in $(seq 100); do [ -e "$T/hook.started" ] && break; sleep 0.1; done
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nTo: team@example.org\nSubject: more\nMessage-ID: <imap-7@example.org>\nContent-Type: text/plain\n\nMei Chen:\n  technique 3\n' | deliver 7
for _ in $(seq 150); do [ "$(ingested)" -gt $((n + 2)) ] && break; sleep 0.1; done
is "$(ingested)" $((n + 3)) "a message that lands while the hook runs is stored when it ends, not at the next delivery"
like "$(head -2 "$T/notify.log")" "READY=1\|STATUS=watching the mailbox" "it told systemd it was ready"
pings=$(grep -c "WATCHDOG=1" "$T/notify.log")
[ "$pings" -ge 4 ] && pass "and pinged the watchdog while it waited and went round ($pings)" ||
	fail "and pinged the watchdog while it waited and went round ($pings)"
kill -TERM $idler
wait $idler
is "$?" 0 "and SIGTERM stops it cleanly"
idler=
wait_for 5 grep -q "STOPPING=1" "$T/notify.log"
like "$(tail -1 "$T/notify.log")" "STOPPING=1" "telling systemd it is stopping"

done_testing
