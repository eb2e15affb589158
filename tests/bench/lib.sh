# tests/bench/lib.sh - what every make bench script shares: timing a
# step, waiting for a quiet machine before each cox/peer pair, medians
# with their ranges, and PASS or MISS lines computed from the figures.
#
#   BENCH_RUNS (3)        runs of each figure, cox and its peer interleaved
#   BENCH_LOAD (0.5)      the 1-minute load average to wait for
#   BENCH_LOAD_WAIT (120) seconds to wait for it at most
#   BENCH_SUMMARY         a file every goal line is appended to (make bench
#                         prints it at the end)
#
# Sourced by bash scripts that set W (their scratch folder) first.

BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_LOAD=${BENCH_LOAD:-0.5}
BENCH_LOAD_WAIT=${BENCH_LOAD_WAIT:-120}

# timed NAME CMD...: runs CMD with its output in $W/NAME.out; sets T_NAME
# (wall seconds), CPU_NAME (user + system seconds) and RSS_NAME (peak
# KiB).  What earlier steps wrote is flushed first, so that its
# writeback does not land in the step timed, and the files in WARM
# (the database the steps read) are read once into the page cache: the
# files each run sets aside push the database out of it, and the step
# timed next would read it from disk where a workspace in use has it
# in memory, the more so the later the run.
WARM=
timed() {
	local name=$1 t u s rss f
	shift
	sync
	for f in $WARM; do [ ! -f "$f" ] || cat "$f" >/dev/null; done
	/usr/bin/time -f '%e %U %S %M' -o "$W/time" "$@" >"$W/$name.out" 2>&1 ||
		{ echo "bench: $name failed:"; tail -20 "$W/$name.out"; exit 1; }
	read -r t u s rss <"$W/time"
	printf -v "T_$name" '%s' "$t"
	printf -v "CPU_$name" '%s' "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"
	printf -v "RSS_$name" '%s' "$rss"
}

# cpu_spent A B N: from two of /proc/stat's first lines, read before and
# after N answers, the machine's processor time (every processor's,
# busy: neither idle, nor waiting on the disk, nor taken by the host's
# other guests) per answer in microseconds, and how busy the processors
# were in percent, as "US BUSY".  Everything the machine ran counts:
# the load generator's own time is in every server's figure alike.
# Fields 2-9 (user to steal): the guest time after them is in user's.
cpu_spent() {
	awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		split(a, x); split(b, y)
		for (i = 2; i <= 9; i++) { d = y[i] - x[i]; all += d; if (i == 5 || i == 6 || i == 9) idle += d }
		printf "%.0f %.0f", (n > 0 ? (all - idle) / hz * 1e6 / n : 0),
		    (all > 0 ? 100 * (all - idle) / all : 0) }'
}

# cpu_busy [SECONDS]: the share of the machine's processors busy during
# the next SECONDS (1), in percent.
cpu_busy() {
	local a r
	a=$(head -1 /proc/stat)
	sleep "${1:-1}"
	r=$(cpu_spent "$a" "$(head -1 /proc/stat)" 0)
	printf '%s' "${r#* }"
}

# settle LABEL: before a pair of runs, waits (up to BENCH_LOAD_WAIT s)
# for the 1-minute load average to fall under BENCH_LOAD, or for the
# processors to have been idle (under 5% busy) for 10 s in a row: the
# average lags a minute behind, and after a run of our own it still
# counts that run.  Says which, and how busy the machine was.
settle() {
	local l waited=0 idle=0 busy
	sync
	while :; do
		read -r l _ </proc/loadavg
		awk -v l="$l" -v m="$BENCH_LOAD" 'BEGIN { exit !(l < m) }' && break
		[ "$idle" -ge 10 ] && break
		[ "$waited" -ge "$BENCH_LOAD_WAIT" ] && break
		busy=$(cpu_busy 2)
		waited=$((waited + 2))
		if [ "$busy" -lt 5 ]; then idle=$((idle + 2)); else idle=0; fi
	done
	busy=$(cpu_busy)
	if awk -v l="$l" -v m="$BENCH_LOAD" 'BEGIN { exit !(l < m) }'; then
		printf '   %s: load %s after %d s, %s%% busy\n' "$1" "$l" "$waited" "$busy"
	elif [ "$idle" -ge 10 ]; then
		printf '   %s: load %s (the last minute'"'"'s average) but idle for the last %d s, %s%% busy\n' \
			"$1" "$l" "$idle" "$busy"
	else
		printf '   %s: load %s, still over %s after %d s (%s%% busy now): figures of a busy machine\n' \
			"$1" "$l" "$BENCH_LOAD" "$waited" "$busy"
		BENCH_BUSY=1
	fi
}

# med V...: the median of the values (the lower middle one of an even
# count); lo V... and hi V...: the least and the greatest.
med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
lo() { printf '%s\n' "$@" | sort -g | head -1; }
hi() { printf '%s\n' "$@" | sort -g | tail -1; }
# mr FMT V...: "median (min-max)", each printed with the printf FMT.
mr() {
	local f=$1
	shift
	printf "$f ($f-$f)" "$(med "$@")" "$(lo "$@")" "$(hi "$@")"
}
# div A B: A / B (0 when B is 0).
div() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0 ? a / b : 0) }'; }
# is EXPR VARS...: 1 when the awk expression holds, else 0; e.g.
# is 'a >= 10 * b' a=3 b=4
is() {
	local e=$1 args=()
	shift
	for v in "$@"; do args+=(-v "$v"); done
	awk "${args[@]}" "BEGIN { print ($e) ? 1 : 0 }"
}

# field LINE NAME: the value of NAME=... in a line of such pairs (what
# sms.lua prints after RESULT, and pwguess).
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# goal TEXT 0|1: one goal's line, PASS or MISS, also kept in
# BENCH_SUMMARY for the closing table.  When a run of this script found
# the machine busy (settle), its figures are printed but no verdict is
# drawn from them: "busy: no verdict".
BENCH_BUSY=0
goal() {
	local line verdict
	if [ "$BENCH_BUSY" = 1 ]; then verdict="busy: no verdict"
	elif [ "$2" = 1 ]; then verdict=PASS
	else verdict=MISS; fi
	line=$(printf '  %-66s %s' "$1" "$verdict")
	printf '%s\n' "$line"
	[ -z "${BENCH_SUMMARY:-}" ] || printf '%s\n' "$line" >>"$BENCH_SUMMARY"
}

. "$(dirname "${BASH_SOURCE[0]}")/../ports.sh"
PORTS_TAKEN=$W/ports.taken	# cox's, Flask's and nginx's ports, none twice
# wait_port PORT: until something listens there (10 s at most).
wait_port() {
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return
		sleep 0.1
	done
	echo "bench: nothing listens on $1"
	exit 1
}
