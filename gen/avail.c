/*
 * avail.c - who is coming, on a squad's part of the dashboard: each
 * session asked about from today on (lib/avail.c), with the names under
 * in, out, maybe and no answer, as a list that reads on a phone.  The
 * part is sealed as every part is: nothing of who is coming is
 * published in the clear.  Its section: part_avail.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

#define AVAIL_DAYS	14	/* the days ahead a part shows */

/* The names of l, comma separated, as a JSON string (NULL: none). */
static json_t *
names_of(const struct strlist *l)
{
	struct buf	 b = { 0 };
	json_t		*s;
	size_t		 i;

	if (l->n == 0)
		return NULL;
	for (i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", l->v[i]);
	s = buf_failed(&b) ? NULL : json_string(b.data);
	buf_free(&b);
	return s;
}

/*
 * The names of squad's athletes an injury or illness keeps out now, as
 * the squad's episodes list them (lib/health.c): they are not asked
 * (avail_askable()), and a list without them would lose them.  Into
 * *n and a JSON string (NULL: none, or on an error: -1 in *n).
 */
static json_t *
out_now(const struct render_ctx *r, int64_t squad, int *n)
{
	struct buf	 b = { 0 };
	sqlite3_stmt	*st;
	json_t		*s = NULL;
	int		 rc;

	*n = 0;
	st = db_query(r->db, STMT_EPISODES_SQUAD, "i", squad);
	while ((rc = db_row(r->db, st)) == OUT_ROW)
		if (strcmp(db_text(st, 3), "out") == 0)
			buf_printf(&b, "%s%s", (*n)++ ? ", " : "",
			    db_text(st, 0));
	if (rc == OUT_FAILED || buf_failed(&b))
		*n = -1;
	else if (*n > 0)
		s = json_string(b.data);
	buf_free(&b);
	return s;
}

/*
 * Squad's sessions asked about from today to AVAIL_DAYS on into ctx's
 * "avail": the day and slot in words, the time and place, the counts
 * and the names under each answer, and those out injured or ill, who
 * were not asked.  0 or -1.
 */
static int
avail_render(const struct part *p, json_t *ctx)
{
	const struct render_ctx *r = p->r;
	int64_t		 squad = p->squad;
	struct avail_view v;
	json_t		*list, *o, *out;
	int		 out_n;
	char		 today[11], last[11], date[WORDS_DATE_MAX];
	char		 when[WORDS_DATE_MAX + 16];
	size_t		 i;

	day_string(r->now, today);
	day_before(r->now, -AVAIL_DAYS, last);
	if (avail_list(r->db, squad, today, last, 0, &v) == -1)
		return -1;
	out = out_now(r, squad, &out_n);
	if (out_n == -1 || (list = json_array()) == NULL) {
		json_decref(out);
		avail_view_free(&v);
		return -1;
	}
	for (i = 0; i < v.n; i++) {
		snprintf(when, sizeof(when), "%s%s%s", words_date(v.v[i].day,
		    date), *v.v[i].slot ? " " : "", words_slot(v.v[i].slot));
		o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:o*, "
		    "s:o*, s:o*, s:o*}", "when", when, "day", v.v[i].day,
		    "at", v.v[i].at, "place", v.v[i].place,
		    "in_n", (int)v.v[i].in.n, "out_n", (int)v.v[i].out.n,
		    "maybe_n", (int)v.v[i].maybe.n,
		    "none_n", (int)v.v[i].none.n, "in", names_of(&v.v[i].in),
		    "out", names_of(&v.v[i].out),
		    "maybe", names_of(&v.v[i].maybe),
		    "none", names_of(&v.v[i].none));
		/* the load each athlete there is to have: session RPE, as
		 * lib/load.c counts it (minutes x RPE, Foster 2001) */
		if (o != NULL && v.v[i].minutes > 0 && v.v[i].rpe >= 0)
			json_object_set_new(o, "plan", json_pack("{s:i, s:i, "
			    "s:i}", "minutes", v.v[i].minutes, "rpe",
			    v.v[i].rpe, "load", v.v[i].minutes * v.v[i].rpe));
		if (o != NULL && out != NULL)
			json_object_set_new(o, "injured", json_pack("{s:i, s:O}",
			    "n", out_n, "names", out));
		if (o == NULL || json_array_append_new(list, o) == -1) {
			json_decref(out);
			json_decref(list);
			avail_view_free(&v);
			return -1;
		}
	}
	json_decref(out);
	avail_view_free(&v);
	json_object_set_new(ctx, "has_avail",
	    json_boolean(json_array_size(list) > 0));
	return json_object_set_new(ctx, "avail", list);
}

static const struct part_section part_avail = { "avail", PART_SQUAD, NULL,
    avail_render };
PART_SECTION(part_avail, 1400);
