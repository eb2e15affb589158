# ports.sh - sourced by the behaviour tests (t/lib.sh) and make bench
# (bench/lib.sh).
#
# free_port: a TCP port on 127.0.0.1 that nothing listens on, below the
# kernel's ephemeral range (32768 and up), where outgoing connections
# take their local ports and could collide with a test's server.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((10000 + RANDOM % 20000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
	echo "Bail out! no free port" >&2
	exit 1
}
