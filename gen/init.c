/*
 * init.c - a new team workspace: cox.conf and cox.db (lib/workspace.c),
 * site/ as a git repository and a public home page.  Making it again
 * keeps what exists.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/*
 * pages/index.md, the public home page (gen.home_md, in the team's
 * language), unless there is one.
 */
static int
init_home_page(const char *dir, struct strlist *made)
{
	const char	*home;
	char		 path[4096];

	if (snprintf(path, sizeof(path), "%s/pages", dir) >=
	    (int)sizeof(path) || dir_make(path, 0755) == -1 ||
	    snprintf(path, sizeof(path), "%s/pages/index.md", dir) >=
	    (int)sizeof(path))
		return -1;
	if (file_exists(path))
		return 0;
	/* the entry's name is no page to keep */
	if ((home = words_find(NULL, "gen.home_md")) == NULL) {
		log_error("no words for the home page (gen.home_md)");
		return -1;
	}
	if (file_write_atomic(path, home, strlen(home), 0644) == -1)
		return -1;
	return strlist_add(made, "pages/index.md");
}

/*
 * Makes dir a workspace (cox init, cox demo) in language lang (NULL:
 * English), numbers read in country cc and time kept in zone (""
 * unset: workspace_place()), coaches' email believed from the border
 * MTA authserv (NULL: not yet), adding to made what it made, relative
 * to dir.  Returns OUT_OK, OUT_CANTCREAT, or what workspace_open()
 * says.
 */
enum outcome
init_workspace(const char *dir, const char *lang, const char *cc,
    const char *zone, const char *authserv, struct strlist *made)
{
	struct workspace ws = { 0 };
	const char	*branch;
	char		 site[4096];
	int		 created;
	enum outcome	 status;

	status = OUT_CANTCREAT;
	if (workspace_create(dir, lang, cc, zone, authserv, made) == -1)
		goto out;
	if ((status = workspace_open_new(dir, &ws)) != OUT_OK)
		goto out;
	status = OUT_CANTCREAT;
	if ((branch = config_get(ws.conf, "site", "branch")) == NULL)
		branch = "main";
	if (workspace_path(&ws, "site", site, sizeof(site)) == -1 ||
	    siterepo_init(site, branch, &created) == -1)
		goto out;
	if ((created && strlist_add(made, "site/ (git repository)") == -1) ||
	    init_home_page(dir, made) == -1)
		goto out;
	status = OUT_OK;
out:
	workspace_close(&ws);
	return status;
}

/*
 * Makes dir, which lib's backup_restore() has just filled, a working
 * workspace: opens it (an older release's database is migrated),
 * checks the database, has the first build write every page (the
 * manifest speaks of a site/ that is not there), and makes site/: a
 * clone of [site] remote when it is set and answers, so that history
 * goes on, else a new repository.  *cloned says which.  Returns OUT_OK,
 * OUT_FAILED (a damaged database) or what workspace_open() says.
 */
enum outcome
init_restored(const char *dir, int *cloned)
{
	struct workspace ws = { 0 };
	struct site_remote r = { 0 };
	const char	*branch;
	char		 site[4096];
	int		 created;
	enum outcome	 status;

	*cloned = 0;
	if ((status = workspace_open(dir, &ws)) != OUT_OK)
		return status;
	status = OUT_FAILED;
	if (db_quick_check(ws.db) == -1 ||
	    db_meta_set(ws.db, "build_inputs", "restored") == -1)
		goto out;
	status = OUT_CANTCREAT;
	if ((branch = config_get(ws.conf, "site", "branch")) == NULL)
		branch = "main";
	if (workspace_path(&ws, "site", site, sizeof(site)) == -1)
		goto out;
	if (site_remote_load(&ws, &r) == OUT_OK) {
		*cloned = siterepo_clone(&r, site, branch) == 0;
		if (!*cloned)
			log_warn("site/ starts a new history: a push to %s "
			    "will be refused until it can be cloned (cox "
			    "restore again) or [site] history = squash",
			    r.url);
	}
	if (!*cloned && siterepo_init(site, branch, &created) == -1)
		goto out;
	status = OUT_OK;
out:
	site_remote_free(&r);
	workspace_close(&ws);
	return status;
}
