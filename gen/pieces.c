/*
 * pieces.c - a gated page's plaintext cut into the page and its pieces,
 * so that what did not change is not encrypted and published again.
 *
 * Every byte of an encrypted page changes when any byte of it does, and
 * git can share nothing between two versions: a page that carried its
 * whole history would add all of it to the site's repository at every
 * new score.  So the templates mark the spans that change at another
 * rhythm than the page, each with the name of its group:
 *
 *	<!--cox:g h202610-->...<!--cox:/g-->
 *
 * (the rows of a month that is over, in every metric's table; the
 * wellness section; the coach's notes and the rubrics; a dashboard's
 * roster).  pieces_cut() takes every span of a group out of the page,
 * leaving <!--cox:NAME--> where each was, and makes the group's
 * plaintext, "NAME", then a 0 byte before each span, in order.  Each
 * group is then sealed on its own (seal.c) into a file named by a keyed
 * hash of that plaintext: a group that did not change keeps its file,
 * which git already holds.  A group smaller than PIECE_MIN, or past
 * PIECES_MAX, stays in the page, its marks dropped.  The browser puts
 * the spans back (unlock.js), which gives the page as rendered, marks
 * aside.
 *
 * Marks come from templates only: text from people is escaped ("<"
 * becomes "&lt;") and cmark leaves out raw HTML, so no value can make
 * or end a span.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gen.h"

static const char	 open_mark[] = "<!--cox:g ", close_mark[] = "<!--cox:/g-->";

#define MARK_LEN(m)	(sizeof(m) - 1)

/* The group named name[0..len), added when new; -1 past PIECES_MAX. */
static int
group_of(struct pieces *ps, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++)
		if (strlen(ps->v[i].name) == len &&
		    memcmp(ps->v[i].name, name, len) == 0)
			return (int)i;
	if (ps->n == PIECES_MAX)
		return -1;
	memcpy(ps->v[ps->n].name, name, len);
	ps->v[ps->n].name[len] = '\0';
	ps->v[ps->n].len = 0;
	return (int)ps->n++;
}

/*
 * Finds the spans of html: each one's group and where it and its marks
 * begin and end, in ps->span.  -1, said, when a mark is malformed (a
 * template's mistake).
 */
static int
spans_find(struct pieces *ps, const char *html, size_t len)
{
	const char	*at = html, *end = html + len, *name, *close, *next;
	struct span	*more;
	size_t		 nlen;

	while ((at = memmem(at, (size_t)(end - at), open_mark,
	    MARK_LEN(open_mark))) != NULL) {
		name = at + MARK_LEN(open_mark);
		nlen = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (nlen == 0 || nlen >= sizeof(ps->v[0].name) ||
		    (size_t)(end - name) < nlen + 3 ||
		    memcmp(name + nlen, "-->", 3) != 0)
			goto bad;
		close = memmem(name + nlen + 3, (size_t)(end - name - nlen - 3),
		    close_mark, MARK_LEN(close_mark));
		next = memmem(name + nlen + 3, (size_t)(end - name - nlen - 3),
		    open_mark, MARK_LEN(open_mark));
		if (close == NULL || (next != NULL && next < close))
			goto bad;
		if (ps->nspan == ps->capspan) {
			size_t cap = ps->capspan ? ps->capspan * 2 : 64;
			if ((more = reallocarray(ps->span, cap,
			    sizeof(*more))) == NULL)
				return -1;
			ps->span = more;
			ps->capspan = cap;
		}
		more = &ps->span[ps->nspan++];
		more->group = group_of(ps, name, nlen);
		more->mark = (size_t)(at - html);
		more->from = (size_t)(name + nlen + 3 - html);
		more->to = (size_t)(close - html);
		more->end = more->to + MARK_LEN(close_mark);
		if (more->group >= 0)
			ps->v[more->group].len += more->to - more->from + 1;
		at = close + MARK_LEN(close_mark);
	}
	return 0;
bad:
	log_error("a page's template has a malformed <!--cox:g--> mark at "
	    "byte %zu", (size_t)(at - html));
	return -1;
}

/*
 * Cuts html into ps->live, the page with a <!--cox:NAME--> where each
 * span of a piece was, and ps->v[0..n), the pieces' plaintexts; groups
 * kept in the page are not among them.  Returns 0 or -1.
 */
int
pieces_cut(struct pieces *ps, const char *html, size_t len)
{
	struct piece	*p;
	struct span	*s;
	size_t		 i, at = 0, kept = 0;
	int		 out;

	pieces_reset(ps);
	if (spans_find(ps, html, len) == -1)
		return -1;
	for (i = 0; i < ps->nspan; i++) {
		s = &ps->span[i];
		out = s->group >= 0 && ps->v[s->group].len >= PIECE_MIN;
		buf_add(&ps->live, html + at, s->mark - at);
		if (out) {
			p = &ps->v[s->group];
			if (p->plain.len == 0)
				buf_puts(&p->plain, p->name);
			buf_add(&p->plain, "", 1);
			buf_add(&p->plain, html + s->from, s->to - s->from);
			buf_printf(&ps->live, "<!--cox:%s-->", p->name);
		} else
			buf_add(&ps->live, html + s->from, s->to - s->from);
		at = s->end;
	}
	buf_add(&ps->live, html + at, len - at);
	/* the groups kept in the page are not pieces */
	for (i = 0; i < ps->n; i++) {
		if (ps->v[i].plain.len == 0)
			continue;
		if (kept != i) {
			struct piece tmp = ps->v[kept];
			ps->v[kept] = ps->v[i];
			ps->v[i] = tmp;
		}
		kept++;
	}
	ps->n = kept;
	if (buf_failed(&ps->live))
		return -1;
	for (i = 0; i < ps->n; i++)
		if (buf_failed(&ps->v[i].plain))
			return -1;
	return 0;
}

/* Empties ps for the next page, its plaintexts wiped; keeps the room. */
void
pieces_reset(struct pieces *ps)
{
	size_t	 i;

	for (i = 0; i < PIECES_MAX; i++) {
		if (ps->v[i].plain.data != NULL)
			sodium_memzero(ps->v[i].plain.data, ps->v[i].plain.len);
		buf_reset(&ps->v[i].plain);
	}
	if (ps->live.data != NULL)
		sodium_memzero(ps->live.data, ps->live.len);
	buf_reset(&ps->live);
	ps->n = ps->nspan = 0;
}

void
pieces_free(struct pieces *ps)
{
	size_t	 i;

	pieces_reset(ps);
	for (i = 0; i < PIECES_MAX; i++)
		buf_free(&ps->v[i].plain);
	buf_free(&ps->live);
	free(ps->span);
	memset(ps, 0, sizeof(*ps));
}
