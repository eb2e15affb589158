# cox mail --stdin as a mail server's delivery agent: the post-ingest
# hook runs once for a burst of deliveries, after it goes quiet, in a
# detached process that no delivery waits for; a later delivery runs it
# again; a hooks.log past 1 MiB is rotated; a workspace named by a
# relative path reaches the hook absolute; the runner is a program of
# its own (the delivery's process image is not carried on), and the
# hook holds none of its locks.
. "$(dirname "$0")/lib.sh"
plan 11

W=$T/ws
demo_workspace "$W"
mkdir -p "$W/hooks"
printf '#!/bin/sh\nreadlink /proc/$$/fd/* >"%s/fds"\ntr "\\0" " " </proc/$PPID/cmdline >"%s/runner"\necho run >>"%s/runs"\necho "hook output"\n' "$T" "$T" "$T" >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
msg() {	# msg N: a coach's rating email
	eml "To: team@example.org" "Subject: ratings $1" "Message-ID: <hook-$1@example.org>" \
		"Jane Doe:\n  technique $(($1 % 5 + 1))"
}
export -f msg eml
export COX W
# The burst is one burst however slow the machine: the test holds the
# lock an ingest under way holds (.hook-busy) until every delivery has
# exited, so the hook cannot run before; a delivery that waited for the
# hook would never exit.
python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_SH)
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
	time.sleep(0.05)' "$W/.hook-busy" "$T/held" "$T/release" &
wait_for 60 test -e "$T/held"
seq 1 12 | xargs -P 6 -I{} bash -c 'msg {} | "$COX" -C "$W" mail --stdin 2>/dev/null; echo $? >>"$W/../codes"'
is "$(sort -u "$T/codes"):$(sql "$W/cox.db" "SELECT count(*) FROM ingest WHERE source = 'stdin' AND outcome = 'stored'")" \
	"0:12" "twelve deliveries at once are stored, each exiting 0"
is "$(cat "$T/runs" 2>/dev/null | wc -l)" 0 "none of them waited for the hook"
# the hook is over when no runner holds .hook-lock
idle() { [ "$(cat "$T/runs" 2>/dev/null | wc -l)" -ge "$1" ] && flock -n "$W/.hook-lock" true; }
touch "$T/release"
wait_for 120 idle 1
is "$(wc -l <"$T/runs")" 1 "the burst caused one post-ingest run"
like "$(cat "$W/hooks.log")" "hook output" "its output is in the workspace's hooks.log"
like "$(cat "$T/runner")" "cox --hook-runner $W [0-9]" "the runner was started afresh, told the workspace and its lock"
unlike "$(cat "$T/fds")" "hook-" "the hook itself holds none of the runner's files"
msg 13 | "$COX" -C "$W" mail --stdin 2>/dev/null
wait_for 120 idle 2
is "$(wc -l <"$T/runs")" 2 "a later delivery runs it again"

# hooks.log past 1 MiB is moved aside before the next run writes to it
head -c 1100000 /dev/zero | tr '\0' x >"$W/hooks.log"
msg 14 | "$COX" -C "$W" mail --stdin 2>/dev/null
wait_for 120 idle 3
is "$(stat -c %s "$W/hooks.log.1" 2>/dev/null)" 1100000 "a hooks.log past 1 MiB becomes hooks.log.1"
like "$(cat "$W/hooks.log")" "^[0-9T:-]+Z cox: hook post-ingest: hook output$" "and the run writes a new one"

# "cox -C ws" from the folder above: the hook runs in the workspace and
# is told where it is in a form that still means it there
printf '#!/bin/sh\ncd "$COX_WORKSPACE" && echo "$COX_WORKSPACE" >>"%s/where"\n' "$T" >"$W/hooks/post-ingest"
(cd "$T" && msg 15 | "$COX" -C ws mail --stdin 2>/dev/null)
wait_for 120 test -s "$T/where"
is "$(cat "$T/where")" "$(cd "$W" && pwd -P)" "a relative -C reaches the hook as an absolute path it can cd to"
unlike "$(cat "$W/hooks.log")" "failed" "and the hook did not fail"

done_testing
