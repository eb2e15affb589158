/*
 * roster_edit.c - cox roster add and cox roster edit: a person's
 * name, contacts, squads, role, channel and language, their guardian,
 * and whether they take texts, as options applied in the order read
 * (lib/person.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"

const char usage_roster_add[] =
    "cox roster add [-C dir] --name name [--email addr] [--phone number]...\n"
    "       [--squad squad]... [--role athlete|coach|head_coach] "
    "[--handle handle]\n"
    "       [--channel sms|whatsapp|both] [--language code]\n"
    "       [--guardian-name name] [--guardian-phone number] "
    "[--guardian-email addr]\n"
    "       [--birth-date YYYY-MM-DD] [--minor yes|no] [--shared-phone]";
const char usage_roster_edit[] =
    "cox roster edit [-C dir] who [--name name] [--email addr]\n"
    "       [--phone number]... [--squad squad]... [--role role] "
    "[--handle handle]\n"
    "       [--channel sms|whatsapp|both|default] [--language code|default]\n"
    "       [--guardian-name name] [--guardian-phone number] "
    "[--guardian-email addr]\n"
    "       [--birth-date YYYY-MM-DD] [--minor yes|no] [--shared-phone]\n"
    "       [--opt-out | --opt-in]"
    "       [--block | --unblock]";

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
int
cmd_roster_edit(int argc, char **argv)
{
	int		 adding = strcmp(argv[0], "add") == 0;
	const char	*usage = adding ? usage_roster_add :
	    usage_roster_edit;
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
