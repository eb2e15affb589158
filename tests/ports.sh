# ports.sh - sourced by the behaviour tests (t/lib.sh) and make bench
# (bench/lib.sh).
#
# free_port: a TCP port on 127.0.0.1 that nothing listens on, below the
# kernel's ephemeral range (32768 and up), where outgoing connections
# take their local ports and could collide with a test's server.  With
# PORTS_TAKEN set (a file), never one handed out before: a test picks
# several ports before any of its servers listens on one.
#
# Tests run at once (make check runs JOBS of them, and other checkouts
# on the machine may run theirs) would otherwise pick the same free
# port now and then, in the seconds between one's pick and its
# server's listen.  So each pick is also held, machine-wide, by a lock
# on the port's file in PORTS_LOCKS: a port whose lock another script
# holds is not handed out.  The lock outlives the $(free_port)
# subshell in a small process that holds it until the script that
# sourced this ($$) exits, so nothing needs releasing, even after a
# kill -9.
PORTS_LOCKS=${PORTS_LOCKS:-${TMPDIR:-/tmp}/cox-ports}
mkdir -p -m 1777 "$PORTS_LOCKS" 2>/dev/null

# port_hold PORT: 0 when PORT is now held for this script, until it
# exits; 1 when another script holds it.  Where the lock folder cannot
# be written, a port is held by nothing (as before there was one).
port_hold() {
	local f=$PORTS_LOCKS/$1 fd
	{ [ -f "$f" ] || : >>"$f"; } 2>/dev/null && exec {fd}<"$f" 2>/dev/null || return 0
	if ! flock -n "$fd"; then
		exec {fd}<&-
		return 1
	fi
	# the holder gets the lock's descriptor and none of the caller's
	# output, which $(free_port) waits on until every writer closes it
	tail --pid=$$ -f /dev/null </dev/null >/dev/null 2>&1 &
	disown $!
	exec {fd}<&-
	return 0
}

free_port() {
	local p
	for _ in $(seq 50); do
		p=$((10000 + RANDOM % 20000))
		[ -z "${PORTS_TAKEN:-}" ] || ! grep -qx "$p" "$PORTS_TAKEN" 2>/dev/null ||
			continue
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		port_hold "$p" || continue
		[ -z "${PORTS_TAKEN:-}" ] || echo "$p" >>"$PORTS_TAKEN"
		echo "$p"
		return
	done
	echo "Bail out! no free port" >&2
	exit 1
}
