# Logs an operator reads at 2 a.m.: cox sms serve writes a line for
# each text it stores (which message, from a masked number, what kind,
# how long); the post-ingest hook's output reaches the daemon's log
# (the journal: JOURNAL_STREAM names the file its standard error is, as
# systemd does) and hooks.log, each line with its time there, the build
# and the push it runs each saying what they did and how long it took;
# cox mail says what an email stored and how long it took; a delivery
# that fails names the server and counts the attempts, and cox status
# gives each queued message's last error.  lib/hook.c compiles without
# a warning under Debian's flags (write's result is used).
. "$(dirname "$0")/lib.sh"
plan 12

W=$T/ws
demo_sms "$W" https://sms.club.example twilio-test-token
db=$W/cox.db
git init -q --bare "$T/remote.git"
conf_set "$W/cox.conf" site remote "$T/remote.git"
mkdir -p "$W/hooks"
printf '#!/bin/sh\necho "hook says hi"\n"$COX" build >/dev/null\n"$COX" publish --push >/dev/null\necho done >>"%s/hook.runs"\n' \
	"$T" >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"

# the daemon's standard error is "the journal": lines carry priorities
: >"$T/sms.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$T/sms.log") sms_start "$W"
text +447700900101 SMlog1 "Technique 4, fit 3"
like "$out" "^200" "a text is stored"
wait_for 60 test -s "$T/hook.runs"
hooks_quiet
log=$(cat "$T/sms.log")
like "$log" "<6>cox sms: text [0-9]+ from \+44\*+[0-9]+ stored \(scores\) in [0-9]+ ms" \
	"the daemon logs the text it stored: its message, the number masked, its kind, how long"
like "$log" "<6>cox: hook post-ingest: hook says hi" \
	"the hook's output reaches the daemon's journal"
like "$log" "hook post-ingest: cox: build: [0-9]+ files written, [0-9]+ unchanged, [0-9]+ removed, in [0-9]+ ms" \
	"the build the hook runs logs what it wrote and how long it took"
like "$log" "hook post-ingest: cox: push: commit [0-9a-f]{10} to $T/remote.git, in [0-9]+ ms" \
	"and so does the push"
like "$(cat "$W/hooks.log")" "(^|
)20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z cox: hook post-ingest: hook says hi" \
	"hooks.log has the hook's lines too, each with its time"
sms_stop

# an email: what it stored and how long it took
email "Jane Doe:\n  technique 4\n  fitness 3\nSam O'Neill:\n  technique 9"
like "$err" "cox: email [0-9a-f]{12} from head\.coach@example\.org: stored: 2 ratings of 1 athlete, 1 athlete refused, 0 commands, in [0-9]+ ms" \
	"cox mail logs what the email stored and how long it took"

# the way out is down: the server is named and the attempts counted
port=$(free_port)
conf_set "$W/cox.conf" smtp url "smtp://127.0.0.1:$port"
conf_set "$W/cox.conf" smtp from coxswain@club.example
conf_set "$W/cox.conf" smtp tls off
cox -C "$W" outbox run
like "$err" "warning: email [0-9]+ to h\*+@example\.org: smtp://127\.0\.0\.1:$port: Couldn't connect to server \(attempt 1 of 8; the next in [0-9]+ min\)" \
	"a failed delivery names the server and the attempt"
sql "$db" "UPDATE message SET next_attempt_at = 0 WHERE status = 'queued'"
cox -C "$W" outbox run
like "$err" "\(attempt 2 of 8; the next in [0-9]+ min\)" "and counts the next"
cox -C "$W" status
like "$out" "queued email [0-9]+ to Alex Carter, tried 2 times, next in [0-9]+ min: smtp://127\.0\.0\.1:$port: Couldn't connect to server" \
	"cox status gives the last error of each queued message"
cox -C "$W" status --json
is "$(jq -r '.retrying[0] | "\(.attempts) \(.error)"' <<<"$out")" \
	"2 smtp://127.0.0.1:$port: Couldn't connect to server" "and so does its JSON"

# Debian's flags (-O2, _FORTIFY_SOURCE) mark write's result as one to use
cc -std=c11 -Wall -Wextra -Werror -O2 -D_FORTIFY_SOURCE=2 -D_GNU_SOURCE \
	$(pkg-config --cflags sqlite3) -c -o "$T/hook.o" "$COX_DATADIR/lib/hook.c" 2>"$T/cc.err"
is "$?:$(cat "$T/cc.err")" "0:" "lib/hook.c compiles without a warning"

done_testing
