/*
 * cli.c - what every command's front end shares: options and operands
 * (with -C DIR and --help for every command), opening the workspace,
 * usage errors, finding a person named on the command line, the one
 * table from outcomes to exit statuses, and what cox --version says.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>

#include "cmd.h"

#define CLI_MAX_OPTS	32

const char	*cli_dir = ".";

/*
 * Parses argv (argv[0] is the command's name) by c.  Returns the index
 * of the first operand, or -1 when the command is to return at once
 * with *status: 0 after --help, EX_USAGE after a usage error (said).
 */
int
cli_args(const struct cli *c, int argc, char **argv, int *status)
{
	struct option	 lo[CLI_MAX_OPTS + 2];
	const struct cli_opt *o;
	size_t		 n = 0;
	int		 ch, operands;

	for (; c->opts != NULL && c->opts[n].name != NULL; n++) {
		if (n == CLI_MAX_OPTS) {
			log_error("%s: more options than CLI_MAX_OPTS", c->usage);
			*status = EX_SOFTWARE;
			return -1;
		}
		lo[n].name = c->opts[n].name;
		lo[n].has_arg = c->opts[n].kind == CLI_FLAG ? no_argument :
		    required_argument;
		lo[n].flag = NULL;
		lo[n].val = 256 + (int)n;
	}
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	*status = 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "C:h", lo, NULL)) != -1) {
		if (ch == 'C') {
			cli_dir = optarg;
			continue;
		}
		if (ch == 'h') {
			printf("usage: %s\n", c->usage);
			return -1;
		}
		if (ch < 256) {
			*status = cli_usage_error(c->usage, NULL);
			return -1;
		}
		o = &c->opts[ch - 256];
		if (o->kind == CLI_FLAG)
			*(int *)o->to = o->value;
		else if (o->kind == CLI_ARG)
			*(const char **)o->to = optarg;
		else if (strlist_add(o->to, optarg) == -1) {
			*status = EX_SOFTWARE;
			return -1;
		}
	}
	operands = argc - optind;
	if (operands < c->min || (c->max >= 0 && operands > c->max)) {
		*status = cli_usage_error(c->usage, "%s", c->operands ?
		    c->operands : "unexpected argument");
		return -1;
	}
	return optind;
}

/* Opens the workspace named by -C; returns 0 or the exit status. */
int
cli_open(struct workspace *ws)
{
	return cli_exit(workspace_open(cli_dir, ws));
}

/*
 * Opens the workspace named by -C, reads its default country and begins
 * a transaction.  Returns 0, or the exit status after saying why; the
 * caller closes the workspace either way.
 */
int
cli_begin(struct workspace *ws, const char **country)
{
	int	 status;

	if ((status = cli_open(ws)) != 0)
		return status;
	if ((*country = workspace_country(ws)) == NULL)
		return EX_CONFIG;
	return db_begin(ws->db) == -1 ? EX_IOERR : 0;
}

/* The exit status of an outcome (cox(1) EXIT STATUS). */
int
cli_exit(enum outcome o)
{
	switch (o) {
	case OUT_OK:		return 0;
	case OUT_BADINPUT:	return EX_DATAERR;
	case OUT_NOTFOUND:	return EX_NOINPUT;
	case OUT_AMBIGUOUS:	return EX_USAGE;
	case OUT_REFUSED:	return EX_UNAVAILABLE;
	case OUT_RETRY:		return EX_TEMPFAIL;
	case OUT_CONFIG:	return EX_CONFIG;
	case OUT_IOERR:		return EX_IOERR;
	case OUT_OSERR:		return EX_OSERR;
	case OUT_CANTCREAT:	return EX_CANTCREAT;
	case OUT_DENIED:	return EX_NOPERM;
	case OUT_ROW:		/* not an end: a bug if it gets here */
	case OUT_FAILED:	break;
	}
	return EX_SOFTWARE;
}

/* Says what is wrong and how the command is used; returns EX_USAGE. */
int
cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list	 ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		log_vmsg(LOGL_ERROR, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "usage: %s\n", usage);
	return EX_USAGE;
}

/*
 * The one person who matches who (name, @handle, email, phone) into
 * *id.  Returns 0, or the exit status after saying why: nobody matches
 * (EX_NOINPUT), several do (EX_USAGE), a database error (EX_IOERR).
 */
int
cli_person(struct db *db, const char *who, const char *country,
    int64_t *id)
{
	switch (person_find(db, who, country, id)) {
	case OUT_OK:
		return 0;
	case OUT_AMBIGUOUS:
		log_error("several people match '%s'; use their @handle", who);
		return EX_USAGE;
	case OUT_NOTFOUND:
		log_error("nobody on the roster matches '%s'", who);
		return EX_NOINPUT;
	default:
		return EX_IOERR;
	}
}

/*
 * Opens the workspace's transaction and finds who in it: 0, or the exit
 * status (said), the transaction then rolled back.  The caller closes
 * the workspace either way.
 */
int
cli_begin_person(struct workspace *ws, const char *who, int64_t *id)
{
	const char	*country;
	int		 status;

	if ((status = cli_begin(ws, &country)) != 0)
		return status;
	if ((status = cli_person(ws->db, who, country, id)) != 0)
		db_rollback(ws->db);
	return status;
}

/*
 * Runs the sub-command argv[1] of group from table, handing it argv
 * from its own name on; "--help" lists every sub-command's usage.
 */
int
cli_dispatch(const char *group, const struct subcmd *table, size_t n,
    int argc, char **argv)
{
	const char	*sub = argc > 1 ? argv[1] : "";
	size_t		 i;
	int		 help;

	for (i = 0; i < n; i++)
		if (strcmp(sub, table[i].name) == 0)
			return table[i].run(argc - 1, argv + 1);
	help = strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0;
	if (!help)
		log_error("%s%s%s", *sub ? "unknown command '" : "say what to "
		    "do: ", *sub ? sub : group, *sub ? "'" : "");
	for (i = 0; i < n; i++)
		fprintf(help ? stdout : stderr, "%s %s\n", i ? "      " :
		    "usage:", table[i].usage);
	return help ? 0 : EX_USAGE;
}

/*
 * What to say of a club's name over SMS_SHORT_MAX characters when
 * [team] short_name is not set (cox init, cox doctor): every text cox
 * starts opens with the name, or words of it, which may not be what
 * athletes call the club.  Written to buf; NULL when all is well.
 * Call once the workspace has set the lead.
 */
const char *
cli_short_name_hint(const struct config *c, char *buf, size_t size)
{
	const char	*name = config_get(c, "team", "name");
	size_t		 n = strlen(sms_lead());

	if (name == NULL || config_get(c, "team", "short_name") != NULL ||
	    utf8_chars(name) <= SMS_SHORT_MAX)
		return NULL;
	snprintf(buf, size, "[team] name '%s' has %zu characters and no "
	    "short_name is set, so every text cox starts opens with '%.*s': "
	    "set [team] short_name to what athletes call the club, at most "
	    "%d characters", name, utf8_chars(name), (int)(n > 2 ? n - 2 : 0),
	    sms_lead(), SMS_SHORT_MAX);
	return buf;
}

/*
 * cox --version: the release, then each library cox runs on with the
 * version loaded at run time (which a distribution may have updated
 * since the build), one "name version" a line.  Returns 0.
 */
int
cli_version(void)
{
	const curl_version_info_data *curl = curl_version_info(CURLVERSION_NOW);

	printf("cox %s\n", COX_VERSION);
	printf("SQLite %s\n", sqlite3_libversion());
	printf("libcurl %s (%s)\n", curl->version,
	    curl->ssl_version ? curl->ssl_version : "no TLS");
	printf("libsodium %s\n", sodium_version_string());
	printf("libmicrohttpd %s\n", MHD_get_version());
	printf("jansson %s\n", jansson_version_str());
	printf("%s%s", gen_versions(), ingest_versions());
	return 0;
}
