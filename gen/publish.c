/*
 * publish.c - cox publish: commit site/ (and push it) with libgit2.
 *
 * A commit is made only when the site changed; its author comes from
 * cox.conf, never from the machine's git configuration.  After a
 * successful publish the workspace's hooks/post-publish runs, when it
 * exists and is executable, with COX_WORKSPACE, COX_SITE, COX_COMMIT,
 * COX_COMMITTED (0 or 1) and COX_PUSHED (0 or 1) in its environment.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/*
 * [site] remote and how to get into it: remote_token_file (or
 * $COX_SITE_REMOTE_TOKEN) for HTTPS, ssh_key_file and known_hosts_file
 * for SSH.  Returns OUT_OK, OUT_NOTFOUND when no remote is set, or
 * OUT_CONFIG (said which key).  site_remote_free() frees.
 */
enum outcome
site_remote_load(const struct workspace *ws, struct site_remote *r)
{
	const char	*env = getenv("COX_SITE_REMOTE_TOKEN");

	memset(r, 0, sizeof(*r));
	if ((r->url = config_get(ws->conf, "site", "remote")) == NULL)
		return OUT_NOTFOUND;
	if (config_get(ws->conf, "site", "remote_token_file") != NULL ||
	    (env != NULL && *env != '\0')) {
		if (config_secret(ws->conf, "site", "remote_token", &r->token)
		    == -1)
			return OUT_CONFIG;
	}
	r->ssh_key = config_get(ws->conf, "site", "ssh_key_file");
	r->known_hosts = config_get(ws->conf, "site", "known_hosts_file");
	r->port = url_port(r->url);
	return OUT_OK;
}

void
site_remote_free(struct site_remote *r)
{
	secret_free(r->token);
	r->token = NULL;
}

/*
 * [site] history: how many commits the site's repository keeps, into
 * *keep: 0 every one ("keep", the default), N the last N ("keep N"), 1
 * for "squash".  -1 when it is none of those (said).
 */
static int
history_keep(struct workspace *ws, long *keep)
{
	const char	*v = config_get(ws->conf, "site", "history");

	*keep = 0;
	if (v == NULL || strcmp(v, "keep") == 0)
		return 0;
	if (strcmp(v, "squash") == 0) {
		*keep = 1;
		return 0;
	}
	if (strncmp(v, "keep ", 5) == 0 && parse_long(v + 5, 1, 100000,
	    keep) == 0)
		return 0;
	config_bad(ws->conf, "site", "history", "put keep, keep N (the last "
	    "N commits, e.g. keep 100) or squash");
	return -1;
}

/*
 * Once a day, when publish rewrote history, removes from site/.git what
 * no commit kept needs any more (siterepo_prune()): otherwise the local
 * repository would keep growing as if every commit were kept.  A prune
 * that fails is said and tried again the next day; the publish stands.
 */
static void
history_prune(struct workspace *ws, const char *site)
{
	char		*last = NULL, today[11];

	day_string(time(NULL), today);
	if (db_meta_get(ws->db, "site_pruned", &last) == 0 && last != NULL &&
	    strcmp(last, today) == 0) {
		free(last);
		return;
	}
	free(last);
	if (siterepo_prune(site) == 0) {
		(void)db_meta_set(ws->db, "site_pruned", today);
		log_info("site/.git: what the kept history no longer needs "
		    "was removed");
	}
}

/*
 * History rewritten outside publish (cox roster erase, cox prune): the
 * next push must be forced, whatever [site] history says, and is until
 * one succeeds.
 */
int
publish_force_next(struct workspace *ws)
{
	return db_meta_set(ws->db, "site_force_push", "1");
}

/* Whether a rewrite is waiting for its forced push. */
static int
force_pending(struct workspace *ws)
{
	char	*v = NULL;
	int	 yes;

	yes = db_meta_get(ws->db, "site_force_push", &v) == 0 && v != NULL &&
	    strcmp(v, "1") == 0;
	free(v);
	return yes;
}

/*
 * Once a day, after a commit by paths (which leaves site/.git's index
 * behind: siterepo_commit()), brings the index up to date, so that git's
 * own tools in site/ see what cox committed.  A refresh that fails is
 * said and tried again by the next publish; the publish stands.
 */
static void
index_refresh(struct workspace *ws, const char *site)
{
	char		*last = NULL, today[11];

	day_string(time(NULL), today);
	if (db_meta_get(ws->db, "site_index_day", &last) == 0 &&
	    last != NULL && strcmp(last, today) == 0) {
		free(last);
		return;
	}
	free(last);
	if (siterepo_index_refresh(site) == 0)
		(void)db_meta_set(ws->db, "site_index_day", today);
}

/*
 * Commits site/ and, when push, pushes it to [site] remote; then runs
 * hooks/post-publish.  What the builds since the last publish changed is
 * committed (sitefile.c); all of site/ is compared with the last commit
 * when that is not known, or when all is set.  All but the hook holds
 * the workspace's lock, waiting for a build, a publish or a prune under
 * way: two commits at once would fight over the index and the branch,
 * and a prune would remove objects a commit is making.  Fills *res.
 * Returns OUT_OK, OUT_CONFIG, OUT_IOERR (the commit), OUT_REFUSED (the
 * push), OUT_RETRY (the lock was held too long) or OUT_FAILED (the
 * hook).
 */
enum outcome
publish_site(struct workspace *ws, int push, int all,
    struct publish_result *res)
{
	const char	*name, *email, *remote = NULL;
	struct site_remote r = { 0 };
	struct strlist	 paths = { 0 };
	const char	*why;
	char		 site[4096], masked[URL_MASKED_MAX];
	struct timespec	 start;
	long		 keep;
	int		 squash, rewrote = 0, locked = 0;
	enum outcome	 out = OUT_CONFIG, taken;

	memset(res, 0, sizeof(*res));
	if (config_require(ws->conf, "site", "author_name", "put the name "
	    "site commits are made by, e.g. author_name = Club coxswain",
	    &name) == -1 || config_require(ws->conf, "site", "author_email",
	    "put the address site commits are made by", &email) == -1)
		goto out;
	if (history_keep(ws, &keep) == -1)
		goto out;
	squash = keep == 1;
	if (push && config_require(ws->conf, "site", "remote", "put the git "
	    "URL or path to push the site to", &remote) == -1)
		goto out;
	if (push && (out = site_remote_load(ws, &r)) != OUT_OK)
		goto out;
	out = OUT_IOERR;
	if (workspace_path(ws, "site", site, sizeof(site)) == -1)
		goto out;
	/* one command at a time writes site/.git (lib/workspace.c) */
	if ((out = workspace_lock(ws, "cox publish")) != OUT_OK)
		goto out;
	locked = 1;
	out = OUT_IOERR;
	/* what the builds wrote, or every file of site/ when unsure */
	if ((taken = sitefile_record_take(ws, &paths, &why)) == OUT_FAILED)
		goto out;
	if (all && taken == OUT_OK) {
		strlist_free(&paths);
		taken = OUT_NOTFOUND;
		why = "--all";
	}
	if (taken == OUT_OK)
		log_info("publishing the %zu paths the builds changed",
		    paths.n);
	else
		log_info("publishing: checking all of site/ (%s)", why);
	if (siterepo_commit(site, name, email, squash, taken == OUT_OK ?
	    &paths : NULL, &res->made, res->oid) == -1)
		goto out;
	sitefile_record_done(ws);
	res->committed = 1;
	(void)db_meta_stamp(ws->db, "last_publish");
	if (keep > 1 && res->made && siterepo_keep(site, (size_t)keep,
	    &rewrote) == -1)
		goto out;
	out = OUT_REFUSED;
	if (push) {
		clock_gettime(CLOCK_MONOTONIC, &start);
		/* forced with keep N too: a push that failed after a
		 * rewrite is made again by the next publish */
		if (siterepo_push(site, &r, keep >= 1 || force_pending(ws)) ==
		    -1) {
			log_error("push: to %s failed (above), after %ld ms",
			    url_masked(remote, masked, sizeof(masked)),
			    log_ms_since(&start));
			(void)db_meta_stamp(ws->db, "last_push_failed");
			goto out;
		}
		res->pushed = remote;
		log_info("push: commit %.10s to %s, in %ld ms", res->oid,
		    url_masked(remote, masked, sizeof(masked)),
		    log_ms_since(&start));
		(void)db_meta_stamp(ws->db, "last_push");
		(void)db_meta_set(ws->db, "last_push_failed", "0");
		(void)db_meta_set(ws->db, "site_force_push", "0");
	}
	if ((squash || rewrote) && res->made)
		history_prune(ws, site);
	if (taken == OUT_OK)
		index_refresh(ws, site);
	/* the hook may run cox itself: the commit is made, let go */
	workspace_unlock(ws);
	locked = 0;
	out = hook_run(ws, "post-publish", (char *[]){ "COX_WORKSPACE",
	    ws->dir, "COX_SITE", site, "COX_COMMIT", res->oid,
	    "COX_COMMITTED", res->made ? "1" : "0", "COX_PUSHED",
	    push ? "1" : "0", NULL }) == 0 ? OUT_OK : OUT_FAILED;
out:
	if (locked)
		workspace_unlock(ws);
	strlist_free(&paths);
	site_remote_free(&r);
	return out;
}
