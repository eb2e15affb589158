/*
 * ratemail_rating.c - what a parse of a coach's ratings keeps: each
 * rating read (athlete, metric, score, comment, line), each athlete's
 * span of lines (what a refusal quotes back), the problems found, each
 * with its line and the athlete it refuses; and their freeing.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ratemail.h"

#define RM_MAX_LINES	5000

/*
 * Adds catalogue entry name (a printf format: lib/words/) with the
 * arguments to the problems, on line (0: none) about athlete (NULL:
 * none).  Returns 0 or -1.
 */
int
ratemail_problem(struct rm_problems *ps, unsigned long line,
    const char *athlete, const char *name, ...)
{
	struct rm_problem	*v;
	struct buf		 b = { 0 };
	va_list			 ap;

	va_start(ap, name);
	buf_vprintf(&b, words_get(NULL, name), ap);
	va_end(ap);
	if (buf_failed(&b) || (v = reallocarray(ps->v, ps->n + 1,
	    sizeof(*v))) == NULL) {
		buf_free(&b);
		return -1;
	}
	ps->v = v;
	v = &ps->v[ps->n];
	memset(v, 0, sizeof(*v));
	v->line = line;
	v->what = buf_steal(&b);
	if (athlete != NULL && (v->athlete = xstrdup(athlete)) == NULL) {
		free(v->what);
		return -1;
	}
	ps->n++;
	return 0;
}

void
ratemail_problems_free(struct rm_problems *ps)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].athlete);
		free(ps->v[i].what);
		free(ps->v[i].fix_from);
		free(ps->v[i].fix_to);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

void
ratemail_free(struct rm_parse *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].athlete);
		free(p->v[i].metric);
		free(p->v[i].comment);
	}
	for (i = 0; i < p->nspans; i++)
		free(p->spans[i].athlete);
	free(p->v);
	free(p->spans);
	free(p->quoted);
	ratemail_problems_free(&p->errors);
	memset(p, 0, sizeof(*p));
}

/*
 * A name as the roster writes it: the curly apostrophe a phone types
 * ("O\xe2\x80\x99Brien") made straight, in place.  Comments keep theirs.
 */
void
ratemail_name_straight(char *s)
{
	static const char *const curly[] = { "\xe2\x80\x99", "\xe2\x80\x98",
	    "\xca\xbc" };
	char	*w = s;
	size_t	 i, n;

	while (*s != '\0') {
		for (i = 0; i < sizeof(curly) / sizeof(curly[0]); i++)
			if (strncmp(s, curly[i], n = strlen(curly[i])) == 0)
				break;
		if (i < sizeof(curly) / sizeof(curly[0])) {
			*w++ = '\'';
			s += n;
		} else
			*w++ = *s++;
	}
	*w = '\0';
}

int
ratemail_add(struct rm_parse *p, unsigned long line, const char *athlete,
    const char *metric, long score, long max, const char *comment)
{
	struct rm_line	*v;

	if (p->n >= RM_MAX_LINES) {
		ratemail_problem(&p->errors, line, NULL, "mail.err_too_many",
		    RM_MAX_LINES);
		return -1;
	}
	if ((v = reallocarray(p->v, p->n + 1, sizeof(*v))) == NULL)
		return -1;
	p->v = v;
	v = &p->v[p->n];
	memset(v, 0, sizeof(*v));
	v->line = line;
	v->athlete = xstrdup(athlete);
	v->metric = xstrdup(metric);
	v->comment = xstrdup(comment);
	v->score = score;
	v->max = max;
	if (v->athlete == NULL || v->metric == NULL || v->comment == NULL) {
		free(v->athlete);
		free(v->metric);
		free(v->comment);
		return -1;
	}
	ratemail_name_straight(v->athlete);
	p->n++;
	return 0;
}

/*
 * Notes that athlete is written on line (to line, for a block) under
 * the order or header of line head (0: none).  Returns 0 or -1.
 */
int
ratemail_span(struct rm_parse *p, const char *athlete, unsigned long line,
    unsigned long head)
{
	struct rm_span	*v;

	if ((v = reallocarray(p->spans, p->nspans + 1, sizeof(*v))) == NULL)
		return -1;
	p->spans = v;
	v = &p->spans[p->nspans];
	if ((v->athlete = xstrdup(athlete)) == NULL)
		return -1;
	ratemail_name_straight(v->athlete);
	v->first = v->last = line;
	v->head = head;
	v->bare = 0;
	p->nspans++;
	return 0;
}
