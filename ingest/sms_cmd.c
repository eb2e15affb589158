/*
 * sms_cmd.c - cox sms: the Twilio side.  For now the operator's tool
 * that checks a request signature by hand, to debug a proxy that
 * changes the URL Twilio signed.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ingest.h"

static const char usage_check[] =
    "cox sms check-signature --url url --token-file file --signature sig\n"
    "       [--body-file file | name=value ...]";

static int
sms_check_signature(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "token-file", required_argument, NULL, 't' },
		{ "signature", required_argument, NULL, 's' },
		{ "body-file", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct form_param *params = NULL;
	struct strlist	 tried = { 0 };
	struct buf	 token = { 0 }, body = { 0 };
	const char	*url = NULL, *sig = NULL, *tokenfile = NULL;
	const char	*bodyfile = NULL;
	char		*eq;
	size_t		 n = 0, i;
	int		 c, ok, status = EX_USAGE;

	optind = 0;
	while ((c = getopt_long(argc, argv, "C:h", opts, NULL)) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 'u': url = optarg; break;
		case 't': tokenfile = optarg; break;
		case 's': sig = optarg; break;
		case 'b': bodyfile = optarg; break;
		case 'h': printf("usage: %s\n", usage_check); return 0;
		default: return cli_usage_error(usage_check, NULL);
		}
	if (url == NULL || sig == NULL || tokenfile == NULL)
		return cli_usage_error(usage_check, "--url, --token-file and "
		    "--signature are needed");
	if (bodyfile != NULL && argc > optind)
		return cli_usage_error(usage_check, "a JSON body has no form "
		    "parameters");
	if ((params = calloc((size_t)(argc - optind) + 1,
	    sizeof(*params))) == NULL)
		return EX_SOFTWARE;
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL) {
			cli_usage_error(usage_check, "'%s' is not name=value",
			    argv[i]);
			goto out;
		}
		*eq = '\0';
		params[n].name = argv[i];
		params[n++].value = eq + 1;
	}
	status = EX_NOINPUT;
	if (file_read(tokenfile, 4096, &token) == -1 ||
	    (bodyfile != NULL && file_read(bodyfile, 1 << 20, &body) == -1))
		goto out;
	while (token.len > 0 && (token.data[token.len - 1] == '\n' ||
	    token.data[token.len - 1] == '\r'))
		token.data[--token.len] = '\0';
	ok = bodyfile != NULL ? twilio_valid_body(token.data, url, body.data,
	    body.len, sig, &tried) : twilio_valid(token.data, url, params, n,
	    sig, &tried);
	printf("%s\n", ok ? "valid" : "invalid");
	for (i = 0; i < tried.n; i++)
		printf("  tried %s\n", tried.v[i]);
	status = ok ? 0 : EX_DATAERR;
out:
	if (token.data != NULL)
		sodium_memzero(token.data, token.len);
	buf_free(&token);
	buf_free(&body);
	strlist_free(&tried);
	free(params);
	return status;
}

static const char usage_send[] =
    "cox sms send [-C dir] (--to who | --squad squad | --all) text";

/* Queues text for one person; counts who was skipped and why. */
static int
queue_text(struct db *db, int64_t id, const char *text, int *queued,
    int *skipped)
{
	struct person	 p;
	int		 rc = 0;

	if (person_load(db, id, &p) == -1) {
		person_clear(&p);
		return -1;
	}
	if (!p.active || p.opted_out || p.blocked || p.phones.n == 0)
		(*skipped)++;
	else if ((rc = db_exec(db, STMT_MESSAGE_INSERT, "ttitttttti", "out",
	    "sms", p.id, p.phones.v[0], NULL, text, "broadcast", NULL,
	    "queued", (int64_t)time(NULL))) == 0)
		(*queued)++;
	person_clear(&p);
	return rc;
}

static int
sms_send(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "squad", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct workspace ws;
	const char	*to = NULL, *squad = NULL, *country, *text;
	int64_t		 id, *ids = NULL;
	size_t		 n = 0, i;
	int		 c, all = 0, status, queued = 0, skipped = 0, rc = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "C:h", opts, NULL)) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 't': to = optarg; break;
		case 's': squad = optarg; break;
		case 'a': all = 1; break;
		case 'h': printf("usage: %s\n", usage_send); return 0;
		default: return cli_usage_error(usage_send, NULL);
		}
	if ((to != NULL) + (squad != NULL) + all != 1 || argc - optind != 1)
		return cli_usage_error(usage_send, "name who gets it, once, "
		    "and the text");
	text = argv[optind];
	if (*text == '\0' || strlen(text) > SMS_MAX_BODY ||
	    !utf8_valid(text, strlen(text)))
		return cli_usage_error(usage_send, "the text must be 1 to %d "
		    "bytes of UTF-8", SMS_MAX_BODY);
	if ((status = cli_open(&ws)) != 0)
		return status;
	status = EX_CONFIG;
	if ((country = workspace_country(&ws)) == NULL)
		goto out;
	status = EX_IOERR;
	if (db_begin(ws.db) == -1)
		goto out;
	if (to != NULL) {
		if (person_find(ws.db, to, country, &id) != 1) {
			log_error("nobody on the roster matches '%s'", to);
			status = EX_NOINPUT;
			goto rollback;
		}
		rc = queue_text(ws.db, id, text, &queued, &skipped);
	} else {
		rc = db_ids(ws.db, squad != NULL ? db_query(ws.db,
		    STMT_SQUAD_MEMBERS, "t", squad) : db_query(ws.db,
		    STMT_ATHLETE_IDS, ""), &ids, &n);
		for (i = 0; rc == 0 && i < n; i++)
			rc = queue_text(ws.db, ids[i], text, &queued,
			    &skipped);
	}
	if (rc == -1 || db_commit(ws.db) == -1)
		goto rollback;
	printf("%d text%s queued (cox outbox run sends them); %d skipped: "
	    "opted out, blocked, removed or no phone\n", queued,
	    queued == 1 ? "" : "s", skipped);
	status = 0;
	goto out;
rollback:
	db_rollback(ws.db);
out:
	free(ids);
	workspace_close(&ws);
	return status;
}

int
cmd_sms(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "serve", sms_serve, "cox sms serve [-C dir] [--listen addr:port]" },
		{ "send", sms_send, usage_send },
		{ "check-signature", sms_check_signature, usage_check },
	};

	return cli_dispatch("sms", table, 3, argc, argv);
}
