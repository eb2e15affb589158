/*
 * oauth2.c - access tokens for Gmail and Microsoft 365: [oauth2] of
 * cox.conf names a token endpoint, the app's client id (and secret, for
 * Google) and a file holding a refresh token; cox trades the refresh
 * token for a short-lived access token (RFC 6749 §6) that IMAP and SMTP
 * present with SASL XOAUTH2.
 *
 * The access token lives in memory only, for as long as the process or
 * the token does: a daemon asks once an hour, a one-shot command once a
 * run, and no bearer token is ever written to disk or to a log.  The
 * refresh token is read from its file at each refresh, so two daemons
 * sharing it see each other's rotations; when the endpoint hands out a
 * new one (Microsoft does, each time), it replaces the file atomically,
 * mode 600.  The first refresh token comes from oauth2_login() (cox
 * mail --oauth2-login): consent in a browser, its address pasted back.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "send.h"

#define OAUTH2_TIMEOUT	30	/* seconds for one request */
#define OAUTH2_MARGIN	60	/* a token this close to its end is old */
#define OAUTH2_ANSWER_MAX (64 * 1024)

struct oauth2 {
	const struct config *conf;
	const char	*token_url;
	const char	*client_id;
	const char	*scope;		/* NULL: the one granted at login */
	char		 who[160];	/* "Google", or the endpoint's host */
	char		*access;	/* the bearer token; secret_free() */
	time_t		 expires;
};

/*
 * Whether [section] key (imap_auth, auth) asks for oauth2: *on is 1 for
 * "oauth2", 0 for "password" or unset; -1 (reported) for anything else.
 */
int
oauth2_wanted(const struct config *conf, const char *section,
    const char *key, int *on)
{
	const char	*v = config_get(conf, section, key);

	*on = v != NULL && strcmp(v, "oauth2") == 0;
	if (v == NULL || *on || strcmp(v, "password") == 0)
		return 0;
	config_bad(conf, section, key, "write password or oauth2");
	return -1;
}

/*
 * Who answers at url, for people to read ("Google", "Microsoft", or the
 * host), into who; -1 when url is not https, or http to this machine
 * (the tests' endpoint: url_loopback()), or does not parse.
 */
static int
oauth2_endpoint(const char *url, char *who, size_t size)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL;
	size_t	 n;
	int	 rc = -1;

	if ((u = curl_url()) == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if (strcmp(scheme, "https") != 0 && (strcmp(scheme, "http") != 0 ||
	    !url_loopback(url)))
		goto out;
	n = strlen(host);
	if ((n >= 10 && !strcmp(host + n - 10, "google.com")) ||
	    (n >= 14 && !strcmp(host + n - 14, "googleapis.com")))
		snprintf(who, size, "Google");
	else if (n >= 19 && !strcmp(host + n - 19, "microsoftonline.com"))
		snprintf(who, size, "Microsoft");
	else
		snprintf(who, size, "the token endpoint %s", host);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/*
 * [oauth2] of cox.conf into *out (oauth2_free() frees it).  Returns
 * OUT_OK, or OUT_CONFIG (reported) when a key is missing or wrong.  The
 * secrets are read when a token is asked for, not here.
 */
enum outcome
oauth2_open(const struct config *conf, struct oauth2 **out)
{
	struct oauth2	*o;

	*out = NULL;
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		log_error("out of memory");
		return OUT_FAILED;
	}
	o->conf = conf;
	o->scope = config_get(conf, "oauth2", "scope");
	if (config_require(conf, "oauth2", "token_url", "put the provider's "
	    "token endpoint, e.g. https://oauth2.googleapis.com/token",
	    &o->token_url) == -1 ||
	    config_require(conf, "oauth2", "client_id", "copy the client id "
	    "of the app you registered (cox-setup(7))", &o->client_id) == -1)
		goto bad;
	if (oauth2_endpoint(o->token_url, o->who, sizeof(o->who)) == -1) {
		config_bad(conf, "oauth2", "token_url", "give an https:// "
		    "address (plain http only to 127.0.0.1, [::1] or "
		    "localhost)");
		goto bad;
	}
	*out = o;
	return OUT_OK;
bad:
	free(o);
	return OUT_CONFIG;
}

void
oauth2_free(struct oauth2 *o)
{
	if (o == NULL)
		return;
	secret_free(o->access);
	free(o);
}

/* What a request's answer is gathered into, up to max bytes. */
struct answer {
	struct buf	 b;
	size_t		 max;
};

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct answer	*a = arg;

	if (a->b.len + size * n > a->max || buf_add(&a->b, p, size * n) == -1)
		return 0;
	return size * n;
}

/*
 * One request for a JSON answer, as the token endpoints and the
 * Concept2 Logbook (concept2.c) are asked: a POST of form (NULL: a GET)
 * to url, which the caller checked is https (or http to this machine),
 * with the header lines of headers (NULL-terminated, or NULL), an
 * answer of at most max bytes within timeout seconds.  Its JSON into
 * *answer (the caller json_decref()s it; NULL when it was none) and the
 * HTTP status into *code.  OUT_OK when an answer came; OUT_RETRY when
 * none did, with curl's words for why in *why (NULL: curl would not
 * start), which the caller logs as it names the other end.
 */
enum outcome
oauth2_fetch(const char *url, const char *form, const char *const *headers,
    size_t max, long timeout, struct json_t **answer, long *code,
    const char **why)
{
	struct answer		 resp = { .b = { .wipe = 1 }, .max = max };
	struct curl_slist	*h = NULL;
	CURL			*c;
	CURLcode		 rc;

	*answer = NULL;
	*code = 0;
	*why = NULL;
	if ((c = curl_easy_init()) == NULL)
		return OUT_RETRY;
	for (; headers != NULL && *headers != NULL; headers++)
		h = curl_slist_append(h, *headers);
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (h != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (form != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, code);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		*why = curl_easy_strerror(rc);
		buf_free(&resp.b);
		return OUT_RETRY;
	}
	if (resp.b.len > 0)
		*answer = json_loadb(resp.b.data, resp.b.len, 0, NULL);
	buf_free(&resp.b);
	return OUT_OK;
}

/*
 * The form of a request to the token endpoint, grant (the grant's own
 * fields, escaped) first, then the client's: into form.  0 or -1.
 */
static int
oauth2_form(const struct oauth2 *o, const char *grant, struct buf *form)
{
	char	*secret = NULL;
	int	 rc = -1;

	if (buf_puts(form, grant) == -1 ||
	    buf_puts(form, "&client_id=") == -1 ||
	    url_encode(o->client_id, form) == -1)
		goto out;
	if (o->scope != NULL && (buf_puts(form, "&scope=") == -1 ||
	    url_encode(o->scope, form) == -1))
		goto out;
	/* Google's clients have a secret, Microsoft's public ones none */
	if (config_has_secret(o->conf, "oauth2", "client_secret")) {
		if (config_secret(o->conf, "oauth2", "client_secret",
		    &secret) == -1)
			goto out;
		if (buf_puts(form, "&client_secret=") == -1 ||
		    url_encode(secret, form) == -1)
			goto out;
	}
	rc = buf_failed(form) ? -1 : 0;
out:
	secret_free(secret);
	return rc;
}

/*
 * Posts form to the token endpoint; the JSON answer into *answer (the
 * caller json_decref()s it; NULL when it was none) and the HTTP status
 * into *code.  Returns OUT_OK when an answer came, OUT_RETRY (logged)
 * when the endpoint could not be reached.
 */
static enum outcome
oauth2_post(const struct oauth2 *o, const struct buf *form, json_t **answer,
    long *code)
{
	const char	*why;

	if (oauth2_fetch(o->token_url, form->data, NULL, OAUTH2_ANSWER_MAX,
	    OAUTH2_TIMEOUT, answer, code, &why) == OUT_OK)
		return OUT_OK;
	if (why != NULL)
		log_error("%s cannot be reached for an access token: %s",
		    o->who, why);
	return OUT_RETRY;
}

/*
 * What an endpoint's error answer means, in words, logged.  Returns
 * OUT_DENIED for a refusal that will not change by itself, OUT_RETRY
 * for a passing one (429, 5xx, an answer that is not OAuth's).
 */
static enum outcome
oauth2_refused(const struct oauth2 *o, const json_t *answer, long code)
{
	const char	*err = json_string_value(json_object_get(answer,
			    "error"));
	const char	*file = config_get(o->conf, "oauth2",
			    "refresh_token_file");

	if (err == NULL || code == 429 || code >= 500) {
		log_error("%s answered HTTP %ld to a token request; trying "
		    "again later", o->who, code);
		return OUT_RETRY;
	}
	if (strcmp(err, "invalid_grant") == 0)
		log_error("%s refused the refresh token (invalid_grant): the "
		    "app's consent was revoked or the token expired; make a "
		    "new one with cox mail --oauth2-login and put it in %s "
		    "(cox-setup(7))", o->who, file != NULL ? file :
		    "[oauth2] refresh_token_file");
	else if (strcmp(err, "invalid_client") == 0 ||
	    strcmp(err, "unauthorized_client") == 0)
		log_error("%s refused the app (%s): check [oauth2] client_id "
		    "and client_secret_file against the app's registration "
		    "(cox-setup(7))", o->who, err);
	else
		log_error("%s refused the token request (%.64s): check "
		    "[oauth2] in cox.conf against cox-setup(7)", o->who, err);
	return OUT_DENIED;
}

/*
 * Writes refresh token tok to [oauth2] refresh_token_file, replacing
 * the file whole, mode 600.  Returns 0, or -1 (logged).
 */
static int
oauth2_store(const struct oauth2 *o, const char *tok)
{
	const char	*file = config_get(o->conf, "oauth2",
			    "refresh_token_file");
	struct buf	 b = { .wipe = 1 };
	int		 rc = -1;

	if (file == NULL || getenv("COX_OAUTH2_REFRESH_TOKEN") != NULL) {
		log_warn("%s handed out a refresh token, which cannot be kept "
		    "while it comes from the environment: name a file cox "
		    "may write with [oauth2] refresh_token_file", o->who);
		return -1;
	}
	if (buf_printf(&b, "%s\n", tok) == -1 ||
	    file_replace(file, b.data, b.len, 0600, FILE_DURABLE) == -1)
		log_warn("%s handed out a refresh token, but %s could not be "
		    "replaced (above): let the user cox runs as write that "
		    "folder", o->who, file);
	else
		rc = 0;
	buf_free(&b);
	return rc;
}

/*
 * Keeps a refresh token the endpoint handed out in place of the one
 * sent: the file is replaced whole, mode 600.  A failure is logged and
 * nothing more: the old token still works for a while.
 */
static void
oauth2_keep_refresh(const struct oauth2 *o, const char *sent,
    const char *got)
{
	const char	*file = config_get(o->conf, "oauth2",
			    "refresh_token_file");

	if (got == NULL || *got == '\0' || strcmp(sent, got) == 0)
		return;
	if (oauth2_store(o, got) == 0)
		log_info("%s handed out a new refresh token; kept in %s",
		    o->who, file);
}

/* The access token of a good answer into o; OUT_OK or OUT_RETRY. */
static enum outcome
oauth2_take(struct oauth2 *o, const json_t *answer, const char *refresh)
{
	const char	*tok = json_string_value(json_object_get(answer,
			    "access_token"));
	json_int_t	 life = json_integer_value(json_object_get(answer,
			    "expires_in"));

	if (tok == NULL || *tok == '\0') {
		log_error("%s answered without an access token; trying again "
		    "later", o->who);
		return OUT_RETRY;
	}
	secret_free(o->access);
	if ((o->access = xstrdup(tok)) == NULL)
		return OUT_FAILED;
	if (life <= 0 || life > 86400)
		life = 3600;	/* said as a string, or not at all */
	o->expires = time(NULL) + (time_t)life;
	oauth2_keep_refresh(o, refresh, json_string_value(json_object_get(
	    answer, "refresh_token")));
	return OUT_OK;
}

/*
 * The access token to present, in *token (o's, valid until the next
 * call): the one held while it has a minute left, unless again says the
 * server refused it, else a new one for the refresh token.  Returns
 * OUT_OK, OUT_CONFIG (a secret missing), OUT_DENIED (the endpoint
 * refused; why logged) or OUT_RETRY.
 */
enum outcome
oauth2_token(struct oauth2 *o, int again, const char **token)
{
	struct buf	 form = { .wipe = 1 };
	json_t		*answer = NULL;
	char		*refresh = NULL;
	long		 code;
	enum outcome	 r = OUT_CONFIG;

	*token = NULL;
	if (!again && o->access != NULL &&
	    time(NULL) + OAUTH2_MARGIN < o->expires) {
		*token = o->access;
		return OUT_OK;
	}
	if (config_secret(o->conf, "oauth2", "refresh_token", &refresh) == -1)
		goto out;
	r = OUT_FAILED;
	if (buf_puts(&form, "grant_type=refresh_token&refresh_token=") ==
	    -1 || url_encode(refresh, &form) == -1 ||
	    oauth2_form(o, "", &form) == -1)
		goto out;
	if ((r = oauth2_post(o, &form, &answer, &code)) != OUT_OK)
		goto out;
	if (code == 200)
		r = oauth2_take(o, answer, refresh);
	else
		r = oauth2_refused(o, answer, code);
	if (r == OUT_OK)
		*token = o->access;
out:
	json_decref(answer);
	buf_free(&form);
	secret_free(refresh);
	return r;
}

/*
 * The address a person opens to let cox read the mailbox: the provider's
 * consent page ([oauth2] auth_url) for this client and scope, asking for
 * a refresh token (access_type, prompt: Google's words; Microsoft gives
 * one for the offline_access scope), with a PKCE challenge (RFC 7636)
 * and state.  Into url; 0 or -1.
 */
static int
oauth2_consent_url(const struct oauth2 *o, const char *auth_url,
    const char *redirect, const char *state, const char *challenge,
    struct buf *url)
{
	buf_printf(url, "%s%sresponse_type=code&access_type=offline&"
	    "prompt=consent&code_challenge_method=S256&code_challenge=%s&"
	    "state=%s&client_id=", auth_url, strchr(auth_url, '?') != NULL ?
	    "&" : "?", challenge, state);
	url_encode(o->client_id, url);
	buf_puts(url, "&redirect_uri=");
	url_encode(redirect, url);
	buf_puts(url, "&scope=");
	url_encode(o->scope, url);
	return buf_failed(url) ? -1 : 0;
}

/* A copy of URL-encoded s, decoded; the caller secret_free()s it. */
static char *
oauth2_unescape(const char *s)
{
	char	*d, *copy;

	if ((d = curl_easy_unescape(NULL, s, 0, NULL)) == NULL)
		return NULL;
	copy = xstrdup(d);
	sodium_memzero(d, strlen(d));
	curl_free(d);
	return copy;
}

/*
 * A PKCE verifier (RFC 7636 §4.1: 43 characters of base64url) and its
 * S256 challenge; 0 or -1.
 */
static int
oauth2_pkce(char *verifier, size_t vsize, char *challenge, size_t csize)
{
	unsigned char	 hash[crypto_hash_sha256_BYTES];

	if (random_token(verifier, vsize, 32) == -1 ||
	    csize < sodium_base64_ENCODED_LEN(sizeof(hash),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	crypto_hash_sha256(hash, (const unsigned char *)verifier,
	    strlen(verifier));
	sodium_bin2base64(challenge, csize, hash, sizeof(hash),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/*
 * The code in what a person pasted: the address the browser was sent to
 * (http://127.0.0.1/?code=...&state=...), whose state must be ours, or
 * the code alone.  Into *code (the caller frees it with secret_free());
 * OUT_OK, or OUT_DENIED (logged) when the provider said no or the state
 * is not ours.
 */
static enum outcome
oauth2_pasted(char *line, const char *state, char **code)
{
	char	*p, *field, *v, *got_state = NULL;
	enum outcome r = OUT_DENIED;

	*code = NULL;
	line[strcspn(line, "\r\n")] = '\0';
	if (*line == '\0') {
		log_error("nothing was pasted; no refresh token was made");
		return OUT_DENIED;
	}
	if ((p = strchr(line, '?')) == NULL)
		return (*code = xstrdup(line)) == NULL ? OUT_FAILED : OUT_OK;
	for (p++; (field = strsep(&p, "&#")) != NULL; ) {
		if ((v = strchr(field, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(field, "error") == 0) {
			log_error("the provider did not give a code (%.64s): "
			    "consent was refused, or the app's settings are "
			    "wrong (cox-setup(7))", v);
			goto out;
		}
		if (strcmp(field, "code") == 0 && *code == NULL)
			*code = oauth2_unescape(v);
		else if (strcmp(field, "state") == 0)
			got_state = v;
	}
	if (*code != NULL && got_state != NULL && strcmp(got_state, state) == 0)
		r = OUT_OK;
	else
		log_error("that address has no code, or was not made for this "
		    "login (its state differs): paste the address of the "
		    "page the browser went to at the end, whole");
out:
	if (r != OUT_OK && *code != NULL) {
		secret_free(*code);
		*code = NULL;
	}
	return r;
}

/*
 * Trades code for tokens, redirect and verifier as at consent, and
 * keeps the refresh token.  OUT_OK, OUT_DENIED or OUT_RETRY (logged).
 */
static enum outcome
oauth2_redeem(struct oauth2 *o, const char *code, const char *redirect,
    const char *verifier)
{
	struct buf	 form = { .wipe = 1 };
	json_t		*answer = NULL;
	const char	*refresh;
	long		 http;
	enum outcome	 r = OUT_FAILED;

	buf_puts(&form, "grant_type=authorization_code&code=");
	url_encode(code, &form);
	buf_printf(&form, "&code_verifier=%s&redirect_uri=", verifier);
	url_encode(redirect, &form);
	if (buf_failed(&form) || oauth2_form(o, "", &form) == -1)
		goto out;
	if ((r = oauth2_post(o, &form, &answer, &http)) != OUT_OK)
		goto out;
	if (http != 200) {
		r = oauth2_refused(o, answer, http);
		goto out;
	}
	refresh = json_string_value(json_object_get(answer, "refresh_token"));
	r = OUT_DENIED;
	if (refresh == NULL)
		log_error("%s gave no refresh token: for Google, ask again "
		    "(consent is asked each time); for Microsoft, add "
		    "offline_access to [oauth2] scope", o->who);
	else if (oauth2_store(o, refresh) == 0)
		r = OUT_OK;
out:
	json_decref(answer);
	buf_free(&form);
	return r;
}

/*
 * cox mail --oauth2-login: the first refresh token, by the
 * authorization code flow (RFC 6749 §4.1) with PKCE.  It prints the
 * consent address on out, for a browser on any machine; the provider
 * then sends the browser to [oauth2] redirect_uri (default
 * http://127.0.0.1), where nothing answers: the person pastes that
 * address (or the code alone) on in.  Works with Google and Microsoft
 * alike, where the device flow does not (Google keeps it from mail
 * scopes).  Returns OUT_OK, OUT_CONFIG, OUT_DENIED or OUT_RETRY.
 */
enum outcome
oauth2_login(const struct config *conf, FILE *in, FILE *out)
{
	struct oauth2	*o = NULL;
	struct buf	 url = { 0 };
	const char	*auth_url, *redirect, *file;
	char		 verifier[64], challenge[64], state[32], line[4096];
	char		*code = NULL;
	enum outcome	 r;

	if ((r = oauth2_open(conf, &o)) != OUT_OK)
		return r;
	r = OUT_CONFIG;
	if (config_require(conf, "oauth2", "auth_url", "put the provider's "
	    "consent page, e.g. https://accounts.google.com/o/oauth2/v2/auth",
	    &auth_url) == -1 || config_require(conf, "oauth2", "scope",
	    "put https://mail.google.com/ for Gmail (cox-setup(7))",
	    &o->scope) == -1 || config_require(conf, "oauth2",
	    "refresh_token_file", "name the file cox keeps the refresh token "
	    "in (mode 600)", &file) == -1)
		goto out;
	if ((redirect = config_get(conf, "oauth2", "redirect_uri")) == NULL)
		redirect = "http://127.0.0.1";
	r = OUT_FAILED;
	if (oauth2_pkce(verifier, sizeof(verifier), challenge,
	    sizeof(challenge)) == -1 ||
	    random_token(state, sizeof(state), 12) == -1 ||
	    oauth2_consent_url(o, auth_url, redirect, state, challenge,
	    &url) == -1)
		goto out;
	fprintf(out, "Open this address in a browser, signed in as the "
	    "mailbox cox reads, and allow access:\n\n%s\n\nThe browser then "
	    "goes to %s and finds nothing there. Copy that address from the "
	    "address bar, whole, and paste it here:\n", url.data, redirect);
	fflush(out);
	line[0] = '\0';
	if (fgets(line, sizeof(line), in) == NULL)
		line[0] = '\0';
	if ((r = oauth2_pasted(line, state, &code)) == OUT_OK &&
	    (r = oauth2_redeem(o, code, redirect, verifier)) == OUT_OK)
		fprintf(out, "The refresh token is kept in %s (mode 600); cox "
		    "mail --imap and the outbox log in with it.\n", file);
out:
	sodium_memzero(line, sizeof(line));
	sodium_memzero(verifier, sizeof(verifier));
	secret_free(code);
	buf_free(&url);
	oauth2_free(o);
	return r;
}
