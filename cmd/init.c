/*
 * init.c - cox init: a new team workspace (gen/init.c).
 */
#include "cmd.h"

/*
 * A cox.conf kept from before may name a long club and no short name:
 * says what texts open with, and to set one.  (A new one says when to
 * set it, beside the name.)
 */
static void
init_hint(const char *dir)
{
	struct config	*c;
	char		 path[4096], hint[512];

	if (path_join(path, sizeof(path), dir, "cox.conf") == -1 ||
	    (c = config_load(path)) == NULL)
		return;
	if (cli_short_name_hint(c, hint, sizeof(hint)) != NULL)
		printf("%s: %s\n", path, hint);
	config_free(c);
}

/*
 * cox init [--language LANG] [dir]: says what it made, or that nothing
 * changed.  A team in another language has its cox.conf say so and its
 * home page in it from the start.
 */
int
cmd_init(int argc, char **argv)
{
	struct strlist	 made = { 0 };
	const char	*dir, *lang = NULL;
	size_t		 j;
	int		 i, status;
	const struct cli_opt opts[] = {
		{ "language", CLI_ARG, &lang, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox init [--language en|fr|de|es] [dir]",
	    opts, 0, 1, "name at most one folder" };

	if ((i = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (lang != NULL && !words_has(lang)) {
		log_error("--language %s: no such language here (%s)", lang,
		    words_codes());
		return EX_USAGE;
	}
	dir = i < argc ? argv[i] : cli_dir;
	status = cli_exit(init_workspace(dir, lang, &made));
	if (status == 0) {
		for (j = 0; j < made.n; j++)
			printf("made %s/%s\n", dir, made.v[j]);
		if (made.n == 0)
			printf("%s is a workspace already; nothing changed\n",
			    dir);
		init_hint(dir);
	}
	strlist_free(&made);
	return status;
}
