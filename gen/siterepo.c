/*
 * siterepo.c - the site/ folder as a git repository, through libgit2.
 *
 * libgit2 is set up so that nothing outside the repository changes what
 * it does: no global, XDG or system configuration is searched, so the
 * machine's git settings (user.name, hooks, templates) never leak into
 * the published site.
 */
#include <string.h>

#include <git2.h>

#include "gen.h"

static void
git_fail(const char *what)
{
	const git_error	*e = git_error_last();

	log_error("%s: %s", what, e && e->message ? e->message : "git error");
}

/* Once per process, before any other libgit2 call. */
int
siterepo_setup(void)
{
	static int	 done;
	int		 level;

	if (done)
		return 0;
	if (git_libgit2_init() < 0) {
		git_fail("libgit2");
		return -1;
	}
	for (level = GIT_CONFIG_LEVEL_SYSTEM; level <= GIT_CONFIG_LEVEL_GLOBAL;
	    level++)
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "") < 0) {
			git_fail("libgit2 search path");
			return -1;
		}
	done = 1;
	return 0;
}

/*
 * Makes path a git repository whose HEAD names branch, unless it is one
 * already.  *created says which.
 */
int
siterepo_init(const char *path, const char *branch, int *created)
{
	git_repository_init_options opts;
	git_repository	*repo = NULL;
	char		 ref[300];

	*created = 0;
	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) == 0) {
		git_repository_free(repo);
		return 0;
	}
	if (snprintf(ref, sizeof(ref), "refs/heads/%s", branch) >=
	    (int)sizeof(ref) || git_reference_is_valid_name(ref) != 1) {
		log_error("branch '%s' is not a valid git branch name", branch);
		return -1;
	}
	git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = branch;
	if (git_repository_init_ext(&repo, path, &opts) < 0) {
		git_fail(path);
		return -1;
	}
	git_repository_free(repo);
	*created = 1;
	return 0;
}
