/*
 * render_raters.c - the coaches as raters, on the team's part of the
 * dashboard: each coach's scores against the athletes' own and against
 * the other coaches' on the same athletes, added up from the "raters"
 * fragments of every athlete (render_row.c).  Its section: part_raters.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

STMT(STMT_COACH_NAMES,
    /* person_staff */
    "SELECT id, name FROM person WHERE role != 'athlete' AND "
    "role IN ('coach', 'head_coach') ORDER BY id");
/*
 * every active person's: a range of the part's rows alone, in the
 * order they are kept (its one reader adds them up: no sort)
 */
STMT(STMT_FRAGMENT_ALL,
    "SELECT f.body FROM fragment f JOIN person p ON p.id = f.person_id "
    "WHERE f.part = ? AND p.active = 1 ORDER BY f.person_id");

/*
 * For the head coaches, each coach's scores against the athletes' own
 * and against the other coaches' on the same athletes, metric and
 * month, over the last GAP_MONTHS months: the "raters" fragments of
 * every athlete (render_row.c) added up by coach.  JSON null when no
 * coach has a figure, NULL on error.
 */
struct rater_sum {
	int64_t		 rater;
	long		 pairs, over_self, peers;
	long long	 over_peers, apart;	/* in RATER_UNITs */
};
/*
 * raters_of() writes its figures to four decimals: added up as whole
 * ten-thousandths they make the same sum in any order, so the part is
 * the same bytes whichever order the athletes' rows are read in.
 */
#define RATER_UNIT	10000.0

static json_t *
raters(const struct render_ctx *r)
{
	sqlite3_stmt	*st = db_query(r->db, STMT_FRAGMENT_ALL, "t", "raters");
	struct rater_sum *v = NULL, *more, x;
	size_t		 n = 0, cap = 0, i;
	json_t		*rows, *row;
	const char	*at;
	char		*end, *ok;
	int		 rc, pairs, peers;
	long		 over;
	long long	 rater;

	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		for (at = db_text(st, 0); *at != '\0'; at = end) {
			/* "rater pairs over peers over_peers apart\n", as
			 * raters_of() wrote it; strto*() as sscanf() is slow */
			rater = strtoll(at, &end, 10);
			pairs = (int)strtol(ok = end, &end, 10);
			over = strtol(end, &end, 10);
			peers = (int)strtol(end, &end, 10);
			x.over_peers = llround(strtod(end, &end) * RATER_UNIT);
			x.apart = llround(strtod(end, &end) * RATER_UNIT);
			if (end == at || end == ok)
				break;
			for (i = 0; i < n && v[i].rater != rater; i++)
				continue;
			if (i == n) {
				if (n == cap) {
					cap = cap ? cap * 2 : 8;
					if ((more = reallocarray(v, cap,
					    sizeof(*v))) == NULL) {
						rc = -1;
						break;
					}
					v = more;
				}
				memset(&v[n++], 0, sizeof(*v));
				v[i].rater = rater;
			}
			v[i].pairs += pairs;
			v[i].over_self += over;
			v[i].peers += peers;
			v[i].over_peers += x.over_peers;
			v[i].apart += x.apart;
		}
		if (rc == -1)
			break;
	}
	sqlite3_reset(st);
	if (rc == -1) {
		free(v);
		return NULL;
	}
	rows = json_array();
	st = db_query(r->db, STMT_COACH_NAMES, "");
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		for (i = 0; i < n && v[i].rater != sqlite3_column_int64(st, 0);
		    i++)
			continue;
		if (i == n)
			continue;
		row = json_pack("{s:s, s:i, s:o, s:i, s:o, s:o}", "name",
		    db_text(st, 1), "pairs", (int)v[i].pairs, "self",
		    v[i].pairs ? render_signed1((double)v[i].over_self / v[i].pairs) :
		    json_null(), "peers", (int)v[i].peers, "over",
		    v[i].peers ? render_signed1(v[i].over_peers / RATER_UNIT /
		    v[i].peers) : json_null(), "apart", v[i].peers ?
		    render_plain1(v[i].apart / RATER_UNIT / v[i].peers) :
		    json_null());
		json_array_append_new(rows, row);
	}
	sqlite3_reset(st);
	free(v);
	if (rc == -1) {
		json_decref(rows);
		return NULL;
	}
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return json_null();
	}
	return rows;
}

/* The raters' rows: raters(), JSON null when no coach has a figure. */
static int
raters_render(const struct part *p, json_t *ctx)
{
	return part_set(ctx, "raters", raters(p->r));
}

static const struct part_section part_raters = { "raters",
    PART_TEAM | PART_HAS, NULL, raters_render };
PART_SECTION(part_raters, 1300);
