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

/*
 * The line is put together first and written with one call, so a log
 * line costs one system call and lines of several processes sharing a
 * journal or pipe never interleave.
 */
void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	static const char *const names[] = { "error", "warning", "", "debug" };
	char		 line[2048], out[4 * 2048 + 128];
	const unsigned char *p;
	struct tm	 tm;
	time_t		 now;
	size_t		 n = 0;

	if (level > log_max)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	if (log_stamps) {
		now = time(NULL);
		gmtime_r(&now, &tm);
		n = strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ ", &tm);
	}
	n += (size_t)snprintf(out + n, sizeof(out) - n, "%s: %s%s", log_prog,
	    names[level], names[level][0] != '\0' ? ": " : "");
	for (p = (const unsigned char *)line; *p != '\0' &&
	    n < sizeof(out) - 6; p++) {
		if (*p < 0x20 || *p == 0x7f)
			n += (size_t)snprintf(out + n, sizeof(out) - n,
			    "\\x%02x", *p);
		else
			out[n++] = (char)*p;
	}
	out[n++] = '\n';
	fwrite(out, 1, n, stderr);
	fflush(stderr);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

/*
 * What a library we link (libmicrohttpd) wants to say, as a debug line
 * headed by name (a const char *): our own line says what failed and
 * what to do, so the library's is kept out of the operator's way, and
 * never printed before ours.
 */
void
log_library(void *name, const char *fmt, va_list ap)
{
	char	 line[1024];
	size_t	 n;

	if (log_max < LOGL_DEBUG)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_msg(LOGL_DEBUG, "%s: %s", (const char *)name, line);
}
