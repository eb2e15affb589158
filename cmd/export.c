/*
 * export.c - cox export: ratings, wellness or messages as CSV for the
 * spreadsheet the club already keeps.  UTF-8 with a byte-order mark and
 * CRLF, so LibreOffice and Excel open it as written; text that would be
 * read as a formula is kept text (csv_put()).  cox export person: all
 * that is stored about one person, for them to take home
 * (lib/export.c).  cox export attendance: who came to each session
 * asked about (lib/avail.c), with stable columns and person ids.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/sql.h"

/*
 * The weight in kg (metric.erg 'weight') athlete a had on record on
 * day d (columns), or NULL: what an erg test's W/kg divide by.
 */
#define ERG_WEIGHT_THEN(a, d) \
	"(SELECT w.score / 10.0 FROM rating w JOIN metric wm ON wm.id = " \
	"w.metric_id WHERE wm.erg = 'weight' AND w.athlete_id = " a " AND " \
	"w.rated_on <= " d " ORDER BY w.rated_on DESC, w.id DESC LIMIT 1)"

/* cox export: ?1 a squad ('' for all), ?2 the first day ('' for all) */
STMT(STMT_EXPORT_RATINGS,
    "SELECT r.rated_on, p.name, p.handle, " EXPORT_SQUADS ", m.name, "
    "r.source, " SCORE_WRITTEN ", r.comment, "
    "erg_watts(m.erg, r.score), round(erg_watts(m.erg, r.score) / "
    ERG_WEIGHT_THEN("r.athlete_id", "r.rated_on") ", 2) FROM rating r "
    "JOIN person p ON p.id = r.athlete_id "
    "JOIN metric m ON m.id = r.metric_id "
    "WHERE " EXPORT_IN_SQUAD " AND r.rated_on >= ?2 "
    "ORDER BY r.rated_on, p.name, m.position, r.id");
/* the Logbook's results: erg tests in watts, sessions in minutes */
STMT(STMT_EXPORT_ERGS,
    "SELECT e.day, p.name, p.handle, " EXPORT_SQUADS ", "
    "coalesce(m.name, ''), e.distance, printf('%d:%02d.%d', "
    "e.time / 600, e.time / 10 % 60, e.time % 10), "
    "CASE WHEN e.value IS NOT NULL THEN printf('%d:%02d.%d', "
    "e.value / 600, e.value / 10 % 60, e.value % 10) END, "
    "erg_watts(m.erg, e.value), round(erg_watts(m.erg, e.value) / "
    ERG_WEIGHT_THEN("e.athlete_id", "e.day") ", 2), e.stroke_rate, "
    "e.drag_factor, "
    "e.minutes, e.result_id FROM erg_result e "
    "JOIN person p ON p.id = e.athlete_id "
    "LEFT JOIN metric m ON m.id = e.metric_id "
    "WHERE " EXPORT_IN_SQUAD " AND e.day >= ?2 "
    "ORDER BY e.day, p.name, e.result_id");
STMT(STMT_EXPORT_WELLNESS,
    "SELECT w.day, p.name, p.handle, " EXPORT_SQUADS ", w.sleep, "
    "w.stress, w.fatigue, w.soreness, coalesce(w.illness, ''), "
    "w.note FROM wellness w "
    "JOIN person p ON p.id = w.athlete_id "
    "WHERE " EXPORT_IN_SQUAD " AND w.day >= ?2 "
    "ORDER BY w.day, p.name, w.id");
STMT(STMT_EXPORT_MESSAGES,
    "SELECT strftime('%Y-%m-%d %H:%M', m.created_at, 'unixepoch'), "
    "m.direction, m.channel, coalesce(p.name, ''), m.peer, "
    "coalesce(m.kind, ''), m.status, coalesce(m.error, ''), m.body "
    "FROM message m LEFT JOIN person p ON p.id = m.person_id "
    "WHERE " EXPORT_IN_SQUAD " AND (?1 = '' OR p.role = 'athlete') "
    "AND date(m.created_at, 'unixepoch') >= ?2 ORDER BY m.id");

struct export {
	const char	*name;
	const struct stmt *stmt;
	const char	*header[16];	/* NULL-terminated */
	const char	*numbers;	/* '1' where a column is a number */
};

static const struct export exports[] = {
	{ "ratings", STMT_EXPORT_RATINGS, { "Date", "Name", "Handle",
	    "Squads", "Metric", "By", "Score", "Comment", "Watts", "W/kg",
	    NULL }, "0000001011" },
	{ "wellness", STMT_EXPORT_WELLNESS, { "Date", "Name", "Handle",
	    "Squads", "Sleep", "Stress", "Fatigue", "Soreness",
	    "Sick or injured", "Note", NULL }, "0000111100" },
	{ "ergs", STMT_EXPORT_ERGS, { "Date", "Name", "Handle", "Squads",
	    "Metric", "Distance (m)", "Time", "Value", "Watts", "W/kg",
	    "Stroke rate", "Drag factor", "Minutes", "Logbook id", NULL },
	    "00000100111111" },
	{ "messages", STMT_EXPORT_MESSAGES, { "Time (UTC)", "In or out",
	    "Channel", "Name", "Number or address", "Kind", "Status", "Error",
	    "Text", NULL }, "000000000" },
};

/* Writes all of b to fd; -1 (said) when it cannot. */
static int
put_all(int fd, const char *what, const struct buf *b)
{
	size_t	 off = 0;
	ssize_t	 n;

	while (off < b->len) {
		if ((n = write(fd, b->data + off, b->len - off)) == -1) {
			log_error("%s: %s", what, strerror(errno));
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

/*
 * cox export person WHO [--out DIR]: everything stored about one person
 * (removed from the roster or not) into DIR, by default export-HANDLE,
 * a new folder that only its owner can open: it holds health data.
 * What their own page would not show them (a coach score still blind
 * to them) stays out, and is counted, as the export may be theirs.
 */
static int
export_person_run(const char *who, const char *dir)
{
	struct workspace ws;
	struct person	 p = { 0 };
	char		 def[256];
	int64_t		 id;
	size_t		 rows, held;
	int		 status;

	if ((status = cli_open(&ws)) != 0)
		return status;
	if ((status = cli_person(ws.db, who, workspace_country(&ws), &id)) != 0)
		goto out;
	status = EX_IOERR;
	if (person_load_row(ws.db, id, &p) == -1)
		goto out;
	if (dir == NULL) {
		snprintf(def, sizeof(def), "export-%s", p.handle);
		dir = def;
	}
	status = EX_CANTCREAT;
	if (mkdir(dir, 0700) == -1) {
		log_error("%s: %s%s", dir, strerror(errno), errno == EEXIST ?
		    " (name a new folder: an export is not mixed with other "
		    "files)" : "");
		goto out;
	}
	if ((status = cli_exit(export_person(ws.db, id, dir, &rows,
	    &held))) != 0)
		goto out;
	printf("wrote %zu rows about @%s to %s/\n", rows, p.handle, dir);
	if (held > 0)
		printf("left out: %zu coach scores @%s has not answered with "
		    "their own yet (their page does not show them either)\n",
		    held, p.handle);
out:
	person_clear(&p);
	workspace_close(&ws);
	return status;
}

/*
 * cox export attendance [--output file]: the sessions over, a row an
 * athlete asked, for an insurer's or a funder's register; its columns
 * are fixed (cox(1)) and a person is their id, which a rename keeps.
 */
static int
export_attendance_run(const char *file)
{
	struct workspace ws;
	struct buf	 out = { 0 };
	char		 today[11];
	int		 status, fd = STDOUT_FILENO;

	if ((status = cli_open(&ws)) != 0)
		return status;
	status = EX_IOERR;
	day_string(clock_now(), today);
	buf_puts(&out, "\xef\xbb\xbf");	/* UTF-8, for Excel */
	if (db_read(ws.db) == -1)
		goto out;
	if (avail_attendance_csv(ws.db, today, 0, &out) == -1 ||
	    buf_failed(&out)) {
		db_rollback(ws.db);
		goto out;
	}
	db_rollback(ws.db);
	status = EX_CANTCREAT;
	if (file != NULL && (fd = open(file, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0600)) == -1) {
		log_error("%s: %s", file, strerror(errno));
		goto out;
	}
	status = EX_IOERR;
	if (put_all(fd, file ? file : "standard output", &out) == -1 ||
	    (fd != STDOUT_FILENO && fsync(fd) == -1))
		goto out;
	status = 0;
out:
	if (fd != STDOUT_FILENO && fd != -1)
		close(fd);
	buf_free(&out);
	workspace_close(&ws);
	return status;
}

/*
 * cox export ratings|wellness|ergs|messages [--csv] [--squad S] [--since
 * DATE] [-o file]: to standard output, or to a file of mode 600 (it
 * holds people's data).  cox export person WHO [--out DIR]: above.
 */
int
cmd_export(int argc, char **argv)
{
	struct workspace ws;
	const struct export *e = NULL;
	const char	*squad = NULL, *since = NULL, *file = NULL, *dir = NULL;
	sqlite3_stmt	*st;
	struct buf	 out = { 0 };
	char		 day[11] = "";
	size_t		 i, rows = 0;
	int		 k, status, csv = 1, fd = STDOUT_FILENO, row = 0, c;
	const struct cli_opt opts[] = {
		{ "csv", CLI_FLAG, &csv, 1 },
		{ "squad", CLI_ARG, &squad, 0 },
		{ "since", CLI_ARG, &since, 0 },
		{ "output", CLI_ARG, &file, 0 },
		{ "out", CLI_ARG, &dir, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox export [-C dir] ratings|wellness|"
	    "ergs|messages [--csv] [--squad squad] [--since YYYY-MM-DD] "
	    "[--output file]\n       cox export [-C dir] attendance "
	    "[--output file]\n       cox export [-C dir] person who "
	    "[--out dir]", opts, 1, 2, "name what to export" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (!strcmp(argv[k], "person")) {
		if (argc - k != 2 || squad || since || file)
			return cli_usage_error(cli.usage, "export person takes "
			    "who (@handle, name, number or address) and "
			    "--out alone");
		return export_person_run(argv[k + 1], dir);
	}
	if (argc - k != 1)
		return cli_usage_error(cli.usage, "unexpected argument");
	/* --out abbreviated --output before export person had its own */
	if (file == NULL)
		file = dir;
	if (!strcmp(argv[k], "attendance")) {
		if (squad || since)
			return cli_usage_error(cli.usage, "export attendance "
			    "takes --output alone");
		return export_attendance_run(file);
	}
	for (i = 0; i < sizeof(exports) / sizeof(exports[0]); i++)
		if (!strcmp(argv[k], exports[i].name))
			e = &exports[i];
	if (e == NULL)
		return cli_usage_error(cli.usage, "export ratings, wellness, "
		    "ergs, messages, attendance or person");
	if (since != NULL && day_parse(since, day) == -1)
		return cli_usage_error(cli.usage, "give --since as YYYY-MM-DD, "
		    "e.g. 2026-09-01");
	if ((status = cli_open(&ws)) != 0)
		return status;
	status = EX_NOINPUT;
	if (squad != NULL) {
		st = db_query(ws.db, STMT_SQUAD_GET, "t", squad);
		if ((row = db_row(ws.db, st)) != OUT_ROW) {
			if (row == 0)
				log_error("no squad '%s' (cox roster list shows "
				    "the squads)", squad);
			goto out;
		}
		sqlite3_reset(st);
	}
	status = EX_CANTCREAT;
	if (file != NULL && (fd = open(file, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0600)) == -1) {
		log_error("%s: %s", file, strerror(errno));
		goto out;
	}
	status = EX_IOERR;
	buf_puts(&out, "\xef\xbb\xbf");	/* UTF-8, for Excel */
	for (i = 0; e->header[i] != NULL; i++)
		csv_put(&out, e->header[i], 1, e->header[i + 1] == NULL);
	if (db_read(ws.db) == -1)
		goto out;
	st = db_query(ws.db, e->stmt, "tt", squad ? squad : "", day);
	while ((row = db_row(ws.db, st)) == OUT_ROW) {
		for (c = 0; e->header[c] != NULL; c++)
			csv_put(&out, db_text(st, c), e->numbers[c] == '0',
			    e->header[c + 1] == NULL);
		rows++;
		/* a season of messages need not sit in memory at once */
		if (out.len > 65536) {
			if (buf_failed(&out) || put_all(fd, file ? file :
			    "standard output", &out) == -1)
				break;
			buf_reset(&out);
		}
	}
	sqlite3_reset(st);
	db_rollback(ws.db);
	if (row == -1 || buf_failed(&out) || put_all(fd, file ? file :
	    "standard output", &out) == -1)
		goto out;
	if (fd != STDOUT_FILENO && fsync(fd) == -1) {
		log_error("%s: %s", file, strerror(errno));
		goto out;
	}
	if (file != NULL)
		printf("wrote %zu %s rows to %s\n", rows, e->name, file);
	status = 0;
out:
	if (fd != STDOUT_FILENO && fd != -1)
		close(fd);
	buf_free(&out);
	workspace_close(&ws);
	return status;
}
