/*
 * mime.c - what a coach's email says, read with libetpan: the single
 * From address, Subject, Message-ID, Date, the Authentication-Results
 * headers of the message itself, the text (its text/plain body, or its
 * HTML body made text as a mail client shows it: html.c) and its CSV
 * attachments, all in UTF-8; and whether a robot sent it (an
 * auto-reply, a bounce, a list: robot_header, robot_type).  Only the
 * coach's own parts are read: a message attached or forwarded as
 * message/rfc822 is someone else's, and nothing of it (text, HTML,
 * CSV, headers) counts.
 *
 * Untrusted MIME is read in a child process (mime_parse_sandboxed, or
 * mime_parse_send and mime_parse_take, so that the caller works on the
 * message before while the worker parses the next), a worker kept for
 * a few hundred messages, with a memory limit and CPU and time limits
 * per message, because libetpan 1.9.4 has known crashers and no
 * recursion limit; the worker hands back JSON.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <libetpan/libetpan.h>

#include "mail.h"

#define MIME_MAX_DEPTH		8
#define MIME_MAX_PARTS		64
#define MIME_CHILD_SECONDS	10
#define MIME_CHILD_CPU		5
#define MIME_CHILD_MEMORY	(512UL * 1024 * 1024)
#define MIME_MAX_RESULT		(32 * 1024 * 1024)
#define MIME_MAX_INPUT		(16 * 1024 * 1024)
#define MIME_WORKER_USES	500	/* messages before a fresh worker */
#define MIME_GUARD		(64 * 1024)	/* zeros after the copy */

void
mail_parts_free(struct mail_parts *m)
{
	free(m->from);
	free(m->subject);
	free(m->message_id);
	free(m->text);
	free(m->error);
	free(m->automatic);
	strlist_free(&m->auth);
	strlist_free(&m->csv);
	strlist_free(&m->calendar);
	strlist_free(&m->refs);
	memset(m, 0, sizeof(*m));
}

/* Keeps the first reason only: the three pieces, joined. */
static void
set_error(struct mail_parts *m, const char *a, const char *b, const char *c)
{
	char	 buf[256];

	if (m->error != NULL)
		return;
	snprintf(buf, sizeof(buf), "%s%s%s", a, b ? b : "", c ? c : "");
	m->error = xstrdup(buf);
}

/*
 * Converts len bytes in charset to UTF-8 (buf_add_utf8(): no charset and
 * not UTF-8 is Windows-1252).  Invalid bytes are an error (NULL and
 * m->error set), never silently replaced.
 */
static char *
to_utf8(const char *s, size_t len, const char *charset, struct mail_parts *m)
{
	struct buf	 out = { 0 };
	const char	*cs;
	int		 guessed;

	switch (buf_add_utf8(&out, s, len, charset, &guessed)) {
	case TEXT_OK:
		return buf_steal(&out);
	case TEXT_INVALID:
		cs = guessed ? "WINDOWS-1252" : charset ? charset : "UTF-8";
		set_error(m, "the text has bytes that are not valid ", cs,
		    NULL);
		break;
	case TEXT_CHARSET:
		set_error(m, "the charset ", charset, " is not supported");
		break;
	case TEXT_NUL:
		set_error(m, "the text holds NUL bytes", NULL, NULL);
		break;
	case TEXT_NOMEM:
		set_error(m, "out of memory reading the text", NULL, NULL);
		break;
	}
	buf_free(&out);
	return NULL;
}

/*
 * The parts of the coach's own message read so far.  A message attached
 * to it (message/rfc822, inline or not: a forward, a bounce) is not the
 * coach's and is never read, nor is a text/plain part that is not the
 * alternative of the HTML met first (an inline text file after an
 * HTML-only body is no body).
 */
struct walk {
	struct mail_parts	*m;
	char			*html;
	int			 html_alt;	/* its multipart/alternative */
	int			 alts;		/* multipart/alternatives met */
	int			 parts;
};

/*
 * Reads a part that is not multipart into w: a CSV, the text/plain
 * body, or the HTML one; alt numbers the multipart/alternative it is
 * one of (0: none).
 */
static void
walk_single(struct walk *w, struct mailmime *mime, int alt)
{
	struct mailmime_single_fields sf;
	struct mailmime_data	*d = mime->mm_data.mm_single;
	const char		*type = "", *sub, *name;
	char			*raw = NULL, *text;
	size_t			 idx = 0, rawlen = 0;
	int			 enc, attachment;

	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
		return;
	if (mime->mm_content_type != NULL &&
	    mime->mm_content_type->ct_type->tp_type ==
	    MAILMIME_TYPE_COMPOSITE_TYPE)
		return;		/* message/global and the like: not ours */
	mailmime_single_fields_init(&sf, mime->mm_mime_fields,
	    mime->mm_content_type);
	if (mime->mm_content_type != NULL &&
	    mime->mm_content_type->ct_type->tp_type ==
	    MAILMIME_TYPE_DISCRETE_TYPE &&
	    mime->mm_content_type->ct_type->tp_data.tp_discrete_type->dt_type ==
	    MAILMIME_DISCRETE_TYPE_TEXT)
		type = "text";
	sub = mime->mm_content_type && mime->mm_content_type->ct_subtype ?
	    mime->mm_content_type->ct_subtype : "";
	name = sf.fld_disposition_filename ? sf.fld_disposition_filename :
	    sf.fld_content_name ? sf.fld_content_name : "";
	attachment = sf.fld_disposition != NULL &&
	    sf.fld_disposition->dsp_type->dsp_type ==
	    MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
	enc = sf.fld_encoding ? sf.fld_encoding->enc_type : MAILMIME_MECHANISM_8BIT;
	if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
	    d->dt_data.dt_text.dt_length, &idx, enc, &raw, &rawlen) !=
	    MAILIMF_NO_ERROR) {
		set_error(w->m, "a part could not be decoded", NULL, NULL);
		return;
	}
	if ((strlen(name) > 4 && !strcasecmp(name + strlen(name) - 4, ".csv")) ||
	    !strcasecmp(sub, "csv")) {
		if ((text = to_utf8(raw, rawlen, sf.fld_content_charset,
		    w->m)) != NULL)
			strlist_add(&w->m->csv, text);
		free(text);
	} else if (!strcmp(type, "text") && !strcasecmp(sub, "calendar")) {
		/* a calendar's answer to an invitation (avail_calendar.c) */
		if ((text = to_utf8(raw, rawlen, sf.fld_content_charset,
		    w->m)) != NULL)
			strlist_add(&w->m->calendar, text);
		free(text);
	} else if (!attachment && !strcmp(type, "text") &&
	    !strcasecmp(sub, "plain") && w->m->text == NULL &&
	    (w->html == NULL || (alt != 0 && alt == w->html_alt))) {
		w->m->text = to_utf8(raw, rawlen, sf.fld_content_charset, w->m);
	} else if (!attachment && !strcmp(type, "text") &&
	    !strcasecmp(sub, "html") && w->html == NULL) {
		w->html = to_utf8(raw, rawlen, sf.fld_content_charset, w->m);
		w->html_alt = alt;
	}
	mmap_string_unref(raw);
}

/*
 * Reads the coach's own parts of mime into w, depth parts deep, alt
 * numbering the multipart/alternative it is in (walk_single()).
 */
static void
walk(struct walk *w, struct mailmime *mime, int depth, int alt)
{
	clistiter	*it;

	if (depth > MIME_MAX_DEPTH || ++w->parts > MIME_MAX_PARTS) {
		set_error(w->m, "the message is nested too deeply", NULL,
		    NULL);
		return;
	}
	switch (mime->mm_type) {
	case MAILMIME_SINGLE:
		walk_single(w, mime, alt);
		break;
	case MAILMIME_MULTIPLE:
		if (mime->mm_content_type != NULL &&
		    mime->mm_content_type->ct_subtype != NULL &&
		    !strcasecmp(mime->mm_content_type->ct_subtype,
		    "alternative"))
			alt = ++w->alts;
		for (it = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
		    it != NULL; it = clist_next(it))
			walk(w, clist_content(it), depth + 1, alt);
		break;
	case MAILMIME_MESSAGE:
		/* an attached or forwarded message: another's words */
		break;
	}
}

static char *
decode_header(const char *v)
{
	char	*out = NULL;
	size_t	 idx = 0;

	if (mailmime_encoded_phrase_parse("utf-8", v, strlen(v), &idx,
	    "utf-8", &out) != MAILIMF_NO_ERROR || out == NULL)
		return xstrdup(v);
	if (!utf8_valid(out, strlen(out))) {
		free(out);
		return xstrdup("");
	}
	return out;
}

#define MIME_MAX_REFS	32	/* Message-IDs kept of a thread */

/*
 * Adds the Message-IDs of list to refs, newest first: In-Reply-To's in
 * order, References' from the last (RFC 5322 lists them oldest first).
 */
static void
add_refs(struct strlist *refs, clist *list, int newest_last)
{
	clistiter	*it;
	const char	*id;
	char		*t;
	size_t		 from = refs->n, i, j;

	if (list == NULL)
		return;
	for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
		id = clist_content(it);
		if (refs->n >= MIME_MAX_REFS + from || id == NULL ||
		    strlen(id) > 250 || strlist_has(refs, id))
			continue;
		strlist_add(refs, id);
	}
	if (newest_last)	/* reverse what was added */
		for (i = from, j = refs->n; i + 1 < j; i++, j--) {
			t = refs->v[i];
			refs->v[i] = refs->v[j - 1];
			refs->v[j - 1] = t;
		}
}

/*
 * Notes in m->automatic (the first reason only) that the header field
 * name: value says a robot sent the message (RFC 3834 §5: anything
 * but "Auto-Submitted: no"; Precedence bulk, junk or list; a List-Id;
 * an empty return path, as bounces have; the auto-responders' own
 * fields).  X-Auto-Response-Suppress asks others not to answer; it
 * says nothing of who wrote the message.
 */
static void
robot_header(struct mail_parts *m, const char *name, const char *value)
{
	static const char *const fields[] = { "List-Id", "X-Autoreply",
	    "X-Autorespond" };
	static const char *const precedence[] = { "bulk", "junk", "list" };
	char		 v[32], why[80];
	size_t		 i, n;

	if (m->automatic != NULL || value == NULL)
		return;
	while (*value == ' ' || *value == '\t')
		value++;
	for (n = 0; n + 1 < sizeof(v) && value[n] != '\0' &&
	    strchr(" \t\r\n;(", value[n]) == NULL; n++)
		v[n] = value[n];
	v[n] = '\0';
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcasecmp(name, fields[i]))
			goto robot;
	if (!strcasecmp(name, "Auto-Submitted") && strcasecmp(v, "no") != 0)
		goto robot;
	if (!strcasecmp(name, "Return-Path") && !strcmp(v, "<>"))
		goto robot;
	if (!strcasecmp(name, "Precedence"))
		for (i = 0; i < sizeof(precedence) / sizeof(precedence[0]); i++)
			if (!strcasecmp(v, precedence[i]))
				goto robot;
	return;
robot:
	snprintf(why, sizeof(why), "%.40s: %s", name, v);
	m->automatic = xstrdup(why);
}

/*
 * Whether the message's own Content-Type is a delivery report
 * (RFC 6522: multipart/report, or any type with report-type=
 * delivery-status); notes it in m->automatic.
 */
static void
robot_type(struct mail_parts *m, const struct mailmime *mime)
{
	const struct mailmime_content	*ct = mime->mm_content_type;
	struct mailmime_parameter	*pa;
	clistiter			*it;

	if (m->automatic != NULL || ct == NULL)
		return;
	if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
	    ct->ct_type->tp_data.tp_composite_type->ct_type ==
	    MAILMIME_COMPOSITE_TYPE_MULTIPART && ct->ct_subtype != NULL &&
	    !strcasecmp(ct->ct_subtype, "report")) {
		m->automatic = xstrdup("multipart/report");
		return;
	}
	for (it = ct->ct_parameters ? clist_begin(ct->ct_parameters) : NULL;
	    it != NULL; it = clist_next(it)) {
		pa = clist_content(it);
		if (pa->pa_name != NULL && pa->pa_value != NULL &&
		    !strcasecmp(pa->pa_name, "report-type") &&
		    !strcasecmp(pa->pa_value, "delivery-status")) {
			m->automatic = xstrdup("report-type=delivery-status");
			return;
		}
	}
}

static void
read_fields(struct mail_parts *m, struct mailimf_fields *f)
{
	struct mailimf_field	*fld;
	struct mailimf_mailbox	*mb;
	clistiter		*it;

	for (it = clist_begin(f->fld_list); it != NULL; it = clist_next(it)) {
		fld = clist_content(it);
		switch (fld->fld_type) {
		case MAILIMF_FIELD_FROM:
			if (m->from_count++ > 0 ||
			    fld->fld_data.fld_from->frm_mb_list == NULL)
				break;
			m->from_count = clist_count(
			    fld->fld_data.fld_from->frm_mb_list->mb_list);
			if (m->from_count == 1) {
				mb = clist_content(clist_begin(
				    fld->fld_data.fld_from->frm_mb_list->mb_list));
				m->from = xstrdup(mb->mb_addr_spec);
			}
			break;
		case MAILIMF_FIELD_SUBJECT:
			if (m->subject == NULL)
				m->subject = decode_header(
				    fld->fld_data.fld_subject->sbj_value);
			break;
		case MAILIMF_FIELD_MESSAGE_ID:
			if (m->message_id == NULL)
				m->message_id = xstrdup(
				    fld->fld_data.fld_message_id->mid_value);
			break;
		case MAILIMF_FIELD_IN_REPLY_TO:
			add_refs(&m->refs,
			    fld->fld_data.fld_in_reply_to->mid_list, 0);
			break;
		case MAILIMF_FIELD_REFERENCES:
			add_refs(&m->refs,
			    fld->fld_data.fld_references->mid_list, 1);
			break;
		case MAILIMF_FIELD_ORIG_DATE: {
			struct mailimf_date_time *d =
			    fld->fld_data.fld_orig_date->dt_date_time;
			snprintf(m->date, sizeof(m->date), "%04u-%02u-%02u",
			    (unsigned)d->dt_year % 10000u,
			    (unsigned)d->dt_month % 100u,
			    (unsigned)d->dt_day % 100u);
			break;
		}
		case MAILIMF_FIELD_RETURN_PATH:
			if (fld->fld_data.fld_return_path->ret_path == NULL ||
			    fld->fld_data.fld_return_path->ret_path->pt_addr_spec
			    == NULL || fld->fld_data.fld_return_path->ret_path->
			    pt_addr_spec[0] == '\0')
				robot_header(m, "Return-Path", "<>");
			break;
		case MAILIMF_FIELD_OPTIONAL_FIELD:
			if (!strcasecmp(fld->fld_data.fld_optional_field->fld_name,
			    "Authentication-Results"))
				strlist_add(&m->auth,
				    fld->fld_data.fld_optional_field->fld_value);
			robot_header(m,
			    fld->fld_data.fld_optional_field->fld_name,
			    fld->fld_data.fld_optional_field->fld_value);
			break;
		}
	}
}

/* Parses raw, which has MIME_GUARD zero bytes after its len. */
static int
mime_parse_guarded(const char *raw, size_t len, struct mail_parts *m)
{
	struct mailmime	*mime = NULL;
	struct walk	 w = { m, NULL, 0, 0, 0 };
	size_t		 idx = 0;

	if (mailmime_parse(raw, len, &idx, &mime) != MAILIMF_NO_ERROR ||
	    mime == NULL || mime->mm_type != MAILMIME_MESSAGE) {
		set_error(m, "the message could not be read as email", NULL,
		    NULL);
		if (mime != NULL)
			mailmime_free(mime);
		return -1;
	}
	if (mime->mm_data.mm_message.mm_fields != NULL)
		read_fields(m, mime->mm_data.mm_message.mm_fields);
	if (mime->mm_data.mm_message.mm_msg_mime != NULL) {
		robot_type(m, mime->mm_data.mm_message.mm_msg_mime);
		walk(&w, mime->mm_data.mm_message.mm_msg_mime, 0, 0);
	}
	if (m->text == NULL && w.html != NULL)
		m->text = html_text(w.html);
	free(w.html);
	mailmime_free(mime);
	return m->error ? -1 : 0;
}

/*
 * Reads raw into m in this process.  0, or -1 with m->error set.
 *
 * libetpan 1.9.4's decoders read past the end of a part on crafted
 * input, so it parses a private copy followed by a zeroed guard area:
 * an over-read finds zeros, never other bytes of this process.
 */
int
mime_parse(const char *raw, size_t len, struct mail_parts *m)
{
	char	*copy;
	int	 rc;

	memset(m, 0, sizeof(*m));
	if (len > SIZE_MAX - MIME_GUARD ||
	    (copy = calloc(1, len + MIME_GUARD)) == NULL) {
		set_error(m, "the message is too large", NULL, NULL);
		return -1;
	}
	memcpy(copy, raw, len);
	rc = mime_parse_guarded(copy, len, m);
	free(copy);
	return rc;
}

static json_t *
strlist_to_json(const struct strlist *l)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static void
json_to_strlist(json_t *a, struct strlist *l)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(a, i, v)
		if (json_is_string(v))
			strlist_add(l, json_string_value(v));
}

/* Reads all n bytes; -1 on error or end of file. */
static int
read_all(int fd, char *p, size_t n)
{
	ssize_t	 r;

	while (n > 0) {
		r = read(fd, p, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Writes a frame to fd: its length (8 bytes), then the n bytes of p,
 * in one call when the pipe takes them all.  0, or -1 on error.
 */
static int
frame_write(int fd, const void *p, size_t n)
{
	uint64_t	 len = n;
	struct iovec	 iov[2] = { { &len, sizeof(len) }, { (void *)p, n } };
	struct iovec	*v = iov;
	int		 left = 2;
	ssize_t		 r;

	for (;;) {
		while (left > 0 && v->iov_len == 0) {
			v++;
			left--;
		}
		if (left == 0)
			return 0;
		if ((r = writev(fd, v, left)) == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		for (; left > 0 && (size_t)r >= v->iov_len; v++, left--)
			r -= (ssize_t)v->iov_len;
		if (left > 0) {
			v->iov_base = (char *)v->iov_base + r;
			v->iov_len -= (size_t)r;
		}
	}
}

#define FRAME_FIRST	(64 * 1024)	/* what one read takes at first */

/*
 * Reads one frame (frame_write()) of at most max bytes from fd into
 * *out, NUL-terminated, which the caller frees; *n is its length.  A
 * small frame takes one read.  0, or -1 on error, end of file, or a
 * frame too long or followed by more than it said.
 */
static int
frame_read(int fd, size_t max, char **out, size_t *n)
{
	char		*first, *data = NULL;
	uint64_t	 len;
	size_t		 got = 0;
	ssize_t		 r;
	int		 rc = -1;

	*out = NULL;
	if ((first = malloc(FRAME_FIRST)) == NULL)
		return -1;
	while (got < sizeof(len)) {
		if ((r = read(fd, first + got, FRAME_FIRST - got)) == -1 &&
		    errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		got += (size_t)r;
	}
	memcpy(&len, first, sizeof(len));
	got -= sizeof(len);
	if (len > max || got > len || (data = malloc(len + 1)) == NULL)
		goto out;
	memcpy(data, first + sizeof(len), got);
	if (read_all(fd, data + got, len - got) == -1)
		goto out;
	data[len] = '\0';
	*out = data;
	*n = len;
	data = NULL;
	rc = 0;
out:
	free(first);
	free(data);
	return rc;
}

/* The parser worker's answer for one message, as JSON. */
static char *
parts_json(const struct mail_parts *m)
{
	json_t	*j;
	char	*s;

	j = json_pack("{s:s?, s:i, s:s?, s:s?, s:s, s:o, s:s?, s:o, s:o, "
	    "s:s?, s:o, s:s?}", "from", m->from, "from_count", m->from_count,
	    "subject", m->subject, "message_id", m->message_id, "date",
	    m->date, "auth", strlist_to_json(&m->auth), "text", m->text,
	    "csv", strlist_to_json(&m->csv),
	    "calendar", strlist_to_json(&m->calendar), "error", m->error,
	    "refs", strlist_to_json(&m->refs), "automatic", m->automatic);
	s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return s;
}

/*
 * The worker: reads a frame holding a message from in, answers a frame
 * of JSON on out, until its input closes.  Every message gets its own
 * CPU limit, one timer armed again for each (idle in read(), it does
 * not run); the parent holds the wall-clock limit (mime_parse_take()).
 * A message that exceeds them, or crashes libetpan, ends the worker,
 * and the parent starts another.
 */
static void
worker_main(int in, int out)
{
	struct itimerval	 cpu = { { 0, 0 }, { MIME_CHILD_CPU, 0 } };
	struct mail_parts	 m;
	struct rlimit		 rl;
	size_t			 len;
	char			*raw, *json;

#if !defined(__SANITIZE_ADDRESS__)
	/* the sanitizers reserve terabytes of address space */
	rl.rlim_cur = rl.rlim_max = MIME_CHILD_MEMORY;
	setrlimit(RLIMIT_AS, &rl);
#else
	(void)rl;
#endif
	while (frame_read(in, MIME_MAX_INPUT, &raw, &len) == 0) {
		setitimer(ITIMER_VIRTUAL, &cpu, NULL);
		mime_parse(raw, len, &m);
		json = parts_json(&m);
		free(raw);
		mail_parts_free(&m);
		if (json == NULL || frame_write(out, json, strlen(json)) == -1)
			_exit(1);
		free(json);
	}
	_exit(0);
}

static struct {
	pid_t		 pid;
	int		 to, from;
	unsigned	 used;
	int		 pending;	/* a message handed over, not answered */
} worker = { -1, -1, -1, 0, 0 };

static void
worker_stop(void)
{
	if (worker.pid <= 0)
		return;
	close(worker.to);
	close(worker.from);
	kill(worker.pid, SIGKILL);
	while (waitpid(worker.pid, NULL, 0) == -1 && errno == EINTR)
		continue;
	worker.pid = -1;
	worker.pending = 0;
}

static int
worker_start(void)
{
	int	 down[2], up[2];

	if (pipe2(down, O_CLOEXEC) == -1)
		return -1;
	if (pipe2(up, O_CLOEXEC) == -1) {
		close(down[0]);
		close(down[1]);
		return -1;
	}
	fflush(NULL);
	if ((worker.pid = fork()) == -1) {
		close(down[0]); close(down[1]); close(up[0]); close(up[1]);
		return -1;
	}
	if (worker.pid == 0) {
		close(down[1]);
		close(up[0]);
		signal(SIGPIPE, SIG_DFL);
		worker_main(down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	worker.to = down[1];
	worker.from = up[0];
	worker.used = 0;
	return 0;
}

/*
 * Hands raw to the parser worker, a child process started on first use
 * and replaced every MIME_WORKER_USES messages; mime_parse_take() then
 * takes its answer.  Meanwhile the caller may work on something else:
 * the worker parses on its own processor.  Returns 0, or -1 when the
 * worker cannot be reached (nothing is pending then).
 */
int
mime_parse_send(const char *raw, size_t len)
{
	if (worker.pending)
		return -1;	/* one message at a time */
	if (worker.pid > 0 && worker.used >= MIME_WORKER_USES)
		worker_stop();
	if (worker.pid <= 0 && worker_start() == -1)
		return -1;
	worker.used++;
	if (frame_write(worker.to, raw, len) == -1) {
		log_warn("the mail parser crashed");
		worker_stop();
		return -1;
	}
	worker.pending = 1;
	return 0;
}

/* Waits up to MIME_CHILD_SECONDS for the worker's answer; 0 or -1. */
static int
worker_wait(void)
{
	struct pollfd	 pfd = { .fd = worker.from, .events = POLLIN };
	int		 r;

	while ((r = poll(&pfd, 1, MIME_CHILD_SECONDS * 1000)) == -1 &&
	    errno == EINTR)
		continue;
	return r == 1 ? 0 : -1;
}

/* Fills m from the worker's JSON answer j. */
static void
parts_from_json(json_t *j, struct mail_parts *m)
{
#define S(k) (json_is_string(json_object_get(j, k)) ? \
	xstrdup(json_string_value(json_object_get(j, k))) : NULL)
	m->from = S("from");
	m->subject = S("subject");
	m->message_id = S("message_id");
	m->text = S("text");
	m->error = S("error");
	m->automatic = S("automatic");
#undef S
	m->from_count = (int)json_integer_value(json_object_get(j,
	    "from_count"));
	snprintf(m->date, sizeof(m->date), "%s",
	    json_string_value(json_object_get(j, "date")) ?
	    json_string_value(json_object_get(j, "date")) : "");
	json_to_strlist(json_object_get(j, "auth"), &m->auth);
	json_to_strlist(json_object_get(j, "csv"), &m->csv);
	json_to_strlist(json_object_get(j, "calendar"), &m->calendar);
	json_to_strlist(json_object_get(j, "refs"), &m->refs);
}

/*
 * Takes the answer to the message mime_parse_send() handed over, into
 * m.  Returns 0 (m filled; m->error says why the content cannot be
 * used), or -1 when nothing was handed over or the worker crashed, ran
 * out of time or memory on this message: it may be retried a few
 * times, then quarantined.
 */
int
mime_parse_take(struct mail_parts *m)
{
	json_error_t	 jerr;
	json_t		*j = NULL;
	size_t		 n;
	char		*buf = NULL;

	memset(m, 0, sizeof(*m));
	if (!worker.pending)
		return -1;
	worker.pending = 0;
	if (worker_wait() == -1 ||
	    frame_read(worker.from, MIME_MAX_RESULT, &buf, &n) == -1) {
		log_warn("the mail parser crashed or ran out of time");
		worker_stop();
		return -1;
	}
	j = json_loadb(buf, n, 0, &jerr);
	free(buf);
	if (j == NULL)
		return -1;
	parts_from_json(j, m);
	json_decref(j);
	return 0;
}

/* mime_parse_send() and mime_parse_take() in one. */
int
mime_parse_sandboxed(const char *raw, size_t len, struct mail_parts *m)
{
	if (mime_parse_send(raw, len) == -1) {
		memset(m, 0, sizeof(*m));
		return -1;
	}
	return mime_parse_take(m);
}
