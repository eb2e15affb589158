/*
 * log.c - one line per event on standard error.
 *
 * Interactive commands print "cox: message"; daemons add an ISO 8601 UTC
 * time so that an operator reading a journal at 2 a.m. can line events up.
 * Every byte below 0x20 (and DEL) in a formatted message is written as
 * \xNN so that untrusted text (a subject line, an SMS) can never forge a
 * second log line or drive a terminal.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib.h"

static const char	*log_prog = "cox";
static int		 log_stamps;
static enum log_level	 log_max = LOGL_INFO;

void
log_setup(const char *prog, int timestamps, enum log_level max)
{
	log_prog = prog;
	log_stamps = timestamps;
	log_max = max;
}

void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	static const char *const names[] = { "error", "warning", "", "debug" };
	char		 line[2048], stamp[32] = "";
	const unsigned char *p;
	struct tm	 tm;
	time_t		 now;

	if (level > log_max)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	if (log_stamps) {
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ ", &tm);
	}
	flockfile(stderr);
	fprintf(stderr, "%s%s: ", stamp, log_prog);
	if (names[level][0] != '\0')
		fprintf(stderr, "%s: ", names[level]);
	for (p = (const unsigned char *)line; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			putc(*p, stderr);
	}
	putc('\n', stderr);
	funlockfile(stderr);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
