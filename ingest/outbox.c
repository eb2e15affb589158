/*
 * outbox.c - sends what other commands queued: emails over SMTP with
 * libcurl's MIME API (texts through Twilio come with cox sms).
 *
 * At most once: a message is marked 'sending' and committed before it
 * is handed to the server, and only then marked 'sent'.  A crash in
 * between leaves it 'sending', which is never sent again but counted
 * and logged for an operator, because nobody can know whether the
 * server took it.  Transient failures (no connection, 4xx) are retried
 * with backoff; a 5xx refusal, or eight failures, marks it 'failed'.
 * Nothing is ever sent to someone who opted out or is blocked.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <getopt.h>
#include <sodium.h>

#include "ingest.h"

#define OUTBOX_MAX_ATTEMPTS	8
#define OUTBOX_BACKOFF_MAX	(6 * 3600)

struct smtp {
	const char	*url;		/* smtp://host:587, smtps://host:465 */
	const char	*from;		/* the address mail comes from */
	const char	*user;
	char		*password;
	int		 tls;		/* 0 only when [smtp] tls = off */
};

/* Copies s with every CR and LF made a space: no header injection. */
static void
header_safe(char *dst, size_t size, const char *s)
{
	size_t	 i;

	snprintf(dst, size, "%s", s);
	for (i = 0; dst[i] != '\0'; i++)
		if (dst[i] == '\r' || dst[i] == '\n')
			dst[i] = ' ';
}

/* "Subject: ..." as RFC 2047 base64 when it is not plain ASCII. */
static void
subject_header(char *dst, size_t size, const char *subject)
{
	char		 safe[512], b64[800];
	const char	*p;

	header_safe(safe, sizeof(safe), subject);
	for (p = safe; *p != '\0' && (unsigned char)*p < 0x80; p++)
		continue;
	if (*p == '\0') {
		snprintf(dst, size, "Subject: %s", safe);
		return;
	}
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)safe,
	    strlen(safe), sodium_base64_VARIANT_ORIGINAL);
	snprintf(dst, size, "Subject: =?UTF-8?B?%s?=", b64);
}

/*
 * Sends one message.  Returns 0 when the server took it, 1 for a
 * transient failure, 2 for a permanent one; *why says what happened.
 */
static int
smtp_send(const struct smtp *s, const char *to, const char *subject,
    const char *body, const char *msgid, char *why, size_t whysize)
{
	struct curl_slist	*rcpt = NULL, *hdr = NULL;
	curl_mime		*mime = NULL;
	curl_mimepart		*part;
	CURL			*c;
	CURLcode		 rc;
	char			 line[1024], date[64], angle[300];
	long			 code = 0;
	time_t			 now = time(NULL);
	struct tm		 tm;
	int			 result = 1;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(why, whysize, "curl did not start");
		return 1;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "Date: %a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(angle, sizeof(angle), "<%s>", to);
	rcpt = curl_slist_append(rcpt, angle);
	snprintf(line, sizeof(line), "From: %s", s->from);
	hdr = curl_slist_append(hdr, line);
	snprintf(line, sizeof(line), "To: %s", to);
	hdr = curl_slist_append(hdr, line);
	subject_header(line, sizeof(line), subject);
	hdr = curl_slist_append(hdr, line);
	hdr = curl_slist_append(hdr, date);
	snprintf(line, sizeof(line), "Message-ID: <%s>", msgid);
	hdr = curl_slist_append(hdr, line);
	mime = curl_mime_init(c);
	part = curl_mime_addpart(mime);
	curl_mime_data(part, body, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	snprintf(angle, sizeof(angle), "<%s>", s->from);
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, angle);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(c, CURLOPT_USE_SSL, s->tls ? (long)CURLUSESSL_ALL :
	    (long)CURLUSESSL_NONE);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (s->user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		result = 0;
		snprintf(why, whysize, "accepted (%ld)", code);
	} else {
		result = code >= 500 && code < 600 ? 2 : 1;
		snprintf(why, whysize, "%s%s%ld", curl_easy_strerror(rc),
		    code ? ", server said " : "", code);
	}
	curl_mime_free(mime);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return result;
}

static int
set_status(struct db *db, int64_t id, const char *status, const char *error,
    int tried, int64_t next, const char *provider)
{
	int64_t	 now = (int64_t)time(NULL);

	if (db_begin(db) == -1)
		return -1;
	if (db_exec(db, STMT_MESSAGE_STATUS, "ttditi", status, error, tried,
	    next, provider, id) == -1 || db_exec(db, STMT_MESSAGE_STATUS_LOG,
	    "itti", id, status, error, now) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

struct due {
	int64_t	 id;
	char	*to, *subject, *body;
	int	 attempts, suppressed;
};

/* One pass over due emails; returns how many were sent, or -1. */
int
outbox_email_pass(struct workspace *ws, const struct smtp *s)
{
	struct due	*v = NULL, *more;
	sqlite3_stmt	*st;
	char		 why[256], msgid[128], token[24];
	const char	*domain;
	size_t		 n = 0, i;
	int64_t		 now = (int64_t)time(NULL), next;
	int		 rc, sent = 0, r;

	st = db_query(ws->db, STMT_OUTBOX_DUE, "ti", "email", now);
	while ((rc = db_row(ws->db, st)) == 1) {
		if ((more = reallocarray(v, n + 1, sizeof(*v))) == NULL) {
			sqlite3_reset(st);
			rc = -1;
			break;
		}
		v = more;
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].to = xstrdup(db_text(st, 1));
		v[n].subject = xstrdup(db_text(st, 2));
		v[n].body = xstrdup(db_text(st, 3));
		v[n].attempts = sqlite3_column_int(st, 4);
		v[n].suppressed = sqlite3_column_int(st, 5);
		n++;
	}
	domain = strrchr(s->from, '@') ? strrchr(s->from, '@') + 1 : "localhost";
	for (i = 0; rc == 0 && i < n; i++) {
		if (v[i].suppressed || !email_valid(v[i].to)) {
			rc = set_status(ws->db, v[i].id, v[i].suppressed ?
			    "suppressed" : "failed", v[i].suppressed ?
			    "opted out or blocked" : "not a valid address", 0,
			    0, NULL);
			continue;
		}
		if (random_token(token, sizeof(token), 9) == -1)
			break;
		snprintf(msgid, sizeof(msgid), "cox-%lld-%s@%s",
		    (long long)v[i].id, token, domain);
		/* committed before the server sees it: never twice */
		if ((rc = set_status(ws->db, v[i].id, "sending", NULL, 1, 0,
		    msgid)) == -1)
			break;
		r = smtp_send(s, v[i].to, v[i].subject, v[i].body, msgid, why,
		    sizeof(why));
		next = (int64_t)60 << (v[i].attempts < 8 ? v[i].attempts : 8);
		if (next > OUTBOX_BACKOFF_MAX)
			next = OUTBOX_BACKOFF_MAX;
		if (r == 0) {
			rc = set_status(ws->db, v[i].id, "sent", NULL, 0, 0,
			    NULL);
			sent++;
		} else if (r == 1 && v[i].attempts + 1 < OUTBOX_MAX_ATTEMPTS)
			rc = set_status(ws->db, v[i].id, "queued", why, 0,
			    now + next, NULL);
		else
			rc = set_status(ws->db, v[i].id, "failed", why, 0, 0,
			    NULL);
		log_info("email %lld to %s: %s", (long long)v[i].id, v[i].to,
		    r == 0 ? "sent" : why);
	}
	for (i = 0; i < n; i++) {
		free(v[i].to);
		free(v[i].subject);
		free(v[i].body);
	}
	free(v);
	return rc == -1 ? -1 : sent;
}

static const char usage[] = "cox outbox run [-C dir]";

static int
outbox_run(int argc, char **argv)
{
	struct workspace ws;
	struct smtp	 s = { 0 };
	sqlite3_stmt	*st;
	const char	*tls;
	int		 c, status, n;

	optind = 0;
	while ((c = getopt(argc, argv, "C:h")) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 'h': printf("usage: %s\n", usage); return 0;
		default: return cli_usage_error(usage, NULL);
		}
	if (argc != optind)
		return cli_usage_error(usage, "unexpected argument");
	if ((status = cli_open(&ws)) != 0)
		return status;
	status = EX_CONFIG;
	if (config_require(ws.conf, "smtp", "url", "put the mail server, "
	    "e.g. url = smtp://mail.example.org:587", &s.url) == -1 ||
	    config_require(ws.conf, "smtp", "from", "put the address replies "
	    "come from, e.g. from = coxswain@example.org", &s.from) == -1)
		goto out;
	tls = config_get(ws.conf, "smtp", "tls");
	s.tls = tls == NULL || strcmp(tls, "off") != 0;
	if ((s.user = config_get(ws.conf, "smtp", "user")) != NULL &&
	    config_secret(ws.conf, "smtp", "password", &s.password) == -1)
		goto out;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || sodium_init() == -1) {
		status = EX_SOFTWARE;
		goto out;
	}
	st = db_query(ws.db, STMT_OUTBOX_STUCK, "");
	if (db_row(ws.db, st) == 1 && sqlite3_column_int(st, 0) > 0)
		log_warn("%d messages were being sent when a run stopped; "
		    "they are not sent again (status 'sending')",
		    sqlite3_column_int(st, 0));
	sqlite3_reset(st);
	n = outbox_email_pass(&ws, &s);
	if (n >= 0)
		printf("%d email%s sent\n", n, n == 1 ? "" : "s");
	status = n < 0 ? EX_IOERR : 0;
	curl_global_cleanup();
out:
	if (s.password != NULL)
		sodium_memzero(s.password, strlen(s.password));
	free(s.password);
	workspace_close(&ws);
	return status;
}

int
cmd_outbox(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "run", outbox_run, usage },
	};

	return cli_dispatch("outbox", table, 1, argc, argv);
}
