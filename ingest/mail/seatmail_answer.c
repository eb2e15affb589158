/*
 * seatmail_answer.c - a seat race read from a coach's email
 * (seatmail.c) carried out: each name written resolved once as a
 * rating line's (ratemail_athlete()), the whole race refused on any
 * mistake (a race without one of its rowers is another race), else
 * worked out (lib/seatrace.c) and kept; and the answer to the coach,
 * the ranking with its swaps and fit, or the lines refused, marked.
 */
#include <stdlib.h>
#include <string.h>

#include "mail.h"

#define SM_MAX_NAMES	(2 * SEAT_MAX_PIECES * SEAT_MAX_CREW)

/* One rower as the email names them, resolved. */
struct seat_who {
	const char	*written;	/* the parse's */
	int64_t		 person;
	int		 rower;		/* index in the race */
};

/* What seatmail_act() works with. */
struct seat_run {
	struct mailer		*mx;
	int64_t			 coach;
	struct seat_race	*s;
	char			*name[SEAT_MAX_ROWERS];	/* the roster's */
	struct seat_who		 who[SM_MAX_NAMES];
	size_t			 nwho;
	struct rm_problems	 errs;
};

/*
 * The rower written names (on line), resolved once and added to the
 * race at their first piece (when add; else one who rowed none is a
 * problem): OUT_OK with their index in *r; OUT_BADINPUT with a problem
 * when nobody or several are so named, or there are too many;
 * OUT_FAILED on a database error.
 */
static enum outcome
rower_of(struct seat_run *sr, const char *written, unsigned long line,
    int add, int *r)
{
	struct seat_race	*s = sr->s;
	struct person		 p = { 0 };
	struct seat_who		*w;
	enum outcome		 rc;
	int64_t			 id = 0;
	size_t			 i;

	for (i = 0; i < sr->nwho; i++)
		if (strcmp(sr->who[i].written, written) == 0) {
			*r = sr->who[i].rower;
			return *r >= 0 ? OUT_OK : OUT_BADINPUT;
		}
	if (sr->nwho == SM_MAX_NAMES)
		return OUT_BADINPUT;
	rc = ratemail_athlete(sr->mx->ws->db, sr->mx->index, sr->mx->country,
	    sr->coach, written, &id);
	if (rc == OUT_FAILED)
		return OUT_FAILED;
	w = &sr->who[sr->nwho++];
	w->written = written;
	w->rower = -1;
	if (rc != OUT_OK) {
		ratemail_problem(&sr->errs, line, NULL, rc == OUT_AMBIGUOUS ?
		    "mail.seat_err_several" : "mail.err_athlete", written);
		return OUT_BADINPUT;
	}
	w->person = id;
	/* two ways of writing one rower are one rower */
	for (i = 0; i < s->nrowers; i++)
		if (s->rower[i].person == id) {
			*r = w->rower = (int)i;
			return OUT_OK;
		}
	if (!add || s->nrowers == SEAT_MAX_ROWERS) {
		ratemail_problem(&sr->errs, line, NULL, add ?
		    "mail.seat_err_rowers" : "mail.seat_err_side", written);
		return OUT_BADINPUT;
	}
	if (person_load(sr->mx->ws->db, id, &p) == -1 ||
	    (sr->name[s->nrowers] = xstrdup(p.name)) == NULL) {
		person_clear(&p);
		return OUT_FAILED;
	}
	person_clear(&p);
	s->rower[s->nrowers].person = id;
	s->rower[s->nrowers].name = sr->name[s->nrowers];
	*r = w->rower = (int)s->nrowers++;
	return OUT_OK;
}

/* Whether rower r is in either crew of p. */
static int
in_piece(const struct seat_piece *p, int r)
{
	size_t	 k;
	int	 c;

	for (c = 0; c < 2; c++)
		for (k = 0; k < p->ncrew[c]; k++)
			if (p->crew[c][k] == r)
				return 1;
	return 0;
}

/*
 * The pieces of sm into sr->s, each name resolved; what is wrong (an
 * unknown name, a rower in both crews, crews of two sizes) into
 * sr->errs.  Returns 0, or -1 on a database error.
 */
static int
race_fill(struct seat_run *sr, const struct seat_mail *sm)
{
	struct seat_piece	*p;
	enum outcome		 rc;
	size_t			 i, k;
	int			 c, r;

	for (i = 0; i < sm->n; i++) {
		const struct seat_written *w = &sm->v[i];
		p = &sr->s->piece[sr->s->npieces++];
		p->line = w->line;
		for (c = 0; c < 2; c++) {
			p->tenths[c] = w->tenths[c];
			for (k = 0; k < w->n[c]; k++) {
				rc = rower_of(sr, w->name[c][k], w->line, 1,
				    &r);
				if (rc == OUT_FAILED)
					return -1;
				if (rc != OUT_OK)
					continue;
				if (in_piece(p, r))
					ratemail_problem(&sr->errs, w->line,
					    NULL, "mail.seat_err_twice",
					    sr->s->rower[r].name);
				else
					p->crew[c][p->ncrew[c]++] = r;
			}
		}
		if (w->n[0] != w->n[1])
			ratemail_problem(&sr->errs, w->line, NULL,
			    "mail.seat_err_sizes", "");
	}
	if (sm->n < 2)
		ratemail_problem(&sr->errs, 0, NULL, "mail.seat_err_few", "");
	return 0;
}

/*
 * The sides sm's "stroke:" and "bow:" lines give the rowers; a name
 * there who rowed no piece is a problem, and so is a rower on both
 * (each side is ranked apart: one of them would be a guess).  Returns
 * 0 or -1.
 */
static int
sides_fill(struct seat_run *sr, const struct seat_mail *sm)
{
	enum outcome	 rc;
	size_t		 i;
	int		 side, r;

	for (side = SIDE_STROKE; side <= SIDE_BOW; side++)
		for (i = 0; i < sm->side[side].n; i++) {
			rc = rower_of(sr, sm->side[side].v[i],
			    sm->side_line[side], 0, &r);
			if (rc == OUT_FAILED)
				return -1;
			if (rc != OUT_OK)
				continue;
			if (sr->s->rower[r].side != SIDE_NONE &&
			    (int)sr->s->rower[r].side != side)
				ratemail_problem(&sr->errs,
				    sm->side_line[side], NULL,
				    "mail.seat_err_sides",
				    sr->s->rower[r].name);
			sr->s->rower[r].side = (enum seat_side)side;
		}
	return 0;
}

/*
 * Seconds v, "4.7" or "+4.7" (sign), in the reader's decimal mark; what
 * rounds to nothing is "0.0", neither faster nor slower ("-0.0" would
 * say faster).
 */
static const char *
secs(char out[32], double v, int sign)
{
	char	*dot;

	if (v > -0.05 && v < 0.05)
		v = 0, sign = 0;
	snprintf(out, 32, sign ? "%+.1f" : "%.1f", v);
	if ((dot = strchr(out, '.')) != NULL)
		*dot = words_decimal();
	return out;
}

/* A crew's time or a total, m:ss.t, into b. */
static void
clock_put(struct buf *b, long tenths)
{
	struct metric	 m = { .kind = METRIC_TIME };
	char		 t[METRIC_VALUE_MAX];

	metric_value_write(&m, tenths, words_decimal(), t, sizeof(t));
	buf_puts(b, t);
}

/* The sides s has, as catalogue names, each with its heading. */
static const char *const side_words[] = { "mail.seat_side_all",
    "mail.seat_side_stroke", "mail.seat_side_bow" };

/* Whether any rower of s rows on side. */
static int
side_has(const struct seat_race *s, int side)
{
	size_t	 i;

	for (i = 0; i < s->nrowers; i++)
		if ((int)s->rower[i].side == side)
			return 1;
	return 0;
}

/*
 * The one-swap part of the answer: each comparison, then each side's
 * rowers on the lines they draw, fastest first ("c, d +4.0, b +4.7"),
 * and who was never swapped.
 */
static void
answer_swaps(const struct seat_race *s, struct buf *b)
{
	const struct seat_swap	*w;
	char			 t[32];
	size_t			 i, k;
	int			 side, g, first, none;

	buf_puts(b, words_get(NULL, "mail.seat_swap_h"));
	for (k = 0; k < s->nswaps; k++) {
		w = &s->swap[k];
		words_printf(b, NULL, "mail.seat_swap", (long)w->from + 1,
		    (long)w->to + 1, s->rower[w->faster].name,
		    s->rower[w->slower].name, secs(t, w->tenths / 10.0, 0));
	}
	if (s->nswaps == 0)
		buf_puts(b, words_get(NULL, "mail.seat_swap_none"));
	for (side = 0; side < 3; side++) {
		if (!side_has(s, side))
			continue;
		words_printf(b, NULL, "mail.seat_line", words_get(NULL,
		    side_words[side]));
		for (none = 1, g = 0; g < SEAT_MAX_ROWERS; g++) {
			/* rowers of line g on this side, by their place */
			struct seat_rower const *by[SEAT_MAX_ROWERS];
			size_t n = 0, a, z;
			for (i = 0; i < s->nrowers; i++)
				if ((int)s->rower[i].side == side &&
				    s->rower[i].group == g)
					by[n++] = &s->rower[i];
			for (a = 1; a < n; a++)
				for (z = a; z > 0 && by[z]->swap <
				    by[z - 1]->swap; z--) {
					const struct seat_rower *x = by[z];
					by[z] = by[z - 1], by[z - 1] = x;
				}
			for (first = 1, a = 0; a < n; a++, first = 0) {
				buf_printf(b, "%s%s", first ? none ? "" :
				    "; " : ", ", by[a]->name);
				if (!first)
					buf_printf(b, " %s s", secs(t,
					    by[a]->swap, 1));
			}
			none &= n == 0;
		}
		if (none)
			buf_puts(b, words_get(NULL, "mail.seat_nothing"));
		for (first = 1, i = 0; i < s->nrowers; i++)
			if ((int)s->rower[i].side == side &&
			    s->rower[i].group == -1) {
				if (first)
					buf_puts(b, words_get(NULL,
					    "mail.seat_unswapped"));
				buf_printf(b, "%s%s", first ? "" : ", ",
				    s->rower[i].name);
				first = 0;
			}
		buf_puts(b, "\n");
	}
}

/*
 * The two-swap and least-squares parts of the answer: each side's
 * rowers by total time, then by effect with the noise, and the
 * neighbours closer than the noise, not separable.
 */
static void
answer_fit(const struct seat_race *s, struct buf *b)
{
	const struct seat_rower	*w, *next;
	char			 t[32];
	size_t			 i;
	int			 side, r;

	buf_puts(b, words_get(NULL, "mail.seat_total_h"));
	for (side = 0; side < 3; side++) {
		if (!side_has(s, side))
			continue;
		words_printf(b, NULL, "mail.seat_line", words_get(NULL,
		    side_words[side]));
		for (r = 1; r <= SEAT_MAX_ROWERS; r++)
			for (i = 0; i < s->nrowers; i++) {
				w = &s->rower[i];
				if ((int)w->side != side || w->by_time != r)
					continue;
				buf_printf(b, "%s%d. %s ", r > 1 ? ", " : "", r,
				    w->name);
				clock_put(b, w->total);
				words_printf(b, NULL, "mail.seat_rowed",
				    (long)w->pieces);
			}
		buf_puts(b, "\n");
	}
	buf_puts(b, words_get(NULL, "mail.seat_fit_h"));
	if (!s->fitted) {
		buf_puts(b, words_get(NULL, "mail.seat_fit_none"));
		return;
	}
	for (i = 0; i < s->nrowers; i++) {
		w = &s->rower[s->order[i]];
		if (i == 0 || s->rower[s->order[i - 1]].side != w->side)
			words_printf(b, NULL, "mail.seat_line", words_get(NULL,
			    side_words[w->side]));
		buf_printf(b, "%s%d. %s %s s", w->rank > 1 ? ", " : "",
		    w->rank, w->name, secs(t, w->effect, 1));
		if (i + 1 == s->nrowers ||
		    s->rower[s->order[i + 1]].side != w->side)
			buf_puts(b, "\n");
	}
	if (s->noise < 0) {
		buf_puts(b, words_get(NULL, "mail.seat_noise_none"));
		return;
	}
	words_printf(b, NULL, "mail.seat_noise", s->df, secs(t, s->noise, 0));
	for (i = 0; i + 1 < s->nrowers; i++) {
		w = &s->rower[s->order[i]];
		next = &s->rower[s->order[i + 1]];
		if (w->apart != 0)
			continue;
		words_printf(b, NULL, "mail.seat_close", w->name, next->name,
		    secs(t, next->effect - w->effect, 0));
	}
}

/* A problem of the refusal, and where it came in its list. */
struct seat_mark {
	const struct rm_problem	*p;
	size_t			 order;
};

/* Marks by line, then in the order they were found. */
static int
mark_cmp(const void *pa, const void *pb)
{
	const struct seat_mark	*a = pa, *b = pb;

	if (a->p->line != b->p->line)
		return a->p->line < b->p->line ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/*
 * The refusal: each line with a problem (of errs[0] or errs[1]) quoted
 * from text (its first SM_MAX_LINE bytes, as it was read), the problems
 * marked (!) under it, and those of no line after.  The problems are
 * sorted by line first, so that a long email is read once, not once a
 * problem.  Returns 0, or -1 out of memory.
 */
static int
answer_refused(const struct rm_problems *errs, const char *text,
    struct buf *b)
{
	struct seat_mark	*v;
	const char		*at, *end;
	unsigned long		 line = 0;
	size_t			 i, n = 0, k = 0, len;
	int			 e, quoted;

	if ((v = reallocarray(NULL, errs[0].n + errs[1].n + 1,
	    sizeof(*v))) == NULL)
		return -1;
	for (e = 0; e < 2; e++)
		for (i = 0; i < errs[e].n; i++, n++)
			v[n].p = &errs[e].v[i], v[n].order = n;
	qsort(v, n, sizeof(*v), mark_cmp);
	buf_puts(b, words_get(NULL, "mail.seat_refused"));
	while (k < n && v[k].p->line == 0)
		k++;
	for (at = text; k < n && at != NULL && *at != '\0';
	    at = *end ? end + 1 : NULL) {
		end = at + strcspn(at, "\n");
		line++;
		for (quoted = 0; k < n && v[k].p->line == line; k++) {
			if (!quoted++) {
				len = (size_t)(end - at);
				len -= len > 0 && end[-1] == '\r';
				/* cut at a character, never inside one */
				if (len > SM_MAX_LINE)
					for (len = SM_MAX_LINE; len > 0 &&
					    ((unsigned char)at[len] & 0xc0) ==
					    0x80; len--)
						continue;
				buf_printf(b, "\n%.*s\n", (int)len, at);
			}
			buf_printf(b, "(!) %s\n", v[k].p->what);
		}
	}
	for (i = 0; i < n && v[i].p->line == 0; i++)
		buf_printf(b, "\n(!) %s\n", v[i].p->what);
	free(v);
	return 0;
}

/*
 * Acts on a seat race coach emailed (text, after quote_strip(), as sm
 * was read from it), in the caller's transaction: the names resolved
 * as a rating line's, the race worked out (lib/seatrace.c) and kept,
 * dated now, and the answer written into reply; or, on any mistake,
 * nothing kept and the lines refused, marked.  msg is the email's
 * message row, kept with the race: erasing a rower finds their names
 * in it (lib/erase.c).  Returns 0 kept, 1 refused, -1 on a database
 * error.
 */
int
seatmail_act(struct mailer *mx, const struct seat_mail *sm, const char *text,
    int64_t coach, int64_t now, int64_t msg, struct buf *reply)
{
	struct seat_run	*sr;
	char		 day[11];
	int64_t		 id;
	size_t		 i;
	int		 rc = -1;

	if ((sr = calloc(1, sizeof(*sr))) == NULL ||
	    (sr->s = calloc(1, sizeof(*sr->s))) == NULL)
		goto out;
	sr->mx = mx;
	sr->coach = coach;
	if (mx->index == NULL && (mx->index = ratemail_index(mx->ws->db)) ==
	    NULL)
		goto out;
	if (race_fill(sr, sm) == -1 || sides_fill(sr, sm) == -1)
		goto out;
	if (sm->errors.n > 0 || sr->errs.n > 0) {
		const struct rm_problems both[2] = { sm->errors, sr->errs };
		if (answer_refused(both, text, reply) == -1)
			goto out;
		rc = 1;
		goto out;
	}
	if (seat_analyse(sr->s) == -1)
		goto out;
	day_string((time_t)now, day);
	if (seat_store(mx->ws->db, sr->s, coach, day, now, msg, &id) == -1)
		goto out;
	words_printf(reply, NULL, "mail.seat_head", (long)sr->s->npieces,
	    (long)sr->s->nrowers);
	answer_swaps(sr->s, reply);
	answer_fit(sr->s, reply);
	buf_puts(reply, words_get(NULL, "mail.seat_how"));
	rc = 0;
out:
	if (sr != NULL) {
		for (i = 0; i < SEAT_MAX_ROWERS; i++)
			free(sr->name[i]);
		ratemail_problems_free(&sr->errs);
		free(sr->s);
	}
	free(sr);
	return rc;
}
