/*
 * init.c - cox init: a new team workspace (gen/init.c).
 */
#include "cmd.h"

/* cox init [dir]: says what it made, or that nothing changed. */
int
cmd_init(int argc, char **argv)
{
	struct strlist	 made = { 0 };
	const char	*dir;
	size_t		 j;
	int		 i, status;
	const struct cli cli = { "cox init [dir]", NULL, 0, 1,
	    "name at most one folder" };

	if ((i = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	dir = i < argc ? argv[i] : cli_dir;
	status = cli_exit(init_workspace(dir, &made));
	if (status == 0) {
		for (j = 0; j < made.n; j++)
			printf("made %s/%s\n", dir, made.v[j]);
		if (made.n == 0)
			printf("%s is a workspace already; nothing changed\n",
			    dir);
	}
	strlist_free(&made);
	return status;
}
