/*
 * render_home.c - the plaintext of a coach's own page: the parts of
 * the dashboard they open (parts_list() links them), and where to
 * email ratings, with the sheet of all their athletes.
 */
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * A line of ratings as a coach emails them, into ctx's "example": the
 * first athlete of sheet (the text sheet_text() wrote) with a score in
 * the middle of each metric's scale, and "order", the metrics' order.
 */
static void
home_example(const struct render_ctx *r, const char *sheet, json_t *ctx)
{
	struct buf	 b = { 0 }, order = { 0 };
	const char	*line = strchr(sheet, '\n'), *colon;
	size_t		 i;

	if (line == NULL || (colon = strchr(++line, ':')) == NULL)
		return;
	buf_add(&b, line, (size_t)(colon - line + 1));
	for (i = 0; i < r->nmetrics; i++) {
		buf_printf(&b, " %ld", (r->metrics[i].scale_min +
		    r->metrics[i].scale_max + 1) / 2);
		buf_printf(&order, "%s%s", i ? " " : "", r->metrics[i].slug);
	}
	json_object_set_new(ctx, "example", render_json_buf(&b));
	json_object_set_new(ctx, "order", render_json_buf(&order));
}

/*
 * A coach's own page: the parts of the dashboard they open, and the
 * link that rates their athletes (all of them, a head coach's).
 */
int
render_coach_home(const struct render_ctx *r, const struct person *p,
    json_t *parts, struct buf *out)
{
	struct buf	 sheet = { 0 };
	json_t		*ctx;
	int		 rc;

	ctx = json_pack("{s:s, s:s, s:b, s:O}", "team", r->team, "name",
	    p->name, "head", p->role == ROLE_HEAD_COACH, "parts", parts);
	if (ctx == NULL)
		return -1;
	if (r->address != NULL) {
		json_object_set_new(ctx, "address", json_string(r->address));
		json_object_set_new(ctx, "rate_href", render_sheet(r, 0, p->id,
		    p->name));
		if (sheet_text(r->db, 0, p->id, &sheet) > 0 && !buf_failed(&sheet))
			home_example(r, sheet.data, ctx);
		buf_free(&sheet);
	} else
		json_object_set_new(ctx, "no_address", json_true());
	rc = tmpl_render(r->tmpl, "coach-home.html", ctx, out);
	json_decref(ctx);
	return rc;
}
