/*
 * fuzz_authres.c - libFuzzer harness for Authentication-Results
 * parsing.  The bytes are read twice:
 *
 *  - as a field itself: whatever it is, the parser returns, and what it
 *    returns is whole (ids and results NUL-terminated, non-empty, of
 *    keyword characters; "none" only with no result);
 *  - as choices that write a field from a small model of the grammar
 *    (ids, methods, results, properties, with quoted strings, folds and
 *    nested comments holding ';' and '=' wherever CFWS may go): the
 *    parser must read back exactly what the model wrote, and
 *    authres_dmarc_pass must agree with the model's own answer.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../ingest/mail/mail.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

struct gen {
	const unsigned char	*d;
	size_t			 n;
	struct buf		 b;
};

static unsigned
pick(struct gen *g, unsigned k)
{
	if (g->n == 0)
		return 0;
	g->n--;
	return *g->d++ % k;
}

/* CFWS, or nothing unless need: space, folds, comments with traps. */
static void
gen_cfws(struct gen *g, int need)
{
	static const char *const w[] = { "", " ", "\r\n\t", " (c) ",
	    "(;dmarc=pass header.from=club.example)", "(a (b \\) ;) c)",
	    "\t(\"=;\")\r\n ", "(\\(;)" };
	unsigned	 i = pick(g, sizeof(w) / sizeof(w[0]));

	buf_puts(&g->b, need && i == 0 ? " " : w[i]);
}

static void
check_whole(const struct authres *a)
{
	size_t	 i, k;

	if (memchr(a->id, '\0', sizeof(a->id)) == NULL || a->id[0] == '\0' ||
	    (a->none && a->n != 0))
		abort();
	for (i = 0; i < a->n && i < AUTHRES_MAX; i++) {
		const struct authres_result *r = &a->r[i];
		if (memchr(r->from, '\0', sizeof(r->from)) == NULL ||
		    r->method[0] == '\0' || r->result[0] == '\0')
			abort();
		for (k = 0; r->method[k] != '\0'; k++)
			if (!isalnum((unsigned char)r->method[k]) &&
			    !strchr("-_", r->method[k]))
				abort();
		for (k = 0; r->result[k] != '\0'; k++)
			if (!isalnum((unsigned char)r->result[k]) &&
			    !strchr("-_", r->result[k]))
				abort();
	}
}

/* The model's results, to compare the parser's with. */
struct want {
	const char	*id;
	size_t		 n;
	const char	*method[8], *result[8];
	const char	*from[8];	/* "": none, or two */
};

/* One property, written; header.from's value, as read, into *from. */
static void
gen_prop(struct gen *g, const char **from, unsigned *froms)
{
	static const char *const props[] = { "header.from", "header . from",
	    "Header.From", "header.d", "smtp.mailfrom", "policy.policy-from",
	    "x-bits", "reason" };
	static const struct { const char *written, *read; } vals[] = {
		{ "club.example", "club.example" },
		{ "evil.example", "evil.example" },
		{ "\"a;dmarc=pass(header.from=club.example)\"@evil.example",
		    "a;dmarc=pass(header.from=club.example)@evil.example" },
		{ "\"club.example\"", "club.example" },
		{ "\"x\\\";y\"", "x\";y" },
		{ "@club.example", "@club.example" },
		{ "AbC+/d=", "AbC+/d=" },
	};
	unsigned	 p = pick(g, sizeof(props) / sizeof(props[0]));
	unsigned	 v = pick(g, sizeof(vals) / sizeof(vals[0]));

	if (p == 7 && (v == 2 || v >= 5))
		v = 0;		/* a reason is a token or a quoted string */
	buf_puts(&g->b, props[p]);
	gen_cfws(g, 0);
	buf_puts(&g->b, "=");
	gen_cfws(g, 0);
	buf_puts(&g->b, vals[v].written);
	if (p <= 2)
		*from = (*froms)++ == 0 ? vals[v].read : "";
}

/* One resinfo after its ';' into g->b, what it holds as result k of w. */
static void
gen_resinfo(struct gen *g, struct want *w, size_t k)
{
	static const char *const methods[] = { "dmarc", "spf", "dkim",
	    "DMARC", "x-custom" };
	static const char *const results[] = { "pass", "fail", "none",
	    "Pass", "temperror" };
	unsigned	 i, props, froms = 0;

	w->method[k] = methods[pick(g, 5)];
	w->result[k] = results[pick(g, 5)];
	w->from[k] = "";
	buf_puts(&g->b, w->method[k]);
	if (pick(g, 2)) {
		gen_cfws(g, 0);
		buf_puts(&g->b, "/");
		gen_cfws(g, 0);
		buf_puts(&g->b, "1");
	}
	gen_cfws(g, 0);
	buf_puts(&g->b, "=");
	gen_cfws(g, 0);
	buf_puts(&g->b, w->result[k]);
	props = pick(g, 4);
	for (i = 0; i < props; i++) {
		gen_cfws(g, 1);
		gen_prop(g, &w->from[k], &froms);
	}
	if (froms > 1)
		w->from[k] = "";	/* two header.from: neither counts */
}

/* A field from the model into g->b, what it holds into w. */
static void
gen_field(struct gen *g, struct want *w)
{
	static const char *const ids[] = { "mx.example.org",
	    "\"mx.example.org\"", "other.example" };
	unsigned	 i;
	size_t		 k;

	i = pick(g, 3);
	w->id = i == 1 ? "mx.example.org" : ids[i];
	gen_cfws(g, 0);
	buf_puts(&g->b, ids[i]);
	if (pick(g, 2)) {
		gen_cfws(g, 1);
		buf_puts(&g->b, "1");
	}
	w->n = 1 + pick(g, 6);
	for (k = 0; k < w->n; k++) {
		gen_cfws(g, 0);
		buf_puts(&g->b, ";");
		gen_cfws(g, 0);
		gen_resinfo(g, w, k);
	}
	gen_cfws(g, 0);
}

static void
differ(const char *field, const char *what)
{
	fprintf(stderr, "the parser and the model differ on %s of [%s]\n",
	    what, field);
	abort();
}

/* The parser reads back what the model wrote, and judges as it does. */
static void
check_model(const unsigned char *data, size_t size)
{
	struct gen	 g = { data, size, { 0 } };
	struct want	 w;
	struct authres	 a;
	struct strlist	 l = { 0 };
	size_t		 k;
	int		 pass = 0;

	memset(&w, 0, sizeof(w));
	gen_field(&g, &w);
	if (g.b.failed || authres_parse(g.b.data, g.b.len, &a) == -1 ||
	    strcmp(a.id, w.id) != 0 || a.n != w.n || a.none)
		differ(g.b.data, "the field");
	for (k = 0; k < w.n; k++) {
		if (strcmp(a.r[k].method, w.method[k]) != 0 ||
		    strcmp(a.r[k].result, w.result[k]) != 0 ||
		    strcmp(a.r[k].from, w.from[k]) != 0)
			differ(g.b.data, "a result");
		pass |= !strcasecmp(w.method[k], "dmarc") &&
		    !strcasecmp(w.result[k], "pass") &&
		    !strcasecmp(w.from[k], "club.example");
	}
	pass &= !strcmp(w.id, "mx.example.org");
	strlist_add(&l, g.b.data);
	if (authres_dmarc_pass(&l, "mx.example.org", "club.example") != pass)
		differ(g.b.data, "dmarc=pass");
	strlist_free(&l);
	buf_free(&g.b);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct authres	 a;

	if (authres_parse((const char *)data, size, &a) == 0)
		check_whole(&a);
	check_model(data, size);
	return 0;
}
