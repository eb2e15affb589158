# cox publish --push over SSH to a bare repository, as a club pushes to
# its own server, Codeberg or GitHub: a real sshd on loopback, the key
# from [site] ssh_key_file, and the server's host key checked against
# [site] known_hosts_file (libgit2 does not check it): an unknown or a
# changed host key gets nothing pushed.
. "$(dirname "$0")/lib.sh"

if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keyscan >/dev/null; then
	skip_unless_ci "needs openssh-server (make check installs it)"
fi
plan 9
# libgit2 1.5.1's SSH transport (libssh2) leaks a little on every
# connection, with or without cox's callbacks (its known-hosts handle and
# two small buffers; its frames have no symbols to suppress narrowly):
# leak checking is off for this test's cox runs, and on everywhere else.
export ASAN_OPTIONS=${ASAN_OPTIONS:+${ASAN_OPTIONS//detect_leaks=1/detect_leaks=0}}

S=$T/ssh
mkdir -p "$S"
chmod 700 "$S"
ssh-keygen -q -t ed25519 -N '' -f "$S/host" -C host
ssh-keygen -q -t ed25519 -N '' -f "$S/other-host" -C other
ssh-keygen -q -t ed25519 -N '' -f "$S/id" -C cox
cp "$S/id.pub" "$S/authorized_keys"
port=$(free_port)
cat >"$S/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $S/host
AuthorizedKeysFile $S/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $S/sshd.pid
CONF
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$S/sshd_config" 2>"$S/sshd.log" &
sshd=$!
at_exit "kill $sshd 2>/dev/null"
daemon_wait "$sshd" "$S/sshd.log" sshd ssh-keyscan -p "$port" -T 1 127.0.0.1 >/dev/null 2>&1

W=$T/ws
demo_workspace "$W"
git init -q --bare "$T/remote.git"
"$COX" -C "$W" build >/dev/null
: >"$S/known_hosts"
conf_set "$W/cox.conf" site remote "ssh://$(id -un)@127.0.0.1:$port$T/remote.git"
conf_set "$W/cox.conf" site ssh_key_file "$S/id"
conf_set "$W/cox.conf" site known_hosts_file "$S/known_hosts"
pushed() { git --git-dir="$T/remote.git" rev-list --count main 2>/dev/null || echo 0; }

cox -C "$W" publish --push
is "$rc" 69 "an SSH server whose host key is not known: the push is refused (exit 69)"
like "$err" "\[127.0.0.1\]:$port: its SSH host key is not in $S/known_hosts.*ssh-keyscan" \
	"saying whose key and how to add it"
is "$(pushed)" 0 "and nothing reaches the remote"

printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$S/other-host.pub")" >"$S/known_hosts"
cox -C "$W" publish --push
is "$rc:$(pushed)" "69:0" "a host key other than the one known (a machine in the middle): refused"

ssh-keyscan -H -p "$port" -t ed25519 127.0.0.1 2>/dev/null >"$S/known_hosts"
cox -C "$W" publish --push
is "$rc" 0 "with the server's key in known_hosts (hashed, as ssh-keyscan -H writes it), the push works"
like "$out" "pushed to ssh://" "and says so"
is "$(git --git-dir="$T/remote.git" rev-parse main)" "$(git -C "$W/site" rev-parse HEAD)" \
	"the remote has the site's commit"

cox -C "$W" doctor --online
unlike "$out" "remote .* cannot be pushed to" "cox doctor --online reaches the remote over SSH"
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$S/other-host.pub")" >"$S/known_hosts"
cox -C "$W" doctor --online
like "$out" "problem: \[site\] remote ssh://.* cannot be pushed to" "and finds a changed host key"

done_testing
