/*
 * status.c - cox status: one screen for the operator.  What came in and
 * went out last on each channel, what the outbox holds and what failed
 * (with the provider's code and what to do), mail intake, the spool,
 * the last build, commit and push, hook failures, sizes, the last
 * backup.  Reads only.  With --json the same figures come as one JSON
 * object, times as Unix seconds (0: never).
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cmd.h"
#include "../lib/sql.h"

/* cox status */
STMT(STMT_STATUS_TRAFFIC,
    /* counted in the unique index alone, the time that of the
       newest row: max(created_at) read every row of the table
       (6.5 s at a season of 10,000 athletes, 0.4 s so) */
    "SELECT g.channel, g.direction, m.created_at, g.n FROM (SELECT "
    "channel, direction, max(id) AS last, count(*) AS n FROM message "
    "GROUP BY channel, direction) g JOIN message m ON m.id = g.last "
    "ORDER BY g.channel, g.direction");
/* the last five messages that failed since ?, newest failure first:
   when each failed is when its status was last set to what it is
   (the outbox and Twilio's callbacks log each in message_status), not
   when it was queued; the queueing time where no such row is left */
STMT(STMT_STATUS_FAILED,
    "SELECT m.channel, coalesce(p.name, m.peer), m.status, "
    "coalesce(m.error, ''), " OUT_CODE ", " OUT_STATUS_AT " AS failed_at "
    "FROM message m LEFT JOIN person p ON p.id = m.person_id "
    "WHERE m.direction = 'out' AND m.status IN ('failed', "
    "'undelivered') AND failed_at >= ? "
    "ORDER BY failed_at DESC, m.id DESC LIMIT 5");
STMT(STMT_UPGRADE_LAST,
    "SELECT at, from_schema, to_schema, from_cox, to_cox, "
    "coalesce(backup, '') FROM upgrade ORDER BY id DESC LIMIT 1");
/* queued messages an attempt failed, with its error: the oldest
   first, by the outbox's own index */
STMT(STMT_STATUS_RETRYING,
    "SELECT m.id, m.channel, coalesce(p.name, m.peer), m.attempts, "
    "m.error, coalesce(m.next_attempt_at, 0) "
    "FROM message m LEFT JOIN person p ON p.id = m.person_id "
    "WHERE m.direction = 'out' AND m.status = 'queued' "
    "AND m.error IS NOT NULL AND m.error != '' ORDER BY m.id");
/* numbers whose texts were held since ?1 for failing, newest first */
STMT(STMT_STATUS_SUPPRESSED,
    "SELECT coalesce(p.name, m.peer), coalesce(p.handle, ''), m.peer, "
    "max(m.created_at), count(*) FROM message m LEFT JOIN person p ON "
    "p.id = m.person_id WHERE m.direction = 'out' AND +m.channel = 'sms' "
    "AND m.status = 'suppressed' AND m.error LIKE 'number failing:%' "
    "AND m.created_at >= ?1 GROUP BY m.peer ORDER BY 4 DESC LIMIT 20");
/* who blocked the team on WhatsApp (error 63014), newest first */
STMT(STMT_STATUS_WA_BLOCKED,
    "SELECT name, handle, whatsapp_blocked_at FROM person "
    "WHERE active = 1 AND whatsapp_blocked_at IS NOT NULL "
    "ORDER BY whatsapp_blocked_at DESC LIMIT 20");
STMT(STMT_STATUS_INGEST,
    "SELECT outcome, count(*) FROM ingest WHERE updated_at >= ? "
    "GROUP BY outcome ORDER BY outcome");

#define DAY	86400

/* "3 min ago", "5 h ago", "2 days ago"; "never" for 0. */
static const char *
ago(int64_t t, time_t now, char *buf, size_t size)
{
	int64_t	 d = (int64_t)now - t;

	if (t <= 0)
		snprintf(buf, size, "never");
	else if (d < 90)
		snprintf(buf, size, "%lld s ago", (long long)(d < 0 ? 0 : d));
	else if (d < 90 * 60)
		snprintf(buf, size, "%lld min ago", (long long)(d / 60));
	else if (d < 2 * DAY)
		snprintf(buf, size, "%lld h ago", (long long)(d / 3600));
	else
		snprintf(buf, size, "%lld days ago", (long long)(d / DAY));
	return buf;
}

/* Adds v under name to the object o; NULL o (text) or v is nothing. */
static void
put(json_t *o, const char *name, json_t *v)
{
	if (o != NULL)
		(void)json_object_set_new(o, name, v);
	else
		json_decref(v);
}

/* A new array (or object) under name in o; NULL when o is. */
static json_t *
put_new(json_t *o, const char *name, json_t *v)
{
	if (o == NULL || v == NULL) {
		json_decref(v);
		return NULL;
	}
	return json_object_set_new(o, name, v) == 0 ? v : NULL;
}

/* A row of channel, a word and two numbers, named so, onto array a. */
static void
row_json(json_t *a, sqlite3_stmt *st, const char *word, const char *n1,
    const char *n2)
{
	(void)json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I}",
	    "channel", db_text(st, 0), word, db_text(st, 1), n1, (json_int_t)
	    sqlite3_column_int64(st, 2), n2, (json_int_t)
	    sqlite3_column_int64(st, 3)));
}

static int64_t
meta_time(struct db *db, const char *key)
{
	char	*v = NULL;
	long	 t = 0;

	if (db_meta_get(db, key, &v) == 0 && v != NULL)
		(void)parse_long(v, 0, 253402300799L, &t);
	free(v);
	return t;
}

static void
traffic(struct db *db, time_t now, json_t *j)
{
	sqlite3_stmt	*st = db_query(db, STMT_STATUS_TRAFFIC, "");
	json_t		*a_j = put_new(j, "messages", json_array());
	char		 a[32];
	int		 any = 0;

	if (j == NULL)
		printf("messages\n");
	while (db_row(db, st) == OUT_ROW) {
		any = 1;
		if (j != NULL) {
			row_json(a_j, st, "direction", "last", "count");
			continue;
		}
		printf("  %-5s %-3s  last %s, %lld in all\n", db_text(st, 0),
		    db_text(st, 1), ago(sqlite3_column_int64(st, 2), now, a,
		    sizeof(a)), (long long)sqlite3_column_int64(st, 3));
	}
	if (!any && j == NULL)
		printf("  none yet\n");
}

/*
 * Numbers whose texts the outbox holds in the last week, for failing
 * again and again ([sms] suppress_after): who, and what to do.
 */
static void
numbers_failing(struct db *db, time_t now, json_t *j)
{
	sqlite3_stmt	*st = db_query(db, STMT_STATUS_SUPPRESSED, "i",
	    (int64_t)now - 7 * DAY);
	json_t		*s_j = put_new(j, "numbers_failing", json_array());
	char		 a[32];

	while (db_row(db, st) == OUT_ROW) {
		if (j != NULL) {
			(void)json_array_append_new(s_j, json_pack("{s:s, s:s, "
			    "s:s, s:I, s:I}", "name", db_text(st, 0), "handle",
			    db_text(st, 1), "number", db_text(st, 2), "at",
			    (json_int_t)sqlite3_column_int64(st, 3), "held",
			    (json_int_t)sqlite3_column_int64(st, 4)));
			continue;
		}
		printf("  texts held %s: %s (@%s) at %s failed again and again; "
		    "%lld not sent\n    what to do: check the number with "
		    "them, then cox roster edit @%s --phone NUMBER (a text "
		    "from them lifts it too)\n", ago(sqlite3_column_int64(st,
		    3), now, a, sizeof(a)), db_text(st, 0), db_text(st, 1),
		    db_text(st, 2), (long long)sqlite3_column_int64(st, 4),
		    db_text(st, 1));
	}
}

/* Who blocked the team on WhatsApp: nothing reaches them that way. */
static void
wa_blocked(struct db *db, time_t now, json_t *j)
{
	sqlite3_stmt	*st = db_query(db, STMT_STATUS_WA_BLOCKED, "");
	json_t		*b_j = put_new(j, "whatsapp_blocked", json_array());
	char		 a[32];

	while (db_row(db, st) == OUT_ROW) {
		if (j != NULL) {
			(void)json_array_append_new(b_j, json_pack("{s:s, s:s, "
			    "s:I}", "name", db_text(st, 0), "handle",
			    db_text(st, 1), "at", (json_int_t)
			    sqlite3_column_int64(st, 2)));
			continue;
		}
		printf("  blocked the team on WhatsApp %s: %s (@%s)\n    what to "
		    "do: %s\n", ago(sqlite3_column_int64(st, 2), now, a,
		    sizeof(a)), db_text(st, 0), db_text(st, 1),
		    phone_error_hint("63014"));
	}
}

/*
 * Each queued message an attempt failed (the first STATUS_RETRYING of
 * them; how many more after): its last error as the outbox stored it,
 * how many times it was tried and when it is tried next, so that
 * "email queued 3" says why.
 */
#define STATUS_RETRYING	10
static void
retrying(struct db *db, time_t now, json_t *j)
{
	sqlite3_stmt	*st = db_query(db, STMT_STATUS_RETRYING, "");
	json_t		*r_j = put_new(j, "retrying", json_array());
	int64_t		 next;
	long		 n = 0;

	while (db_row(db, st) == OUT_ROW) {
		if (n++ >= STATUS_RETRYING && j == NULL)
			continue;
		next = sqlite3_column_int64(st, 5) - (int64_t)now;
		if (j != NULL) {
			(void)json_array_append_new(r_j, json_pack("{s:I, s:s, "
			    "s:s, s:i, s:s, s:I}", "id", (json_int_t)
			    sqlite3_column_int64(st, 0), "channel", db_text(st,
			    1), "to", db_text(st, 2), "attempts",
			    sqlite3_column_int(st, 3), "error", db_text(st, 4),
			    "next", (json_int_t)sqlite3_column_int64(st, 5)));
			continue;
		}
		printf("  queued %s %lld to %s, tried %d time%s, next in %lld "
		    "min: %s\n", db_text(st, 1), (long long)
		    sqlite3_column_int64(st, 0), db_text(st, 2),
		    sqlite3_column_int(st, 3), sqlite3_column_int(st, 3) == 1 ?
		    "" : "s", (long long)(next > 0 ? (next + 59) / 60 : 0),
		    db_text(st, 4));
	}
	if (j == NULL && n > STATUS_RETRYING)
		printf("  and %ld more queued after a failed attempt (cox "
		    "status --json lists them all)\n", n - STATUS_RETRYING);
}

static void
outbox(struct db *db, time_t now, json_t *j)
{
	sqlite3_stmt	*st = db_query(db, STMT_STATUS_OUTBOX, "");
	json_t		*q_j = put_new(j, "outbox", json_array());
	json_t		*f_j = put_new(j, "failed", json_array());
	const char	*hint, *code;
	char		 a[32], num[16];
	int		 any = 0;

	if (j == NULL)
		printf("outbox\n");
	while (db_row(db, st) == OUT_ROW) {
		any = 1;
		if (j != NULL) {
			row_json(q_j, st, "status", "count", "oldest");
			continue;
		}
		/* queued when, beside the failures' own times below */
		printf("  %-5s %-11s %lld, the oldest queued %s\n",
		    db_text(st, 0), db_text(st, 1),
		    (long long)sqlite3_column_int64(st, 2),
		    ago(sqlite3_column_int64(st, 3), now, a, sizeof(a)));
	}
	if (!any && j == NULL)
		printf("  nothing waiting, nothing failed\n");
	st = db_query(db, STMT_STATUS_FAILED, "i", (int64_t)now - 7 * DAY);
	while (db_row(db, st) == OUT_ROW) {
		code = phone_error_code(*db_text(st, 4) ? db_text(st, 4) :
		    db_text(st, 3), num, sizeof(num));
		hint = phone_error_hint(code);
		if (j != NULL) {
			(void)json_array_append_new(f_j, json_pack("{s:s, s:s, "
			    "s:s, s:s, s:s, s:s?, s:I}", "channel", db_text(st,
			    0), "to", db_text(st, 1), "status", db_text(st, 2),
			    "code", code, "error", db_text(st, 3), "hint", hint,
			    "at", (json_int_t)sqlite3_column_int64(st, 5)));
			continue;
		}
		printf("  failed %s: %s to %s: %s%s%s%s\n", ago(
		    sqlite3_column_int64(st, 5), now, a, sizeof(a)),
		    db_text(st, 0), db_text(st, 1), *code ? "error " : "",
		    code, *code ? ", " : "", *db_text(st, 3) &&
		    strcmp(db_text(st, 3), code) != 0 ? db_text(st, 3) :
		    db_text(st, 2));
		if (hint != NULL)
			printf("    what to do: %s\n", hint);
	}
	retrying(db, now, j);
	wa_blocked(db, now, j);
	numbers_failing(db, now, j);
}

static void
intake(struct db *db, time_t now, json_t *j)
{
	sqlite3_stmt	*st = db_query(db, STMT_STATUS_INGEST, "i",
	    (int64_t)now - 7 * DAY);
	json_t		*m_j = put_new(j, "mail_7_days", json_object());
	int		 any = 0;

	if (j == NULL)
		printf("mail, last 7 days\n ");
	while (db_row(db, st) == OUT_ROW) {
		any = 1;
		if (j != NULL) {
			put(m_j, db_text(st, 0), json_integer((json_int_t)
			    sqlite3_column_int64(st, 1)));
			continue;
		}
		printf(" %lld %s", (long long)sqlite3_column_int64(st, 1),
		    db_text(st, 0));
	}
	if (j == NULL)
		printf("%s\n", any ? "" : " nothing");
}

/* Bytes of a file, or -1. */
static long long
size_of(const struct workspace *ws, const char *rel)
{
	struct stat	 st;
	char		 path[4096];

	if (workspace_path(ws, rel, path, sizeof(path)) == -1 ||
	    stat(path, &st) == -1)
		return -1;
	return (long long)st.st_size;
}

/* The last lines of hooks.log that say something failed. */
static void
hook_failures(const struct workspace *ws, json_t *j)
{
	struct buf	 log = { 0 };
	char		 path[4096], *line, *save = NULL;
	const char	*last[3] = { NULL, NULL, NULL };
	int		 n = 0, i;

	if (workspace_path(ws, "hooks.log", path, sizeof(path)) == -1 ||
	    size_of(ws, "hooks.log") < 0)
		return;
	/* the last 64 KiB is plenty for the last three failures */
	if (file_read_tail(path, 65536, &log) == -1 || log.data == NULL)
		return;
	for (line = strtok_r(log.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "error") != NULL || strstr(line, "failed"))
			last[n++ % 3] = line;
	for (i = n > 3 ? n - 3 : 0; i < n; i++)
		if (j != NULL)
			(void)json_array_append_new(j, json_string(last[i % 3]));
		else
			printf("  hooks.log: %s\n", last[i % 3]);
	buf_free(&log);
}

static void
site(struct workspace *ws, time_t now)
{
	char		 dir[4096], oid[41], a[32], b[32], c[32];
	int64_t		 when = 0, pushed = meta_time(ws->db, "last_push");
	int64_t		 failed = meta_time(ws->db, "last_push_failed");

	printf("site\n  built %s, published %s", ago(meta_time(ws->db,
	    "last_build"), now, a, sizeof(a)), ago(meta_time(ws->db,
	    "last_publish"), now, b, sizeof(b)));
	if (workspace_path(ws, "site", dir, sizeof(dir)) == 0 &&
	    siterepo_head(dir, oid, &when) == 0)
		printf(" (commit %.10s)", oid);
	if (config_get(ws->conf, "site", "remote") != NULL)
		printf(", pushed %s", ago(pushed, now, c, sizeof(c)));
	printf("\n");
	if (failed != 0)	/* set to 0 by the next push that works */
		printf("  the last push failed, %s: run cox publish --push to "
		    "see why\n", ago(failed, now, a, sizeof(a)));
	hook_failures(ws, NULL);
}

/* site()'s figures, for --json. */
static void
site_json(struct workspace *ws, json_t *j)
{
	json_t		*o = put_new(j, "site", json_object());
	char		 dir[4096], oid[41];
	int64_t		 when = 0;

	put(o, "built", json_integer(meta_time(ws->db, "last_build")));
	put(o, "published", json_integer(meta_time(ws->db, "last_publish")));
	if (workspace_path(ws, "site", dir, sizeof(dir)) == 0 &&
	    siterepo_head(dir, oid, &when) == 0)
		put(o, "commit", json_string(oid));
	if (config_get(ws->conf, "site", "remote") != NULL)
		put(o, "pushed", json_integer(meta_time(ws->db, "last_push")));
	put(o, "push_failed", json_integer(meta_time(ws->db,
	    "last_push_failed")));
	hook_failures(ws, put_new(o, "hook_failures", json_array()));
}

/* What waits in cox sms serve's spool, and whether it can be stored. */
static void
spool(struct workspace *ws, time_t now)
{
	long	 waiting;
	int	 stuck;
	time_t	 since;
	char	 a[32];

	if (spool_report(ws->dir, &waiting, &stuck, &since) == -1)
		printf("  spool: cannot be read (above)\n");
	else if (waiting == 0)
		printf("  spool: empty\n");
	else if (stuck)
		printf("  spool: %ld texts and status callbacks cannot be "
		    "stored, tried since %s: see cox sms serve's log\n",
		    waiting, ago((int64_t)since, now, a, sizeof(a)));
	else
		printf("  spool: %ld texts and status callbacks waiting to be "
		    "stored (cox sms serve stores them as soon as the database "
		    "lets it)\n", waiting);
}

/*
 * Which cox and schema the database is at, and its last migration
 * (lib/workspace.c records each): from what, when, and the copy made
 * before it, which an operator removes once the team runs well.
 */
static void
upgraded(struct db *db, time_t now)
{
	sqlite3_stmt	*st = db_query(db, STMT_UPGRADE_LAST, "");
	char		 a[32];

	printf("  cox %s, schema %d", COX_VERSION, db_schema_version);
	if (db_row(db, st) == OUT_ROW) {
		printf("; migrated from schema %d (cox %s) %s, copy before it "
		    "at %s", sqlite3_column_int(st, 1), *db_text(st, 3) ?
		    db_text(st, 3) : "0.1.0 or before", ago(
		    sqlite3_column_int64(st, 0), now, a, sizeof(a)),
		    *db_text(st, 5) ? db_text(st, 5) : "none");
		sqlite3_reset(st);
	}
	printf("\n");
}

static void
storage(struct workspace *ws, time_t now)
{
	struct statvfs	 vfs;
	struct stat	 st;
	char		*last = NULL, a[32], abs[PATH_MAX];

	printf("storage\n  cox.db %.1f MiB", (double)size_of(ws, "cox.db") /
	    1048576);
	if (statvfs(ws->dir, &vfs) == 0)
		printf(", %.1f GiB free", (double)vfs.f_bavail *
		    (double)vfs.f_frsize / 1073741824);
	printf("\n");
	upgraded(ws->db, now);
	spool(ws, now);
	if (db_meta_get(ws->db, "last_backup", &last) == 0 && last != NULL &&
	    stat(last, &st) == 0)
		printf("  last backup %s: %s\n", ago((int64_t)st.st_mtime, now,
		    a, sizeof(a)), last);
	else
		printf("  no backup%s: enable cox-nightly@%s.timer with its "
		    "passphrase credential, or run cox backup (cox-setup(7), "
		    "6)\n", last != NULL ? " where the last one was" : "",
		    realpath(ws->dir, abs) != NULL && strrchr(abs, '/') !=
		    NULL ? strrchr(abs, '/') + 1 : "TEAM");
	free(last);
}

/* storage()'s figures, for --json. */
static void
storage_json(struct workspace *ws, json_t *j)
{
	json_t		*o = put_new(j, "storage", json_object());
	struct statvfs	 vfs;
	struct stat	 st;
	char		*last = NULL;
	long		 waiting;
	int		 stuck;
	time_t		 since;

	put(o, "db_bytes", json_integer(size_of(ws, "cox.db")));
	if (statvfs(ws->dir, &vfs) == 0)
		put(o, "free_bytes", json_integer((json_int_t)vfs.f_bavail *
		    (json_int_t)vfs.f_frsize));
	if (spool_report(ws->dir, &waiting, &stuck, &since) == 0)
		put(o, "spool", json_pack("{s:i, s:b, s:I}", "waiting",
		    (int)waiting, "stuck", stuck, "since", (json_int_t)since));
	if (db_meta_get(ws->db, "last_backup", &last) == 0 && last != NULL &&
	    stat(last, &st) == 0)
		put(o, "last_backup", json_pack("{s:s, s:I}", "path", last,
		    "at", (json_int_t)st.st_mtime));
	free(last);
}

/* The report as one JSON object on stdout; 0 or -1. */
static int
status_json(struct workspace *ws, const char *name, time_t now)
{
	json_t	*j = json_object();
	int	 rc = -1;

	if (j == NULL)
		return -1;
	put(j, "team", name != NULL ? json_string(name) : json_null());
	put(j, "workspace", json_string(ws->dir));
	put(j, "now", json_integer((json_int_t)now));
	traffic(ws->db, now, j);
	outbox(ws->db, now, j);
	intake(ws->db, now, j);
	site_json(ws, j);
	storage_json(ws, j);
	if (json_dumpf(j, stdout, JSON_INDENT(2)) == 0) {
		putchar('\n');
		rc = 0;
	}
	json_decref(j);
	return rc;
}

/* cox status [--json]: the operator's screen, or its figures. */
int
cmd_status(int argc, char **argv)
{
	struct workspace ws;
	const char	*name;
	time_t		 now = time(NULL);
	char		 stamp[32], abs[PATH_MAX];
	struct tm	 tm;
	int		 status, json = 0;
	const struct cli_opt opts[] = {
		{ "json", CLI_FLAG, &json, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox status [-C dir] [--json]", opts, 0, 0,
	    NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	name = config_get(ws.conf, "team", "name");
	if (db_read(ws.db) == -1) {
		workspace_close(&ws);
		return EX_IOERR;
	}
	if (json)
		status = status_json(&ws, name, now) == -1 ? EX_IOERR : 0;
	else {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M UTC", &tm);
		/* the folder whole: "." says nothing in a log or a mail */
		printf("%s, %s, %s\n", name != NULL ? name :
		    "(no [team] name)", realpath(ws.dir, abs) != NULL ? abs :
		    ws.dir, stamp);
		traffic(ws.db, now, NULL);
		outbox(ws.db, now, NULL);
		intake(ws.db, now, NULL);
		site(&ws, now);
		storage(&ws, now);
	}
	db_rollback(ws.db);
	workspace_close(&ws);
	return status;
}
