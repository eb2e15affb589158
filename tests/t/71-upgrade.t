# An upgrade as a club lives it, end to end: the first packaged release
# (the commit that added debian/control, 0.1.0) is built from its commit
# with its own make deb, and this one with make deb; in a fresh Debian 12
# root the old package is installed, a team workspace made as its
# cox-setup(7) says (cox init as cox, a roster imported, a metric) with
# ratings emailed and texts stored, and its SMS daemon left running.
# Then this package is installed over it with apt: its postinst asks to
# try-restart the running instance, the new cox backs cox.db up and
# migrates it, saying so, the new daemon answers and stores a text, and
# every person, rating and message from before is still there, and in
# the copy.  Installing 0.1.0 again is warned of.
#
# systemd does not run in a chroot: systemctl and deb-systemd-invoke are
# stood in for by a script in the root's /usr/local/sbin (on PATH for the
# install only) that records what it is asked and starts, stops or
# restarts the cox sms serve a cox-sms@TEAM unit would run (its user, its
# environment file, its token as the unit's credential).  The workspace
# runs no post-ingest hook ([hooks] post_ingest = off): a build started
# in the background by the old cox would hold cox.db through the upgrade.
# Skipped without the package tools, debootstrap or root; it needs a
# Debian mirror, as 71-deb.t does.
. "$(dirname "$0")/lib.sh"

need_deb_tools
need_debian_root
plan 16
# the fresh root below is made while the packages build
debian_root_start

version=$(cat "$COX_DATADIR/VERSION")
first=$(git -C "$COX_DATADIR" log --diff-filter=A --format=%H -- debian/control | tail -1)

# The first release, from its commit: a clone there, with the browser
# files make deps would fetch (the same versions: its lock file pins
# libsodium and zxcvbn as this one does) taken from this checkout, since
# npm cannot reach its registry here.  Its binary only has to install
# and run: it is built unoptimised, without debug information, its
# debug symbols package or its own --version test, and its make deb's
# lintian only says it ran (this commit's package is the one built and
# linted as a distribution would, by 71-deb).
git clone -q --no-checkout "$COX_DATADIR" "$T/old" &&
	git -C "$T/old" checkout -q "$first" ||
	{ echo "Bail out! no clone of $first"; exit 1; }
ln -s "$(readlink -f "$COX_DATADIR/site-templates/node_modules")" "$T/old/site-templates/node_modules"
old=$(cat "$T/old/VERSION")
mkdir -p "$T/old-out/bin"
printf '#!/bin/sh\necho "lintian $*: not run"\n' >"$T/old-out/bin/lintian"
chmod +x "$T/old-out/bin/lintian"
DEB_MORE="noopt nocheck noautodbgsym" DEB_CFLAGS_APPEND=-g0 deb_make "$T/old" "$T/old-out"
olddeb=$(deb_file "$T/old-out/deb" "$old")
is "$old:${olddeb:+built}" "0.1.0:built" "the first packaged release, 0.1.0, builds from its commit ${first:0:7}"
[ -n "$olddeb" ] || { tail -n 30 "$T/.out" "$T/.err" | sed 's/^/# /'; exit 1; }
[ "$rc" = 0 ] || tail -n 10 "$T/.out" | sed 's/^/# (its make deb) /'
deb_this "$T/new-out"
newdeb=$(deb_file "$T/new-out/deb" "$version")
[ -n "$newdeb" ] || { echo "Bail out! make deb failed: $(tail -5 "$T/.err")"; exit 1; }

R=$T/fresh
debian_root "$R"
cp "$olddeb" "$R/tmp/old.deb"
cp "$newdeb" "$R/tmp/new.deb"
in_root --keep "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/old.deb"
[ "$rc" = 0 ] || { tail -20 "$T/.out" "$T/.err" | sed 's/^/# /'; echo "Bail out! 0.1.0 does not install"; exit 1; }
in_root --keep 'cox --version'
is "$(head -1 <<<"$out")" "cox 0.1.0" "0.1.0 is installed in a fresh Debian 12"

# The stand-in for systemd (see the top): one script, named for what it
# replaces; a unit is "running" while the pid in /run/UNIT.pid lives.
mkdir -p "$R/usr/local/sbin"
cat >"$R/usr/local/sbin/stand-in" <<'EOF'
#!/bin/bash
alive() { [ -n "$1" ] && [ -e "/proc/$1" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"; }
case ${0##*/} in
systemctl)
	[ "$1" = list-units ] || exit 0
	for f in /run/cox-*.service.pid; do
		[ -e "$f" ] && alive "$(cat "$f")" || continue
		u=${f#/run/}
		echo "${u%.pid} loaded active running coxswain"
	done
	exit 0 ;;
esac
echo "$*" >>/var/log/invoked
verb=$1
shift
for unit in "$@"; do
	case $unit in cox-sms@*.service) ;; *) continue ;; esac
	team=${unit#cox-sms@}
	team=${team%.service}
	pid=$(cat "/run/$unit.pid" 2>/dev/null)
	running=0
	alive "$pid" && running=1
	case $verb:$running in
	start:0 | restart:* | try-restart:1) ;;
	stop:1) kill -TERM "$pid"; continue ;;
	*) continue ;;
	esac
	if [ "$running" = 1 ]; then
		kill -TERM "$pid"
		for _ in $(seq 200); do alive "$pid" || break; sleep 0.1; done
	fi
	# the unit: User=cox, EnvironmentFile=-/etc/cox/TEAM.env,
	# LoadCredential=twilio-token, ExecStart=cox -C ... sms serve;
	# none of the caller's descriptors (apt's among them) kept
	(
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			[ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
		done
		. "/etc/cox/$team.env"
		exec setsid setpriv --reuid=cox --regid=cox --init-groups \
			env -i PATH=/usr/bin:/bin HOME=/var/lib/cox \
			COX_SMS_AUTH_TOKEN_FILE="/etc/cox/$team/twilio-token" \
			cox -C "/var/lib/cox/$team" sms serve --listen "$COX_SMS_LISTEN" \
			</dev/null >>"/var/log/$unit.log" 2>&1
	) &
	echo $! >"/run/$unit.pid"
done
EOF
chmod 755 "$R/usr/local/sbin/stand-in"
ln -s stand-in "$R/usr/local/sbin/systemctl"
ln -s stand-in "$R/usr/local/sbin/deb-systemd-invoke"
# the daemon is stopped at the end, whichever package started it, and
# gone before $T is removed
daemon_gone() { [ ! -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"; }
at_exit 'pid=$(cat "$R/run/cox-sms@club.service.pid" 2>/dev/null) &&
	kill -TERM "$pid" 2>/dev/null && wait_for 10 daemon_gone "$pid"'

# The workspace, as 0.1.0's cox-setup(7) makes it (runuser for its sudo
# -u): that package made no cox user (dh_installsysusers came in the next
# commit), its guide a useradd
W=$R/var/lib/cox/club
cat >"$R/tmp/roster.csv" <<'EOF'
Name,Email,Mobile,Squad,Role,Notes
"Sam Coach",coach@club.example,,Seniors,Coach,
"Jane Doe",jane.doe@example.org,+447700900101,Seniors,Athlete,"Stroke seat"
"Tom Ray",tom.ray@example.org,+447700900102,Seniors,Athlete,
"Ann Lee",ann.lee@example.org,+447700900103,Seniors,Athlete,
EOF
in_root --keep 'useradd --system --home-dir /var/lib/cox --create-home cox &&
	runuser -u cox -- cox init /var/lib/cox/club &&
	runuser -u cox -- cox -C /var/lib/cox/club roster import /tmp/roster.csv &&
	runuser -u cox -- cox -C /var/lib/cox/club metric add technique --name Technique --scale 1-5'
[ "$rc" = 0 ] || { echo "Bail out! the workspace is not made: $err"; exit 1; }
port=$(free_port)
# cox.conf edited as its owner would: the file stays cox's, its mode kept
cp -p "$W/cox.conf" "$T/conf.was"
conf_set "$W/cox.conf" mail coaches coach@club.example
conf_set "$W/cox.conf" sms public_url https://sms.club.example
conf_set "$W/cox.conf" hooks post_ingest off
chown --reference="$T/conf.was" "$W/cox.conf"
chmod --reference="$T/conf.was" "$W/cox.conf"
mkdir -p "$R/etc/cox/club"
printf 'upgrade-test-token\n' >"$R/etc/cox/club/twilio-token"
in_root --keep 'chown cox /etc/cox/club/twilio-token && chmod 600 /etc/cox/club/twilio-token'
printf 'COX_SMS_LISTEN=127.0.0.1:%s\n' "$port" >"$R/etc/cox/club.env"

n=0
for ratings in 'Jane Doe:\n  technique 4\nTom Ray:\n  technique 3\n' \
	'Ann Lee:\n  technique 5\nJane Doe:\n  technique 2\n'; do
	n=$((n + 1))
	printf "From: Sam Coach <coach@club.example>\nTo: team@club.example\nSubject: ratings\nMessage-ID: <up-$n@club.example>\nContent-Type: text/plain\n\n$ratings" \
		>"$R/tmp/$n.eml"
	in_root --keep "runuser -u cox -- cox -C /var/lib/cox/club mail --stdin </tmp/$n.eml"
done

in_root --keep 'PATH=/usr/local/sbin:$PATH deb-systemd-invoke start cox-sms@club.service'
SMS_URL=http://127.0.0.1:$port
daemon_wait "$(cat "$R/run/cox-sms@club.service.pid")" "$R/var/log/cox-sms@club.service.log" \
	"0.1.0's cox sms serve" sms_healthy
hook=https://sms.club.example/twilio/sms
sms_text "$hook" upgrade-test-token +447700900101 old-1 "sleep 4 stress 2 fatigue 3 soreness 2"
sms_text "$hook" upgrade-test-token +447700900102 old-2 "sleep 3 stress 3 fatigue 2 soreness 1"
before_v=$(sql "$W/cox.db" "PRAGMA user_version")
# each table's rows, by id, as 0.1.0 left them
rows() { sql "$1" "SELECT count(*) || ':' || coalesce(group_concat(id), '') FROM (SELECT id FROM $2 ORDER BY id)"; }
for t in person rating message wellness; do
	eval "was_$t=\$(rows \"\$W/cox.db\" $t)"
done
like "$was_person $was_rating $was_message $was_wellness" "^4:[0-9,]+ 3:[0-9,]+ ([4-9]|[1-9][0-9]):[0-9,]+ 2:[0-9,]+$" \
	"0.1.0 stores the roster, three ratings (Jane's rated again the same day), the emails and two texts, its daemon running"

# the upgrade, the daemon running; apt gives dpkg's maintainer scripts
# a PATH of its own (DPkg::Path, without /usr/local), the stand-in's put
# first in it
oldpid=$(cat "$R/run/cox-sms@club.service.pid")
rm -f "$R/var/log/invoked"
in_root --keep "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	-o DPkg::Path=/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin /tmp/new.deb"
is "$rc" 0 "$version installs over 0.1.0 with apt"
[ "$rc" = 0 ] || tail -20 "$T/.out" "$T/.err" | sed 's/^/# /'
is "$(grep cox- "$R/var/log/invoked" 2>/dev/null)" "try-restart cox-sms@club.service" \
	"its postinst asks to try-restart the running instance, and no other cox unit"
like "$out$err" "coxswain: restarting cox-sms@club\.service" "and says so"
newpid=$(cat "$R/run/cox-sms@club.service.pid")
daemon_wait "$newpid" "$R/var/log/cox-sms@club.service.log" "$version's cox sms serve" sms_healthy
is "$(daemon_gone "$oldpid" && echo gone):$([ "$newpid" != "$oldpid" ] && readlink "/proc/$newpid/exe")" \
	"gone:$R/usr/bin/cox" "the old daemon is gone, a new one runs the installed cox"
log=$(cat "$R/var/log/cox-sms@club.service.log")
now_v=$(sql "$W/cox.db" "PRAGMA user_version")
bak=/var/lib/cox/club/cox.db.v$before_v.bak
like "$log" "migrated from schema $before_v \(cox 0\.1\.0 or before\) to $now_v \(cox $version\), backup at $bak" \
	"the restarted daemon, now $version's, migrates the workspace and says from, to and where the copy is"
# (where there is none, sqlite3 reads /dev/null: it would make one)
copy=/dev/null
[ -f "$R$bak" ] && copy=$R$bak
is "$(sql "$copy" "PRAGMA user_version"):$(stat -c '%u %a' "$copy" 2>&1)" "$before_v:$(stat -c %u "$W/cox.db") 600" \
	"the copy beside cox.db is the old database, the team's only"
is "$(rows "$copy" person) $(rows "$copy" rating) $(rows "$copy" message) $(rows "$copy" wellness)" \
	"$was_person $was_rating $was_message $was_wellness" "and opens, holding every row from before"

sms_text "$hook" upgrade-test-token +447700900103 new-1 "sleep 5 stress 1 fatigue 1 soreness 1"
like "$out" "^200" "the new daemon answers a signed text"
is "$(sql "$W/cox.db" "SELECT count(*) FROM message WHERE direction = 'in'
	AND channel = 'sms' AND peer = '+447700900103' AND body LIKE 'sleep 5 %'")" 1 "and stores it"
kept=
for t in person rating message wellness; do
	ids=$(eval "echo \"\${was_$t#*:}\"")
	kept="$kept $(sql "$W/cox.db" "SELECT count(*) FROM $t WHERE id IN (${ids:-0})")"
done
is "$kept" " ${was_person%%:*} ${was_rating%%:*} ${was_message%%:*} ${was_wellness%%:*}" \
	"every person, rating, message and check-in from before is still there"

in_root --keep 'runuser -u cox -- cox -C /var/lib/cox/club status'
like "$out" "cox $version, schema $now_v; migrated from schema $before_v \(cox 0\.1\.0 or before\) [0-9]+ s ago, copy before it at $bak" \
	"cox status says which cox and schema, and the migration"
in_root --keep 'cox --version'
is "$(head -1 <<<"$out")" "cox $version" "cox --version says $version"

in_root --keep 'dpkg -i /tmp/old.deb'
like "$err" "coxswain: warning: downgrading from $version to 0\.1\.0: .*cox\.db\.v\*\.bak" \
	"installing 0.1.0 again is warned of, and the way back named"

done_testing
