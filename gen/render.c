/*
 * render.c - what the renderers of gated pages share: the context of
 * one build (render_new), what one athlete's page and dashboard row
 * are made from (render_load), and the helpers each page uses: what
 * a viewer sees of each metric (the blind rule, applied to what goes
 * into a page), building JSON strings, and saying who opens a page.
 * The pages themselves: render_athlete.c (and the files of its
 * sections: render_metric.c, render_wellness.c, render_training.c,
 * render_plan.c, render_season.c, render_erg.c, render_health.c),
 * render_row.c, render_part.c (and the files of its sections, which
 * its registry lists), render_home.c, and their actions,
 * render_action.c.
 * Values reach HTML only through templates (escaped by default) or
 * through markdown_html() and the chart writers.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "gen.h"

STMT(STMT_PERSON_REGISTERED,
    "SELECT count(*) FROM person_key WHERE person_id = ? "
    "AND revoked_at IS NULL");
STMT(STMT_GUESS_FOR_ATHLETE,
    "SELECT rating_id, score FROM guess WHERE athlete_id = ? "
    "ORDER BY athlete_id, rating_id");

/*
 * The build's day, "22 Nov 2026", in the words of this thread's reader,
 * into r->updated.
 */
void
render_updated(struct render_ctx *r)
{
	words_date(r->day[27], r->updated);
}

/*
 * The team's address from conf, bare ("Club <a@b>" gives "a@b"), newly
 * allocated into *out (NULL: none).  Returns 0, or -1 out of memory.
 */
static int
render_address(const struct config *conf, char **out)
{
	const char	*v = config_get(conf, "mail", "address"), *lt, *gt;

	*out = NULL;
	if (v == NULL || *v == '\0')
		v = config_get(conf, "smtp", "from");
	if (v == NULL || *v == '\0')
		return 0;
	if ((lt = strchr(v, '<')) != NULL && (gt = strchr(lt, '>')) != NULL)
		*out = strndup(lt + 1, (size_t)(gt - lt - 1));
	else
		*out = strdup(v);
	return *out == NULL ? -1 : 0;
}

/* What the renderers share for one build. */
struct render_ctx *
render_new(struct db *db, struct config *conf, const struct tmpl_set *t,
    time_t now)
{
	struct render_ctx	*r;
	struct tm		 tm;
	const char		*v;
	size_t			 i;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_error("out of memory");
		return NULL;
	}
	r->db = db;
	r->tmpl = t;
	r->now = now;
	v = config_get(conf, "team", "name");
	r->team = v ? v : words_get(NULL, "gen.team");
	v = config_get(conf, "sms", "from");
	r->sms_number = v;
	erg_noise_read(conf, &r->erg_noise);
	r->erg_chart_watts = erg_chart_watts(conf);
	if (render_address(conf, &r->address) == -1 ||
	    metric_set_load(db, &r->ms) == -1 ||
	    checkin_items_load(db, &r->items) == -1) {
		render_free(r);
		return NULL;
	}
	r->metrics = r->ms.v;
	r->nmetrics = r->ms.n;
	for (i = 0; i < 28; i++)
		day_before(now, 27 - (int)i, r->day[i]);
	/* day[0] is 27 days (three weeks and six) before today, so it is
	 * the weekday after today's: its first Monday (7 - today's) % 7 on */
	localtime_r(&now, &tm);
	r->monday = (7 - tm.tm_wday) % 7;
	render_updated(r);
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
	free(r->address);
	metric_set_free(&r->ms);
	free(r);
}

/* The day a rating belongs to: the round's (rated_on), else its own. */
void
render_rating_day(const struct rating *x, char out[11])
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
json_t *
render_json_buf(struct buf *b)
{
	json_t	*j = buf_failed(b) ? NULL :
	    json_stringn_nocheck(b->data ? b->data : "", b->len);

	buf_free(b);
	return j;
}

/*
 * v with one decimal, as the reader's language writes it ("1.4",
 * "1,4": gen.decimal), into out; its length.  Charts' coordinates keep
 * fixed1()'s point.
 */
size_t
render_fixed1(char out[FIXED1_MAX + 1], double v)
{
	size_t		 n = fixed1(out, v);
	char		*dot;

	out[n] = '\0';
	if ((dot = strchr(out, '.')) != NULL)
		*dot = words_decimal();
	return n;
}

/* A signed figure with one decimal, "+0.4", "-1.2", "0.0". */
json_t *
render_signed1(double v)
{
	char	 s[FIXED1_MAX + 2];

	s[0] = '+';
	render_fixed1(s + (v >= 0.05), v);
	return json_string(s);
}

/* A figure with one decimal, "0.8". */
json_t *
render_plain1(double v)
{
	char	 s[FIXED1_MAX + 1];

	render_fixed1(s, v);
	return json_string(s);
}

/*
 * v as people write it, its thousands grouped with the catalogue's
 * separator: "2,340".  Returns out.
 */
const char *
render_grouped(long v, char out[RENDER_GROUPED_MAX])
{
	snprintf(out, RENDER_GROUPED_MAX, "%ld", v);
	return words_grouped(out, RENDER_GROUPED_MAX);
}

/*
 * A change of v load units (or any whole figure), signed and grouped as
 * render_grouped(): "+310", "-1,120", and "0" with no sign.
 */
const char *
render_change(long v, char out[RENDER_GROUPED_MAX])
{
	snprintf(out, RENDER_GROUPED_MAX, v == 0 ? "%ld" : "%+ld", v);
	return words_grouped(out, RENDER_GROUPED_MAX);
}

/*
 * A value of m as a page writes it for a person, in the reader's
 * decimal mark with its thousands grouped: "6:45,3", "10 000 m".  What
 * is read back (exports, data attributes, an example to type) keeps
 * metric_value_write()'s.  Returns out.
 */
const char *
render_value_text(const struct metric *m, long kept,
    char out[RENDER_VALUE_MAX])
{
	metric_value_write(m, kept, words_decimal(), out, RENDER_VALUE_MAX);
	return words_grouped(out, RENDER_VALUE_MAX);
}

/*
 * A time of an erg piece with its watts, "1:45.0 (302.3 W)", into out;
 * a value of any other metric as render_value_text() writes it.
 */
const char *
render_erg_value(const struct metric *m, long kept, char out[RENDER_ERG_MAX])
{
	char		 v[RENDER_VALUE_MAX], w[FIXED1_MAX + 1];
	struct buf	 b = { 0 };

	render_value_text(m, kept, v);
	snprintf(out, RENDER_ERG_MAX, "%s", v);
	if (!erg_timed(m))
		return out;
	render_fixed1(w, erg_watts(m, kept));
	if (words_printf(&b, NULL, "gen.erg_value", v, w) == 0 &&
	    b.len < RENDER_ERG_MAX)
		snprintf(out, RENDER_ERG_MAX, "%s", b.data);
	buf_free(&b);
	return out;
}

/*
 * A value of m as the page shows it: a scale's points a JSON number (as
 * pages always had them), a time or a number written as the reader's
 * language writes it ("6:45,3", "82,5 kg"), an erg piece's time with
 * its watts (render_erg.c).
 */
json_t *
render_value(const struct metric *m, long kept)
{
	char	 v[RENDER_ERG_MAX];

	if (m->kind == METRIC_SCALE)
		return json_integer(kept);
	return json_string(render_erg_value(m, kept, v));
}

/* The same, written into out as a template writes it (escaped). */
int
render_value_html(struct buf *out, const struct metric *m, long kept)
{
	char	 v[RENDER_ERG_MAX];

	if (m->kind == METRIC_SCALE)
		return buf_long(out, kept);
	return html_puts(out, render_erg_value(m, kept, v));
}

/*
 * A gap (the athlete's less the coach's) of m: "+1" points, "-2.5 kg"
 * for a number.  A time is better lower, so a sign would say the
 * opposite of the arrow beside it (the athlete's 7:45 against the
 * coach's 7:40 is +5 s and a worse view): it is said in words with no
 * sign, "5 s slower" or "5 s faster" (gen.gap_slower, gen.gap_faster).
 */
json_t *
render_gap(const struct metric *m, long gap)
{
	struct metric	 as = *m;
	struct buf	 b = { 0 };
	char		 v[RENDER_VALUE_MAX];

	if (m->kind == METRIC_SCALE)
		return json_sprintf("%+ld", gap);
	if (m->kind == METRIC_TIME) {
		as.kind = METRIC_NUMBER;
		snprintf(as.unit, sizeof(as.unit), "s");
		render_value_text(&as, gap < 0 ? -gap : gap, v);
		if (gap == 0)
			return json_string(v);
		words_printf(&b, NULL, gap > 0 ? "gen.gap_slower" :
		    "gen.gap_faster", v);
		return render_json_buf(&b);
	}
	return json_sprintf("%c%s", gap < 0 ? '-' : '+',
	    render_value_text(&as, gap < 0 ? -gap : gap, v));
}

int
render_lang(const struct render_ctx *r, const char *lang)
{
	size_t	 i;

	for (i = 0; r->langs != NULL && lang != NULL && i < r->langs->n; i++)
		if (strcmp(r->langs->code[i], lang) == 0)
			return (int)i + 1;
	return 0;
}

/* The month ("YYYY-MM") back months before day's ("YYYY-MM-DD"). */
void
render_month_back(const char *day, int back, char out[8])
{
	int	 y = atoi(day), m = atoi(day + 5) - 1 - back;

	y += m < 0 ? (m - 11) / 12 : 0;
	m = ((m % 12) + 12) % 12;
	snprintf(out, 8, "%04d-%02d", y, m + 1);
}

/*
 * The season pages show and print: from the first day of the month
 * GAP_MONTHS - 1 back to today; its first day into since, both into
 * ctx (unless NULL) as season_first and season_last in the reader's
 * words ("1 Dec 2025"), season_first_day and season_last_day as they
 * are kept, for <time>.
 */
void
render_season(const struct render_ctx *r, char since[11], json_t *ctx)
{
	char	 date[WORDS_DATE_MAX];

	render_month_back(r->day[27], GAP_MONTHS - 1, since);
	memcpy(since + 7, "-01", 4);
	if (ctx == NULL)
		return;
	json_object_set_new(ctx, "season_first", json_string(words_date(since,
	    date)));
	json_object_set_new(ctx, "season_last", json_string(words_date(
	    r->day[27], date)));
	json_object_set_new(ctx, "season_first_day", json_string(since));
	json_object_set_new(ctx, "season_last_day", json_string(r->day[27]));
}

/*
 * One metric's view, in v (m, first and n set), for viewer: the latest
 * coach rating viewer sees and the answer paired with it, or the
 * latest self-rating when there is no coach rating; and an athlete's
 * latest self-rating made after that answer, when it says otherwise (a
 * later view, which the round does not take: reply.c says the same).
 */
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
	/* the athlete's own, seen by them alone: after the pair, unpaired */
	for (i++; v->self != NULL && i < end; i++)
		if (rs->v[i].source == SOURCE_SELF &&
		    rating_visible(&rs->v[i], viewer))
			v->latest = &rs->v[i];
	if (v->latest != NULL && v->latest->score == v->self->score)
		v->latest = NULL;
}

/*
 * What viewer sees of each of the team's metrics, in page order, from
 * rs (sorted by metric id) into mv, which has room for r->nmetrics.
 */
void
render_metric_views(const struct render_ctx *r, const struct rating_set *rs,
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
json_t *
render_pending_names(const struct render_ctx *r, const struct metric_view *mv)
{
	struct buf	 b = { 0 };
	size_t		 i, n = 0, total = 0;

	for (i = 0; i < r->nmetrics; i++)
		total += mv[i].pending;
	for (i = 0; i < r->nmetrics; i++) {
		if (!mv[i].pending)
			continue;
		if (n > 0)
			buf_puts(&b, words_get(NULL, n + 1 == total ?
			    "gen.list_and" : "gen.list_sep"));
		buf_puts(&b, mv[i].m->name);
		n++;
	}
	return render_json_buf(&b);
}

/* The athlete's guesses of coach scores, in rating id order. */
static int
guesses_load(struct db *db, int64_t athlete, struct athlete_data *d)
{
	sqlite3_stmt	*st = db_query(db, STMT_GUESS_FOR_ATHLETE, "i", athlete);
	struct guess	*more;
	size_t		 cap = 0;
	int		 rc;

	while ((rc = db_row(db, st)) == OUT_ROW) {
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

/* The last 28 days (oldest first) of illness marks and each item's answer. */
static int
wellness_days(const struct render_ctx *r, int64_t athlete, int ill[28],
    int items[4][28], int club[][28], struct wellness_set *ws)
{
	size_t	 i = 0, j;
	int	 d, c;

	if (wellness_load(r->db, athlete, r->day[0], ws) == -1)
		return -1;
	if (checkin_answers_load(r->db, athlete, r->day[0], &r->items,
	    ws) == -1) {
		wellness_free(ws);
		return -1;
	}
	memset(club, 0xff, CHECKIN_ITEMS_MAX * 28 * sizeof(int));	/* -1 */
	memset(ill, 0, 28 * sizeof(int));
	memset(items, 0, 4 * 28 * sizeof(int));
	/* both in day order: one pass */
	for (d = 0; d < 28 && i < ws->n; d++) {
		while (i < ws->n && (c = strcmp(ws->v[i].day, r->day[d])) <= 0) {
			if (c == 0 && ws->v[i].illness[0] != '\0')
				ill[d] = 1;
			if (c == 0) {	/* the day's last check-in, item by item */
				items[0][d] = ws->v[i].sleep ? ws->v[i].sleep :
				    items[0][d];
				items[1][d] = ws->v[i].stress ?
				    ws->v[i].stress : items[1][d];
				items[2][d] = ws->v[i].fatigue ?
				    ws->v[i].fatigue : items[2][d];
				items[3][d] = ws->v[i].soreness ?
				    ws->v[i].soreness : items[3][d];
				for (j = 0; j < ws->v[i].nanswers; j++)
					club[ws->v[i].answers[j].item][d] =
					    ws->v[i].answers[j].value;
			}
			i++;
		}
	}
	return 0;
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
	if (wellness_days(r, athlete, d->ill, d->items, d->club,
	    &d->ws) == -1 ||
	    guesses_load(r->db, athlete, d) == -1 ||
	    load_read(r->db, athlete, r->now, &d->load) == -1 ||
	    logbook_measured(r->db, athlete, &d->erg, &d->nerg) == -1) {
		render_data_free(d);
		return -1;
	}
	st = db_query(r->db, STMT_PERSON_REGISTERED, "i", athlete);
	if ((rc = db_row(r->db, st)) == OUT_ROW)
		d->registered = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	if (rc == -1) {
		render_data_free(d);
		return -1;
	}
	load_summarize(&d->load, &d->week);
	/* the squad's part leaves out what the day's end reveals (the
	 * usual, as of last week's end, holds nothing of today) */
	d->load.daily[LOAD_DAYS - 1] -= d->load.blind;
	load_summarize(&d->load, &d->coach_week);
	d->load.daily[LOAD_DAYS - 1] += d->load.blind;
	return 0;
}

void
render_data_free(struct athlete_data *d)
{
	ratings_free(&d->rs);
	wellness_free(&d->ws);
	free(d->guesses);
	d->guesses = NULL;
	free(d->erg);
	d->erg = NULL;
	d->nerg = 0;
}

/* One reader's line: their name and what they are to the page. */
static json_t *
reader_line(const struct reader *x)
{
	static const char *const words[] = {
		[ROLE_ATHLETE] = "gen.reader_athlete",
		[ROLE_COACH] = "gen.reader_coach",
		[ROLE_HEAD_COACH] = "gen.reader_head",
	};
	struct buf	 b = { 0 };

	if (words_printf(&b, NULL, x->own ? "gen.reader_own" :
	    words[x->role], x->name) == -1) {
		buf_free(&b);
		return NULL;
	}
	return render_json_buf(&b);
}

/*
 * The section saying who opens the page (rd, from the keys it is
 * sealed to), as ctx's "readers": its heading, each reader's line and
 * the magic link's.  rd NULL: no section.  Returns 0, or -1 out of
 * memory.
 */
int
render_readers(const struct readers *rd, json_t *ctx)
{
	struct buf	 b = { 0 };
	char		 day[11], date[WORDS_DATE_MAX];
	json_t		*who;
	size_t		 i;

	if (rd == NULL)
		return 0;
	if ((who = json_array()) == NULL || json_object_set_new(ctx,
	    "readers", json_pack("{s:s, s:s, s:o}", "h", words_get(NULL,
	    "gen.readers_h"), "how", words_get(NULL, "gen.readers_how"),
	    "who", who)) == -1)
		return -1;
	for (i = 0; i < rd->n; i++)
		if (json_array_append_new(who, reader_line(&rd->v[i])) == -1)
			return -1;
	day_before((time_t)rd->link, 0, day);
	if (words_printf(&b, NULL, "gen.reader_link", words_date(day,
	    date)) == -1) {
		buf_free(&b);
		return -1;
	}
	return json_array_append_new(who, render_json_buf(&b));
}
