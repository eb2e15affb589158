/*
 * roster.c - cox roster: its sub-commands, and those it runs itself:
 * import a spreadsheet (lib/roster.c), list the roster, remove people
 * (lib/person.c).  Adding and editing people is roster_edit.c's,
 * recording consent roster_consent.c's, erasing roster_erase.c's.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"

STMT(STMT_CONSENT_LIST,
    "SELECT kind, given_at, channel, version, coalesce(withdrawn_at, 0) "
    "FROM consent WHERE person_id = ? ORDER BY kind");

#define ROSTER_MAX_FILE	(16 * 1024 * 1024)

static const char usage_import[] =
    "cox roster import [-C dir] [--dry-run] [--skip-bad] file.csv";
static const char usage_list[] = "cox roster list [-C dir] [--json] [--all]";
static const char usage_remove[] = "cox roster remove [-C dir] who";

/*
 * cox roster import [--dry-run] [--skip-bad] file.csv: every bad row
 * said with its line; nothing written if any (EX_DATAERR) unless skipped.
 */
static int
roster_import_cmd(int argc, char **argv)
{
	struct roster_report	 rep = { 0 };
	struct workspace	 ws;
	struct buf		 raw = { 0 }, data = { 0 };
	struct strlist		 blind = { 0 };
	const char		*country;
	const char		*file;
	size_t			 i;
	int			 dry = 0, skip = 0, status, k, guessed;
	const struct cli_opt opts[] = {
		{ "dry-run", CLI_FLAG, &dry, 1 },
		{ "skip-bad", CLI_FLAG, &skip, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_import, opts, 1, 1,
	    "name one CSV file" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	file = argv[k];
	status = EX_CONFIG;
	if ((country = workspace_country(&ws)) == NULL)
		goto out;
	status = EX_NOINPUT;
	if (file_read(file, ROSTER_MAX_FILE, &raw) == -1)
		goto out;
	/* Excel's "CSV" on Windows is Windows-1252, read as such */
	status = EX_DATAERR;
	if (buf_add_utf8(&data, raw.data, raw.len, NULL, &guessed) != TEXT_OK) {
		log_error("%s: neither UTF-8 nor Windows-1252 text; save the "
		    "sheet as \"CSV UTF-8\"", file);
		goto out;
	}
	if (guessed)
		log_warn("%s: not UTF-8, so read as Windows-1252 (Excel's "
		    "\"CSV\"); if names below look wrong, save the sheet as "
		    "\"CSV UTF-8\"", file);
	status = EX_IOERR;
	if (db_begin(ws.db) == -1)
		goto out;
	if (roster_import(ws.db, data.data, data.len, country, &rep) == -1) {
		db_rollback(ws.db);
		goto out;
	}
	for (i = 0; i < rep.problems.n; i++)
		log_error("%s: %s", file, rep.problems.v[i]);
	for (i = 0; i < rep.unread.n; i++)
		log_warn("%s: %s is not read: no such column (cox(1), roster "
		    "import, names those read)", file, rep.unread.v[i]);
	/* as the roster now stands, before it is kept or not; a word to
	 * the operator, which a failed read only leaves unsaid */
	(void)roster_blind_spots(ws.db, &blind, &blind);
	(void)roster_minors_alone(ws.db, time(NULL), &blind);
	if (dry || (rep.bad > 0 && !skip)) {
		db_rollback(ws.db);
	} else if (db_commit(ws.db) == -1)
		goto out;
	for (i = 0; i < rep.changes.n; i++)
		printf("%s\n", rep.changes.v[i]);
	printf("%s: %u added, %u updated, %u unchanged, %u bad; %u changes%s\n",
	    file, rep.added, rep.updated, rep.unchanged, rep.bad,
	    rep.added + rep.updated, dry ? " (dry run: nothing written)" :
	    rep.bad > 0 && !skip ? " (nothing written: fix the bad rows "
	    "or use --skip-bad)" : "");
	for (i = 0; (rep.bad == 0 || skip) && i < blind.n; i++)
		log_warn("%s", blind.v[i]);
	status = rep.bad > 0 && !skip ? EX_DATAERR : 0;
out:
	strlist_free(&blind);
	roster_report_free(&rep);
	buf_free(&raw);
	buf_free(&data);
	workspace_close(&ws);
	return status;
}

static json_t *
strlist_json(const struct strlist *l)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; a != NULL && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

/* What list_json() needs: the array it fills, and the database. */
struct list_run {
	json_t		*arr;
	struct db	*db;
};

/*
 * p's consents in force, {"texts": {"given": DAY, "channel", "version"},
 * ...}, or NULL on a database error.
 */
static json_t *
consents_json(struct db *db, int64_t id)
{
	sqlite3_stmt	*st = db_query(db, STMT_CONSENT_LIST, "i", id);
	json_t		*o = json_object();
	char		 day[11];
	time_t		 at;
	int		 row;

	while (o != NULL && (row = db_row(db, st)) == OUT_ROW) {
		if (sqlite3_column_int64(st, 4) != 0)
			continue;	/* withdrawn: the export says when */
		at = (time_t)sqlite3_column_int64(st, 1);
		strftime(day, sizeof(day), "%Y-%m-%d", gmtime(&at));
		json_object_set_new(o, db_text(st, 0), json_pack("{s:s, s:s, "
		    "s:s}", "given", day, "channel", db_text(st, 2),
		    "version", db_text(st, 3)));
	}
	sqlite3_reset(st);
	if (o != NULL && row == OUT_FAILED) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static int
list_json(struct person *p, void *arg)
{
	struct list_run	*r = arg;
	json_t		*obj, *consent;

	obj = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:o, s:o, s:b, s:b, "
	    "s:b, s:I, s:s?, s:s?}", "id", (json_int_t)p->id, "name", p->name,
	    "handle", p->handle, "email", p->email, "role", role_name(p->role),
	    "phones", strlist_json(&p->phones), "squads",
	    strlist_json(&p->squads), "active", p->active, "opted_out",
	    p->opted_out, "blocked", p->blocked, "created_at",
	    (json_int_t)p->created_at, "channel", p->channel, "language",
	    p->language);
	if (obj != NULL && (p->guardian_name || p->guardian_phone ||
	    p->guardian_email || p->birth_date || p->minor))
		json_object_set_new(obj, "guardian", json_pack("{s:s?, s:s?, "
		    "s:s?, s:s?, s:b, s:b}", "name", p->guardian_name, "phone",
		    p->guardian_phone, "email", p->guardian_email, "birth_date",
		    p->birth_date, "minor_flag", p->minor, "minor",
		    person_is_minor(p, time(NULL))));
	if (obj != NULL && ((consent = consents_json(r->db, p->id)) == NULL ||
	    json_object_set_new(obj, "consent", consent) == -1)) {
		json_decref(obj);
		return -1;
	}
	if (obj == NULL || json_array_append_new(r->arr, obj) == -1)
		return -1;
	return 0;
}

static void
join(const struct strlist *l, char *dst, size_t size)
{
	size_t	 i, n = 0;

	dst[0] = '\0';
	for (i = 0; i < l->n && n < size; i++)
		n += (size_t)snprintf(dst + n, size - n, "%s%s", i ? "," : "",
		    l->v[i]);
	if (l->n == 0)
		snprintf(dst, size, "-");
}

/* Prints s padded to width characters (not bytes: names are UTF-8). */
static void
column(const char *s, int width)
{
	const char	*p;
	int		 chars = 0;

	for (p = s; *p != '\0'; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	printf("%s%*s ", s, chars < width ? width - chars : 0, "");
}

static int
list_text(struct person *p, void *arg)
{
	char	 squads[128], phones[128], handle[40];

	(void)arg;
	join(&p->squads, squads, sizeof(squads));
	join(&p->phones, phones, sizeof(phones));
	snprintf(handle, sizeof(handle), "@%s", p->handle);
	column(p->name, 22);
	column(handle, 12);
	column(role_name(p->role), 10);
	column(squads, 14);
	column(phones, 14);
	printf("%s%s%s%s%s%s%s%s%s%s\n", p->email ? p->email : "-",
	    p->active ? "" : " (removed)", p->opted_out ? " (opted out)" : "",
	    p->blocked ? " (blocked)" : "", p->channel ? " (by " : "",
	    p->channel ? p->channel : "", p->channel ? ")" : "",
	    p->language ? " (in " : "", p->language ? p->language : "",
	    p->language ? ")" : "");
	return 0;
}

/* cox roster list [--json] [--all]: a table, or a JSON array. */
static int
roster_list_cmd(int argc, char **argv)
{
	struct workspace ws;
	json_t		*arr = NULL;
	int		 json = 0, all = 0, status;
	const struct cli_opt opts[] = {
		{ "json", CLI_FLAG, &json, 1 },
		{ "all", CLI_FLAG, &all, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_list, opts, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	status = EX_IOERR;
	if (json) {
		struct list_run r = { .db = ws.db };

		if ((arr = r.arr = json_array()) == NULL ||
		    person_list(ws.db, all, list_json, &r) == -1 ||
		    json_dumpf(arr, stdout, JSON_INDENT(2)) == -1)
			goto out;
		putchar('\n');
	} else if (person_list(ws.db, all, list_text, NULL) == -1)
		goto out;
	status = fflush(stdout) == 0 ? 0 : EX_IOERR;
out:
	json_decref(arr);
	workspace_close(&ws);
	return status;
}

/* cox roster remove who: off the roster, history kept, keys revoked. */
static int
roster_remove_cmd(int argc, char **argv)
{
	struct person	 p = { 0 };
	struct workspace ws;
	int64_t		 id;
	int		 k, status, rc;
	const struct cli cli = { usage_remove, NULL, 1, 1, "name one person" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if ((status = cli_begin_person(&ws, argv[k], &id)) != 0)
		goto out;
	status = EX_IOERR;
	/* removed people's keys open nothing from the next build on */
	if ((rc = person_deactivate(ws.db, id)) == -1 ||
	    person_load_row(ws.db, id, &p) == -1 ||
	    person_revoke(ws.db, &p) == -1 || db_commit(ws.db) == -1) {
		db_rollback(ws.db);
		person_clear(&p);
		goto out;
	}
	person_clear(&p);
	printf("%s\n", rc ? "removed from the roster (history kept)" :
	    "already removed");
	status = 0;
out:
	workspace_close(&ws);
	return status;
}

/* cox roster import | list | add | edit | remove | erase | consent. */
int
cmd_roster(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "import", roster_import_cmd, usage_import },
		{ "list", roster_list_cmd, usage_list },
		{ "add", cmd_roster_edit, usage_roster_add },
		{ "edit", cmd_roster_edit, usage_roster_edit },
		{ "remove", roster_remove_cmd, usage_remove },
		{ "erase", cmd_roster_erase, usage_roster_erase },
		{ "consent", cmd_roster_consent, usage_roster_consent },
	};

	return cli_dispatch("roster", table, sizeof(table) / sizeof(*table),
	    argc, argv);
}
