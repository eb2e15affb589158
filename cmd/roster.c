/*
 * roster.c - cox roster: import a spreadsheet (lib/roster.c), list, add,
 * edit and remove people (lib/person.c), erase them (gen/erase.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "cmd.h"

STMT(STMT_CONSENT_WITHDRAW,
    "UPDATE consent SET withdrawn_at = ?3 WHERE person_id = ?1 AND "
    "kind = ?2 AND withdrawn_at IS NULL");
STMT(STMT_CONSENT_LIST,
    "SELECT kind, given_at, channel, version, coalesce(withdrawn_at, 0) "
    "FROM consent WHERE person_id = ? ORDER BY kind");

#define ROSTER_MAX_FILE	(16 * 1024 * 1024)

static const char usage_import[] =
    "cox roster import [-C dir] [--dry-run] [--skip-bad] file.csv";
static const char usage_list[] = "cox roster list [-C dir] [--json] [--all]";
static const char usage_add[] =
    "cox roster add [-C dir] --name name [--email addr] [--phone number]...\n"
    "       [--squad squad]... [--role athlete|coach|head_coach] "
    "[--handle handle]\n"
    "       [--channel sms|whatsapp|both] [--language code]\n"
    "       [--guardian-name name] [--guardian-phone number] "
    "[--guardian-email addr]\n"
    "       [--birth-date YYYY-MM-DD] [--minor yes|no] [--shared-phone]";
static const char usage_edit[] =
    "cox roster edit [-C dir] who [--name name] [--email addr]\n"
    "       [--phone number]... [--squad squad]... [--role role] "
    "[--handle handle]\n"
    "       [--channel sms|whatsapp|both|default] [--language code|default]\n"
    "       [--guardian-name name] [--guardian-phone number] "
    "[--guardian-email addr]\n"
    "       [--birth-date YYYY-MM-DD] [--minor yes|no] [--shared-phone]\n"
    "       [--opt-out | --opt-in]"
    "       [--block | --unblock]";
static const char usage_remove[] = "cox roster remove [-C dir] who";
static const char usage_consent[] =
    "cox roster consent [-C dir] who --texts | --wellness | --guardian\n"
    "       [--channel paper|email|sms|web|in-person] [--version text] "
    "[--on YYYY-MM-DD]\n"
    "       [--withdraw]";
static const char usage_erase[] = "cox roster erase [-C dir] [--yes] who\n"
    "       cox roster erase [-C dir] --compact";

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

/* Options shared by add and edit, applied to p as they are read. */
struct edits {
	const char	*name, *email, *role, *handle, *channel, *language;
	const char	*g_name, *g_phone, *g_email, *birth, *minor;
	struct strlist	 phones, squads;
	int		 opt_out, block;	/* -1 unchanged */
	int		 shared;	/* their phone may be their guardian's */
};

/* An optional text option into *field: "" clears it. */
static void
field_set(char **field, const char *v)
{
	if (v == NULL)
		return;
	free(*field);
	*field = *v != '\0' ? xstrdup(v) : NULL;
}

/* --guardian-name, --guardian-phone, --guardian-email, --birth-date, --minor. */
static int
guardian_apply(struct edits *e, struct person *p, const char *country)
{
	char		 e164[PHONE_MAX], why[DAY_WHY_MAX];
	const char	*pwhy;

	if (e->g_phone != NULL && *e->g_phone != '\0') {
		if (phone_normalize(e->g_phone, country, e164, &pwhy) == -1) {
			log_error("guardian's phone '%s' %s", e->g_phone, pwhy);
			return -1;
		}
		field_set(&p->guardian_phone, e164);
		e->g_phone = NULL;
	}
	if (e->g_email != NULL && *e->g_email != '\0' &&
	    !email_valid(e->g_email)) {
		log_error("guardian's email '%s' is not an address",
		    e->g_email);
		return -1;
	}
	if (e->birth != NULL && *e->birth != '\0' &&
	    roster_birth_date(e->birth, roster_day_order(country,
	    words_team()), &p->birth_date, why) == -1) {
		log_error("birth date '%s' %s", e->birth, why);
		return -1;
	}
	if (e->birth != NULL && *e->birth == '\0')
		field_set(&p->birth_date, "");
	if (e->minor != NULL && roster_yes_no(e->minor, &p->minor) == -1) {
		log_error("--minor '%s' is not yes or no", e->minor);
		return -1;
	}
	field_set(&p->guardian_name, e->g_name);
	field_set(&p->guardian_phone, e->g_phone);	/* "" clears it */
	field_set(&p->guardian_email, e->g_email);
	return 0;
}

static int
edits_apply(struct edits *e, struct person *p, const char *country)
{
	char		 e164[PHONE_MAX];
	const char	*why, *shared;
	size_t		 i;
	int		 numbers;

	if (e->name != NULL) {
		free(p->name);
		p->name = xstrdup(e->name);
	}
	if (e->email != NULL) {
		if (*e->email != '\0' && !email_valid(e->email)) {
			log_error("email '%s' is not an address", e->email);
			return -1;
		}
		free(p->email);
		p->email = *e->email ? xstrdup(e->email) : NULL;
	}
	if (e->role != NULL && role_parse(e->role, &p->role) == -1) {
		log_error("role '%s' is not athlete, coach or head_coach",
		    e->role);
		return -1;
	}
	if (e->channel != NULL && strcmp(e->channel, "default") != 0 &&
	    !person_channel_valid(e->channel)) {
		log_error("channel '%s' is not sms, whatsapp, both or default",
		    e->channel);
		return -1;
	}
	if (e->channel != NULL) {	/* default: [sms] channel's */
		free(p->channel);
		p->channel = strcmp(e->channel, "default") ?
		    xstrdup(e->channel) : NULL;
	}
	if (e->language != NULL && strcmp(e->language, "default") != 0 &&
	    !words_has(e->language)) {
		log_error("language '%s' is not one cox speaks (%s) or default",
		    e->language, words_codes());
		return -1;
	}
	if (e->language != NULL) {	/* default: [team] language's */
		free(p->language);
		p->language = strcmp(e->language, "default") ?
		    xstrdup(e->language) : NULL;
	}
	if (e->handle != NULL) {
		free(p->handle);
		p->handle = xstrdup(e->handle + (e->handle[0] == '@'));
	}
	if (e->phones.n > 0) {
		strlist_free(&p->phones);
		for (i = 0; i < e->phones.n; i++) {
			if (*e->phones.v[i] == '\0')
				continue;
			if (phone_normalize(e->phones.v[i], country, e164,
			    &why) == -1) {
				log_error("phone '%s' %s", e->phones.v[i], why);
				return -1;
			}
			strlist_add(&p->phones, e164);
		}
	}
	if (e->squads.n > 0) {
		strlist_free(&p->squads);
		for (i = 0; i < e->squads.n; i++)
			if (*e->squads.v[i] != '\0')
				strlist_add(&p->squads, e->squads.v[i]);
	}
	numbers = e->phones.n > 0 || (e->g_phone != NULL && *e->g_phone);
	if (guardian_apply(e, p, country) == -1)
		return -1;
	/* one phone for both reads the guardian's texts as the athlete's:
	 * only when the operator says so (by email, never: command.c) */
	if (numbers && !e->shared && (shared = person_phone_shared(p)) !=
	    NULL) {
		log_error("phone %s is also their guardian's: what it texts "
		    "would be read as theirs, never the guardian's; "
		    "--shared-phone if they share one phone", shared);
		return -1;
	}
	if (e->opt_out != -1)
		p->opted_out = e->opt_out;
	if (e->block != -1)
		p->blocked = e->block;
	if (p->name == NULL || *p->name == '\0') {
		log_error("a person needs a name (--name)");
		return -1;
	}
	return 0;
}

/* cox roster add and cox roster edit (argv[0] says which). */
static int
roster_edit_cmd(int argc, char **argv)
{
	int		 adding = strcmp(argv[0], "add") == 0;
	const char	*usage = adding ? usage_add : usage_edit;
	struct edits	 e = { .opt_out = -1, .block = -1 };
	struct person	 p = { 0 };
	struct workspace ws = { 0 };
	const char	*country;
	int64_t		 id;
	int		 k, status, told = 0;
	char		 old_handle[64] = "";
	const struct cli_opt opts[] = {
		{ "name", CLI_ARG, &e.name, 0 },
		{ "email", CLI_ARG, &e.email, 0 },
		{ "role", CLI_ARG, &e.role, 0 },
		{ "handle", CLI_ARG, &e.handle, 0 },
		{ "channel", CLI_ARG, &e.channel, 0 },
		{ "language", CLI_ARG, &e.language, 0 },
		{ "guardian-name", CLI_ARG, &e.g_name, 0 },
		{ "guardian-phone", CLI_ARG, &e.g_phone, 0 },
		{ "guardian-email", CLI_ARG, &e.g_email, 0 },
		{ "birth-date", CLI_ARG, &e.birth, 0 },
		{ "minor", CLI_ARG, &e.minor, 0 },
		{ "phone", CLI_LIST, &e.phones, 0 },
		{ "squad", CLI_LIST, &e.squads, 0 },
		{ "opt-out", CLI_FLAG, &e.opt_out, 1 },
		{ "opt-in", CLI_FLAG, &e.opt_out, 0 },
		{ "block", CLI_FLAG, &e.block, 1 },
		{ "unblock", CLI_FLAG, &e.block, 0 },
		{ "shared-phone", CLI_FLAG, &e.shared, 1 },
		{ NULL },
	};
	const struct cli cli = { usage, opts, adding ? 0 : 1, adding ? 0 : 1,
	    adding ? "unexpected argument" :
	    "name one person (name, @handle, email or phone)" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_begin(&ws, &country)) != 0)
		goto out;
	if (!adding) {
		if ((status = cli_person(ws.db, argv[k], country, &id)) != 0)
			goto rollback;
		status = EX_IOERR;
		if (person_load(ws.db, id, &p) == -1)
			goto rollback;
	}
	status = EX_DATAERR;
	if (!adding && snprintf(old_handle, sizeof(old_handle), "%s",
	    p.handle) >= (int)sizeof(old_handle))
		goto rollback;
	if (edits_apply(&e, &p, country) == -1)
		goto rollback;
	if (person_save(ws.db, &p) == -1) {
		if ((sqlite3_extended_errcode(db_handle(ws.db)) & 0xff) ==
		    SQLITE_CONSTRAINT)
			log_error("that email, phone or handle is already "
			    "someone else's");
		else
			status = EX_IOERR;
		goto rollback;
	}
	status = EX_IOERR;
	if (!adding && strcasecmp(old_handle, p.handle) != 0 &&
	    account_handle_changed(ws.db, p.id, config_get(ws.conf, "team",
	    "name"), &told) != OUT_OK)
		goto rollback;
	if (db_commit(ws.db) == -1)
		goto out;
	printf("%s %s (@%s, %s)\n", adding ? "added" : "updated", p.name,
	    p.handle, role_name(p.role));
	if (told)
		printf("\"Open my page\" with @%s opens nothing now; an "
		    "invitation to set a password again is queued\n",
		    old_handle);
	status = 0;
	goto out;
rollback:
	db_rollback(ws.db);
out:
	person_clear(&p);
	strlist_free(&e.phones);
	strlist_free(&e.squads);
	workspace_close(&ws);
	return status;
}

/*
 * Opens the workspace's transaction and finds who in it: 0, or the exit
 * status (said), the transaction then rolled back.
 */
static int
begin_person(struct workspace *ws, const char *who, int64_t *id)
{
	const char	*country;
	int		 status;

	if ((status = cli_begin(ws, &country)) != 0)
		return status;
	if ((status = cli_person(ws->db, who, country, id)) != 0)
		db_rollback(ws->db);
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
	if ((status = begin_person(&ws, argv[k], &id)) != 0)
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

/*
 * Whether person id has a guardian whose consent can be recorded: 0,
 * or the exit status, said (EX_DATAERR when there is none to give it).
 */
static int
consent_guardian(struct db *db, int64_t id)
{
	struct person	 p = { 0 };
	int		 status = 0;

	if (person_load(db, id, &p) == -1)
		status = EX_IOERR;
	else if (!person_has_guardian(&p)) {
		log_error("%s (@%s) has no guardian on the roster, so no "
		    "guardian's consent can be recorded: add their guardian "
		    "first (cox roster edit @%s --guardian-name NAME "
		    "--guardian-phone NUMBER or --guardian-email ADDRESS)",
		    p.name, p.handle, p.handle);
		status = EX_DATAERR;
	}
	person_clear(&p);
	return status;
}

/*
 * cox roster consent who --texts|--wellness|--guardian: records that
 * who (or, --guardian, their guardian) agreed, when (--on, default
 * today), how (--channel, default paper) and to which version of the
 * notice; --withdraw records that they took it back.
 */
static int
roster_consent_cmd(int argc, char **argv)
{
	static const char *const channels[] = { "paper", "email", "sms", "web",
	    "in-person", NULL };
	struct workspace ws;
	struct person	 p = { 0 };
	const char	*channel = "paper", *version = "", *on = NULL;
	const char	*kind = NULL;
	char		 day[11];
	int64_t		 id, at;
	int		 k, i, status, texts = 0, wellness = 0, guardian = 0;
	int		 withdraw = 0;
	const struct cli_opt opts[] = {
		{ "texts", CLI_FLAG, &texts, 1 },
		{ "wellness", CLI_FLAG, &wellness, 1 },
		{ "guardian", CLI_FLAG, &guardian, 1 },
		{ "channel", CLI_ARG, &channel, 0 },
		{ "version", CLI_ARG, &version, 0 },
		{ "on", CLI_ARG, &on, 0 },
		{ "withdraw", CLI_FLAG, &withdraw, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_consent, opts, 1, 1,
	    "name one person" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (texts + wellness + guardian == 0)
		return cli_usage_error(usage_consent, "say which consent: "
		    "--texts, --wellness or --guardian");
	if (texts + wellness + guardian > 1)
		return cli_usage_error(usage_consent, "one consent at a time: "
		    "record each of --texts, --wellness and --guardian with a "
		    "command of its own");
	kind = texts ? "texts" : wellness ? "wellness" : "guardian";
	for (i = 0; channels[i] != NULL && strcmp(channels[i], channel); i++)
		continue;
	if (channels[i] == NULL || strlen(version) > 64) {
		log_error("--channel is paper, email, sms, web or in-person, "
		    "and --version at most 64 characters");
		return EX_USAGE;
	}
	at = (int64_t)time(NULL);
	if (on != NULL) {
		struct tm tm = { 0 };

		if (day_parse(on, day) == -1 ||
		    strptime(day, "%Y-%m-%d", &tm) == NULL) {
			log_error("--on '%s' is not a day written YYYY-MM-DD",
			    on);
			return EX_USAGE;
		}
		at = (int64_t)timegm(&tm) + 12 * 3600;
	}
	if ((status = begin_person(&ws, argv[k], &id)) != 0)
		goto out;
	if (guardian && !withdraw && (status = consent_guardian(ws.db,
	    id)) != 0) {
		db_rollback(ws.db);
		goto out;
	}
	status = EX_IOERR;
	if ((withdraw ? db_exec(ws.db, STMT_CONSENT_WITHDRAW, "iti", id, kind,
	    at) : db_exec(ws.db, STMT_CONSENT_GIVE, "ititt", id, kind, at,
	    channel, version)) == -1 || db_commit(ws.db) == -1) {
		db_rollback(ws.db);
		goto out;
	}
	/* whose, as the roster names them: a handle mistyped shows */
	if (person_load(ws.db, id, &p) == 0)
		printf("%s %s, for %s (@%s)\n", withdraw ? "withdrawn:" :
		    "recorded:", kind, p.name, p.handle);
	person_clear(&p);
	status = 0;
out:
	workspace_close(&ws);
	return status;
}

/* What erasing e's person removes, in words. */
static void
erase_print(const struct erase_plan *e, int done)
{
	size_t	 i, rows = 0;

	printf("%s @%s (%s, %s):\n", done ? "erased" : "would erase",
	    e->p.handle, e->p.name, role_words(e->p.role));
	for (i = 0; i < person_ntables; i++) {
		rows += e->counts[i];
		if (e->counts[i] > 0)
			printf("  %zu %s of %s\n", e->counts[i],
			    e->counts[i] == 1 ? "row" : "rows",
			    person_tables[i].name);
	}
	printf("  %zu rows in all, and the forwarded copies of their notes\n",
	    rows);
	if (done && e->redacted > 0)
		printf("  %zu texts, notes and comments of others named them: "
		    "those lines now read [erased]\n", e->redacted);
	else if (done)
		printf("  no text, note or comment of others named them\n");
	else
		printf("  and in others' texts (a coach's ratings, a note), "
		    "each line that names them\n");
	for (i = 0; i < person_ntables; i++)
		if (person_tables[i].erase == STMT_ERASE_RATING_GIVEN &&
		    e->counts[i] > 0)
			printf("  (the %zu scores they gave others stay, "
			    "rated by a former coach)\n", e->counts[i]);
	printf("  site: %zu files of their page and of \"Open my page\", "
	    "and their page's keys\n", e->files);
	printf("  site history: %zu of its %zu commits %s a file of theirs\n",
	    e->holding, e->commits, done ? "now hold" : "hold");
}

/*
 * The erased person's address, when [mail] coaches lists it: cox.conf
 * is the operator's to edit, and an address left there is a way in
 * for whoever holds it next (it is quarantined, as nobody's, until it
 * goes or a coach on the roster has it).
 */
static void
erase_coaches(const struct config *conf, const struct erase_plan *e,
    int done)
{
	struct strlist	 addrs = { 0 };
	size_t		 i;

	if (e->p.email != NULL &&
	    config_list(conf, "mail", "coaches", &addrs) > 0)
		for (i = 0; i < addrs.n; i++)
			if (strcasecmp(addrs.v[i], e->p.email) == 0) {
				printf("cox.conf: [mail] coaches %s their "
				    "address, %s: take it off (by hand: cox "
				    "does not edit cox.conf); meanwhile its "
				    "mail is quarantined, as nobody's\n", done ?
				    "still lists" : "lists", e->p.email);
				break;
			}
	strlist_free(&addrs);
}

/*
 * What db_scrub() did (0, 1, 2 or -1); 0, or when deleted bytes may be
 * left in cox.db EX_TEMPFAIL (another process held it) or EX_IOERR.
 */
static int
scrub_print(int scrubbed)
{
	if (scrubbed == 0) {
		printf("cox.db: rewritten without its free pages and its log "
		    "emptied: nothing deleted is left in either\n");
		return 0;
	}
	if (scrubbed == 1) {
		printf("cox.db: rewritten without its free pages; its log "
		    "was in use (cox sms serve?) and still holds older pages: "
		    "run cox roster erase --compact again later\n");
		return 0;
	}
	if (scrubbed == 2) {
		fprintf(stderr, "cox roster erase: another process was "
		    "writing cox.db all along, so it was not compacted and "
		    "bytes deleted before "
		    "may be left in its free pages: run cox roster erase "
		    "--compact once it is done\n");
		return EX_TEMPFAIL;
	}
	fprintf(stderr, "cox roster erase: cox.db was not compacted, so "
	    "bytes deleted before may be left in its free pages: make room "
	    "(as much again as cox.db, in memory and on disk) and run cox "
	    "roster erase --compact\n");
	return EX_IOERR;
}

/* The backups that still hold them, and how long they stay. */
static void
erase_backups(const struct erase_plan *e)
{
	size_t	 i;

	if (e->backup_dir == NULL) {
		printf("backups: no [backup] dir; any backup made before now "
		    "holds them until it is deleted\n");
		return;
	}
	printf("backups: %zu of %s hold them%s\n", e->backups.n, e->backup_dir,
	    e->backups.n ? ":" : "");
	for (i = 0; i < e->backups.n; i++)
		printf("  %s\n", e->backups.v[i]);
	if (e->backups.n > 0)
		printf("  [backup] keep = %ld: each goes once %ld newer backups "
		    "are made (%ld nights with the nightly timer); backups "
		    "made from now on do not hold them\n", e->backup_keep,
		    e->backup_keep, e->backup_keep);
}

/*
 * The mail about them outside cox.db: the kept copies of what named
 * them (ingest/kept.c) removed, or that would be (done 0), and what
 * stays, and how long: copies with a part cox did not read for them,
 * what an IMAP server keeps, the emails cox sent to others.  Returns
 * 0, or an exit status when a copy could not be removed.
 */
static int
erase_mail(struct workspace *ws, struct erase_plan *e, int done)
{
	struct kept_erased k;
	enum outcome	 rc;
	char		 day[11];
	long		 days;

	if (config_long(ws->conf, "mail", "keep_days", 90, 1, 36500,
	    &days) == -1)
		return EX_CONFIG;
	rc = kept_erase(ws, e->names, &e->mail, !done, &k);
	printf("mail: %zu kept %s of emails that named them %s (mail/raw/, "
	    "mail/quarantine/%s)\n", k.removed, k.removed == 1 ? "copy" :
	    "copies", done ? "removed" : "would be removed",
	    e->mail.maildirs.n > 0 ? ", the Maildir mail came through" : "");
	if (k.unread > 0) {
		day_string(k.last + (time_t)days * 86400, day);
		printf("  %zu other kept %s an encoded part cox does not read "
		    "for their name: %s until cox mail --prune removes %s, "
		    "[mail] keep_days = %ld after %s came (the last: %s)\n",
		    k.unread, k.unread == 1 ? "copy has" : "copies have",
		    k.unread == 1 ? "it stays" : "they stay", k.unread == 1 ?
		    "it" : "them", days, k.unread == 1 ? "it" : "each", day);
	}
	if (k.unread_box > 0)
		printf("  %zu other %s of the Maildir mail came through %s an "
		    "encoded part cox does not read for their name: %s there "
		    "until deleted\n", k.unread_box, k.unread_box == 1 ?
		    "entry" : "entries", k.unread_box == 1 ? "has" : "have",
		    k.unread_box == 1 ? "it stays" : "they stay");
	if (e->mail.imap > 0)
		printf("  %zu %s that named them came by IMAP: the server "
		    "keeps %s until deleted there\n", e->mail.imap,
		    e->mail.imap == 1 ? "email" : "emails", e->mail.imap == 1 ?
		    "it" : "them");
	if (e->mail.sent > 0)
		printf("  %zu %s cox sent to others named them: their "
		    "mailboxes keep %s (cox.db's copies %s [erased] where "
		    "they did)\n", e->mail.sent, e->mail.sent == 1 ? "email" :
		    "emails", e->mail.sent == 1 ? "it" : "them", done ?
		    "now read" : "would read");
	return rc == OUT_OK ? 0 : cli_exit(rc);
}

/* What is left to do outside cox once the history was rewritten. */
static void
erase_next(int rewrote)
{
	if (!rewrote)
		return;
	printf("next, at the git host:\n"
	    "  1. cox publish --push (forced: it replaces the history there)\n"
	    "  2. ask the host to drop what no branch holds any more and "
	    "its cached views\n"
	    "     (GitHub: its support form for removing sensitive data; "
	    "pull requests keep\n"
	    "     old commits there too)\n"
	    "  3. clones and forks made before keep the old history: ask "
	    "their owners to\n"
	    "     delete them\n");
}

/*
 * cox roster erase [--yes] who: without --yes says what would go and
 * changes nothing; with it erases them (gen/erase.c).
 */
static int
roster_erase_cmd(int argc, char **argv)
{
	struct erase_plan e = { 0 };
	struct workspace ws;
	const char	*country;
	char		 audit[33];
	int64_t		 id;
	int		 k, status, yes = 0, compact = 0, rewrote, mailed;
	const struct cli_opt opts[] = {
		{ "yes", CLI_FLAG, &yes, 1 },
		{ "compact", CLI_FLAG, &compact, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_erase, opts, 0, 1, "name one person" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if ((k == argc) != compact)
		return cli_usage_error(usage_erase, compact ?
		    "--compact names nobody" : "name one person");
	if (compact) {
		/* what an erasure could not finish: cox.db without its
		 * free pages and its log emptied (lib/db.c, db_scrub()) */
		if ((status = cli_open(&ws)) != 0)
			return status;
		status = scrub_print(db_scrub(ws.db, 1));
		workspace_close(&ws);
		return status;
	}
	if ((status = cli_begin(&ws, &country)) != 0)
		goto out;
	status = cli_person(ws.db, argv[k], country, &id);
	db_rollback(ws.db);
	if (status != 0 ||
	    (status = cli_exit(erase_plan(&ws, id, &e))) != 0)
		goto out;
	if (!yes) {
		erase_print(&e, 0);
		erase_coaches(ws.conf, &e, 0);
		erase_backups(&e);
		status = erase_mail(&ws, &e, 0);
		printf("dry run: nothing was changed; add --yes to erase\n");
		goto out;
	}
	if ((status = cli_exit(erase_person(&ws, &e, &rewrote, audit))) != 0)
		goto out;
	erase_print(&e, 1);
	erase_coaches(ws.conf, &e, 1);
	printf("erasure id (in the log, naming nobody): %s\n", audit);
	status = scrub_print(e.scrubbed);
	erase_backups(&e);
	if ((mailed = erase_mail(&ws, &e, 1)) != 0 && status == 0)
		status = mailed;
	erase_next(rewrote);
out:
	erase_plan_free(&e);
	workspace_close(&ws);
	return status;
}

/* cox roster import | list | add | edit | remove | erase. */
int
cmd_roster(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "import", roster_import_cmd, usage_import },
		{ "list", roster_list_cmd, usage_list },
		{ "add", roster_edit_cmd, usage_add },
		{ "edit", roster_edit_cmd, usage_edit },
		{ "remove", roster_remove_cmd, usage_remove },
		{ "erase", roster_erase_cmd, usage_erase },
		{ "consent", roster_consent_cmd, usage_consent },
	};

	return cli_dispatch("roster", table, sizeof(table) / sizeof(*table),
	    argc, argv);
}
