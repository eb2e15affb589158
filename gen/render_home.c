/*
 * render_home.c - the plaintext of a coach's own page: the parts of
 * the dashboard they open (parts_list() links them), and where to
 * email ratings, with the sheet of all their athletes.
 */
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * Where and how coach p emails ratings, into ctx: the team's "address",
 * the metrics' "order", an "example" line (the first of p's athletes
 * with a score in the middle of each scale) and the link that opens the
 * sheet of all of them; or "no_address".
 */
static void
home_rating(const struct render_ctx *r, const struct person *p, json_t *ctx)
{
	struct buf	 sheet = { 0 }, b = { 0 }, order = { 0 };
	const char	*line, *colon;
	size_t		 i;

	if (r->address == NULL) {
		json_object_set_new(ctx, "no_address", json_true());
		return;
	}
	json_object_set_new(ctx, "address", json_string(r->address));
	for (i = 0; i < r->nmetrics; i++)
		buf_printf(&order, "%s%s", i ? " " : "", r->metrics[i].slug);
	json_object_set_new(ctx, "order", render_json_buf(&order));
	if (sheet_text(r->db, 0, p->id, &sheet) <= 0 ||
	    (line = strchr(sheet.data, '\n')) == NULL ||
	    (colon = strchr(++line, ':')) == NULL)
		goto out;
	buf_add(&b, line, (size_t)(colon - line + 1));
	for (i = 0; i < r->nmetrics; i++) {
		struct metric	 bare = r->metrics[i];
		char		 v[METRIC_VALUE_MAX];

		bare.unit[0] = '\0';
		metric_value_write(&bare, metric_middle(&bare), '.', v,
		    sizeof(v));
		buf_printf(&b, " %s", v);
	}
	json_object_set_new(ctx, "example", render_json_buf(&b));
	json_object_set_new(ctx, "rate_href", render_sheet(r, 0, p->id,
	    p->name));
out:
	buf_free(&sheet);
}

/*
 * A coach's own page: the parts of the dashboard they open, and how to
 * rate their athletes (all of them, a head coach's) by email.
 */
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
	home_rating(r, p, ctx);
	rc = tmpl_render(r->tmpl, "coach-home.html", ctx, out);
	json_decref(ctx);
	return rc;
}
