/*
 * render_erg.c - an erg test's figures as pages show them (lib/erg.c
 * computes them): the time with its watts beside it, and a line for
 * the latest test, its watts per kilogram at the athlete's latest
 * weight, and how it compares with the test before, better or worse
 * only beyond the test's typical error ([erg] noise); the time with
 * its watts is render.c's (render_erg_value()), as every value's is.  The tests a
 * viewer may see follow the blind rule: only ratings rating_visible()
 * to them are read.  A weight is a measurement, not a judgement of
 * either side: the latest on record, whoever gave it, is divided by,
 * so a weight only the athlete has sent gives the coach W/kg too.
 * The tests measured on the Concept2 Logbook get a table of their own
 * on the athlete's page (render_erg_rows()), beside the rounds'.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/* One test: a rating's value, or a result measured on the Logbook. */
struct test {
	long				 value;
	char				 day[11];
	const struct logbook_measure	*measured;	/* or NULL */
};

/* Keeps t as the latest of *last and *before, by day (a tie: t). */
static void
test_take(const struct test *t, struct test *last, struct test *before)
{
	if (last->day[0] == '\0' || strcmp(t->day, last->day) >= 0) {
		*before = *last;
		*last = *t;
	} else if (before->day[0] == '\0' || strcmp(t->day, before->day) >= 0)
		*before = *t;
}

/*
 * The latest two tests of view v the viewer sees, by day, into *last
 * and *before (day "" when none): each coach rating, and each
 * self-rating but one answering a coach's (the same test seen twice),
 * and each result measured on the Logbook, which both sides see.
 */
static void
tests_seen(const struct athlete_data *d, const struct metric_view *v,
    enum role viewer, struct test *last, struct test *before)
{
	struct test	 t;
	size_t		 i;

	memset(last, 0, sizeof(*last));
	memset(before, 0, sizeof(*before));
	for (i = v->first; i < v->first + v->n; i++) {
		const struct rating *x = &d->rs.v[i];
		if (!rating_visible(x, viewer) ||
		    (x->source == SOURCE_SELF && x->paired))
			continue;
		memset(&t, 0, sizeof(t));
		t.value = x->score;
		render_rating_day(x, t.day);
		test_take(&t, last, before);
	}
	for (i = 0; i < d->nerg; i++) {
		if (d->erg[i].metric != v->m->id)
			continue;
		t.value = d->erg[i].value;
		memcpy(t.day, d->erg[i].day, sizeof(t.day));
		t.measured = &d->erg[i];
		test_take(&t, last, before);
	}
}

/*
 * The latest weight on record (kept: tenths of a kg), by the round's
 * day, from either side; 0: none.
 */
static long
weight_kept(const struct render_ctx *r, const struct rating_set *rs,
    const struct metric_view *mv)
{
	const struct rating *last = NULL;
	char	 day[11], best[11] = "";
	size_t	 i, j;

	for (i = 0; i < r->nmetrics; i++)
		if (mv[i].m->erg == ERG_WEIGHT)
			break;
	for (j = i < r->nmetrics ? mv[i].first : 0; i < r->nmetrics &&
	    j < mv[i].first + mv[i].n; j++) {
		render_rating_day(&rs->v[j], day);
		if (strcmp(day, best) >= 0) {
			memcpy(best, day, sizeof(best));
			last = &rs->v[j];
		}
	}
	return last != NULL ? last->score : 0;
}

/* "+2.5" or "-0.4" with the reader's decimal mark. */
static const char *
signed_text(double v, char out[FIXED1_MAX + 2])
{
	out[0] = v < 0 ? '-' : '+';
	render_fixed1(out + 1, fabs(v));
	return out;
}

/* The change from the test before, as a sentence, into b. */
static int
change_line(const struct render_ctx *r, const struct metric *m,
    const struct test *before, const struct test *last, struct buf *b)
{
	static const char *const say[] = { [ERG_NOISE] = "gen.erg_noise",
	    [ERG_BETTER] = "gen.erg_better", [ERG_WORSE] = "gen.erg_worse" };
	char	 date[WORDS_DATE_MAX], pct[FIXED1_MAX + 2];
	char	 noise[FIXED1_MAX + 1];
	double	 d;
	enum erg_change c;

	c = erg_compare(erg_watts(m, before->value), erg_watts(m,
	    last->value), r->erg_noise, &d);
	render_fixed1(noise, r->erg_noise);
	return words_printf(b, NULL, say[c], words_date(before->day, date),
	    signed_text(d, pct), noise);
}

/* Where a test measured on the Logbook came from, as a sentence. */
static int
measured_line(const struct logbook_measure *x, struct buf *b)
{
	char	 date[WORDS_DATE_MAX];

	if (x->stroke_rate > 0 && x->drag_factor > 0)
		return words_printf(b, NULL, "gen.erg_logbook_rate",
		    words_date(x->day, date), x->stroke_rate, x->drag_factor);
	return words_printf(b, NULL, "gen.erg_logbook",
	    words_date(x->day, date));
}

/*
 * The line under an erg metric for viewer (ROLE_ATHLETE on the
 * athlete's page, ROLE_COACH on the squad's part): the latest test's
 * watts, per kilogram when a weight is on record, where it was
 * measured when on the Logbook, and the change from the test before.
 * mv is every metric's view (the weight's is among them), i the erg
 * metric's.  JSON null when i is no erg piece or has no test.
 */
json_t *
render_erg(const struct render_ctx *r, const struct athlete_data *d,
    const struct metric_view *mv, size_t i, enum role viewer)
{
	const struct metric	*m = mv[i].m;
	struct test		 last, before;
	struct buf		 b = { 0 };
	char			 v[RENDER_VALUE_MAX], w[FIXED1_MAX + 1];
	char			 kg[RENDER_VALUE_MAX], wkg[32], *dot;
	double			 watts;
	long			 weight;
	struct metric		 bare = { .kind = METRIC_NUMBER };

	if (!erg_timed(m))
		return json_null();
	tests_seen(d, &mv[i], viewer, &last, &before);
	if (last.day[0] == '\0')
		return json_null();
	watts = erg_watts(m, last.value);
	render_value_text(m, last.value, v);
	render_fixed1(w, watts);
	if ((weight = weight_kept(r, &d->rs, mv)) > 0) {
		snprintf(wkg, sizeof(wkg), "%.2f", erg_per_kg(watts, weight));
		if ((dot = strchr(wkg, '.')) != NULL)
			*dot = words_decimal();
		render_value_text(&bare, weight, kg);
		words_printf(&b, NULL, "gen.erg_per_kg", v, w, wkg, kg);
	} else
		words_printf(&b, NULL, "gen.erg_latest", v, w);
	if (last.measured != NULL) {
		buf_puts(&b, " ");
		measured_line(last.measured, &b);
	}
	if (before.day[0] != '\0') {
		buf_puts(&b, " ");
		change_line(r, m, &before, &last, &b);
	}
	return render_json_buf(&b);
}

/*
 * The rows of erg metric m's tests measured on the Concept2 Logbook,
 * oldest first, for the athlete's page: the day, the time with its
 * watts, the stroke rate and the drag factor (blank when not given).
 * They are a source of their own, on neither side of the blind pair,
 * so the rounds' chart and table leave them out: without these rows an
 * athlete whose tests all come from the Logbook would see only the
 * latest.  JSON null when m has none (or is no erg piece).
 */
json_t *
render_erg_rows(const struct athlete_data *d, const struct metric *m)
{
	struct buf	 b = { 0 };
	char		 label[WORDS_DAY_MAX];
	size_t		 i;
	int		 rc = 0;

	if (!erg_timed(m))
		return json_null();
	for (i = 0; i < d->nerg; i++) {
		const struct logbook_measure *x = &d->erg[i];
		if (x->metric != m->id)
			continue;
		words_day(x->day, label);
		rc |= buf_puts(&b, "<tr data-day=\"");
		rc |= html_escape(&b, x->day, strlen(x->day));
		rc |= buf_puts(&b, "\"><th scope=\"row\">");
		rc |= html_escape(&b, label, strlen(label));
		rc |= buf_puts(&b, "</th><td>");
		rc |= render_value_html(&b, m, x->value);
		rc |= buf_puts(&b, "</td><td>");
		if (x->stroke_rate > 0)
			rc |= buf_long(&b, x->stroke_rate);
		rc |= buf_puts(&b, "</td><td>");
		if (x->drag_factor > 0)
			rc |= buf_long(&b, x->drag_factor);
		rc |= buf_puts(&b, "</td></tr>\n");
	}
	if (rc != 0 || buf_failed(&b) || b.len == 0) {
		buf_free(&b);
		return rc != 0 ? NULL : json_null();
	}
	return render_json_buf(&b);
}
