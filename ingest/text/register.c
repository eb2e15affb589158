/*
 * register.c - POST /register of cox sms serve: a new account from the
 * site's register page (the browser made the keys; lib/account.c checks
 * and stores them).  Only the site's origin may ask (CORS), with a
 * small JSON body; refused attempts are counted per address and per
 * invitation.  The request is checked on libmicrohttpd's thread
 * (register_request()), stored on the database thread (register_job())
 * and answered in JSON the site's pages may read (register_answer()).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "text.h"

#define REG_WINDOW	600	/* seconds over which attempts count */
#define REG_PER_ADDRESS	20	/* refused registrations per address */
#define REG_PER_TOKEN	5	/* and per invitation */

/*
 * {"error": why}, the answer the register page shows (why: a
 * page.register_ entry of the catalogue); the caller frees it.  NULL
 * when out of memory.
 */
static char *
register_error(const char *why)
{
	json_t	*j = json_pack("{s:s}", "error", why);
	char	*out = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return out;
}

/*
 * Whether an address or an invitation has had its refused attempts of
 * the window: 1 (said in the log and the answer), 0, or -1.
 */
static int
register_over(struct sms_server *s, struct sms_request *rq,
    const char *token)
{
	int	 by_address, by_token = 0;

	if (account_attempts(s->ws.db, "address", rq->addr, REG_WINDOW,
	    &by_address) == -1 || (token != NULL && account_attempts(
	    s->ws.db, "token", token, REG_WINDOW, &by_token) == -1))
		return -1;
	if (by_address < REG_PER_ADDRESS && by_token < REG_PER_TOKEN)
		return 0;
	log_warn_limited(&s->noted, "registration refused: too many "
	    "attempts from %s or for one invitation", rq->addr);
	rq->http = MHD_HTTP_TOO_MANY_REQUESTS;
	rq->answer = register_error(words_get(NULL,
	    "page.register_attempts"));
	return rq->answer == NULL ? -1 : 1;
}

/* Counts one refused registration for rq's address and token. */
static int
register_count(struct sms_server *s, struct sms_request *rq,
    const char *token)
{
	if (account_attempt(s->ws.db, "address", rq->addr, REG_WINDOW) == -1)
		return -1;
	if (token != NULL && account_attempt(s->ws.db, "token", token,
	    REG_WINDOW) == -1)
		return -1;
	return 0;
}

/*
 * A registration, on the database thread, in the caller's savepoint;
 * its JSON answer and status into rq.  Refused attempts count, in the
 * database (so a restart forgets none), per address and per
 * invitation; a registration that succeeds does not, so a club behind
 * one address can register its whole roster.  Returns 0, or -1 on a
 * database error.
 */
int
register_job(struct sms_server *s, struct sms_request *rq)
{
	struct account_result	 res;
	const char		*why = NULL, *token;
	json_t			*j;
	enum outcome		 out = OUT_FAILED;
	int			 over;

	j = rq->body.data ? json_loadb(rq->body.data, rq->body.len, 0, NULL) :
	    NULL;
	token = json_string_value(json_object_get(j, "token"));
	over = register_over(s, rq, token);
	if (over == 0)
		out = account_register(s->ws.db, rq->body.data ?
		    rq->body.data : "", rq->body.len, &res, &why);
	if (out == OUT_BADINPUT && register_count(s, rq, token) == -1)
		out = OUT_FAILED;
	json_decref(j);
	if (over == 1)
		return 0;	/* over the limit: answered */
	if (over == -1 || out == OUT_FAILED)
		return -1;
	if (out == OUT_BADINPUT) {
		log_warn_limited(&s->noted, "registration refused: %s", why);
		rq->http = res.bad_token ? MHD_HTTP_FORBIDDEN :
		    MHD_HTTP_BAD_REQUEST;
		rq->answer = register_error(why);
		return rq->answer == NULL ? -1 : 0;
	}
	log_info("registered: person %lld%s", (long long)res.person,
	    res.again ? " (again: earlier keys revoked, pages re-keyed)" : "");
	j = json_pack("{s:s, s:b}", "page", res.page, "again", res.again);
	rq->http = MHD_HTTP_OK;
	rq->answer = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return rq->answer == NULL ? -1 : 0;
}

/* A JSON answer the site's pages (and only they) may read. */
int
register_answer(const struct sms_server *s, struct MHD_Connection *c,
    unsigned code, const char *json)
{
	return httpd_respond(c, code, "application/json", json,
	    (const char *const[]){ "Cache-Control", "no-store",
	    "Access-Control-Allow-Origin", s->origin, "Vary", "Origin",
	    NULL });
}

/* Answers c with status code and register_error(why). */
int
register_refuse(const struct sms_server *s, struct MHD_Connection *c,
    unsigned code, const char *why)
{
	char	*json = register_error(why);
	int	 rc;

	if (json == NULL)
		return MHD_NO;
	rc = register_answer(s, c, code, json);
	free(json);
	return rc;
}

/*
 * Who is asking: the peer, or behind a proxy on loopback the address
 * it passes in X-Real-IP.
 */
static void
client_address(struct MHD_Connection *c, char *dst, size_t size)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr_in *sin;
	const char	*real;

	snprintf(dst, size, "unknown");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL ||
	    ci->client_addr->sa_family != AF_INET)
		return;
	sin = (const struct sockaddr_in *)(const void *)ci->client_addr;
	inet_ntop(AF_INET, &sin->sin_addr, dst, (socklen_t)size);
	real = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
	if (real != NULL && (ntohl(sin->sin_addr.s_addr) >> 24) == 127 &&
	    strlen(real) < size)
		snprintf(dst, size, "%s", real);
}

/*
 * /register on libmicrohttpd's thread: CORS for the site's origin only
 * (a preflight is answered here), POST of JSON.  Returns 0 when rq is
 * for the database thread, or 1 when c was answered here, with
 * libmicrohttpd's result in *answered.
 */
int
register_request(struct sms_server *s, struct MHD_Connection *c,
    struct sms_request *rq, const char *method, int *answered)
{
	const char	*origin, *type;

	origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	*answered = MHD_YES;
	if (s->origin[0] == '\0' || origin == NULL ||
	    strcmp(origin, s->origin) != 0)
		*answered = httpd_respond(c, MHD_HTTP_FORBIDDEN, "text/plain",
		    "only the team's site may register\n", httpd_no_store);
	else if (!strcmp(method, "OPTIONS"))
		*answered = httpd_respond(c, MHD_HTTP_NO_CONTENT, NULL, "",
		    (const char *const[]){ "Access-Control-Allow-Origin",
		    s->origin, "Access-Control-Allow-Methods", "POST",
		    "Access-Control-Allow-Headers", "Content-Type",
		    "Access-Control-Max-Age", "600", "Vary", "Origin", NULL });
	else if (strcmp(method, "POST") != 0)
		*answered = httpd_respond(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "text/plain", "POST only\n", httpd_no_store);
	else if ((type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Type")) == NULL || strncmp(type, "application/json",
	    16) != 0)
		*answered = register_refuse(s, c,
		    MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    words_get(NULL, "page.register_json"));
	else {
		client_address(c, rq->addr, sizeof(rq->addr));
		return 0;
	}
	return 1;
}
