/*
 * ratecheck_reading.c - the readings an answer to a coach shows
 * (struct rm_reading, rateanswer.c): each name read by a guess, and
 * each line whose stored scores were read so, as it would be written
 * to be read without one; and a stored value as the coach's pages
 * write it.
 */
#include <stdlib.h>
#include <string.h>

#include "mail.h"

/*
 * A value of r's metric as the coach reads it: "4", "6:45.3", "82.5 kg",
 * with the team's decimal mark ("82,5 kg" in French).
 */
void
rm_value_write(const struct rm_rating *r, long kept, char *dst, size_t size)
{
	struct metric	 m = { .kind = r->kind };

	memcpy(m.unit, r->unit, sizeof(m.unit));
	metric_value_write(&m, kept, words_decimal(), dst, size);
}

/* The roster's name of athlete id, as x has them ("" when not). */
static const char *
name_of(const struct rm_index *x, int64_t id)
{
	size_t	 i;

	for (i = 0; i < x->npeople; i++)
		if (x->people[i].id == id)
			return x->people[i].name;
	return "";
}

/* A new reading at the end of r's, or NULL. */
static struct rm_reading *
reading_new(struct rm_result *r, unsigned long line, int read)
{
	struct rm_reading	*v;

	if ((v = reallocarray(r->readings, r->nreadings + 1,
	    sizeof(*v))) == NULL)
		return NULL;
	r->readings = v;
	v = &v[r->nreadings++];
	memset(v, 0, sizeof(*v));
	v->line = line;
	v->read = read;
	return v;
}

/*
 * The line of stored ratings r->v[first..end) (one athlete's, one line
 * of the email) as it would be written to be read without a guess:
 * "Ben Fletcher: technique 4 keeps rushing, talk to him; fitness 6",
 * each comment after its score, ';' between the pairs when a comment
 * holds a ','.  NULL when out of memory.
 */
static char *
line_as(const struct rm_result *r, const struct rm_index *x, size_t first,
    size_t end)
{
	struct buf	 b = { 0 };
	char		 value[METRIC_VALUE_MAX];
	const char	*sep = ", ";
	size_t		 i;

	for (i = first; i < end; i++)
		if (strpbrk(r->v[i].comment, ",;") != NULL)
			sep = "; ";
	buf_printf(&b, "%s:", name_of(x, r->v[first].athlete));
	for (i = first; i < end; i++) {
		rm_value_write(&r->v[i], r->v[i].score, value, sizeof(value));
		buf_printf(&b, "%s%s %s%s%s", i > first ? sep : " ",
		    r->v[i].slug, value, r->v[i].comment[0] ? " " : "",
		    r->v[i].comment);
	}
	return buf_steal(&b);
}

/*
 * The readings of out to show (struct rm_reading): the names read by a
 * guess (w, nw of them) of athletes stored, then each line whose
 * stored scores were read so (r->v's read, but for RM_READ_NAME: the
 * name says it), in the order of the email.  Returns 0 or -1.
 */
int
ratemail_readings(struct rm_result *out, const struct rm_index *x,
    const struct rm_who *w, size_t nw)
{
	struct rm_reading	*g;
	size_t			 i, j, end;

	for (i = 0; i < nw; i++) {
		if (!w[i].guess || w[i].refused || w[i].person == NULL)
			continue;
		if ((g = reading_new(out, 0, RM_READ_NAME)) == NULL ||
		    (g->written = xstrdup(w[i].written)) == NULL ||
		    (g->as = xstrdup(w[i].person->name)) == NULL)
			return -1;
	}
	for (i = 0; i < out->n; i = end) {
		for (end = i + 1; end < out->n && out->v[end].line ==
		    out->v[i].line && out->v[end].athlete == out->v[i].athlete;
		    end++)
			continue;
		for (j = i; j < end && !(out->v[j].read & ~RM_READ_NAME); j++)
			continue;
		if (j == end)
			continue;
		if ((g = reading_new(out, out->v[i].line, out->v[j].read &
		    ~RM_READ_NAME)) == NULL || (g->as = line_as(out, x, i,
		    end)) == NULL)
			return -1;
		if (out->v[j].read & RM_READ_NOT && out->v[j].was >= 0) {
			rm_value_write(&out->v[j], out->v[j].was, g->was,
			    sizeof(g->was));
			memcpy(g->day, out->v[j].day, sizeof(g->day));
		}
	}
	return 0;
}
