/*
 * notify.c - telling systemd how a daemon is doing: ready, alive,
 * stopping (a unit of Type=notify with WatchdogSec=).
 *
 * systemd passes a datagram socket in NOTIFY_SOCKET and, when the unit
 * asks for a watchdog, the interval in WATCHDOG_USEC; a state is one
 * datagram of "KEY=VALUE" lines.  The protocol is systemd's stable
 * interface (sd_notify(3) documents it for programs that do not link
 * libsystemd).  Outside systemd nothing is set and every call here does
 * nothing, so daemons call them unconditionally.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plumbing.h"

/*
 * Sends state ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=...") to
 * the manager.  0 when sent or when nothing listens; -1 (logged once)
 * when the socket named cannot be written to.
 */
int
notify_send(const char *state)
{
	static int		 warned;
	struct sockaddr_un	 sa;
	const char		*path = getenv("NOTIFY_SOCKET");
	socklen_t		 len;
	size_t			 n;
	int			 fd, rc = 0;

	if (path == NULL || (path[0] != '/' && path[0] != '@'))
		return 0;
	n = strlen(path);
	if (n >= sizeof(sa.sun_path))
		goto fail;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';	/* the abstract namespace */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sa, len) == -1)
		rc = -1;
	close(fd);
	if (rc == 0)
		return 0;
fail:
	if (!warned++)
		log_warn("cannot tell systemd \"%s\" on %s: %s", state, path,
		    strerror(errno));
	return -1;
}

/*
 * The watchdog's interval in microseconds when systemd expects pings
 * from this process, else 0.  A daemon pings at half of it.
 */
long long
notify_watchdog_usec(void)
{
	const char	*usec = getenv("WATCHDOG_USEC");
	const char	*pid = getenv("WATCHDOG_PID");
	char		*end;
	long long	 v;

	if (usec == NULL || getenv("NOTIFY_SOCKET") == NULL)
		return 0;
	if (pid != NULL && strtoll(pid, NULL, 10) != (long long)getpid())
		return 0;
	errno = 0;
	v = strtoll(usec, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return 0;
	return v;
}

/*
 * A watchdog ping when half the interval has passed since the last one
 * (a daemon's loop calls it as often as it likes); nothing without a
 * watchdog.  Not for threads: one loop calls it.
 */
void
notify_alive(void)
{
	static struct timespec	 last;
	struct timespec		 now;
	long long		 usec = notify_watchdog_usec(), since;

	if (usec == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	since = (now.tv_sec - last.tv_sec) * 1000000LL +
	    (now.tv_nsec - last.tv_nsec) / 1000;
	if (last.tv_sec != 0 && since < usec / 2)
		return;
	last = now;
	(void)notify_send("WATCHDOG=1");
}
