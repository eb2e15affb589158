# The loop closes by default: in a workspace made by cox init, with no
# hook copied in and no command run by hand, a signed text to cox sms
# serve, and then a coach's email to cox mail, are each followed within
# seconds by a rebuild, a commit in site/ and a push to [site] remote.
. "$(dirname "$0")/lib.sh"
plan 12
unset COX_HOOKS_POST_INGEST	# lib.sh turns the default off for the others

W=$T/club
cox init --authserv-id mx.club.example "$W"
is "$rc" 0 "cox init makes the workspace"
git init -q --bare "$T/remote.git"
printf 'loop-test-token\n' >"$T/token"
chmod 600 "$T/token"
conf_set "$W/cox.conf" site remote "$T/remote.git"
conf_set "$W/cox.conf" sms public_url https://sms.club.example
conf_set "$W/cox.conf" sms auth_token_file "$T/token"
conf_set "$W/cox.conf" mail coaches coach@club.example
cox -C "$W" roster add --name "Jane Doe" --phone +447700900101 --squad Seniors
cox -C "$W" roster add --name "Sam Coach" --email coach@club.example --role coach --squad Seniors
cox -C "$W" metric add technique --name Technique --scale 1-5
cox -C "$W" build
cox -C "$W" publish --push
is "$rc" 0 "the first build is published by hand"
commits() { git -C "$W/site" rev-list --count main; }
pushed() { git --git-dir="$T/remote.git" rev-list --count main 2>/dev/null || echo 0; }
wait_for() {	# wait_for N: until site/ and the remote have N commits (30 s)
	for _ in $(seq 300); do
		[ "$(commits)" -ge "$1" ] && [ "$(pushed)" -ge "$1" ] && return
		sleep 0.1
	done
}
is "$(commits):$(pushed)" "1:1" "one commit, pushed"
cox -C "$W" link @jdoe
page=$(printf %s "$out" | sed -n 's|.*/\(a/[^/]*/\)#k=.*|\1|p')
is "$(ls -A "$W/hooks" 2>/dev/null)" "" "no hook in the workspace"

sms_start "$W"
run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/sms" \
	https://sms.club.example/twilio/sms loop-test-token From=+447700900101 \
	To=+15005550006 MessageSid=SM0123456789abcdef0123456789abcd01 \
	"Body=sleep 4 stress 2 fatigue 3 soreness 2" AccountSid=AC00000000000000000000000000000000
like "$out" "^200" "a signed text is answered"
wait_for 2
is "$(commits):$(pushed)" "2:2" "a new commit follows in site/, and is pushed"
like "$(git -C "$W/site" diff --name-only HEAD~1 HEAD)" "^${page:-none}" \
	"Jane's page changed in it"
is "$(uncommitted "$W/site")" "" "nothing is left uncommitted"

printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=club.example\nFrom: Sam Coach <coach@club.example>\nTo: team@club.example\nSubject: ratings\nMessage-ID: <loop-1@club.example>\nContent-Type: text/plain\n\nJane Doe:\n  technique 4\n' |
	run "$COX" -C "$W" mail --stdin
is "$rc:$(sql "$W/cox.db" "SELECT count(*) FROM rating WHERE source = 'coach'")" 0:1 \
	"a coach's email is delivered and stored"
wait_for 3
is "$(commits):$(pushed)" "3:3" "and another commit follows, pushed"
like "$(cat "$W/hooks.log")" "built .*files written" "the runs' output is in hooks.log"

conf_set "$W/cox.conf" hooks post_ingest off
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=club.example\nFrom: Sam Coach <coach@club.example>\nTo: team@club.example\nSubject: ratings\nMessage-ID: <loop-2@club.example>\nContent-Type: text/plain\n\nJane Doe:\n  technique 3\n' |
	"$COX" -C "$W" mail --stdin
sleep 2
is "$(commits)" 3 "[hooks] post_ingest = off stops it"
sms_stop >/dev/null

done_testing
