/*
 * sms.c - cox sms: the Twilio webhook daemon (ingest/sms.c), texts
 * queued by hand, and the operator's tool that checks a request
 * signature, to debug a proxy that changes the URL Twilio signed.
 */
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cmd.h"

STMT(STMT_SQUAD_MEMBERS,
    "SELECT m.person_id FROM membership m JOIN squad s "
    "ON s.id = m.squad_id WHERE s.name = ? ORDER BY m.person_id");

static const char usage_check[] =
    "cox sms check-signature --url url --token-file file --signature sig\n"
    "       [--body-file file | name=value ...]";

/*
 * cox sms check-signature: prints valid or invalid, and each URL tried;
 * exit 0 only when valid.
 */
static int
sms_check_signature(int argc, char **argv)
{
	struct form_param *params = NULL;
	struct strlist	 tried = { 0 };
	struct buf	 token = { 0 }, body = { 0 };
	const char	*url = NULL, *sig = NULL, *tokenfile = NULL;
	const char	*bodyfile = NULL;
	char		*eq;
	size_t		 n = 0, i;
	int		 ok, status = EX_USAGE, first;
	const struct cli_opt opts[] = {
		{ "url", CLI_ARG, &url, 0 },
		{ "token-file", CLI_ARG, &tokenfile, 0 },
		{ "signature", CLI_ARG, &sig, 0 },
		{ "body-file", CLI_ARG, &bodyfile, 0 },
		{ NULL },
	};
	const struct cli cli = { usage_check, opts, 0, -1, NULL };

	if ((first = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	status = EX_USAGE;
	if (url == NULL || sig == NULL || tokenfile == NULL)
		return cli_usage_error(usage_check, "--url, --token-file and "
		    "--signature are needed");
	if (bodyfile != NULL && argc > first)
		return cli_usage_error(usage_check, "a JSON body has no form "
		    "parameters");
	if ((params = calloc((size_t)(argc - first) + 1,
	    sizeof(*params))) == NULL)
		return EX_SOFTWARE;
	for (i = (size_t)first; i < (size_t)argc; i++) {
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

/* Whether text is one a phone could send: 1 to SMS_MAX_BODY of UTF-8. */
static int
text_usable(const char *text)
{
	return *text != '\0' && utf8_valid(text, strlen(text)) &&
	    utf8_chars(text) <= SMS_MAX_BODY;
}

static const char usage_send[] =
    "cox sms send [-C dir] (--to who | --squad squad | --all) text";

/*
 * cox sms send (--to who | --squad s | --all) text: queues the text for
 * everyone it may go to, in one transaction; says how many.
 */
static int
sms_send(int argc, char **argv)
{
	struct workspace ws;
	const char	*to = NULL, *squad = NULL, *country, *text;
	int64_t		 id, *ids = NULL;
	size_t		 n = 0, i;
	int		 all = 0, status, queued = 0, skipped = 0, rc = 0, k;
	const struct cli_opt opts[] = {
		{ "to", CLI_ARG, &to, 0 },
		{ "squad", CLI_ARG, &squad, 0 },
		{ "all", CLI_FLAG, &all, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_send, opts, 0, -1, NULL };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if ((to != NULL) + (squad != NULL) + all != 1 || argc - k != 1)
		return cli_usage_error(usage_send, "name who gets it, once, "
		    "and the text");
	text = argv[k];
	if (!text_usable(text))
		return cli_usage_error(usage_send, "the text must be 1 to %d "
		    "characters of UTF-8", SMS_MAX_BODY);
	if ((status = cli_begin(&ws, &country)) != 0)
		goto out;
	status = EX_IOERR;
	if (to != NULL) {
		if (person_find(ws.db, to, country, &id) != OUT_OK) {
			log_error("nobody on the roster matches '%s'", to);
			status = EX_NOINPUT;
			goto rollback;
		}
		rc = outbox_queue_text(ws.db, id, text, "broadcast",
		    time(NULL), &queued, &skipped);
	} else {
		rc = db_ids(ws.db, squad != NULL ? db_query(ws.db,
		    STMT_SQUAD_MEMBERS, "t", squad) : db_query(ws.db,
		    STMT_ATHLETE_IDS, ""), &ids, &n);
		for (i = 0; rc == 0 && i < n; i++)
			rc = outbox_queue_text(ws.db, ids[i], text,
			    "broadcast", time(NULL), &queued, &skipped);
	}
	if (rc == -1 || db_commit(ws.db) == -1)
		goto rollback;
	printf("%d text%s queued (cox outbox run sends them); %d skipped: "
	    "opted out, blocked, removed, no phone or no consent on "
	    "record\n", queued, queued == 1 ? "" : "s", skipped);
	status = 0;
	goto out;
rollback:
	db_rollback(ws.db);
out:
	free(ids);
	workspace_close(&ws);
	return status;
}

static const char usage_try[] =
    "cox sms try [-C dir] [--keep] (number | @handle) text";

/*
 * cox sms try: the answer a text from number (or @handle's first) would
 * get, as the webhook gives it, with nothing kept unless --keep (then
 * it is stored as received, under a MessageSid of its own).  For a
 * coach or an operator to see what a text does before Twilio is set up.
 */
static int
sms_try(int argc, char **argv)
{
	struct workspace ws;
	struct outbox	*ob = NULL;
	struct reply_ctx r = { 0 };
	struct metric_set ms = { 0 };
	struct checkin_items items;
	struct person	 p = { 0 };
	unsigned char	 raw[16];
	struct buf	 text = { 0 };
	char		 sid[35], *answer = NULL;
	const char	*from;
	int64_t		 id;
	int		 status, keep = 0, k, j;
	const struct cli_opt opts[] = {
		{ "keep", CLI_FLAG, &keep, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_try, opts, 2, -1,
	    "give the number (or @handle) and the text" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	from = argv[k];
	/* the text's words as operands, or one quoted */
	for (j = k + 1; j < argc; j++)
		buf_printf(&text, "%s%s", j > k + 1 ? " " : "", argv[j]);
	if (buf_failed(&text)) {
		status = EX_OSERR;
		goto out;
	}
	if (!text_usable(text.data)) {
		status = cli_usage_error(usage_try, "the text must be 1 to %d "
		    "characters of UTF-8", SMS_MAX_BODY);
		goto out;
	}
	if ((status = cli_exit(outbox_new(ws.conf, &ob))) != 0 ||
	    (status = cli_exit(reply_setup(&ws, ob, &r))) != 0)
		goto out;
	status = EX_IOERR;
	/* no texts kept read into memory (r.seen): the MessageSid below is
	 * new, random as Twilio's */
	if (sodium_init() == -1 || db_begin(ws.db) == -1)
		goto out;
	if (from[0] == '@') {
		if (person_find(ws.db, from, r.country, &id) != OUT_OK ||
		    person_load(ws.db, id, &p) == -1 || p.phones.n == 0) {
			log_error("%s: nobody of that handle with a phone",
			    from);
			status = EX_DATAERR;
			goto rollback;
		}
		from = p.phones.v[0];
	}
	/* a MessageSid of its own, shaped as Twilio's */
	randombytes_buf(raw, sizeof(raw));
	memcpy(sid, "SM", 2);
	sodium_bin2hex(sid + 2, sizeof(sid) - 2, raw, sizeof(raw));
	if (metric_set_load(ws.db, &ms) == -1 ||
	    checkin_items_load(ws.db, &items) == -1)
		goto rollback;
	r.metrics = &ms;
	r.items = &items;
	if (reply_text(&r, from, text.data, NULL, sid, &answer, NULL) !=
	    OUT_OK)
		goto rollback;
	printf("%s\n", *answer ? answer : "(no answer)");
	if (keep) {
		if (db_commit(ws.db) == -1)
			goto rollback;
		printf("stored as a text from %s, MessageSid %s\n", from, sid);
		hook_ingested(&ws, -1);
		status = 0;
		goto out;
	}
	printf("nothing kept: --keep stores it as received\n");
	status = 0;
rollback:
	db_rollback(ws.db);
out:
	free(answer);
	buf_free(&text);
	metric_set_free(&ms);
	person_clear(&p);
	reply_free(&r);
	outbox_free(ob);
	workspace_close(&ws);
	return status;
}

static const char usage_serve[] =
    "cox sms serve [-C dir] [--listen addr:port]";

/* cox sms serve [--listen addr:port]: runs until SIGTERM. */
static int
sms_serve_cmd(int argc, char **argv)
{
	struct sockaddr_in	 sa;
	const char		*listen = "127.0.0.1:8081";
	int			 status;
	const struct cli_opt opts[] = {
		{ "listen", CLI_ARG, &listen, 0 },
		{ NULL },
	};
	const struct cli cli = { usage_serve, opts, 0, 0,
	    "give --listen addr:port" };

	if (cli_args(&cli, argc, argv, &status) == -1)
		return status;
	if (listen_parse(listen, &sa) == -1)
		return cli_usage_error(usage_serve, "give --listen addr:port");
	stop_on_signals();
	return cli_exit(sms_serve(cli_dir, &sa));
}

/* cox sms serve | send | check-signature | try. */
int
cmd_sms(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "serve", sms_serve_cmd, usage_serve },
		{ "send", sms_send, usage_send },
		{ "check-signature", sms_check_signature, usage_check },
		{ "try", sms_try, usage_try },
	};

	return cli_dispatch("sms", table, sizeof(table) / sizeof(*table),
	    argc, argv);
}
