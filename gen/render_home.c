/*
 * render_home.c - the plaintext of a coach's own page: the parts of
 * the dashboard they open (parts_list() links them).
 */
#include <jansson.h>

#include "gen.h"

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
