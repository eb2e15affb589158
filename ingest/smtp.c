/*
 * smtp.c - the way out for emails: one message at a time over SMTP,
 * composed with libcurl's MIME API, certificates checked; and [smtp]
 * of cox.conf.  outbox.c queues, claims and retries; this only sends.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "ingest.h"

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

/* The server, TLS as set (certificates checked), login, time limits. */
static void
smtp_session(CURL *c, const struct smtp *s, long timeout)
{
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_USE_SSL, s->tls ? (long)CURLUSESSL_ALL :
	    (long)CURLUSESSL_NONE);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (s->user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	}
}

/*
 * Whether id, as another mailer wrote it, can go into an In-Reply-To
 * header as it is: printable ASCII, no space or angle bracket, an '@'.
 */
static int
msgid_ok(const char *id)
{
	size_t	 i, n = strlen(id);

	if (n == 0 || n > 250 || strchr(id, '@') == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] > '~' || id[i] == '<' ||
		    id[i] == '>')
			return 0;
	return 1;
}

/*
 * Sends o (smtp_sender's send).  Returns 0 when the server took it, 1
 * for a transient failure, 2 for a permanent one; *why says what
 * happened.  An email has no provider's id but its own Message-ID.
 */
static int
smtp_send(const void *conf, const struct outgoing *o, char id[64],
    int *stop, char *why, size_t whysize)
{
	const struct smtp	*s = conf;
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

	id[0] = '\0';
	*stop = 0;
	if ((c = curl_easy_init()) == NULL) {
		snprintf(why, whysize, "curl did not start");
		return 1;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "Date: %a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(angle, sizeof(angle), "<%s>", o->to);
	rcpt = curl_slist_append(rcpt, angle);
	snprintf(line, sizeof(line), "From: %s", s->from);
	hdr = curl_slist_append(hdr, line);
	snprintf(line, sizeof(line), "To: %s", o->to);
	hdr = curl_slist_append(hdr, line);
	subject_header(line, sizeof(line), o->subject);
	hdr = curl_slist_append(hdr, line);
	hdr = curl_slist_append(hdr, date);
	snprintf(line, sizeof(line), "Message-ID: <%s>", o->msgid);
	hdr = curl_slist_append(hdr, line);
	if (o->answers != NULL && msgid_ok(o->answers)) {
		snprintf(line, sizeof(line), "In-Reply-To: <%s>", o->answers);
		hdr = curl_slist_append(hdr, line);
		snprintf(line, sizeof(line), "References: <%s>", o->answers);
		hdr = curl_slist_append(hdr, line);
	}
	mime = curl_mime_init(c);
	part = curl_mime_addpart(mime);
	curl_mime_data(part, o->body, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	snprintf(angle, sizeof(angle), "<%s>", s->from);
	smtp_session(c, s, 60);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, angle);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		result = 0;
		snprintf(why, whysize, "accepted (%ld)", code);
	} else {
		result = code >= 500 && code < 600 ? 2 : 1;
		if (code != 0)
			snprintf(why, whysize, "%s, server said %ld",
			    curl_easy_strerror(rc), code);
		else
			snprintf(why, whysize, "%s", curl_easy_strerror(rc));
	}
	curl_mime_free(mime);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return result;
}

/*
 * The Message-ID of message id (smtp_sender's msgid), made before it
 * is claimed so that a reply to it finds it: at the domain mail comes
 * from.  -1 when no random token could be made.
 */
static int
smtp_msgid(const void *conf, int64_t id, char *out, size_t size)
{
	const struct smtp	*s = conf;
	const char		*at = strrchr(s->from, '@');
	char			 token[24];

	if (random_token(token, sizeof(token), 9) == -1)
		return -1;
	snprintf(out, size, "cox-%lld-%s@%s", (long long)id, token,
	    at != NULL ? at + 1 : "localhost");
	return 0;
}

/*
 * [smtp] of cox.conf into *out (smtp_sender's open; smtp_close()
 * frees it); 0, or -1 (reported) when it is there but wrong.
 */
static int
smtp_open(struct config *conf, void **out)
{
	struct smtp	*s;
	const char	*tls;

	*out = NULL;
	if (config_get(conf, "smtp", "url") == NULL)
		return 0;	/* not configured: *out stays NULL */
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	*out = s;
	if (config_require(conf, "smtp", "url", "", &s->url) == -1 ||
	    config_require(conf, "smtp", "from", "put the address replies "
	    "come from, e.g. from = coxswain@example.org", &s->from) == -1)
		return -1;
	tls = config_get(conf, "smtp", "tls");
	s->tls = tls == NULL || strcmp(tls, "off") != 0;
	if ((s->user = config_get(conf, "smtp", "user")) != NULL &&
	    config_secret(conf, "smtp", "password", &s->password) == -1)
		return -1;
	return 0;
}

static void
smtp_close(void *conf)
{
	struct smtp	*s = conf;

	if (s == NULL)
		return;
	secret_free(s->password);
	free(s);
}

/*
 * The SMTP server: connected, TLS as set, logged in (smtp_sender's
 * probe); -1 with a line in problems when not.
 */
static int
smtp_probe(const void *conf, struct strlist *problems)
{
	const struct smtp	*s = conf;
	CURL			*c;
	CURLcode		 rc;
	char			 m[URL_MASKED_MAX];

	if ((c = curl_easy_init()) == NULL)
		return -1;
	smtp_session(c, s, 20);
	curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);	/* and log in */
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	if (rc == CURLE_OK)
		return 0;
	strlist_addf(problems, "[smtp] url %s: %s; check the server, port, "
	    "tls, user and password", url_masked(s->url, m, sizeof(m)),
	    curl_easy_strerror(rc));
	return -1;
}

const struct sender smtp_sender = {
	.channel = CHANNEL_EMAIL,
	.noun = "email",
	.taken = "sent",
	.open = smtp_open,
	.close = smtp_close,
	.msgid = smtp_msgid,
	.valid = email_valid,
	.send = smtp_send,
	.probe = smtp_probe,
};
