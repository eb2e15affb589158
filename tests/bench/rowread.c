/*
 * rowread DB - the rows a full build of the bench's team reads, stepped
 * through SQLite's C API as cox reads them (each column fetched as the
 * type cox asks for), with nothing printed: the reading half of the
 * build's floor.  The sqlite3 shell, which formats every value as text,
 * costs more than reading does and made the floor flatter cox.  Prints
 * the number of rows.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

static const char *const queries[] = {
	"SELECT athlete_id, metric_id, created_at, id, source, score, "
	"rated_on, rater_id FROM rating ORDER BY athlete_id, metric_id, created_at, id",
	"SELECT athlete_id, metric_id, created_at, id, rated_on, comment "
	"FROM rating WHERE comment != '' ORDER BY athlete_id, metric_id, "
	"created_at, id",
	"SELECT * FROM wellness ORDER BY athlete_id, day",
	"SELECT athlete_id, day, id, rpe, minutes FROM session_rpe "
	"ORDER BY athlete_id, day, id",
	"SELECT * FROM planned_session ORDER BY day, squad_id",
	"SELECT * FROM person", "SELECT * FROM phone",
	"SELECT * FROM membership", "SELECT * FROM person_key",
	"SELECT * FROM page_key",
};

int
main(int argc, char **argv)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	unsigned long	 rows = 0, sink = 0;
	size_t		 q;
	int		 i, n, rc;

	if (argc != 2) {
		fprintf(stderr, "usage: rowread DB\n");
		return 2;
	}
	/* as cox runs SQLite (lib/db.c, db_setup(); its page cache of
	 * lib/pcache.c changes what a write does, and this only reads) */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], sqlite3_errmsg(db));
		return 1;
	}
	for (q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		if (sqlite3_prepare_v2(db, queries[q], -1, &st, NULL) !=
		    SQLITE_OK) {
			fprintf(stderr, "%s\n", sqlite3_errmsg(db));
			return 1;
		}
		n = sqlite3_column_count(st);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (i = 0; i < n; i++)
				if (sqlite3_column_type(st, i) == SQLITE_TEXT ||
				    sqlite3_column_type(st, i) == SQLITE_BLOB)
					sink += (unsigned long)
					    sqlite3_column_bytes(st, i) +
					    (sqlite3_column_blob(st, i) != NULL);
				else
					sink += (unsigned long)
					    sqlite3_column_int64(st, i);
			rows++;
		}
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "%s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	printf("%lu rows (%lu)\n", rows, sink % 10);
	return 0;
}
