/*
 * stop.c - how a daemon learns it is to stop: one handler for SIGTERM
 * and SIGINT that only sets a flag, installed by the front end (cmd/)
 * of a command that runs until told to stop; the daemon's loops ask
 * stop_requested() between pieces of work.  SIGPIPE is ignored, so a
 * peer that hangs up (a dead parser worker, a closed socket) is a
 * failed write, not a death.
 */
#include <signal.h>

#include "plumbing.h"

static volatile sig_atomic_t stop_flag;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* Installs the handlers; call once, from main()'s side, before threads. */
void
stop_on_signals(void)
{
	struct sigaction	 sa = { 0 };

	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;	/* as signal() has it on glibc */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Whether SIGTERM or SIGINT has come since stop_on_signals(). */
int
stop_requested(void)
{
	return stop_flag != 0;
}
