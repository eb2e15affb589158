/*
 * render_plan.c - planned sessions and how they felt, on an athlete's
 * page (their own answers, as the blind rule lets them see them) and
 * on a squad's part of the dashboard (the means of the answers): the
 * chart of the last sessions, every session as a row, and the words
 * over the weeks.  Its section: part_plan.
 */
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * How planned session v felt, as viewer may see it (the blind rule was
 * applied when it was read): the athlete's own RPE, or on the squad's
 * part (coach) the mean of the answers and how many; or why not yet.
 */
static json_t *
plan_felt(const struct plan_row *v, int coach)
{
	struct buf	 b = { 0 };
	char		 mean[FIXED1_MAX + 1];

	if (v->hidden)
		words_printf(&b, NULL, "gen.plan_after_day");
	else if (v->answers == 0)
		words_printf(&b, NULL, "gen.plan_no_answer");
	else if (!coach)
		buf_printf(&b, "%d", v->felt_sum);
	else {
		render_fixed1(mean, (double)v->felt_sum / v->answers);
		words_printf_n(&b, NULL, "gen.plan_felt", v->answers, mean,
		    v->answers);
	}
	return render_json_buf(&b);
}

/* Every planned session of ps as a row of the table, for viewer. */
static json_t *
plan_rows(const struct plan_set *ps, int coach)
{
	const struct plan_row *v;
	json_t		*rows = json_array();
	char		 label[16];
	size_t		 i;

	for (i = 0; i < ps->n; i++) {
		v = &ps->v[i];
		words_day(v->day, label);
		json_array_append_new(rows, json_pack("{s:s++, s:s, s:s, s:i, "
		    "s:o, s:o, s:s}", "when", label, *v->slot ? " " : "",
		    words_slot(v->slot), "day", v->day, "slot", v->slot,
		    "minutes", v->minutes, "planned", v->intended >= 0 ?
		    json_sprintf("%d", v->intended) : json_string(words_get(NULL,
		    "gen.plan_after_yours")), "felt", plan_felt(v, coach),
		    "what", v->description));
	}
	return rows;
}

/*
 * The words over the weeks: how the answers to easy sessions felt
 * against the plan, and to hard ones (lib/season.h's PLAN_EASY, PLAN_HARD,
 * PLAN_APART), into ctx's "plan_easy" and "plan_hard" when there are.
 */
static void
plan_words(const struct plan_set *ps, int coach, json_t *ctx)
{
	struct plan_tally t;
	struct buf	 b = { 0 };

	plan_add_up(ps, &t);
	if (t.easy > 0 && words_printf(&b, NULL, coach ? "gen.plan_easy_c" :
	    "gen.plan_easy_a", PLAN_EASY, PLAN_APART, t.easy_harder,
	    t.easy) == 0)
		json_object_set_new(ctx, "plan_easy", render_json_buf(&b));
	if (t.hard > 0 && words_printf(&b, NULL, coach ? "gen.plan_hard_c" :
	    "gen.plan_hard_a", PLAN_HARD, PLAN_APART, t.hard_easier,
	    t.hard) == 0)
		json_object_set_new(ctx, "plan_hard", render_json_buf(&b));
	buf_free(&b);
}

/*
 * The planned-and-felt section of a page, only when ps (read with the
 * blind rule applied for its viewer) has a session: into ctx "plan",
 * the chart of the last CHART_PLAN_ROWS sessions begun by r's today,
 * "plan_rows" every session, and the words over the weeks.  coach: the
 * squad's part, whose felt values are the means of the answers; else
 * the athlete's own page.  Returns 0 or -1.
 */
static int
render_plan(const struct render_ctx *r, const struct plan_set *ps, int coach,
    json_t *ctx)
{
	struct buf	 b = { 0 };
	size_t		 end;

	if (ps->n == 0)
		return 0;
	for (end = 0; end < ps->n && strcmp(ps->v[end].day, r->day[27]) <= 0;
	    end++)
		continue;
	if (end > 0 && chart_plan(&b, ps, end > CHART_PLAN_ROWS ?
	    end - CHART_PLAN_ROWS : 0, end) == -1) {
		buf_free(&b);
		return -1;
	}
	json_object_set_new(ctx, "plan", end > 0 ? render_json_buf(&b) :
	    json_string(""));
	json_object_set_new(ctx, "has_plan", json_true());
	json_object_set_new(ctx, "plan_rows", plan_rows(ps, coach));
	plan_words(ps, coach, ctx);
	return 0;
}

/*
 * The athlete's planned sessions of the last 28 days and those to
 * come, as they may see them (lib/load.c hides the plan's RPE of a
 * session they have not answered): render_plan() into ctx.
 */
int
render_plan_athlete(const struct render_ctx *r, const struct person *p, json_t *ctx)
{
	struct plan_set	 ps;
	int		 rc;

	if (plan_read_athlete(r->db, p->id, r->day[0], &ps) == -1)
		return -1;
	rc = render_plan(r, &ps, 0, ctx);
	plan_set_free(&ps);
	return rc;
}

/*
 * Squad's planned sessions of the last 28 days and those to come, as
 * its coaches may see them (lib/load.c leaves out the athletes' efforts
 * until a session's day is over): render_plan() into ctx.
 */
static int
plan_render(const struct part *p, json_t *ctx)
{
	const struct render_ctx	*r = p->r;
	struct plan_set		 ps;
	int			 rc;

	if (plan_read_squad(r->db, p->squad, r->day[0], r->day[27], &ps) ==
	    -1)
		return -1;
	rc = render_plan(r, &ps, 1, ctx);
	plan_set_free(&ps);
	return rc;
}

static const struct part_section part_plan = { "plan", PART_SQUAD, NULL,
    plan_render };
PART_SECTION(part_plan, 1500);
