/*
 * smtp.c - the way out for emails: one message at a time over SMTP,
 * composed with libcurl's MIME API (its text, then any files it
 * carries, in base64), certificates checked, logged in
 * with a password or (auth = oauth2) with SASL XOAUTH2 and an access
 * token from oauth2.c; and [smtp] of cox.conf.  outbox.c queues, claims
 * and retries; this only sends.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "send.h"

struct smtp {
	const char	*url;		/* smtp://host:587, smtps://host:465 */
	const char	*from;		/* the address mail comes from */
	const char	*user;
	char		*password;	/* or, with [smtp] auth = oauth2: */
	struct oauth2	*oauth;		/* its access tokens */
	int		 tls;		/* 0 only when [smtp] tls = off */
};

#define SUBJECT_LINE	76	/* a line with encoded words, RFC 2047 §2 */
#define SUBJECT_WORD	75	/* an encoded word, at most */
#define SUBJECT_FRAME	12	/* "=?UTF-8?B?" and "?=" */

/*
 * The longest run of whole UTF-8 characters at s (at most max bytes,
 * and at least one character when s is not empty), in bytes.
 */
static size_t
utf8_run(const char *s, size_t max)
{
	size_t	 n = strlen(s);

	if (n <= max)
		return n;
	for (n = max; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		continue;
	if (n > 0)
		return n;
	for (n = 1; ((unsigned char)s[n] & 0xc0) == 0x80; n++)
		continue;	/* max below one character: take it */
	return n;
}

/*
 * "Subject: ..." into dst: as it is when plain ASCII, else as RFC 2047
 * base64 encoded words of whole characters, each at most SUBJECT_WORD
 * long and on a line of its own no longer than SUBJECT_LINE, folded
 * with CRLF and a space (curl's MIME API writes header lines as given
 * and encodes none).  Returns 0, or -1 out of memory.
 */
static int
subject_header(struct buf *dst, const char *subject)
{
	struct buf	 safe = { 0 };
	char		 b64[sodium_base64_ENCODED_LEN(SUBJECT_WORD,
			    sodium_base64_VARIANT_ORIGINAL)];
	const char	*p;
	size_t		 line, room, n;
	int		 rc = -1;

	if (buf_puts(&safe, subject) == -1)
		goto out;
	for (n = 0; n < safe.len; n++)
		if (safe.data[n] == '\r' || safe.data[n] == '\n')
			safe.data[n] = ' ';	/* no header injection */
	for (p = safe.data; *p != '\0' && (unsigned char)*p < 0x80; p++)
		continue;
	if (*p == '\0') {
		rc = buf_printf(dst, "Subject: %s", safe.data);
		goto out;
	}
	buf_puts(dst, "Subject:");
	line = dst->len;
	for (p = safe.data; *p != '\0'; p += n) {
		if (p != safe.data) {
			buf_puts(dst, "\r\n");
			line = 0;
		}
		room = SUBJECT_LINE - 1 - line;	/* after the space */
		if (room > SUBJECT_WORD)
			room = SUBJECT_WORD;
		n = utf8_run(p, (room - SUBJECT_FRAME) / 4 * 3);
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)p,
		    n, sodium_base64_VARIANT_ORIGINAL);
		buf_printf(dst, " =?UTF-8?B?%s?=", b64);
	}
	rc = buf_failed(dst) ? -1 : 0;
out:
	buf_free(&safe);
	return rc;
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
	if (s->user != NULL)
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
	if (s->password != NULL)
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
}

/*
 * Runs the session set on c.  With OAuth2 it logs in with SASL XOAUTH2
 * and an access token, and when the server refuses the token, once
 * more with a new one.  *token is what getting a token came to (OUT_OK
 * when none was needed; else logged, and nothing was sent).
 */
static CURLcode
smtp_perform(CURL *c, const struct smtp *s, enum outcome *token)
{
	const char	*bearer;
	CURLcode	 rc = CURLE_LOGIN_DENIED;
	int		 again;

	*token = OUT_OK;
	if (s->oauth == NULL)
		return curl_easy_perform(c);
	for (again = 0; again < 2 && rc == CURLE_LOGIN_DENIED; again++) {
		if ((*token = oauth2_token(s->oauth, again, &bearer)) != OUT_OK)
			break;
		curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, bearer);
		rc = curl_easy_perform(c);
	}
	curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, NULL);
	return rc;
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
 * Sends o (smtp_sender's send), marked as a robot's (Auto-Submitted).  Returns 0 when the server took it, 1
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
	enum outcome		 token;
	struct buf		 subject = { 0 }, body = { 0 };
	char			 line[1024], date[64], angle[300];
	char			 server[URL_MASKED_MAX];
	long			 code = 0;
	time_t			 now = time(NULL);
	struct tm		 tm;
	size_t			 i;
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
	if (subject_header(&subject, o->subject) == -1) {
		snprintf(why, whysize, "out of memory");
		goto out;
	}
	hdr = curl_slist_append(hdr, subject.data);
	/* RFC 3834 §5: no robot answers this, and no vacation notice */
	hdr = curl_slist_append(hdr, o->reply ? "Auto-Submitted: auto-replied" :
	    "Auto-Submitted: auto-generated");
	hdr = curl_slist_append(hdr, date);
	snprintf(line, sizeof(line), "Message-ID: <%s>", o->msgid);
	hdr = curl_slist_append(hdr, line);
	if (o->answers != NULL && msgid_ok(o->answers)) {
		snprintf(line, sizeof(line), "In-Reply-To: <%s>", o->answers);
		hdr = curl_slist_append(hdr, line);
		snprintf(line, sizeof(line), "References: <%s>", o->answers);
		hdr = curl_slist_append(hdr, line);
	}
	/* lines end CRLF: curl's quoted-printable writes a lone LF as
	 * "=0A", which RFC 2045 §6.7 keeps from ending a line */
	for (i = 0; o->body[i] != '\0'; i++) {
		if (o->body[i] == '\n' && (i == 0 || o->body[i - 1] != '\r'))
			buf_putc(&body, '\r');
		buf_putc(&body, o->body[i]);
	}
	if (buf_failed(&body)) {
		snprintf(why, whysize, "out of memory");
		goto out;
	}
	mime = curl_mime_init(c);
	part = curl_mime_addpart(mime);
	curl_mime_data(part, body.data != NULL ? body.data : "",
	    CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	for (i = 0; i < o->nfiles; i++) {
		part = curl_mime_addpart(mime);
		curl_mime_data(part, o->files[i].data, o->files[i].len);
		curl_mime_filename(part, o->files[i].name);
		curl_mime_type(part, o->files[i].type);
		curl_mime_encoder(part, "base64");
	}
	snprintf(angle, sizeof(angle), "<%s>", s->from);
	smtp_session(c, s, 60);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, angle);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	rc = smtp_perform(c, s, &token);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (token != OUT_OK)	/* kept, to go once a token can be had */
		snprintf(why, whysize, "no access token for the SMTP server "
		    "(see the log above)");
	else if (rc == CURLE_OK) {
		result = 0;
		snprintf(why, whysize, "accepted (%ld)", code);
	} else {
		/* the server named: the row and the log say which one */
		result = code >= 500 && code < 600 ? 2 : 1;
		url_masked(s->url, server, sizeof(server));
		if (code != 0)
			snprintf(why, whysize, "%s: %s, server said %ld",
			    server, curl_easy_strerror(rc), code);
		else
			snprintf(why, whysize, "%s: %s", server,
			    curl_easy_strerror(rc));
	}
out:
	buf_free(&subject);
	buf_free(&body);
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
	int		 oauth;

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
	s->user = config_get(conf, "smtp", "user");
	if (oauth2_wanted(conf, "smtp", "auth", &oauth) == -1)
		return -1;
	if (oauth && config_require(conf, "smtp", "user", "put the address "
	    "of the mailbox the access token is for", &s->user) == -1)
		return -1;
	if (oauth)
		return oauth2_open(conf, &s->oauth) == OUT_OK ? 0 : -1;
	if (s->user != NULL &&
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
	oauth2_free(s->oauth);
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
	enum outcome		 token;
	char			 m[URL_MASKED_MAX];

	if ((c = curl_easy_init()) == NULL)
		return -1;
	smtp_session(c, s, 20);
	curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);	/* and log in */
	rc = smtp_perform(c, s, &token);
	curl_easy_cleanup(c);
	if (token != OUT_OK) {
		strlist_addf(problems, "[smtp] auth = oauth2: no access token "
		    "(above); check [oauth2] and its refresh token");
		return -1;
	}
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
