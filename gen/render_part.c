/*
 * render_part.c - the plaintext of a part of the dashboard: a squad's,
 * for its coaches and the head coaches, or the team's, for the head
 * coaches alone (who is in no squad, unknown senders, the squads'
 * parts to open).  One template and one function make both: the
 * fragments its members left (render_row.c), read by kind for the
 * sections, which each section's own file defines (struct
 * part_section) and places in the registry here with
 * PART_SECTION(section, order) (render.h); and what the part offers to
 * do as a whole.  The linker gathers the sections (section
 * cox_sections) and registry_table() (lib/registry.c) gives them by
 * order key, sorted at first use by whichever of the build's threads
 * draws a part first.  The keys are hundreds, room left between; those
 * taken, in the page's order (site-templates/coach.html; test_registry
 * checks this list):
 *
 *	 100 part_pending	render_row.c
 *	 200 part_flags		render_row.c
 *	 300 part_failed	render_messages.c
 *	 400 part_inbox		render_messages.c
 *	 500 part_unknown	render_messages.c
 *	 600 part_episodes	render_health.c
 *	 700 part_rows		render_row.c
 *	 800 part_load		render_row.c
 *	 900 part_health	render_health.c
 *	1000 part_heat		render_heat.c
 *	1100 part_trend		render_heat.c
 *	1200 part_gaps		render_gaps.c
 *	1300 part_raters	render_raters.c
 *	1400 part_avail		avail.c
 *	1500 part_plan		render_plan.c
 *	1600 part_seat		render_seat.c
 *	1700 part_rounds	render_rounds.c
 *	1800 part_outbox	render_messages.c
 *	1900 part_roster	render_row.c
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/* the dashboard's part of squad ?2: its members' fragments ?1 */
STMT(STMT_FRAGMENT_SQUAD,
    "SELECT f.body FROM membership m "
    "JOIN person p ON p.id = m.person_id "
    "JOIN fragment f ON f.person_id = m.person_id AND f.part = ? "
    "WHERE m.squad_id = ? AND p.active = 1 "
    "ORDER BY p.name COLLATE NOCASE, p.id");
/*
 * the head coaches' part: who is in no squad, found from the
 * people (a walk of everyone), then their fragments of every kind
 * the part shows at once, kind by kind (the raters' are added up
 * for the whole team: STMT_FRAGMENT_ALL)
 */
STMT(STMT_FRAGMENT_TEAM,
    "SELECT f.part, f.body FROM person p CROSS JOIN fragment f ON "
    "f.person_id = p.id AND f.part != 'raters' "
    "WHERE p.active = 1 AND NOT EXISTS (SELECT 1 "
    "FROM membership m WHERE m.person_id = p.id) "
    "ORDER BY f.part, p.name COLLATE NOCASE, p.id");

/*
 * The sections of a part, each placed here by its own file with
 * PART_SECTION() (render.h), so that a new section is its file alone
 * (and its place in site-templates/coach.html): drawn by their order
 * keys, the page's order (the list above).
 */
REGISTRY_DEFINE(part_sections, cox_sections);

/*
 * p->team read: the fragments of the people in no squad, whom only a
 * walk of everyone finds, so every kind of theirs is read at once.
 */
static int
part_team(struct part *p)
{
	sqlite3_stmt	*st = db_query(p->r->db, STMT_FRAGMENT_TEAM, "");
	struct buf	 b = { 0 };
	char		 kind[64] = "";
	int		 rc;

	if ((p->team = json_object()) == NULL)
		return -1;
	for (;;) {
		rc = db_row(p->r->db, st);
		/* rows come kind by kind: one ends at the next, or the end */
		if (kind[0] != '\0' && (rc != OUT_ROW ||
		    strcmp(kind, db_text(st, 0)) != 0) &&
		    json_object_set_new(p->team, kind, render_json_buf(&b))
		    == -1)
			rc = -1;
		if (rc != OUT_ROW)
			break;
		snprintf(kind, sizeof(kind), "%s", db_text(st, 0));
		buf_add(&b, sqlite3_column_text(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
	}
	buf_free(&b);
	if (rc == -1) {
		sqlite3_reset(st);
		return -1;
	}
	return 0;
}

/*
 * The fragments of kind of the part's people: squad's members, read
 * when asked for, or (squad 0) the people in no squad, read at once
 * (part_team()); as one JSON string, or NULL on error.
 */
json_t *
part_fragments(const struct part *p, const char *kind)
{
	struct buf	 b = { 0 };
	sqlite3_stmt	*st;
	json_t		*v;
	int		 rc;

	if (p->squad == 0)
		return (v = json_object_get(p->team, kind)) != NULL ?
		    json_incref(v) : json_string("");
	st = db_query(p->r->db, STMT_FRAGMENT_SQUAD, "ti", kind, p->squad);
	while ((rc = db_row(p->r->db, st)) == OUT_ROW)
		buf_add(&b, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	return render_json_buf(&b);
}

/*
 * v into ctx as name, for a section whose value it must have: 0, or -1
 * (the part fails) when v is NULL, an error.
 */
int
part_set(json_t *ctx, const char *name, json_t *v)
{
	if (v == NULL)
		return -1;
	json_object_set_new(ctx, name, v);
	return 0;
}

/*
 * The line at at (up to end) into ln, NUL-terminated (empty when it
 * does not fit); returns where the next line starts.  sscanf() on the
 * whole text would measure all that is left at every line: the team's
 * fragments are a line per athlete, metric and month.
 */
const char *
part_line(const char *at, const char *end, char *ln, size_t size)
{
	const char	*nl = memchr(at, '\n', (size_t)(end - at));
	size_t		 len = (size_t)((nl != NULL ? nl : end) - at);

	if (len >= size)
		len = 0;
	memcpy(ln, at, len);
	ln[len] = '\0';
	return nl != NULL ? nl + 1 : end;
}

/*
 * What a part offers to do as a whole: rate the squad (the sheet) and
 * remind everyone who has not answered, when a reminder reaches one of
 * them at least (their entry is marked data-remind: coach-pending.html;
 * a week in which no athlete's consent was recorded offered a link
 * that texted no one); or, with no team address, the word that says
 * what to set.  Into ctx.
 */
static void
part_actions(const struct render_ctx *r, int64_t squad, const char *name,
    json_t *ctx)
{
	const char	*pending = json_string_value(json_object_get(ctx,
	    "pending"));

	if (r->address == NULL) {
		json_object_set_new(ctx, "no_address", json_true());
		return;
	}
	json_object_set_new(ctx, "address", json_string(r->address));
	if (squad == 0)
		return;
	json_object_set_new(ctx, "rate_href", render_sheet(r, squad, 0, name));
	if (pending != NULL && strstr(pending, " data-remind") != NULL)
		json_object_set_new(ctx, "remind_all_href", render_action(r,
		    "gen.cmd_remind_squad", name, NULL));
}

/*
 * has_NAME in ctx: whether its NAME, a list or fragments (blank for
 * whom they do not concern), has any.  Returns that.
 */
static int
part_has(json_t *ctx, const char *name)
{
	json_t	*v = json_object_get(ctx, name);
	char	 has[24];
	int	 any = json_is_string(v) ? json_string_value(v)[strspn(
	    json_string_value(v), " \t\r\n")] != '\0' :
	    json_array_size(v) > 0;

	snprintf(has, sizeof(has), "has_%s", name);
	json_object_set_new(ctx, has, json_boolean(any));
	return any;
}

/*
 * One part of the dashboard: squad's (named name), or with squad 0 the
 * head coaches' part: who is in no squad, unknown senders, and parts,
 * the squads' parts to open from it.  Each section that applies to it
 * puts its own into the template's context; then whether each has
 * anything (has_NAME), and whether anything needs acting on (has_act).
 * Only what its readers may see; it ends with who they are (rd, from
 * the keys it is sealed to).
 */
static int
dashboard(const struct part *p, const char *root, const char *name,
    json_t *parts, const struct readers *rd, struct buf *out)
{
	const struct render_ctx		*r = p->r;
	const struct part_section	*s;
	json_t	*ctx, *metrics = json_array(), *v;
	size_t	 i;
	int	 rc, act = 0;
	char	 since[11];

	for (i = 0; i < r->nmetrics; i++)
		json_array_append_new(metrics, json_pack("{s:s, s:s}", "name",
		    r->metrics[i].name, "slug", r->metrics[i].slug));
	ctx = json_pack("{s:s, s:s, s:s, s:o}", "team", r->team, "root", root,
	    "squad", name, "metrics", metrics);
	if (ctx == NULL)
		return -1;
	for (i = 0; (s = registry_table(&part_sections, i)) != NULL; i++) {
		if (!(s->flags & (p->squad == 0 ? PART_TEAM : PART_SQUAD)))
			continue;
		/* fragments that cannot be read are left out, not the part */
		if (s->frag != NULL)
			json_object_set_new(ctx, s->name,
			    part_fragments(p, s->frag));
		if (s->render != NULL && s->render(p, ctx) == -1) {
			json_decref(ctx);
			return -1;
		}
	}
	/* said of every part, those a part has not too: the template asks */
	for (i = 0; (s = registry_table(&part_sections, i)) != NULL; i++)
		if ((s->flags & PART_HAS) && part_has(ctx, s->name) &&
		    (s->flags & PART_ACT))
			act = 1;
	json_object_set_new(ctx, "has_act", json_boolean(act));
	json_object_set_new(ctx, "team_part", json_boolean(p->squad == 0));
	/*
	 * The team's part shows the rows of those in no squad alone: its
	 * statements say so, or "no ratings" would read as the team's
	 * while each squad's part shows them.
	 */
	v = json_object_get(ctx, "rows");
	json_object_set_new(ctx, "no_rows", json_boolean(p->squad == 0 &&
	    (!json_is_string(v) || json_string_length(v) == 0)));
	render_season(r, since, ctx);
	part_actions(r, p->squad, name, ctx);
	if (parts != NULL)
		json_object_set(ctx, "parts", parts);
	rc = render_readers(rd, ctx) == -1 ? -1 :
	    tmpl_render(r->tmpl, "coach.html", ctx, out);
	json_decref(ctx);
	return rc;
}

int
render_dashboard(const struct render_ctx *r, const char *root, int64_t squad,
    const char *name, json_t *parts, const struct readers *rd,
    struct buf *out)
{
	struct part	 p = { r, squad, NULL };
	int		 rc;

	rc = squad == 0 && part_team(&p) == -1 ? -1 :
	    dashboard(&p, root, name, parts, rd, out);
	json_decref(p.team);
	return rc;
}
