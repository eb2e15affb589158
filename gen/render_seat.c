/*
 * render_seat.c - seat races on a squad's part of the dashboard: the
 * last races its members rowed in, newest first, each side's rowers
 * fastest first with the three methods' figures (lib/seatrace.c).  Its
 * section: part_seat.
 */
#include <string.h>

#include <jansson.h>

#include "gen.h"

/* a squad part's: the last races any of its members rowed in */
STMT(STMT_SEAT_RACES_SQUAD,
    "SELECT r.id, r.day, r.pieces, r.noise FROM seat_race r "
    "WHERE r.id IN (SELECT w.race_id FROM membership m "
    "JOIN seat_race_rower w ON w.person_id = m.person_id "
    "WHERE m.squad_id = ?1) ORDER BY r.day DESC, r.id DESC LIMIT 3");
/* ...and its members' rows of one, side by side, fastest first */
STMT(STMT_SEAT_ROWERS_SQUAD,
    "SELECT p.name, w.side, w.rank, w.effect, w.total, w.pieces, "
    "w.swap, w.apart FROM seat_race_rower w "
    "JOIN membership m ON m.person_id = w.person_id "
    "AND m.squad_id = ?2 JOIN person p ON p.id = w.person_id "
    "WHERE w.race_id = ?1 ORDER BY w.side, w.rank");

/*
 * The rows of seat race id for squad's part: its members only (a race
 * may mix squads, and a part shows nobody else's), each side's fastest
 * first, with the three methods' figures (lib/seatrace.c).  A JSON
 * array, or NULL on error.
 */
static json_t *
seat_rows(const struct render_ctx *r, int64_t id, int64_t squad)
{
	static const struct metric clock = { .kind = METRIC_TIME };
	sqlite3_stmt	*st = db_query(r->db, STMT_SEAT_ROWERS_SQUAD, "ii", id,
	    squad);
	json_t		*rows = json_array(), *o;
	const char	*side, *last = NULL;
	char		 total[METRIC_VALUE_MAX];
	int		 rc = OUT_OK;

	while (rows != NULL && (rc = db_row(r->db, st)) == OUT_ROW) {
		side = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL :
		    strcmp(db_text(st, 1), "stroke") == 0 ? "page.seat_stroke" :
		    "page.seat_bow";
		metric_value_write(&clock, (long)sqlite3_column_int64(st, 4),
		    words_decimal(), total, sizeof(total));
		o = json_pack("{s:s, s:I, s:s}", "name", db_text(st, 0),
		    "rank", (json_int_t)sqlite3_column_int64(st, 2),
		    "total", total);
		/* a side's rows under its name, not a column of it: the
		 * table fits a phone's width */
		if (o != NULL && side != NULL && side != last)
			json_object_set_new(o, "side_h",
			    json_string(words_get(NULL, side)));
		last = side;
		if (o != NULL && sqlite3_column_type(st, 3) != SQLITE_NULL)
			json_object_set_new(o, "effect", render_signed1(
			    sqlite3_column_int64(st, 3) / 100.0));
		if (o != NULL && sqlite3_column_type(st, 6) != SQLITE_NULL)
			json_object_set_new(o, "swap", render_plain1(
			    sqlite3_column_int64(st, 6) / 100.0));
		if (o != NULL && sqlite3_column_type(st, 7) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 7) == 0)
			json_object_set_new(o, "close", json_true());
		if (o == NULL || json_array_append_new(rows, o) == -1) {
			json_decref(rows);
			rows = NULL;
		}
	}
	if (rows == NULL || rc != OUT_OK) {
		sqlite3_reset(st);
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/*
 * The last seat races squad's members rowed in (seat_rows() each),
 * newest first: a JSON array, or NULL on error.
 */
static json_t *
seat_races(const struct render_ctx *r, int64_t squad)
{
	sqlite3_stmt	*st = db_query(r->db, STMT_SEAT_RACES_SQUAD, "i", squad);
	json_t		*races = json_array(), *o, *rows;
	char		 date[WORDS_DATE_MAX];
	int64_t		 ids[3];
	size_t		 n = 0, i;
	int		 rc = OUT_OK;

	while (races != NULL && n < 3 && (rc = db_row(r->db, st)) == OUT_ROW) {
		ids[n++] = sqlite3_column_int64(st, 0);
		/* the newest open, the older folded: a part stays short */
		o = json_pack("{s:s, s:s, s:I, s:b}", "day", db_text(st, 1),
		    "date", words_date(db_text(st, 1), date), "pieces",
		    (json_int_t)sqlite3_column_int64(st, 2), "older", n > 1);
		if (o != NULL && sqlite3_column_type(st, 3) != SQLITE_NULL)
			json_object_set_new(o, "noise", render_plain1(
			    sqlite3_column_int64(st, 3) / 100.0));
		if (o == NULL || json_array_append_new(races, o) == -1) {
			json_decref(races);
			races = NULL;
		}
	}
	if (races == NULL || (rc != OUT_OK && rc != OUT_ROW)) {
		sqlite3_reset(st);
		json_decref(races);
		return NULL;
	}
	if (rc == OUT_ROW)
		sqlite3_reset(st);
	/* each race's rows read once the races' statement is done */
	for (i = 0; i < n; i++) {
		if ((rows = seat_rows(r, ids[i], squad)) == NULL) {
			json_decref(races);
			return NULL;
		}
		json_object_set_new(json_array_get(races, i), "rows", rows);
	}
	return races;
}

/* The squad's seat races: seat_races(). */
static int
seat_render(const struct part *p, json_t *ctx)
{
	return part_set(ctx, "seat", seat_races(p->r, p->squad));
}

static const struct part_section part_seat = { "seat",
    PART_SQUAD | PART_HAS, NULL, seat_render };
PART_SECTION(part_seat, 1600);
