/*
 * log.c - one line per event on standard error.
 *
 * Interactive commands print "cox: message"; daemons add an ISO 8601 UTC
 * time so that an operator reading a log at 2 a.m. can line events up.
 * Under systemd, whose journal stamps every line itself, a line instead
 * starts with its syslog priority ("<3>" an error, "<4>" a warning,
 * "<6>" news, "<7>" debug), which the journal reads as the line's level:
 * `journalctl -p warning` then shows only what needs a look.
 * Every byte below 0x20 (and DEL) in a formatted message is written as
 * \xNN so that untrusted text (a subject line, an SMS) can never forge a
 * second log line or drive a terminal.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plumbing.h"

static const char	*log_prog = "cox";
static int		 log_stamps;
static enum log_level	 log_max = LOGL_INFO;
static int		 log_journal;	/* stderr is systemd's journal */
static int		 progress_on;	/* stderr is a terminal */
static int		 progress_shown;	/* a progress line is up */
static struct timespec	 progress_drawn;

/*
 * Whether standard error is the journal's stream: systemd says which one
 * in JOURNAL_STREAM ("device:inode"), and a daemon whose stderr was sent
 * elsewhere since (a shell's redirection) writes there as anywhere.
 */
static int
stderr_is_journal(void)
{
	const char		*env = getenv("JOURNAL_STREAM");
	unsigned long long	 dev, ino;
	struct stat		 st;

	if (env == NULL || sscanf(env, "%llu:%llu", &dev, &ino) != 2)
		return 0;
	if (fstat(2, &st) == -1)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_setup(const char *prog, int timestamps, enum log_level max)
{
	log_prog = prog;
	log_journal = stderr_is_journal();
	log_stamps = timestamps && !log_journal;
	log_max = max;
	progress_on = !log_journal && isatty(2) && max > LOGL_SILENT &&
	    (getenv("TERM") == NULL || strcmp(getenv("TERM"), "dumb") != 0);
}

/*
 * "cox: WHAT DONE/TOTAL" in place of the last progress line, at most ten
 * times a second (the first and the last step always); nothing unless
 * standard error is a terminal.  Not for threads: the one thread that
 * drives the work calls it.
 */
void
log_progress(const char *what, long done, long total)
{
	struct timespec	 now;
	long		 ms;

	if (!progress_on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - progress_drawn.tv_sec) * 1000 +
	    (now.tv_nsec - progress_drawn.tv_nsec) / 1000000;
	if (progress_shown && done > 0 && done < total && ms < 100)
		return;
	progress_drawn = now;
	if (total > 0)
		fprintf(stderr, "\r%s: %s %ld/%ld\033[K", log_prog, what, done,
		    total);
	else
		fprintf(stderr, "\r%s: %s %ld\033[K", log_prog, what, done);
	fflush(stderr);
	progress_shown = 1;
}

/* Takes the progress line away, leaving the cursor where it was. */
void
log_progress_end(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_shown = 0;
}

/*
 * Into out (of size bytes): the line's head (prefix 1: an ISO 8601 UTC
 * time; 2: the journal's priority; 0: none), then "prog: level: " and
 * line with every control byte written as \xNN, and a newline.  Returns
 * its length.
 */
static size_t
line_make(char *out, size_t size, int prefix, const char *prog,
    enum log_level level, const char *line)
{
	static const char *const names[] = { "error", "warning", "", "debug" };
	static const char prio[] = { '3', '4', '6', '7' };
	const unsigned char *p;
	struct tm	 tm;
	time_t		 now;
	size_t		 n = 0;

	if (prefix == 2) {
		out[n++] = '<';
		out[n++] = prio[level];
		out[n++] = '>';
	} else if (prefix == 1) {
		now = time(NULL);
		gmtime_r(&now, &tm);
		n = strftime(out, size, "%Y-%m-%dT%H:%M:%SZ ", &tm);
	}
	n += (size_t)snprintf(out + n, size - n, "%s: %s%s", prog,
	    names[level], names[level][0] != '\0' ? ": " : "");
	if (n > size - 7)
		n = size - 7;
	for (p = (const unsigned char *)line; *p != '\0' &&
	    n < size - 6; p++) {
		if (*p < 0x20 || *p == 0x7f)
			n += (size_t)snprintf(out + n, size - n,
			    "\\x%02x", *p);
		else
			out[n++] = (char)*p;
	}
	out[n++] = '\n';
	return n;
}

/* a line as written: the message's 2,048 bytes, each up to \xNN */
#define LOG_LINE_MAX	(4 * 2048 + 128)

/* fmt and ap's line, headed as this process's lines are, into out */
static size_t
line_format(char out[LOG_LINE_MAX], enum log_level level, const char *fmt,
    va_list ap)
{
	char	 line[2048];

	vsnprintf(line, sizeof(line), fmt, ap);
	return line_make(out, LOG_LINE_MAX, log_journal ? 2 : log_stamps ?
	    1 : 0, log_prog, level, line);
}

/*
 * The line is put together first and written with one call, so a log
 * line costs one system call and lines of several processes sharing a
 * journal or pipe never interleave.
 */
void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char		 out[LOG_LINE_MAX];
	size_t		 n;

	if (level > log_max)
		return;
	log_progress_end();
	n = line_format(out, level, fmt, ap);
	fwrite(out, 1, n, stderr);
	fflush(stderr);
}

/*
 * The line log_msg() would write, added to lines instead, for
 * log_gathered() to write with the others: a daemon's lines for many
 * events that ended together (a sync that put a batch of texts on
 * disk) then cost a system call for each PIPE_BUF bytes of them, not
 * one each.  Returns 0, or -1 when out of memory: this line and those
 * gathered after it until log_gathered() are lost (lines is failed),
 * those before it are kept.
 */
int
log_gather(struct buf *lines, enum log_level level, const char *fmt, ...)
{
	char		 out[LOG_LINE_MAX];
	va_list		 ap;
	size_t		 n;

	if (level > log_max)
		return 0;
	va_start(ap, fmt);
	n = line_format(out, level, fmt, ap);
	va_end(ap);
	return buf_add(lines, out, n);
}

/*
 * Writes the lines log_gather() put in lines, and empties it: whole
 * lines, at most PIPE_BUF bytes a write (a longer line alone), so that
 * they never interleave with another process's on a pipe, as
 * log_msg()'s do not.
 */
void
log_gathered(struct buf *lines)
{
	const char	*p, *end, *nl;
	size_t		 n;

	if (lines->len == 0)
		return;
	log_progress_end();
	for (p = lines->data, end = p + lines->len; p < end; p += n) {
		/* to the last line end within PIPE_BUF bytes, else the first */
		n = (size_t)(end - p) < PIPE_BUF ? (size_t)(end - p) : PIPE_BUF;
		if ((nl = memrchr(p, '\n', n)) == NULL)
			nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		fwrite(p, 1, n, stderr);
		fflush(stderr);
	}
	buf_reset(lines);
}

/*
 * The same line, always headed by its time, written to the file fd (a
 * log of its own, such as hooks.log) with one write.  Returns 0, or -1
 * when it could not be written whole.
 */
int
log_to_fd(int fd, enum log_level level, const char *fmt, ...)
{
	char		 line[2048], out[LOG_LINE_MAX];
	va_list		 ap;
	size_t		 n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = line_make(out, sizeof(out), 1, log_prog, level, line);
	return write(fd, out, n) == (ssize_t)n ? 0 : -1;
}

/* Whether our lines go to systemd's journal (which stamps them itself). */
int
log_to_journal(void)
{
	return log_journal;
}

/* Milliseconds since start (CLOCK_MONOTONIC), for "how long" in a line. */
long
log_ms_since(const struct timespec *start)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_nsec - start->tv_nsec) / 1000000);
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void
log_warn_limited(struct log_limit *l, const char *fmt, ...)
{
	va_list	 ap;
	long	 minute = (long)(time(NULL) / 60);

	if (l == NULL)
		goto say;
	if (minute != l->minute) {
		if (l->quiet > 0)
			log_warn("%ld more %s were not logged one by one",
			    l->quiet, l->what);
		l->minute = minute;
		l->n = l->quiet = 0;
	}
	if (l->n++ >= LOG_LIMIT) {
		if (l->quiet++ == 0)
			log_warn("more than %d %s this minute: the rest are "
			    "counted, not logged", LOG_LIMIT, l->what);
		return;
	}
say:
	va_start(ap, fmt);
	log_vmsg(LOGL_WARN, fmt, ap);
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
