/*
 * render.c - the plaintext of gated pages, before encryption: an
 * athlete's page, the coach dashboard's row for an athlete, and the
 * dashboard itself.  Values reach HTML only through templates (escaped
 * by default) or through markdown_html() and the chart writers.
 *
 * The blind rule is applied here, to what goes into the page: a score
 * the viewer may not see yet is never put in the plaintext at all.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

#define INBOX_ROWS	50
#define OUTBOX_ROWS	50
#define MAX_COMMENTS	10	/* coach comments per metric on a page */

/* What the renderers share for one build. */
struct render_ctx *
render_new(struct db *db, struct config *conf, const struct tmpl_set *t,
    time_t now)
{
	struct render_ctx	*r;
	const char		*v;
	char			 label[16];
	size_t			 i;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_error("out of memory");
		return NULL;
	}
	r->db = db;
	r->tmpl = t;
	r->now = now;
	v = config_get(conf, "team", "name");
	r->team = v ? v : "Team";
	v = config_get(conf, "sms", "from");
	r->sms_number = v;
	if (metric_set_load(db, &r->ms) == -1) {
		render_free(r);
		return NULL;
	}
	r->metrics = r->ms.v;
	r->nmetrics = r->ms.n;
	for (i = 0; i < 28; i++)
		day_string(now - (time_t)(27 - i) * 86400, r->day[i]);
	chart_day_label(r->day[27], label);
	snprintf(r->updated, sizeof(r->updated), "%s %.4s", label, r->day[27]);
	/* every page shows every rubric: rendered once */
	if ((r->rubric = calloc(r->nmetrics + 1, sizeof(*r->rubric))) ==
	    NULL) {
		render_free(r);
		return NULL;
	}
	for (i = 0; i < r->nmetrics; i++) {
		struct buf b = { 0 };
		if (markdown_html(&b, r->metrics[i].rubric) == -1 ||
		    (r->rubric[i] = xstrdup(b.data ? b.data : "")) == NULL) {
			buf_free(&b);
			render_free(r);
			return NULL;
		}
		buf_free(&b);
	}
	return r;
}


void
render_free(struct render_ctx *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; r->rubric != NULL && i < r->nmetrics; i++)
		free(r->rubric[i]);
	free(r->rubric);
	metric_set_free(&r->ms);
	free(r);
}

/* The day a rating belongs to: the round's (rated_on), else its own. */
static void
rating_day(const struct rating *x, char out[11])
{
	if (x->rated_on[0] != '\0')
		memcpy(out, x->rated_on, 11);
	else
		day_string((time_t)x->created_at, out);
}

/*
 * A string of what was built here (charts, HTML from cmark) from text
 * checked to be UTF-8 where it came in (ingest, roster, metrics): not
 * checked again, which would read every byte of every page once more.
 */
static json_t *
json_buf(struct buf *b)
{
	json_t	*j = buf_failed(b) ? NULL :
	    json_stringn_nocheck(b->data ? b->data : "", b->len);

	buf_free(b);
	return j;
}

/*
 * What a viewer sees of one metric: the latest coach rating they may
 * see and the self-rating paired with it (so a gap always compares one
 * pair, never two rounds), or the latest self-rating when no coach
 * rating is visible; and whether a coach rating waits for an answer.
 */
struct metric_view {
	const struct metric	*m;
	const struct rating	*coach;
	const struct rating	*self;
	int			 pending;	/* unanswered coach rating */
	size_t			 first, n;	/* its ratings in the set */
};

static void
metric_view_one(const struct rating_set *rs, enum role viewer,
    struct metric_view *v)
{
	size_t	 i, end = v->first + v->n, c = end;

	for (i = v->first; i < end; i++) {
		const struct rating *x = &rs->v[i];
		if (x->source == SOURCE_COACH && !x->paired)
			v->pending = 1;
		if (!rating_visible(x, viewer))
			continue;
		if (x->source == SOURCE_COACH)
			c = i;
		else if (c == end)
			v->self = x;
	}
	if (c == end)
		return;
	v->coach = &rs->v[c];
	v->self = NULL;
	for (i = c + 1; i < end; i++)
		if (rs->v[i].source == SOURCE_SELF) {
			if (rating_visible(&rs->v[i], viewer))
				v->self = &rs->v[i];
			break;
		}
}

static void
metric_views(const struct render_ctx *r, const struct rating_set *rs,
    enum role viewer, struct metric_view *mv)
{
	size_t	 i, j;

	/* the set is sorted by metric id; metrics are in page order */
	for (i = 0; i < r->nmetrics; i++) {
		size_t lo = 0, hi = rs->n;
		memset(&mv[i], 0, sizeof(mv[i]));
		mv[i].m = &r->metrics[i];
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (rs->v[mid].metric_id < r->metrics[i].id)
				lo = mid + 1;
			else
				hi = mid;
		}
		j = lo;
		mv[i].first = j;
		while (j < rs->n && rs->v[j].metric_id == r->metrics[i].id)
			j++;
		mv[i].n = j - mv[i].first;
		metric_view_one(rs, viewer, &mv[i]);
	}
}

/* "a", "a and b", "a, b and c" of the pending metrics' names. */
static json_t *
pending_names(const struct render_ctx *r, const struct metric_view *mv)
{
	struct buf	 b = { 0 };
	size_t		 i, n = 0, total = 0;

	for (i = 0; i < r->nmetrics; i++)
		total += mv[i].pending;
	for (i = 0; i < r->nmetrics; i++) {
		if (!mv[i].pending)
			continue;
		buf_printf(&b, "%s%s", n == 0 ? "" : n + 1 == total ?
		    " and " : ", ", mv[i].m->name);
		n++;
	}
	return json_buf(&b);
}

static json_t *
json_markdown(const char *md)
{
	struct buf	 b = { 0 };

	if (markdown_html(&b, md) == -1)
		return NULL;
	return json_buf(&b);
}

static int
gap_cmp(const void *a, const void *b)
{
	const struct chart_pair *x = a, *y = b;
	int	 gx = x->coach && x->self ? abs(x->coach - x->self) : -1;
	int	 gy = y->coach && y->self ? abs(y->coach - y->self) : -1;

	return gy - gx;
}

/* The athlete's guesses of coach scores, in rating id order. */
static int
guesses_load(struct db *db, int64_t athlete, struct athlete_data *d)
{
	sqlite3_stmt	*st = db_query(db, STMT_GUESS_FOR_ATHLETE, "i", athlete);
	struct guess	*more;
	size_t		 cap = 0;
	int		 rc;

	while ((rc = db_row(db, st)) == 1) {
		if (d->nguesses == cap) {
			cap = cap ? cap * 2 : 8;
			if ((more = realloc(d->guesses, cap *
			    sizeof(*more))) == NULL) {
				sqlite3_reset(st);
				return -1;
			}
			d->guesses = more;
		}
		d->guesses[d->nguesses].rating = sqlite3_column_int64(st, 0);
		d->guesses[d->nguesses++].score = sqlite3_column_int(st, 1);
	}
	return rc;
}

/* The guess of coach rating id, or NULL. */
static const struct guess *
guess_of(const struct athlete_data *d, int64_t id)
{
	size_t	 lo = 0, hi = d->nguesses, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (d->guesses[mid].rating == id)
			return &d->guesses[mid];
		if (d->guesses[mid].rating < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One metric's block of the athlete page. */
static json_t *
athlete_metric(const struct render_ctx *r, const struct rating_set *rs,
    const struct metric_view *v, struct athlete_data *d)
{
	struct chart_point	*pts;
	struct buf		 svg = { 0 };
	json_t			*o, *comments, *rows, *row = NULL;
	const struct guess	*g;
	size_t			 i, n = 0, nc = 0, shown[MAX_COMMENTS];
	char			 title[200], label[16];

	/* every key metric blocks read is set, so none is looked up outside */
	o = json_pack("{s:s, s:s, s:o, s:b, s:n, s:n, s:n, s:n, s:n, s:b}",
	    "slug", v->m->slug, "name", v->m->name, "rubric",
	    json_string_nocheck(r->rubric[v->m - r->metrics]), "pending",
	    v->pending, "coach", "self", "gap", "reply", "history", "guessed",
	    0);
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "scale", json_sprintf("%ld-%ld",
	    v->m->scale_min, v->m->scale_max));
	if (v->coach)
		json_object_set_new(o, "coach", json_integer(v->coach->score));
	if (v->self)
		json_object_set_new(o, "self", json_integer(v->self->score));
	if (v->coach && v->self)
		json_object_set_new(o, "gap", json_sprintf("%+d",
		    v->self->score - v->coach->score));
	if (v->pending)
		json_object_set_new(o, "reply", json_sprintf("%s N",
		    v->m->slug));
	comments = json_array();
	if ((pts = calloc(v->n + 1, sizeof(*pts))) == NULL) {
		json_decref(o);
		json_decref(comments);
		return NULL;
	}
	rows = json_array();
	for (i = v->first; i < v->first + v->n; i++) {
		const struct rating *x = &rs->v[i];
		if (!rating_visible(x, ROLE_ATHLETE))
			continue;
		if (x->source == SOURCE_COACH) {
			/* every key set: none is looked up in the metric */
			row = json_pack("{s:n, s:n, s:n, s:n}", "coach",
			    "self", "guess", "note");
			json_array_append_new(rows, row);
			pts[n].coach = x->score;
			rating_day(x, pts[n++].day);
			json_object_set_new(row, "coach", json_integer(
			    x->score));
			/* shown with the score, never before it */
			if ((g = guess_of(d, x->id)) != NULL) {
				json_object_set_new(row, "guess", json_integer(
				    g->score));
				json_object_set_new(o, "guessed", json_true());
				d->guessed++;
				d->close += abs(g->score - x->score) <= 1;
			}
			/* the latest few; older ones are in the history */
			if (x->comment[0] != '\0') {
				shown[nc++ % MAX_COMMENTS] = i;
				json_object_set_new(row, "note",
				    json_markdown(x->comment));
			}
		} else if (x->paired && n > 0 && pts[n - 1].self == 0) {
			pts[n - 1].self = x->score;
			json_object_set_new(row, "self", json_integer(
			    x->score));
		} else {
			/* every key set: none is looked up in the metric */
			row = json_pack("{s:n, s:n, s:n, s:n}", "coach",
			    "self", "guess", "note");
			json_array_append_new(rows, row);
			pts[n].self = x->score;
			rating_day(x, pts[n++].day);
			json_object_set_new(row, "self", json_integer(
			    x->score));
		}
		chart_day_label(pts[n - 1].day, label);
		json_object_set_new(row, "date", json_string(label));
	}
	snprintf(title, sizeof(title), "%s over time: coach filled dots, "
	    "you hollow ones; every score is in the table below", v->m->name);
	if (n > 1 && chart_history(&svg, pts, n, v->m->scale_min,
	    v->m->scale_max, title) == 0) {
		json_object_set_new(o, "history", json_buf(&svg));
		json_object_set_new(o, "rows", rows);
	} else
		json_decref(rows);
	free(pts);
	/* newest first */
	for (i = 0; i < nc && i < MAX_COMMENTS; i++) {
		const struct rating *x = &rs->v[shown[(nc - 1 - i) %
		    MAX_COMMENTS]];
		json_array_append_new(comments, json_pack("{s:s, s:o}", "date",
		    x->rated_on, "html", json_markdown(x->comment)));
	}
	json_object_set_new(o, "comments", comments);
	return o;
}

/* The last 28 days (oldest first) of Hooper sums and illness marks. */
static int
wellness_days(const struct render_ctx *r, int64_t athlete, int hooper[28],
    int ill[28], struct wellness_set *ws)
{
	size_t	 i = 0;
	int	 d, c;

	if (wellness_load(r->db, athlete, r->day[0], ws) == -1)
		return -1;
	memset(hooper, 0, 28 * sizeof(int));
	memset(ill, 0, 28 * sizeof(int));
	/* both in day order: one pass */
	for (d = 0; d < 28 && i < ws->n; d++) {
		while (i < ws->n && (c = strcmp(ws->v[i].day, r->day[d])) <= 0) {
			if (c == 0 && wellness_hooper(&ws->v[i]) > 0)
				hooper[d] = wellness_hooper(&ws->v[i]);
			if (c == 0 && ws->v[i].illness[0] != '\0')
				ill[d] = 1;
			i++;
		}
	}
	return 0;
}

/*
 * How to answer every pending metric by text, in the team's metric
 * order (the prompt's): the order with scales, an example of scores
 * alone, and an sms: link to the team's number with the reply started,
 * each metric and scale on a line of its own ("erg 1-10: "), for the
 * score to be typed after.  Sets them in ctx; nothing when none waits.
 */
static int
reply_all(const struct render_ctx *r, const struct metric_view *mv,
    json_t *ctx)
{
	struct buf	 order = { 0 }, example = { 0 }, body = { 0 };
	struct buf	 href = { 0 };
	const char	*num = r->sms_number;
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < r->nmetrics; i++) {
		if (!mv[i].pending)
			continue;
		buf_printf(&order, "%s%s %ld-%ld", order.len ? ", " : "",
		    mv[i].m->slug, mv[i].m->scale_min, mv[i].m->scale_max);
		buf_printf(&example, "%s%ld", example.len ? " " : "",
		    (mv[i].m->scale_min + mv[i].m->scale_max + 1) / 2);
		buf_printf(&body, "%s %ld-%ld: \n", mv[i].m->slug,
		    mv[i].m->scale_min, mv[i].m->scale_max);
	}
	if (order.len == 0) {
		rc = 0;
		goto out;
	}
	/* iOS and Android both read "sms:NUMBER?&body=" */
	if (num != NULL && num[0] == '+' && strlen(num) < 20 &&
	    strspn(num + 1, "0123456789") == strlen(num) - 1) {
		buf_printf(&href, "sms:%s?&body=", num);
		url_encode(body.data, &href);
	}
	if (buf_failed(&order) || buf_failed(&example) || buf_failed(&body) ||
	    buf_failed(&href))
		goto out;
	json_object_set_new(ctx, "reply_order", json_buf(&order));
	json_object_set_new(ctx, "reply_example", json_buf(&example));
	if (href.len > 0)
		json_object_set_new(ctx, "sms_href", json_buf(&href));
	rc = 0;
out:
	buf_free(&order);
	buf_free(&example);
	buf_free(&body);
	buf_free(&href);
	return rc;
}

/* Loads what one athlete's page and dashboard row are made from. */
int
render_load(const struct render_ctx *r, int64_t athlete,
    struct athlete_data *d)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(d, 0, sizeof(*d));
	if (ratings_load(r->db, athlete, &d->rs) == -1)
		return -1;
	if (wellness_days(r, athlete, d->hooper, d->ill, &d->ws) == -1 ||
	    guesses_load(r->db, athlete, d) == -1) {
		render_data_free(d);
		return -1;
	}
	st = db_query(r->db, STMT_PERSON_REGISTERED, "i", athlete);
	if ((rc = db_row(r->db, st)) == 1)
		d->registered = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	if (rc == -1) {
		render_data_free(d);
		return -1;
	}
	return 0;
}

void
render_data_free(struct athlete_data *d)
{
	ratings_free(&d->rs);
	wellness_free(&d->ws);
	free(d->guesses);
	d->guesses = NULL;
}

/*
 * The check-ins of the last 28 days as table rows (the chart's text
 * alternative), newest first, and the sick or injured days with their
 * notes, which the chart can only mark.
 */
static void
wellness_rows(const struct render_ctx *r, const struct wellness_set *ws,
    json_t *ctx)
{
	json_t	*rows = json_array(), *ill = json_array(), *row;
	char	 label[16];
	size_t	 i;
	int	 total;

	for (i = ws->n; i-- > 0;) {
		const struct wellness *w = &ws->v[i];
		if (strcmp(w->day, r->day[0]) < 0)
			continue;
		chart_day_label(w->day, label);
		if (w->illness[0] != '\0')
			json_array_append_new(ill, json_pack("{s:s, s:s, s:s}",
			    "date", label, "what", !strcmp(w->illness,
			    "injured") ? "Injured" : "Sick", "note",
			    w->note != NULL ? w->note : ""));
		if ((total = wellness_hooper(w)) == 0 && w->illness[0] != '\0')
			continue;	/* a sick day without scores */
		row = json_pack("{s:s}", "date", label);
		if (w->sleep) json_object_set_new(row, "sleep", json_integer(w->sleep));
		if (w->stress) json_object_set_new(row, "stress", json_integer(w->stress));
		if (w->fatigue) json_object_set_new(row, "fatigue", json_integer(w->fatigue));
		if (w->soreness) json_object_set_new(row, "soreness", json_integer(w->soreness));
		if (total) json_object_set_new(row, "total", json_integer(total));
		json_array_append_new(rows, row);
	}
	json_object_set_new(ctx, "wellness_table", json_boolean(
	    json_array_size(rows) > 0));
	json_object_set_new(ctx, "wellness_rows", rows);
	if (json_array_size(ill) > 0)
		json_object_set_new(ctx, "ill_days", ill);
	else
		json_decref(ill);
}

/*
 * The difference in words: "You rate yourself lower than your coach on
 * 3 of 5, higher on 1, the same on 1."  Counts only metrics both have
 * rated (the blind rule has shown the athlete both).
 */
static json_t *
gap_summary(const struct chart_pair *pairs, size_t np)
{
	struct buf	 b = { 0 };
	size_t		 i, n = 0, lower = 0, higher = 0, same = 0;
	json_t		*o;

	for (i = 0; i < np; i++) {
		if (pairs[i].coach == 0 || pairs[i].self == 0)
			continue;
		n++;
		lower += pairs[i].self < pairs[i].coach;
		higher += pairs[i].self > pairs[i].coach;
		same += pairs[i].self == pairs[i].coach;
	}
	if (n == 0)
		return json_null();
	if (n == 1) {
		for (i = 0; pairs[i].coach == 0 || pairs[i].self == 0; i++)
			;
		if (same)
			buf_printf(&b, "You and your coach agree on %s.",
			    pairs[i].name);
		else
			buf_printf(&b, "You rate yourself %s than your coach "
			    "on %s.", lower ? "lower" : "higher",
			    pairs[i].name);
	} else if (same == n)
		buf_printf(&b, "You and your coach agree on all %zu.", n);
	else {
		buf_printf(&b, "You rate yourself %s than your coach on %zu of "
		    "%zu", lower >= higher ? "lower" : "higher", lower >= higher ?
		    lower : higher, n);
		if (lower >= higher && higher > 0)
			buf_printf(&b, ", higher on %zu", higher);
		if (higher > lower && lower > 0)
			buf_printf(&b, ", lower on %zu", lower);
		if (same > 0)
			buf_printf(&b, ", the same on %zu", same);
		buf_puts(&b, ".");
	}
	o = buf_failed(&b) ? json_null() : json_buf(&b);
	buf_free(&b);
	return o;
}

/* Renders the plaintext of an athlete's page into out. */
int
render_athlete(const struct render_ctx *r, const struct person *p,
    struct athlete_data *d, const char *root, struct buf *out)
{
	const struct rating_set	*rsp = &d->rs;
	struct metric_view	*mv = NULL;
	struct chart_pair	*pairs = NULL;
	struct buf		 svg = { 0 };
	json_t			*ctx = NULL, *metrics, *pending;
	int			 rc = -1, days = 0;
	size_t			 i, np = 0;

	if ((mv = calloc(r->nmetrics + 1, sizeof(*mv))) == NULL ||
	    (pairs = calloc(r->nmetrics + 1, sizeof(*pairs))) == NULL)
		goto out;
	metric_views(r, rsp, ROLE_ATHLETE, mv);
	metrics = json_array();
	pending = json_array();
	for (i = 0; i < r->nmetrics; i++) {
		json_array_append_new(metrics, athlete_metric(r, rsp, &mv[i],
		    d));
		if (mv[i].pending)
			json_array_append_new(pending, json_pack("{s:s, s:s}",
			    "name", mv[i].m->name, "slug", mv[i].m->slug));
		if (mv[i].coach || mv[i].self) {
			pairs[np].name = mv[i].m->name;
			pairs[np].min = mv[i].m->scale_min;
			pairs[np].max = mv[i].m->scale_max;
			pairs[np].coach = mv[i].coach ? mv[i].coach->score : 0;
			pairs[np].self = mv[i].self ? mv[i].self->score : 0;
			np++;
		}
	}
	qsort(pairs, np, sizeof(*pairs), gap_cmp);
	ctx = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s?}", "team", r->team,
	    "name", p->name, "root", root, "metrics", metrics, "pending",
	    pending, "sms_number", r->sms_number);
	if (ctx == NULL || reply_all(r, mv, ctx) == -1)
		goto out;
	if (np > 0)
		json_object_set_new(ctx, "gap_summary", gap_summary(pairs,
		    np));
	if (d->guessed > 0)
		json_object_set_new(ctx, "guess_summary", json_sprintf(
		    "Your guesses of your coach's scores: %u of %u within a "
		    "point.", d->close, d->guessed));
	json_object_set_new(ctx, "pending_count",
	    json_integer((json_int_t)json_array_size(pending)));
	json_object_set_new(ctx, "pending_names", pending_names(r, mv));
	if (np > 0 && chart_pairs(&svg, pairs, np) == 0)
		json_object_set_new(ctx, "pairs", json_buf(&svg));
	for (i = 0; i < 28; i++)
		days += d->hooper[i] > 0 || d->ill[i];
	if (days > 0 && chart_wellness(&svg, d->hooper, d->ill, r->day[0],
	    r->day[27]) == 0) {
		json_object_set_new(ctx, "wellness", json_buf(&svg));
		json_object_set_new(ctx, "wellness_days", json_sprintf(
		    "%d check-in%s", days, days == 1 ? "" : "s"));
		wellness_rows(r, &d->ws, ctx);
	}
	json_object_set_new(ctx, "updated", json_string(r->updated));
	rc = tmpl_render(r->tmpl, "athlete.html", ctx, out);
out:
	json_decref(ctx);
	free(mv);
	free(pairs);
	buf_free(&svg);
	return rc;
}

/*
 * A flag when the latest check-in is well above the athlete's own
 * baseline (at least 7 earlier days), or illness in the last 3 days.
 * Writes the reason in words; returns 1 when flagged.
 */
static int
wellness_flag(const struct render_ctx *r, const struct wellness_set *ws,
    char *why, size_t size)
{
	const struct wellness	*last = NULL;
	double			 sum = 0, sq = 0, mean, sd;
	char			 recent[11];
	size_t			 i, n = 0;

	day_string(r->now - 2 * 86400, recent);
	for (i = ws->n; i-- > 0;)
		if (ws->v[i].illness[0] && strcmp(ws->v[i].day, recent) >= 0) {
			snprintf(why, size, "reported %s on %s%s%s",
			    ws->v[i].illness, ws->v[i].day,
			    ws->v[i].note[0] ? ": " : "", ws->v[i].note);
			return 1;
		}
	for (i = ws->n; i-- > 0;)
		if (wellness_hooper(&ws->v[i]) > 0) {
			last = &ws->v[i];
			break;
		}
	if (last == NULL || strcmp(last->day, recent) < 0)
		return 0;
	for (i = 0; i < ws->n; i++)
		if (&ws->v[i] != last && wellness_hooper(&ws->v[i]) > 0 &&
		    strcmp(ws->v[i].day, last->day) < 0) {
			sum += wellness_hooper(&ws->v[i]);
			sq += (double)wellness_hooper(&ws->v[i]) *
			    wellness_hooper(&ws->v[i]);
			n++;
		}
	if (n < 7)
		return 0;
	mean = sum / (double)n;
	sd = sqrt(fmax(0, sq / (double)n - mean * mean));
	if (wellness_hooper(last) < mean + fmax(3, 1.5 * sd))
		return 0;
	snprintf(why, size, "wellness %d on %s, usually %.0f (\xc2\xb1%.0f): "
	    "sleep %d, stress %d, fatigue %d, soreness %d",
	    wellness_hooper(last), last->day, mean, sd, last->sleep,
	    last->stress, last->fatigue, last->soreness);
	return 1;
}

const char *const coach_row_parts[ROW__MAX] = { "row", "roster", "pending",
    "flag", "rounds" };

void
coach_row_free(struct coach_row *row)
{
	size_t	 i;

	for (i = 0; i < ROW__MAX; i++)
		buf_free(&row->part[i]);
}

#define ROUND_DAYS	56	/* the rounds a dashboard counts: 8 weeks */
#define ROUNDS_MAX	16

/*
 * The athlete's rating rounds of the last ROUND_DAYS, as the dashboard
 * adds them up over a squad: a line "YYYY-MM-DD 0|1" per day on which
 * the coach rated (the email's "date:", else the day it came in), 1
 * when the athlete has answered all of that day's.
 */
static void
rounds_of(const struct render_ctx *r, const struct rating_set *rs,
    struct buf *out)
{
	struct {
		char	 day[11];
		int	 answered;
	}		 v[ROUNDS_MAX];
	char		 day[11], oldest[11];
	size_t		 i, j, n = 0;

	day_string(r->now - ROUND_DAYS * 86400, oldest);
	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].source != SOURCE_COACH)
			continue;
		rating_day(&rs->v[i], day);
		if (strcmp(day, oldest) < 0)
			continue;
		for (j = 0; j < n && strcmp(v[j].day, day) != 0; j++)
			continue;
		if (j == n) {
			if (n == ROUNDS_MAX)
				continue;
			memcpy(v[n].day, day, sizeof(day));
			v[n++].answered = 1;
		}
		if (!rs->v[i].paired)
			v[j].answered = 0;
	}
	for (j = 0; j < n; j++)
		buf_printf(out, "%s %d\n", v[j].day, v[j].answered);
}

/* Texts: whether anything reaches p, and if not why, in words. */
static const char *
texts_state(const struct person *p)
{
	enum reach	 r = message_reach(p, CHANNEL_SMS);

	return r == REACH_OPTED_OUT ? "opted out (texted STOP)" :
	    message_reach_name(r);
}

/*
 * Renders a person's pieces of the dashboard into row: the row of the
 * matrix, the roster row, entries for "not answered" and wellness
 * flags, and their rating rounds.  link is the magic link fragment of
 * their page.
 */
int
render_coach_row(const struct render_ctx *r, const struct person *p,
    const struct athlete_data *d, const char *page, const char *link,
    int64_t created, struct coach_row *row)
{
	static const char *const tmpl[ROW__MAX] = { "coach-row.html",
	    "coach-roster.html", "coach-pending.html", "coach-flag.html",
	    NULL };

	struct metric_view	*mv;
	json_t			*ctx = NULL, *cells, *pending, *phones;
	char			 why[512], date[11];
	const struct rating	*rated = NULL;
	int64_t			 since = 0;
	int			 rc = -1, gaps = 0;
	size_t			 i, j;

	if ((mv = calloc(r->nmetrics + 1, sizeof(*mv))) == NULL)
		goto out;
	metric_views(r, &d->rs, ROLE_COACH, mv);
	cells = json_array();
	pending = json_array();
	for (i = 0; i < r->nmetrics; i++) {
		/*
		 * Every key the cell template reads is set, null or false
		 * when empty: a missing key would be looked up in the row
		 * (whose "pending" is a list) and show the wrong thing.
		 */
		json_t *c = json_pack("{s:n, s:n, s:n, s:b}", "coach", "self",
		    "gap", "pending", 0);
		if (mv[i].coach) {
			json_object_set_new(c, "coach",
			    json_integer(mv[i].coach->score));
			if (rated == NULL ||
			    mv[i].coach->created_at > rated->created_at)
				rated = mv[i].coach;
		}
		if (mv[i].self)
			json_object_set_new(c, "self",
			    json_integer(mv[i].self->score));
		if (mv[i].coach && mv[i].self) {
			int g = mv[i].self->score - mv[i].coach->score;
			gaps += abs(g);
			json_object_set_new(c, "gap", json_sprintf("%+d", g));
			json_object_set_new(c, "cls", json_string(g > 0 ?
			    "over" : g < 0 ? "under" : "even"));
			json_object_set_new(c, "sym", json_string(g > 0 ?
			    "\xe2\x96\xb2" : g < 0 ? "\xe2\x96\xbc" : "="));
		}
		if (mv[i].pending) {
			json_object_set_new(c, "pending", json_true());
			json_array_append_new(pending,
			    json_string(mv[i].m->name));
			/* waiting since the oldest rating not answered */
			for (j = mv[i].first; j < mv[i].first + mv[i].n; j++)
				if (d->rs.v[j].source == SOURCE_COACH &&
				    !d->rs.v[j].paired && (since == 0 ||
				    d->rs.v[j].created_at < since))
					since = d->rs.v[j].created_at;
		}
		json_array_append_new(cells, c);
	}
	day_string((time_t)created, date);
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:i}",
	    "name", p->name, "handle", p->handle, "page", page, "link", link,
	    "cells", cells, "pending", pending, "role", role_name(p->role),
	    "added", date, "gaps", gaps);
	if (ctx == NULL)
		goto out;
	if (rated != NULL) {
		rating_day(rated, date);
		json_object_set_new(ctx, "rated", json_string(date));
	}
	if (since != 0) {
		day_string((time_t)since, date);
		json_object_set_new(ctx, "since", json_string(date));
	}
	json_object_set_new(ctx, "squads", json_string(""));
	for (i = 0; i < p->squads.n; i++)
		json_object_set_new(ctx, "squads", json_sprintf("%s%s%s",
		    json_string_value(json_object_get(ctx, "squads")),
		    i ? ", " : "", p->squads.v[i]));
	phones = json_array();
	for (i = 0; i < p->phones.n; i++)
		json_array_append_new(phones, json_string(p->phones.v[i]));
	json_object_set_new(ctx, "phones", phones);
	json_object_set_new(ctx, "email", p->email ? json_string(p->email) :
	    json_null());
	json_object_set_new(ctx, "texts", json_string(texts_state(p)));
	/* no text or reminder reaches them: waiting will not help */
	if (strcmp(texts_state(p), "yes") != 0)
		json_object_set_new(ctx, "unreached",
		    json_string(texts_state(p)));
	json_object_set_new(ctx, "registered", json_boolean(d->registered));
	json_object_set_new(ctx, "pending_count",
	    json_integer((json_int_t)json_array_size(pending)));
	json_object_set_new(ctx, "pending_names", pending_names(r, mv));
	json_object_set_new(ctx, "is_athlete",
	    json_boolean(p->role == ROLE_ATHLETE));
	if (wellness_flag(r, &d->ws, why, sizeof(why)))
		json_object_set_new(ctx, "flag", json_string(why));
	for (i = 0; i < ROW__MAX; i++)
		if (tmpl[i] != NULL &&
		    tmpl_render(r->tmpl, tmpl[i], ctx, &row->part[i]) == -1)
			goto out;
	if (p->role == ROLE_ATHLETE)
		rounds_of(r, &d->rs, &row->part[ROW_ROUNDS]);
	if (buf_failed(&row->part[ROW_ROUNDS]))
		goto out;
	rc = 0;
out:
	json_decref(ctx);
	free(mv);
	return rc;
}

/* The fragments part of squad's members, or (squad 0) of no squad's. */
static json_t *
fragments(struct db *db, const char *part, int64_t squad)
{
	struct buf	 b = { 0 };
	sqlite3_stmt	*st = squad != 0 ?
	    db_query(db, STMT_FRAGMENT_SQUAD, "ti", part, squad) :
	    db_query(db, STMT_FRAGMENT_TEAM, "t", part);
	int		 rc;

	while ((rc = db_row(db, st)) == 1)
		buf_add(&b, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	return json_buf(&b);
}

/* The latest notes and unparsed texts of squad's members, or (squad
 * 0) of people in no squad, or (squad -1) of numbers nobody has. */
static json_t *
inbox(const struct render_ctx *r, int64_t squad)
{
	sqlite3_stmt	*st;
	json_t		*a = json_array();
	char		 day[11];
	int		 rc;

	if (squad > 0)
		st = db_query(r->db, STMT_INBOX_SQUAD, "ii", squad,
		    (int64_t)INBOX_ROWS);
	else
		st = db_query(r->db, squad == 0 ? STMT_INBOX_TEAM :
		    STMT_INBOX_UNKNOWN, "i", (int64_t)INBOX_ROWS);
	while ((rc = db_row(r->db, st)) == 1) {
		day_string((time_t)sqlite3_column_int64(st, 0), day);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:I, "
		    "s:s}", "date", day, "name", db_text(st, 1), "kind",
		    db_text(st, 2), "text", db_text(st, 3), "id",
		    (json_int_t)sqlite3_column_int64(st, 4), "handle",
		    db_text(st, 5)));
	}
	if (rc == -1) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* What to do about a message that failed, in words; NULL if unknown. */
static const char *
failure_hint(const char *channel, const char *code)
{
	if (strcmp(channel, "email") == 0)
		return "check their address on the roster (cox roster edit "
		    "@HANDLE --email ...) and, if every email fails, the "
		    "[smtp] settings (cox doctor --online)";
	return phone_error_hint(code);
}

/*
 * What went out to squad's athletes (squad 0: to the coaches, people in
 * no squad and unknown numbers), newest first: the last OUTBOX_ROWS, or
 * with failed what failed since since, with the provider's code and what
 * to do.
 */
static json_t *
outbox(const struct render_ctx *r, int64_t squad, int failed, time_t since)
{
	sqlite3_stmt	*st;
	json_t		*a = json_array(), *o;
	const char	*code;
	char		 day[11], num[16];
	int		 rc;

	if (squad != 0)
		st = db_query(r->db, STMT_OUTBOX_SQUAD, "iiii", squad,
		    (int64_t)failed, (int64_t)since, (int64_t)OUTBOX_ROWS);
	else
		st = db_query(r->db, STMT_OUTBOX_TEAM, "iii", (int64_t)failed,
		    (int64_t)since, (int64_t)OUTBOX_ROWS);
	while ((rc = db_row(r->db, st)) == 1) {
		day_string((time_t)sqlite3_column_int64(st, 0), day);
		code = phone_error_code(*db_text(st, 5) ? db_text(st, 5) :
		    db_text(st, 4), num, sizeof(num));
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
		    "date", day, "name", db_text(st, 1), "kind",
		    db_text(st, 2), "status", db_text(st, 3), "error",
		    db_text(st, 4), "text", db_text(st, 6), "what",
		    db_text(st, 7), "failed", strcmp(db_text(st, 3),
		    "failed") == 0 || strcmp(db_text(st, 3), "undelivered")
		    == 0);
		if (*code != '\0')
			json_object_set_new(o, "code", json_string(code));
		if (json_is_true(json_object_get(o, "failed")) &&
		    failure_hint(db_text(st, 2), code) != NULL)
			json_object_set_new(o, "hint", json_string(
			    failure_hint(db_text(st, 2), code)));
		json_array_append_new(a, o);
	}
	if (rc == -1) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* One rating round of a squad, added up from its members' rounds. */
struct round {
	char	 day[11];
	int	 rated, answered;
};

static int
round_cmp(const void *a, const void *b)
{
	return strcmp(((const struct round *)b)->day,
	    ((const struct round *)a)->day);	/* newest first */
}

/*
 * The squad's rating rounds of the last weeks, newest first: how many
 * athletes the coaches rated that day and how many have answered, from
 * the "rounds" fragments ("YYYY-MM-DD 0|1" lines) of its members.
 */
static json_t *
rounds(const struct render_ctx *r, json_t *lines)
{
	struct round	 v[64];
	const char	*p = json_string_value(lines);
	char		 oldest[11], day[11];
	json_t		*a;
	size_t		 i, n = 0;
	int		 done, len;

	if (p == NULL)
		return NULL;
	day_string(r->now - ROUND_DAYS * 86400, oldest);
	while (sscanf(p, "%10s %d\n%n", day, &done, &len) == 2) {
		p += len;
		if (strlen(day) != 10 || strcmp(day, oldest) < 0)
			continue;
		for (i = 0; i < n && strcmp(v[i].day, day) != 0; i++)
			continue;
		if (i == n) {
			if (n == sizeof(v) / sizeof(v[0]))
				continue;
			memcpy(v[n].day, day, sizeof(day));
			v[n].rated = v[n].answered = 0;
			n++;
		}
		v[i].rated++;
		v[i].answered += done != 0;
	}
	qsort(v, n, sizeof(v[0]), round_cmp);
	a = json_array();
	for (i = 0; i < n && i < 6; i++)
		json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:i}",
		    "date", v[i].day, "rated", v[i].rated, "answered",
		    v[i].answered, "waiting", v[i].rated - v[i].answered));
	return a;
}

/*
 * One part of the dashboard: squad's (named name), or with squad 0 the
 * head coaches' part: who is in no squad, unknown senders, and parts,
 * the squads' parts to open from it.  Only what its readers may see.
 */
int
render_dashboard(const struct render_ctx *r, const char *root, int64_t squad,
    const char *name, json_t *parts, struct buf *out)
{
	static const char *const lists[] = { "outbox", "failed", "inbox",
	    "unknown", "rounds" };

	json_t	*ctx, *metrics = json_array(), *lines;
	char	 has[16];
	size_t	 i;
	int	 rc;

	for (i = 0; i < r->nmetrics; i++)
		json_array_append_new(metrics, json_pack("{s:s, s:s}", "name",
		    r->metrics[i].name, "slug", r->metrics[i].slug));
	lines = fragments(r->db, "rounds", squad);
	ctx = json_pack("{s:s, s:s, s:s, s:o, s:o*, s:o*, s:o*, s:o*, s:o*, "
	    "s:o*, s:o*, s:o*}", "team", r->team, "root", root, "squad", name,
	    "metrics", metrics, "rows", fragments(r->db, "row", squad),
	    "roster", fragments(r->db, "roster", squad),
	    "pending", fragments(r->db, "pending", squad),
	    "flags", fragments(r->db, "flag", squad),
	    "inbox", inbox(r, squad),
	    "outbox", outbox(r, squad, 0, 0),
	    "failed", outbox(r, squad, 1, r->now - 30 * 86400),
	    "rounds", rounds(r, lines));
	json_decref(lines);
	if (ctx == NULL)
		return -1;
	if (squad == 0 && json_object_set_new(ctx, "unknown",
	    inbox(r, -1)) == -1) {
		json_decref(ctx);
		return -1;
	}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		snprintf(has, sizeof(has), "has_%s", lists[i]);
		json_object_set_new(ctx, has, json_boolean(
		    json_array_size(json_object_get(ctx, lists[i])) > 0));
	}
	json_object_set_new(ctx, "team_part", json_boolean(squad == 0));
	if (parts != NULL)
		json_object_set(ctx, "parts", parts);
	rc = tmpl_render(r->tmpl, "coach.html", ctx, out);
	json_decref(ctx);
	return rc;
}

/* A coach's own page: the parts of the dashboard they open. */
int
render_coach_home(const struct render_ctx *r, const struct person *p,
    json_t *parts, struct buf *out)
{
	json_t	*ctx;
	int	 rc;

	ctx = json_pack("{s:s, s:s, s:b, s:O}", "team", r->team, "name",
	    p->name, "head", p->role == ROLE_HEAD_COACH, "parts", parts);
	if (ctx == NULL)
		return -1;
	rc = tmpl_render(r->tmpl, "coach-home.html", ctx, out);
	json_decref(ctx);
	return rc;
}
