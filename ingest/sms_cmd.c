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

int
cmd_sms(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "serve", sms_serve, "cox sms serve [-C dir] [--listen addr:port]" },
		{ "check-signature", sms_check_signature, usage_check },
	};

	return cli_dispatch("sms", table, 2, argc, argv);
}
