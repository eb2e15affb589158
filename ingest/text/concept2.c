/*
 * concept2.c - the Concept2 Logbook over HTTP: [concept2] of cox.conf
 * names the club's application (client_id, client_secret_file) and
 * base_url (https://log.concept2.com unless a test points it at its
 * own server).  An athlete's authorisation code is exchanged for
 * tokens (OAuth 2.0 with PKCE, RFC 7636), the tokens refreshed when
 * they run out, and each linked athlete's new results fetched from GET
 * /api/users/me/results, page by page as the Logbook's documentation
 * gives its meta.pagination; lib/logbook.c keeps what comes.
 *
 * Every request goes over TLS with the certificate checked; plain http
 * only to this machine (url_loopback()), for the tests' fake Logbook.
 * A token is never logged.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "text.h"

/*
 * the athletes whose results may be fetched: linked, not asked to
 * link again, on the roster, and not having withdrawn consent to
 * the monitoring of their training
 */
STMT(STMT_C2_LINKED,
    "SELECT l.person_id FROM concept2_link l JOIN person p ON "
    "p.id = l.person_id WHERE l.relink = 0 AND p.active = 1 AND "
    "NOT EXISTS (SELECT 1 FROM consent c WHERE c.person_id = p.id "
    "AND c.kind = 'wellness' AND c.withdrawn_at IS NOT NULL) "
    "ORDER BY l.person_id");
STMT(STMT_C2_RELINK,
    "UPDATE concept2_link SET relink = 1 WHERE person_id = ?1");
STMT(STMT_C2_SYNCED,
    "UPDATE concept2_link SET synced_at = ?2 WHERE person_id = ?1");

#define C2_BASE		"https://log.concept2.com"
#define C2_TIMEOUT	30
#define C2_ANSWER_MAX	(4 * 1024 * 1024)
#define C2_PAGES_MAX	200	/* a sync stops there, for the next run */
#define C2_MARGIN	60	/* a token this close to its end is old */

struct concept2 {
	const struct config	*conf;
	const char		*base;		/* no trailing '/' */
	const char		*client_id;
	char			 base_copy[512];
};

/*
 * [concept2] into *out (concept2_free()).  OUT_OK, or OUT_CONFIG
 * (reported) when client_id is missing or base_url is neither https
 * nor http to this machine.
 */
enum outcome
concept2_open(const struct config *conf, struct concept2 **out)
{
	struct concept2	*c;
	const char	*base = config_get(conf, "concept2", "base_url");
	size_t		 n;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return OUT_FAILED;
	c->conf = conf;
	snprintf(c->base_copy, sizeof(c->base_copy), "%s", base ? base :
	    C2_BASE);
	n = strlen(c->base_copy);
	while (n > 0 && c->base_copy[n - 1] == '/')
		c->base_copy[--n] = '\0';
	c->base = c->base_copy;
	if (config_require(conf, "concept2", "client_id", "copy the client "
	    "id of the application the club registered with Concept2 "
	    "(cox-setup(7))", &c->client_id) == -1)
		goto bad;
	if (strncmp(c->base, "https://", 8) != 0 &&
	    (strncmp(c->base, "http://", 7) != 0 || !url_loopback(c->base))) {
		config_bad(conf, "concept2", "base_url", "give an https:// "
		    "address (plain http only to 127.0.0.1, [::1] or "
		    "localhost)");
		goto bad;
	}
	*out = c;
	return OUT_OK;
bad:
	free(c);
	return OUT_CONFIG;
}

void
concept2_free(struct concept2 *c)
{
	free(c);
}

/* [concept2] base_url's authorisation page, for the link an athlete gets. */
const char *
concept2_base(const struct concept2 *c)
{
	return c->base;
}

const char *
concept2_client_id(const struct concept2 *c)
{
	return c->client_id;
}

/*
 * One request to the Logbook at path: a POST of form when form is not
 * NULL, else a GET with bearer (the access token).  Its JSON answer
 * into *answer (NULL when none) and its HTTP status into *code.
 * OUT_OK when an answer came, OUT_RETRY (logged) when none did.
 */
static enum outcome
c2_request(const struct concept2 *c, const char *path, const struct buf *form,
    const char *bearer, json_t **answer, long *code)
{
	struct buf	 url = { 0 }, auth = { .wipe = 1 };
	const char	*h[3] = { "Accept: application/vnd.c2logbook.v1+json" };
	const char	*why = NULL;
	enum outcome	 rc = OUT_RETRY;

	*answer = NULL;
	*code = 0;
	buf_printf(&url, "%s%s", c->base, path);
	if (bearer != NULL) {
		buf_printf(&auth, "Authorization: Bearer %s", bearer);
		h[1] = auth.data;
	}
	if (!buf_failed(&url) && !buf_failed(&auth))
		rc = oauth2_fetch(url.data, form != NULL ? form->data : NULL,
		    h, C2_ANSWER_MAX, C2_TIMEOUT, answer, code, &why);
	buf_free(&url);
	buf_free(&auth);
	if (rc != OUT_OK)
		log_error("the Concept2 Logbook cannot be reached: %s",
		    why != NULL ? why : curl_easy_strerror(CURLE_FAILED_INIT));
	return rc;
}

/*
 * A token request's form: grant (its own fields, escaped) and the
 * client's id and secret ([concept2] client_secret_file).  0 or -1.
 */
static int
c2_form(const struct concept2 *c, const char *grant, struct buf *form)
{
	char	*secret = NULL;
	int	 rc = -1;

	if (config_secret(c->conf, "concept2", "client_secret", &secret) ==
	    -1)
		return -1;
	if (buf_puts(form, grant) == 0 && buf_puts(form, "&client_id=") ==
	    0 && url_encode(c->client_id, form) == 0 &&
	    buf_puts(form, "&client_secret=") == 0 &&
	    url_encode(secret, form) == 0)
		rc = buf_failed(form) ? -1 : 0;
	secret_free(secret);
	return rc;
}

/*
 * Posts a token request and takes its tokens into *t: OUT_OK, OUT_DENIED
 * when the Logbook refused the grant (a 4xx: revoked, used, made up),
 * OUT_RETRY when it could not say.
 */
static enum outcome
c2_token(const struct concept2 *c, const struct buf *form, time_t now,
    struct logbook_tokens *t)
{
	json_t		*a = NULL;
	long		 code;
	enum outcome	 rc;
	const char	*acc, *ref;
	json_int_t	 life;

	if ((rc = c2_request(c, "/oauth/access_token", form, NULL, &a,
	    &code)) != OUT_OK)
		return rc;
	acc = json_string_value(json_object_get(a, "access_token"));
	ref = json_string_value(json_object_get(a, "refresh_token"));
	life = json_integer_value(json_object_get(a, "expires_in"));
	if (code >= 400 && code < 500 && code != 429) {
		log_warn("the Concept2 Logbook refused a token request "
		    "(HTTP %ld)", code);
		rc = OUT_DENIED;
	} else if (code != 200 || acc == NULL || ref == NULL) {
		log_error("the Concept2 Logbook answered HTTP %ld to a token "
		    "request; trying again later", code);
		rc = OUT_RETRY;
	} else {
		logbook_tokens_clear(t);
		t->access = xstrdup(acc);
		t->refresh = xstrdup(ref);
		t->expires = now + (time_t)(life > 0 ? life : 3600);
		rc = t->access && t->refresh ? OUT_OK : OUT_FAILED;
	}
	json_decref(a);
	return rc;
}

/*
 * The tokens for an athlete's authorisation code (sent to redirect,
 * with the PKCE verifier the link was made with) into *t.  As c2_token().
 */
enum outcome
concept2_exchange(const struct concept2 *c, const char *code,
    const char *verifier, const char *redirect, time_t now,
    struct logbook_tokens *t)
{
	struct buf	 grant = { .wipe = 1 }, form = { .wipe = 1 };
	enum outcome	 rc = OUT_FAILED;

	buf_puts(&grant, "grant_type=authorization_code&code=");
	url_encode(code, &grant);
	buf_puts(&grant, "&code_verifier=");
	url_encode(verifier, &grant);
	buf_puts(&grant, "&redirect_uri=");
	url_encode(redirect, &grant);
	buf_puts(&grant, "&scope=results:read");
	if (!buf_failed(&grant) && c2_form(c, grant.data, &form) == 0)
		rc = c2_token(c, &form, now, t);
	buf_free(&grant);
	buf_free(&form);
	return rc;
}

/* New tokens for t's refresh token, into t.  As c2_token(). */
static enum outcome
c2_refresh(const struct concept2 *c, time_t now, struct logbook_tokens *t)
{
	struct buf	 grant = { .wipe = 1 }, form = { .wipe = 1 };
	enum outcome	 rc = OUT_FAILED;

	buf_puts(&grant, "grant_type=refresh_token&refresh_token=");
	url_encode(t->refresh, &grant);
	buf_puts(&grant, "&scope=results:read");
	if (!buf_failed(&grant) && c2_form(c, grant.data, &form) == 0)
		rc = c2_token(c, &form, now, t);
	buf_free(&grant);
	buf_free(&form);
	return rc;
}

/*
 * One result of the Logbook's data array into *r: its id, the day of
 * its date ("2026-11-20 07:30:00"), distance, time (tenths), and stroke
 * rate and drag factor when given.  -1 when it lacks one of the first.
 */
static int
c2_result(const json_t *o, struct logbook_result *r)
{
	const char	*date = json_string_value(json_object_get(o, "date"));

	memset(r, 0, sizeof(*r));
	r->id = json_integer_value(json_object_get(o, "id"));
	r->distance = (long)json_integer_value(json_object_get(o,
	    "distance"));
	r->time = (long)json_integer_value(json_object_get(o, "time"));
	r->stroke_rate = (long)json_integer_value(json_object_get(o,
	    "stroke_rate"));
	r->drag_factor = (long)json_integer_value(json_object_get(o,
	    "drag_factor"));
	if (r->id <= 0 || date == NULL || strlen(date) < 10 ||
	    r->distance <= 0 || r->time <= 0)
		return -1;
	memcpy(r->day, date, 10);
	r->day[10] = '\0';
	return day_parse(r->day, r->day);
}

/*
 * The results of one athlete, page by page, each kept (lib/logbook.c)
 * and counted into tally[0] (tests), tally[1] (sessions); a page that
 * brings nothing new ends it (the Logbook lists the newest first).
 * OUT_OK, OUT_DENIED (401: the tokens were refused), OUT_RETRY.
 */
static enum outcome
c2_pages(const struct concept2 *c, struct db *db, const struct metric_set *ms,
    int64_t athlete, const char *access, time_t now, int tally[2])
{
	struct logbook_result	 r;
	json_t			*a = NULL, *data, *o;
	char			 path[96];
	long			 code, page = 1, pages = 1;
	size_t			 i, idx;
	long			 kept;
	int			 fresh, rc2;
	enum outcome		 rc = OUT_OK;

	for (; page <= pages && page <= C2_PAGES_MAX && rc == OUT_OK; page++) {
		snprintf(path, sizeof(path), "/api/users/me/results?page=%ld",
		    page);
		if ((rc = c2_request(c, path, NULL, access, &a, &code)) !=
		    OUT_OK)
			break;
		if (code == 401) {
			rc = OUT_DENIED;
			break;
		}
		if (code != 200 || !json_is_array(data = json_object_get(a,
		    "data"))) {
			log_error("the Concept2 Logbook answered HTTP %ld to "
			    "the results; trying again later", code);
			rc = OUT_RETRY;
			break;
		}
		pages = (long)json_integer_value(json_object_get(
		    json_object_get(json_object_get(a, "meta"), "pagination"),
		    "total_pages"));
		fresh = 0;
		json_array_foreach(data, i, o) {
			if (c2_result(o, &r) == -1)
				continue;
			if ((rc2 = logbook_result_keep(db, ms, athlete, &r,
			    now)) == -1) {
				rc = OUT_FAILED;
				break;
			}
			fresh += rc2;
			if (rc2)
				tally[logbook_match(ms, r.distance, r.time,
				    &idx, &kept) ? 0 : 1]++;
		}
		json_decref(a);
		a = NULL;
		if (fresh == 0)
			break;
	}
	json_decref(a);
	return rc;
}

/*
 * Tells athlete their link to the Logbook was refused (revoked from
 * their Concept2 account, or run out) and how to make it again; the
 * link is marked, so nothing is fetched until they do.  Nothing they
 * had is lost.
 */
static int
c2_refused(struct db *db, int64_t athlete)
{
	struct buf	 body = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .person = athlete,
			    .kind = "concept2" };
	enum reach	 why;
	int		 rc = -1;

	if (db_exec(db, STMT_C2_RELINK, "i", athlete) == -1)
		return -1;
	if (words_printf(&body, NULL, "sms.erg_relink") == -1)
		goto out;
	m.body = body.data;
	rc = message_queue(db, &m, &why) == OUT_FAILED ? -1 : 0;
out:
	buf_free(&body);
	return rc;
}

/*
 * One athlete's new results, in the caller's transaction: their tokens
 * refreshed first when they run out (and kept), then the pages.
 */
static enum outcome
c2_athlete(const struct concept2 *c, struct db *db,
    const struct metric_set *ms, int64_t athlete, time_t now, int tally[2])
{
	struct logbook_tokens	 t;
	enum outcome		 rc;

	if ((rc = logbook_link_get(db, athlete, &t)) != OUT_OK)
		return rc == OUT_NOTFOUND ? OUT_OK : rc;
	if (t.expires <= now + C2_MARGIN) {
		if ((rc = c2_refresh(c, now, &t)) == OUT_OK &&
		    logbook_link_put(db, athlete, &t, now) == -1)
			rc = OUT_FAILED;
	}
	if (rc == OUT_OK)
		rc = c2_pages(c, db, ms, athlete, t.access, now, tally);
	if (rc == OUT_DENIED)
		rc = c2_refused(db, athlete) == 0 ? OUT_DENIED : OUT_FAILED;
	else if (rc == OUT_OK && db_exec(db, STMT_C2_SYNCED, "ii", athlete,
	    (int64_t)now) == -1)
		rc = OUT_FAILED;
	logbook_tokens_clear(&t);
	return rc;
}

/*
 * cox erg sync: every linked athlete's new results (STMT_C2_LINKED
 * says who may be fetched: linked, on the roster, consent not
 * withdrawn), each athlete in a transaction of their own.  What came
 * into s.  OUT_OK, OUT_RETRY when the Logbook could not be asked for
 * one (the others are kept), OUT_FAILED.
 */
enum outcome
concept2_sync(const struct concept2 *c, struct db *db, time_t now,
    struct concept2_tally *s)
{
	struct metric_set	 ms;
	sqlite3_stmt		*st;
	int64_t			*who = NULL, *grown;
	size_t			 n = 0, i;
	enum outcome		 rc = OUT_OK, one;
	int			 tally[2];

	memset(s, 0, sizeof(*s));
	if (metric_set_load(db, &ms) == -1)
		return OUT_FAILED;
	st = db_query(db, STMT_C2_LINKED, "");
	while ((one = db_row(db, st)) == OUT_ROW) {
		if ((grown = reallocarray(who, n + 1, sizeof(*who))) == NULL) {
			sqlite3_reset(st);
			one = OUT_FAILED;
			break;
		}
		who = grown;
		who[n++] = sqlite3_column_int64(st, 0);
	}
	if (one != OUT_OK)
		rc = OUT_FAILED;
	for (i = 0; i < n && rc != OUT_FAILED; i++) {
		tally[0] = tally[1] = 0;
		if (db_begin(db) == -1) {
			rc = OUT_FAILED;
			break;
		}
		one = c2_athlete(c, db, &ms, who[i], now, tally);
		if (one == OUT_FAILED || db_commit(db) == -1) {
			db_rollback(db);
			rc = OUT_FAILED;
			break;
		}
		s->athletes++;
		s->tests += tally[0];
		s->sessions += tally[1];
		s->refused += one == OUT_DENIED;
		if (one == OUT_RETRY)
			rc = OUT_RETRY;
	}
	free(who);
	metric_set_free(&ms);
	return rc;
}

/*
 * GET /concept2/start?s=STATE, the link an athlete was texted: when
 * STATE is pending, the Logbook's authorisation page for it into
 * *location (the caller frees it): the club's client id, the read
 * scope, this daemon's callback, the state and its PKCE challenge.
 * 1, 0 when STATE is not pending, -1.
 */
int
concept2_start(const struct concept2 *c, struct db *db,
    const char *public_url, const char *state, time_t now, char **location)
{
	char		 challenge[LOGBOOK_TOKEN_MAX];
	struct buf	 b = { 0 };
	int		 rc;

	*location = NULL;
	if (state == NULL || strlen(state) >= LOGBOOK_TOKEN_MAX)
		return 0;
	if ((rc = logbook_state_peek(db, state, now, challenge)) != 1)
		return rc;
	buf_printf(&b, "%s/oauth/authorize?client_id=", c->base);
	url_encode(c->client_id, &b);
	buf_puts(&b, "&response_type=code&scope=results:read&redirect_uri=");
	url_encode(public_url, &b);
	buf_puts(&b, "%2Fconcept2%2Fcallback&state=");
	url_encode(state, &b);
	buf_puts(&b, "&code_challenge=");
	buf_puts(&b, challenge);
	buf_puts(&b, "&code_challenge_method=S256");
	if (buf_failed(&b))
		return -1;
	*location = buf_steal(&b);
	return 1;
}

/*
 * GET /concept2/callback?code=CODE&state=STATE, where the Logbook sends
 * the athlete back: the state taken (once), the code exchanged with its
 * verifier, and the tokens kept for the person the state was made for.
 * 1 when linked, 2 when the athlete did not allow it (the Logbook sent
 * her back with an error and no code: the state is spent, nothing
 * kept), 0 when not linked otherwise (a state not pending, or the
 * Logbook refused the code), -1 on a database error.  *who is the
 * person the state was made for (0 when none), whose language the page
 * she sees speaks.
 */
int
concept2_callback(const struct concept2 *c, struct db *db,
    const char *public_url, const char *state, const char *code, time_t now,
    int64_t *who)
{
	struct logbook_tokens	 t = { 0 };
	struct buf		 redirect = { 0 };
	char			 verifier[LOGBOOK_TOKEN_MAX];
	int64_t			 person;
	enum outcome		 rc;
	int			 linked = 0;

	*who = 0;
	if (state == NULL || strlen(state) >= LOGBOOK_TOKEN_MAX)
		return 0;
	if ((rc = logbook_state_take(db, state, now, &person, verifier)) !=
	    OUT_OK)
		return rc == OUT_NOTFOUND ? 0 : -1;
	*who = person;
	if (code == NULL || *code == '\0') {
		sodium_memzero(verifier, sizeof(verifier));
		return 2;	/* the athlete said no: the state is spent */
	}
	if (buf_printf(&redirect, "%s/concept2/callback", public_url) == -1)
		return -1;
	if (concept2_exchange(c, code, verifier, redirect.data, now, &t) ==
	    OUT_OK) {
		if (logbook_link_put(db, person, &t, now) == -1)
			linked = -1;
		else {
			log_info("person %lld linked their Concept2 Logbook",
			    (long long)person);
			linked = 1;
		}
	}
	sodium_memzero(verifier, sizeof(verifier));
	logbook_tokens_clear(&t);
	buf_free(&redirect);
	return linked;
}
