# ports.sh - sourced by the behaviour tests (t/lib.sh) and make bench
# (bench/lib.sh).
#
# free_port: a TCP port on 127.0.0.1 that nothing listens on, below the
# kernel's ephemeral range (32768 and up), where outgoing connections
# take their local ports and could collide with a test's server.  With
# PORTS_TAKEN set (a file), never one handed out before: a test picks
# several ports before any of its servers listens on one.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((10000 + RANDOM % 20000))
		[ -z "${PORTS_TAKEN:-}" ] || ! grep -qx "$p" "$PORTS_TAKEN" 2>/dev/null ||
			continue
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		[ -z "${PORTS_TAKEN:-}" ] || echo "$p" >>"$PORTS_TAKEN"
		echo "$p"
		return
	done
	echo "Bail out! no free port" >&2
	exit 1
}
