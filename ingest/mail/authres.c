/*
 * authres.c - an Authentication-Results header field read by its
 * grammar (RFC 8601, section 2.2), with quoted strings, comments and
 * folding white space as RFC 5322 defines them (CFWS):
 *
 *	authserv-id [version] ( "; none" / 1*( ";" method[/version] =
 *	    result [reason=value] *(ptype.property=pvalue) ) )
 *
 * A ';' or '=' inside a quoted string or a comment is text, never a
 * separator, so what a sender controls (an envelope address the border
 * MTA records as smtp.mailfrom) cannot pose as a result of its own.
 * Anything that does not parse is not believed at all.
 *
 * Two liberties real MTAs need: a property without its ptype (Microsoft's
 * "action=none", Fastmail's "x-bits=2048") is read and ignored, and a
 * ';' before the end is allowed.
 *
 * Whose fields are believed is cox.conf's [mail] authserv_id; with none
 * set, no coach's email is believed at all (authres_trust()).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

struct cur {
	const char	*p, *end;
};

static int
at(const struct cur *c, char ch)
{
	return c->p < c->end && *c->p == ch;
}

/*
 * Skips CFWS: blanks, line breaks and comments, which nest and may hold
 * quoted pairs.  Returns 0, or -1 for a comment never closed.
 */
static int
cfws(struct cur *c)
{
	int	 depth = 0;

	for (; c->p < c->end; c->p++) {
		if (depth > 0 && *c->p == '\\') {
			if (++c->p == c->end)
				return -1;
		} else if (*c->p == '(')
			depth++;
		else if (*c->p == ')') {
			if (depth-- == 0)
				return -1;
		} else if (depth == 0 && !strchr(" \t\r\n", *c->p))
			break;
	}
	return depth == 0 ? 0 : -1;
}

/* Appends ch to dst (size bytes); -1 when it does not fit. */
static int
put(char *dst, size_t size, size_t *n, char ch)
{
	if (*n + 1 >= size)
		return -1;
	dst[(*n)++] = ch;
	dst[*n] = '\0';
	return 0;
}

/* A quoted string at c, its content (quoted pairs undone) into dst. */
static int
quoted(struct cur *c, char *dst, size_t size, size_t *n)
{
	if (!at(c, '"'))
		return -1;
	for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
		if (*c->p == '\\' && ++c->p == c->end)
			return -1;
		/* qtext and quoted pairs hold no control but a tab */
		if ((unsigned char)*c->p < 0x20 && *c->p != '\t')
			return -1;
		if (put(dst, size, n, *c->p) == -1)
			return -1;
	}
	if (!at(c, '"'))
		return -1;
	c->p++;
	return 0;
}

/* Appends the longest run of bytes at c that ok() accepts; -1 if none. */
static int
run(struct cur *c, int (*ok)(unsigned char), char *dst, size_t size,
    size_t *n)
{
	const char	*start = c->p;

	for (; c->p < c->end && ok((unsigned char)*c->p); c->p++)
		if (put(dst, size, n, *c->p) == -1)
			return -1;
	return c->p > start ? 0 : -1;
}

/* Keyword (an ldh-str; '_' allowed, as MTAs write it). */
static int
keyword_char(unsigned char ch)
{
	return isalnum(ch) || ch == '-' || ch == '_';
}

/* token of RFC 2045: no space, control or tspecial. */
static int
token_char(unsigned char ch)
{
	return ch > 32 && ch < 127 && !strchr("()<>@,;:\\\"/[]?=", ch);
}

/* What a pvalue written bare may hold: local-part@domain, base64. */
static int
pvalue_char(unsigned char ch)
{
	return ch > 32 && ch != 127 && !strchr("()\";\\", ch);
}

static int
digit_char(unsigned char ch)
{
	return isdigit(ch);
}

static int
keyword(struct cur *c, char *dst, size_t size)
{
	size_t	 n = 0;

	dst[0] = '\0';
	return run(c, keyword_char, dst, size, &n);
}

/* value: a token or a quoted string. */
static int
value(struct cur *c, char *dst, size_t size)
{
	size_t	 n = 0;

	dst[0] = '\0';
	return at(c, '"') ? quoted(c, dst, size, &n) :
	    run(c, token_char, dst, size, &n);
}

/*
 * pvalue: a value, or [local-part] "@" domain, where the local part may
 * be a quoted string ("a;b"@example.org).  Into dst without quotes.
 */
static int
pvalue(struct cur *c, char *dst, size_t size)
{
	size_t	 n = 0;

	dst[0] = '\0';
	if (cfws(c) == -1)
		return -1;
	if (at(c, '"')) {
		if (quoted(c, dst, size, &n) == -1)
			return -1;
		if (at(c, '@') && run(c, pvalue_char, dst, size, &n) == -1)
			return -1;
	} else if (run(c, pvalue_char, dst, size, &n) == -1)
		return -1;
	return cfws(c);
}

/* "=" with CFWS either side. */
static int
equals(struct cur *c)
{
	if (cfws(c) == -1 || !at(c, '='))
		return -1;
	c->p++;
	return cfws(c);
}

/* An optional "/" version or " version": digits, then CFWS. */
static int
version(struct cur *c, int slash)
{
	char	 v[16];
	size_t	 n = 0;

	if (slash) {
		if (!at(c, '/'))
			return 0;
		c->p++;
		if (cfws(c) == -1)
			return -1;
	} else if (c->p == c->end || !isdigit((unsigned char)*c->p))
		return 0;
	if (run(c, digit_char, v, sizeof(v), &n) == -1)
		return -1;
	return cfws(c);
}

/*
 * The reasonspec and propspecs after a result, up to the next ';' or
 * the end; header.from's value into r->from (a second one empties it:
 * which would be meant is unknowable).
 */
static int
props(struct cur *c, struct authres_result *r)
{
	char	 ptype[64], prop[64], val[AUTHRES_VALUE_MAX];
	int	 froms = 0;

	while (c->p < c->end && !at(c, ';')) {
		prop[0] = '\0';
		if (keyword(c, ptype, sizeof(ptype)) == -1 || cfws(c) == -1)
			return -1;
		if (at(c, '.')) {
			c->p++;
			if (cfws(c) == -1 ||
			    keyword(c, prop, sizeof(prop)) == -1)
				return -1;
		}
		if (equals(c) == -1)
			return -1;
		if (prop[0] == '\0' && !strcasecmp(ptype, "reason") ?
		    value(c, val, sizeof(val)) == -1 || cfws(c) == -1 :
		    pvalue(c, val, sizeof(val)) == -1)
			return -1;
		if (!strcasecmp(ptype, "header") && !strcasecmp(prop, "from") &&
		    froms++ == 0)
			memcpy(r->from, val, sizeof(r->from));
	}
	if (froms > 1)
		r->from[0] = '\0';
	return 0;
}

/* One resinfo after its ';': method[/version] = result [props]. */
static int
resinfo(struct cur *c, struct authres *a)
{
	struct authres_result	 r, *slot = a->n < AUTHRES_MAX ?
				     &a->r[a->n] : &r;

	memset(slot, 0, sizeof(*slot));
	if (keyword(c, slot->method, sizeof(slot->method)) == -1 ||
	    cfws(c) == -1 || version(c, 1) == -1 || equals(c) == -1 ||
	    keyword(c, slot->result, sizeof(slot->result)) == -1 ||
	    cfws(c) == -1 || props(c, slot) == -1)
		return -1;
	a->n++;
	return 0;
}

/* Whether c (at the first ';') is "; none" and nothing else. */
static int
no_result(struct cur c, struct authres *a)
{
	c.p++;
	if (cfws(&c) == -1 || c.end - c.p < 4 || strncasecmp(c.p, "none", 4))
		return 0;
	c.p += 4;
	if (cfws(&c) == -1 || c.p != c.end)
		return 0;
	a->none = 1;
	return 1;
}

/*
 * Parses the body of one Authentication-Results field (len bytes, after
 * the colon; folded or not) into a.  Returns 0, or -1 when it is not of
 * the grammar (a is then not to be believed).  Results past AUTHRES_MAX
 * are counted in a->n but not kept.
 */
int
authres_parse(const char *field, size_t len, struct authres *a)
{
	struct cur	 c = { field, field + len };

	memset(a, 0, sizeof(*a));
	if (cfws(&c) == -1 || value(&c, a->id, sizeof(a->id)) == -1 ||
	    a->id[0] == '\0' || cfws(&c) == -1 || version(&c, 0) == -1 ||
	    !at(&c, ';'))
		return -1;
	if (no_result(c, a))
		return 0;
	while (at(&c, ';')) {
		c.p++;
		if (cfws(&c) == -1)
			return -1;
		if (c.p == c.end && a->n > 0)
			return 0;	/* a ';' before the end */
		if (resinfo(&c, a) == -1)
			return -1;
	}
	return c.p == c.end ? 0 : -1;
}

/*
 * Whether one of the fields in auth (each an Authentication-Results
 * body) was written by authserv and says dmarc=pass with header.from
 * being domain.  Fields of other authserv-ids, or that do not parse,
 * count for nothing.
 */
int
authres_dmarc_pass(const struct strlist *auth, const char *authserv,
    const char *domain)
{
	struct authres	 a;
	size_t		 i, j;

	if (domain == NULL || *domain == '\0')
		return 0;
	for (i = 0; i < auth->n; i++) {
		if (authres_parse(auth->v[i], strlen(auth->v[i]), &a) == -1 ||
		    strcasecmp(a.id, authserv) != 0)
			continue;
		for (j = 0; j < a.n && j < AUTHRES_MAX; j++)
			if (!strcasecmp(a.r[j].method, "dmarc") &&
			    !strcasecmp(a.r[j].result, "pass") &&
			    !strcasecmp(a.r[j].from, domain))
				return 1;
	}
	return 0;
}

/*
 * How [mail] has coaches' email authenticated: by dmarc=pass from the
 * border MTA named by authserv_id (set in *authserv), by nothing, so
 * that no email acts, or, when the operator wrote the cost out as
 * [mail] unauthenticated = MAIL_TRUST_PHRASE, by the From header alone.
 * A forged From is the cheapest attack on a team (a coach's address is
 * on every email they send), so the default is the safe one, and the
 * way out is a sentence an operator cannot set without reading it.
 * MAIL_TRUST_BAD (said why) when unauthenticated holds anything else.
 */
enum mail_trust
authres_trust(const struct config *c, const char **authserv)
{
	const char	*u = config_get(c, "mail", "unauthenticated");

	if ((*authserv = config_get(c, "mail", "authserv_id")) != NULL)
		return MAIL_TRUST_DMARC;
	if (u == NULL)
		return MAIL_TRUST_NONE;
	if (strcasecmp(u, MAIL_TRUST_PHRASE) == 0)
		return MAIL_TRUST_FROM;
	config_bad(c, "mail", "unauthenticated", "to have coaches' email "
	    "obeyed on its From header alone, write exactly "
	    "'unauthenticated = " MAIL_TRUST_PHRASE "', or remove the line "
	    "and set authserv_id (cox-mail(8), AUTHENTICATION)");
	return MAIL_TRUST_BAD;
}
