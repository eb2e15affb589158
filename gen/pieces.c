/*
 * pieces.c - a gated page's plaintext cut into the page and its pieces,
 * so that what did not change is not encrypted and published again.
 *
 * Every byte of an encrypted page changes when any byte of it does, and
 * git can share nothing between two versions: a page that carried its
 * whole history would add all of it to the site's repository at every
 * new score.  So the templates and the charts mark the spans that
 * change at another rhythm than the page, each with the name of its
 * group and of its place in the page:
 *
 *	<!--cox:g h202610 ttechnique-->...<!--cox:/g-->
 *
 * (the history that is over, in every metric's table and chart, in
 * pieces_history()'s groups; the wellness section; the coach's notes,
 * the rubrics, who can open the page and the word to a coach who opens
 * an athlete's; a dashboard's roster, its athletes' names and its
 * heatmap's weeks of wellness that are over; the ratings, around the
 * history).  A span may hold spans of other groups (PIECES_DEPTH
 * deep).  pieces_cut() takes every span of a group out of the page (or
 * out of the span it is in), leaving <!--cox:@RUN--> where a run of
 * them was (run_of()), and makes the group's plaintext: "NAME", then
 * for each span a 0 byte, its run, a 0 byte and the span, in order,
 * each span cut as the page is.  Each group is then sealed on its own
 * (seal.c) into a file named by a keyed hash of it as sealed: a group
 * that did not change keeps its file, which git already holds.  A
 * group smaller than PIECE_MIN, or past PIECES_MAX, stays in the page,
 * its marks dropped.  The browser puts the spans back, and the spans'
 * spans (unlock.js), which gives the page as rendered, marks aside.
 *
 * Marks come from templates and from the renderers' own code (the
 * charts, the heatmap), never from a value: text from people is
 * escaped ("<" becomes "&lt;") and cmark leaves out raw HTML, so no
 * value can make or end a span.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gen.h"

static const char	 open_mark[] = "<!--cox:g ", close_mark[] = "<!--cox:/g-->";

#define MARK_LEN(m)	(sizeof(m) - 1)
#define NAME_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789"
#define PLACE_CHARS	NAME_CHARS "-"

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
 * Reads the mark at at, "<!--cox:g NAME PLACE-->": sp gets the group and
 * the place, the span's start.  -1 when malformed.
 */
static int
mark_read(struct pieces *ps, const char *html, const char *at,
    const char *end, struct span *sp)
{
	const char	*name = at + MARK_LEN(open_mark), *place, *gt;
	size_t		 nlen, plen;

	if ((gt = memchr(name, '>', (size_t)(end - name))) == NULL ||
	    gt - name < 4 || memcmp(gt - 2, "--", 2) != 0)
		return -1;
	nlen = strspn(name, NAME_CHARS);
	place = name + nlen + 1;
	if (nlen == 0 || nlen >= sizeof(ps->v[0].name) || name[nlen] != ' ' ||
	    place >= gt - 2)
		return -1;
	plen = (size_t)(gt - 2 - place);
	if (plen >= sizeof(sp->place) || strspn(place, PLACE_CHARS) < plen)
		return -1;
	memcpy(sp->place, place, plen);
	sp->place[plen] = '\0';
	sp->group = group_of(ps, name, nlen);
	sp->mark = (size_t)(at - html);
	sp->from = (size_t)(gt + 1 - html);
	return 0;
}

/* Room for one more span in ps->span; -1 when there is none. */
static int
span_room(struct pieces *ps)
{
	struct span	*sp;
	size_t		 cap;

	if (ps->nspan < ps->capspan)
		return 0;
	cap = ps->capspan ? ps->capspan * 2 : 64;
	if ((sp = reallocarray(ps->span, cap, sizeof(*sp))) == NULL)
		return -1;
	ps->span = sp;
	ps->capspan = cap;
	return 0;
}

/*
 * The next mark at or after at, open (*open set) or close: one scan
 * for the prefix both share, so the page is read once, not once for
 * each kind.  The scan is for its "!", which pages seldom hold outside
 * a mark, where memmem() looked at every "<" of the page.
 */
static const char *
mark_next(const char *at, const char *end, int *open)
{
	static const char	 both[] = "<!--cox:";
	const char		*p;

	for (p = at; p < end; p++) {
		if ((p = memchr(p, '!', (size_t)(end - p))) == NULL)
			return NULL;
		if (p == at || p[-1] != '<' ||
		    (size_t)(end - p) < MARK_LEN(both) - 1 ||
		    memcmp(p - 1, both, MARK_LEN(both)) != 0)
			continue;
		if ((size_t)(end - p + 1) >= MARK_LEN(open_mark) &&
		    memcmp(p - 1, open_mark, MARK_LEN(open_mark)) == 0) {
			*open = 1;
			return p - 1;
		}
		if ((size_t)(end - p + 1) >= MARK_LEN(close_mark) &&
		    memcmp(p - 1, close_mark, MARK_LEN(close_mark)) == 0) {
			*open = 0;
			return p - 1;
		}
	}
	return NULL;
}

/*
 * Finds the spans of html, in the order they open: each one's group and
 * place, the span it is in and the one before it there, and where it
 * and its marks begin and end, in ps->span.  -1, said, when a mark is
 * malformed, a span is not closed or is closed twice, spans go deeper
 * than PIECES_DEPTH, or a span is in one of its own group, however deep
 * (all templates' mistakes).
 */
static int
spans_find(struct pieces *ps, const char *html, size_t len)
{
	const char	*at = html, *end = html + len, *mark;
	struct span	*sp;
	int		 stack[PIECES_DEPTH], last[PIECES_DEPTH + 1], depth = 0, k;
	int		 open;

	last[0] = -1;
	while ((mark = mark_next(at, end, &open)) != NULL) {
		if (open) {
			if (depth == PIECES_DEPTH || span_room(ps) == -1)
				goto bad;
			at = mark;
			sp = &ps->span[ps->nspan];
			if (mark_read(ps, html, at, end, sp) == -1)
				goto bad;
			sp->parent = depth ? stack[depth - 1] : -1;
			sp->prev = last[depth];
			for (k = 0; k < depth; k++)	/* its group's text */
				if (sp->group >= 0 &&
				    ps->span[stack[k]].group == sp->group)
					goto bad;	/* would split */
			last[depth] = (int)ps->nspan;
			stack[depth++] = (int)ps->nspan++;
			last[depth] = -1;
			at = html + sp->from;
			continue;
		}
		at = mark;
		if (depth == 0)
			goto bad;
		sp = &ps->span[stack[--depth]];
		sp->to = (size_t)(mark - html);
		sp->end = sp->to + MARK_LEN(close_mark);
		if (sp->group >= 0)
			ps->v[sp->group].len += sp->to - sp->from +
			    strlen(sp->place) + 2;
		at = html + sp->end;
	}
	if (depth == 0)
		return 0;
bad:
	log_error("a page's template has a malformed <!--cox:g--> mark at "
	    "byte %zu", (size_t)(at - html));
	return -1;
}

/*
 * The name of the run span i begins or goes on, into run: its place, or
 * PLACE.K for the place's K+1st run.  A run is the spans of one place
 * that follow each other with nothing between, of pieces in the order
 * they are listed (a piece's spans in the page's order): one mark in
 * the page stands for all of them, so the page does not grow with the
 * months a table holds.  Returns whether
 * span i begins a new run.
 */
static int
run_of(struct pieces *ps, size_t i, char run[64])
{
	const struct span	*s = &ps->span[i], *p;
	size_t			 k;

	if (s->prev >= 0 && (p = &ps->span[s->prev])->end == s->mark &&
	    p->out && p->group <= s->group && !strcmp(p->place, s->place)) {
		memcpy(run, p->run, sizeof(p->run));
		return 0;
	}
	/* the runs each place has begun, counted as they begin */
	for (k = 0; k < ps->nplace && strcmp(ps->place[k].name, s->place); k++)
		continue;
	if (k == PIECES_PLACES) {
		/* more places than kept: a run named by its span alone */
		snprintf(run, 64, "%s.x%zu", s->place, i);
		return 1;
	}
	if (k == ps->nplace) {
		snprintf(ps->place[ps->nplace++].name,
		    sizeof(ps->place[0].name), "%s", s->place);
		ps->place[k].runs = 0;
	}
	if (ps->place[k].runs++ == 0)
		snprintf(run, 64, "%s", s->place);
	else
		snprintf(run, 64, "%s.%u", s->place, ps->place[k].runs - 1);
	return 1;
}

/*
 * Appends html[from, to) to out with the spans in it, those of parent
 * from span i on, cut out: a span of a piece goes into its piece (and
 * its run's mark, once a run, into out), another stays in out, marks
 * dropped; either way cut the same way itself.  Returns the index of
 * the first span after them.
 */
static size_t
cut_into(struct pieces *ps, const char *html, size_t from, size_t to,
    int parent, size_t i, struct buf *out)
{
	struct piece	*p;
	struct span	*s;
	size_t		 at = from;

	while (i < ps->nspan && ps->span[i].parent == parent) {
		s = &ps->span[i];
		buf_add(out, html + at, s->mark - at);
		s->out = s->group >= 0 && ps->v[s->group].len >= PIECE_MIN;
		if (s->out) {
			p = &ps->v[s->group];
			if (run_of(ps, i, s->run))
				buf_printf(out, "<!--cox:@%s-->", s->run);
			if (p->plain.len == 0)
				buf_puts(&p->plain, p->name);
			buf_add(&p->plain, "", 1);
			buf_add(&p->plain, s->run, strlen(s->run) + 1);
			i = cut_into(ps, html, s->from, s->to, (int)i, i + 1,
			    &p->plain);
		} else
			i = cut_into(ps, html, s->from, s->to, (int)i, i + 1,
			    out);
		at = s->end;
	}
	buf_add(out, html + at, to - at);
	return i;
}

/*
 * Cuts html into ps->live, the page with a <!--cox:@RUN--> where each
 * run of spans of pieces was, and ps->v[0..n), the pieces' plaintexts;
 * groups kept in the page are not among them.  Returns 0 or -1.
 */
int
pieces_cut(struct pieces *ps, const char *html, size_t len)
{
	size_t	 i, kept = 0;

	pieces_reset(ps);
	if (spans_find(ps, html, len) == -1)
		return -1;
	(void)cut_into(ps, html, 0, len, -1, 0, &ps->live);
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

/* The month of day ("YYYY-MM-DD"): 1-12, 0 when it is not a date's. */
static unsigned
month_of(const char *day)
{
	return strnlen(day, 7) == 7 && day[5] >= '0' && day[5] <= '9' &&
	    day[6] >= '0' && day[6] <= '9' ?
	    (unsigned)(day[5] - '0') * 10 + (unsigned)(day[6] - '0') : 0;
}

/* Whether p is one of pieces_history()'s: a period that is over. */
int
pieces_closed(const struct piece *p)
{
	return p->name[0] == 'h' && p->name[1] >= '0' && p->name[1] <= '9';
}

/*
 * The group of the history of day ("YYYY-MM-DD") when its month is
 * over on today: its year's once the year is over ("h2025"), that of
 * this year's quarters that are over once its quarter is ("h2026t2":
 * the first two), else its month's ("h202610").  A page then holds a
 * piece a year, one for this year's quarters and at most two months
 * however long its history (each a file a browser fetches and a build
 * makes), and each is written again only when its period ends; the
 * quarters' piece once a quarter, holding one more.  -1 when the month
 * is today's (or later): that part of the page changes.
 */
int
pieces_history(char name[16], const char *day, const char *today)
{
	unsigned q = (month_of(day) + 2) / 3 % 10,
		 tq = (month_of(today) + 2) / 3;

	if (strnlen(day, 7) < 7 || strncmp(day, today, 7) >= 0)
		return -1;
	/* a page asks for every row and line: no printf */
	name[0] = 'h';
	memcpy(name + 1, day, 4);
	if (strncmp(day, today, 4) < 0)
		name[5] = '\0';
	else if (q < tq) {
		name[5] = 't';
		name[6] = (char)('0' + tq - 1);
		name[7] = '\0';
	} else {
		memcpy(name + 5, day + 5, 2);
		name[7] = '\0';
	}
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
		if (ps->v[i].coded.data != NULL)
			sodium_memzero(ps->v[i].coded.data, ps->v[i].coded.len);
		buf_reset(&ps->v[i].plain);
		buf_reset(&ps->v[i].coded);
	}
	if (ps->live.data != NULL)
		sodium_memzero(ps->live.data, ps->live.len);
	buf_reset(&ps->live);
	ps->n = ps->nspan = ps->nplace = 0;
}

void
pieces_free(struct pieces *ps)
{
	size_t	 i;

	pieces_reset(ps);
	for (i = 0; i < PIECES_MAX; i++) {
		buf_free(&ps->v[i].plain);
		buf_free(&ps->v[i].coded);
	}
	buf_free(&ps->live);
	free(ps->span);
	memset(ps, 0, sizeof(*ps));
}
