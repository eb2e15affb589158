/*
 * erase.c - cox roster erase: a person gone from everything cox reaches.
 *
 * The rows go in one transaction (lib/erase.c); their page's folder and
 * their "Open my page" files leave site/; the build renders the
 * dashboard's parts again without them and publish commits that; then
 * the site's history is made again (siterepo_filter()) with no commit
 * holding a file of theirs, and with no dashboard part but the newest
 * (the old ones listed them, sealed to coaches whose keys still open
 * them); the objects no commit needs are pruned and the next push is
 * forced.  Their page keys were deleted with the rows: nothing cox
 * publishes can be opened with their old magic link or their key.
 *
 * Backups and copies at the git host are out of cox's reach: the plan
 * says which backups hold them and for how long, and what to ask of
 * the host.  The plan also finds, before the rows go, the mail that
 * named them (lib/erase.c, erase_mail_find()): the kept copies of it
 * for cmd/ to have ingest/ remove, and what stays elsewhere.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>
#include <sodium.h>

#include "gen.h"

/*
 * Their files in the site, as paths for site/ and its history: the page
 * folder (pieces and all), and every "Open my page" file that points
 * at it in any commit (locators the database forgot included).
 */
static int
plan_paths(struct erase_plan *e)
{
	char	 needle[128];

	if (strlist_addf(&e->paths, "a/%s", e->p.slug) == -1)
		return -1;
	snprintf(needle, sizeof(needle), "\"a/%s/\"", e->p.slug);
	return siterepo_naming(e->site, "l", needle, &e->paths);
}

/* How many files of e->paths site/ holds now. */
static size_t
plan_files(const struct erase_plan *e)
{
	struct dirent	*de;
	char		 path[4096];
	size_t		 i, n = 0;
	DIR		*d;

	for (i = 0; i < e->paths.n; i++) {
		if (path_join(path, sizeof(path), e->site, e->paths.v[i]) ==
		    -1)
			continue;
		if ((d = opendir(path)) == NULL) {
			n += file_exists(path);
			continue;
		}
		while ((de = readdir(d)) != NULL)
			n += de->d_name[0] != '.';
		closedir(d);
	}
	return n;
}

/*
 * The backups of [backup] dir made since person was added (older ones
 * cannot hold them), and how many [backup] keep keeps.
 */
static int
plan_backups(struct workspace *ws, struct erase_plan *e)
{
	struct strlist	 all = { 0 };
	struct stat	 sb;
	char		 path[4096];
	size_t		 i;
	int		 rc = 0;

	if ((e->backup_dir = config_get(ws->conf, "backup", "dir")) == NULL)
		return 0;
	if (config_long(ws->conf, "backup", "keep", 14, 1, 10000,
	    &e->backup_keep) == -1 || backup_list(e->backup_dir, &all) == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < all.n; i++)
		if (path_join(path, sizeof(path), e->backup_dir, all.v[i]) ==
		    0 && stat(path, &sb) == 0 && sb.st_mtime >= e->p.created_at)
			rc = strlist_add(&e->backups, path);
	strlist_free(&all);
	return rc;
}

/*
 * What erasing person would remove, into *e (erase_plan_free() frees):
 * rows per table, files in site/, commits of its history holding
 * them, backups holding them, mail naming them.  Changes nothing.
 * Returns OUT_OK, OUT_NOTFOUND (no such person), OUT_CONFIG, OUT_IOERR.
 */
enum outcome
erase_plan(struct workspace *ws, int64_t person, struct erase_plan *e)
{
	enum outcome	 rc;

	memset(e, 0, sizeof(*e));
	e->person = person;
	if (person_load_row(ws->db, person, &e->p) == -1)
		return OUT_NOTFOUND;
	if ((e->counts = calloc(person_ntables, sizeof(*e->counts))) == NULL)
		return OUT_FAILED;
	if ((rc = erase_count(ws->db, person, e->counts)) != OUT_OK)
		return rc;
	if ((e->names = erase_names_new(ws->db, person)) == NULL)
		return OUT_FAILED;
	if ((rc = erase_mail_find(ws->db, e->names, person, &e->mail)) !=
	    OUT_OK)
		return rc;
	if (workspace_path(ws, "site", e->site, sizeof(e->site)) == -1 ||
	    plan_paths(e) == -1 || siterepo_holding(e->site, &e->paths,
	    &e->holding, &e->commits) == -1)
		return OUT_IOERR;
	e->files = plan_files(e);
	return plan_backups(ws, e) == -1 ? OUT_CONFIG : OUT_OK;
}

void
erase_plan_free(struct erase_plan *e)
{
	person_clear(&e->p);
	free(e->counts);
	e->counts = NULL;
	strlist_free(&e->paths);
	strlist_free(&e->backups);
	erase_names_free(e->names);
	e->names = NULL;
	erase_mail_free(&e->mail);
}

/* Removes e's files and folders from site/ (not yet its history). */
static int
site_remove(const struct erase_plan *e)
{
	struct dirent	*de;
	char		 dir[4096], file[4096];
	size_t		 i;
	DIR		*d;
	int		 rc = 0;

	for (i = 0; i < e->paths.n; i++) {
		if (path_join(dir, sizeof(dir), e->site, e->paths.v[i]) == -1)
			return -1;
		if ((d = opendir(dir)) == NULL) {
			if (unlink(dir) == -1 && errno != ENOENT)
				rc = -1;
			continue;
		}
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' && (path_join(file,
			    sizeof(file), dir, de->d_name) == -1 ||
			    unlink(file) == -1))
				rc = -1;
		closedir(d);
		if (rmdir(dir) == -1)
			rc = -1;
	}
	if (rc == -1)
		log_error("%s: not all of their files could be removed",
		    e->site);
	return rc;
}

/*
 * A name for the audit log that tells nothing by itself: a keyed hash
 * of the person's id and handle under a key only this workspace's
 * database holds (meta erase_key), so that whoever still knows a
 * handle can check that it was erased, and nobody can read it back.
 */
static int
audit_id(struct workspace *ws, const struct person *p, char out[33])
{
	unsigned char	 key[32], h[16];
	char		*hex = NULL, fresh[65], what[300];
	size_t		 len;
	int		 rc = -1;

	if (db_meta_get(ws->db, "erase_key", &hex) == -1)
		return -1;
	if (hex == NULL) {
		randombytes_buf(key, sizeof(key));
		sodium_bin2hex(fresh, sizeof(fresh), key, sizeof(key));
		if (db_meta_set(ws->db, "erase_key", fresh) == -1)
			goto out;
	} else if (sodium_hex2bin(key, sizeof(key), hex, strlen(hex), NULL,
	    &len, NULL) != 0 || len != sizeof(key))
		goto out;
	snprintf(what, sizeof(what), "%lld %s", (long long)p->id, p->handle);
	crypto_generichash(h, sizeof(h), (unsigned char *)what, strlen(what),
	    key, sizeof(key));
	sodium_bin2hex(out, 33, h, sizeof(h));
	rc = 0;
out:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(fresh, sizeof(fresh));
	free(hex);
	return rc;
}

/*
 * The site without them: built again (the dashboard's parts), that
 * committed (their own files are left to the rewrite, which takes them
 * out of the newest commit too), then the history made again with no commit holding their
 * files nor any old part (siterepo_filter()), pruned, and the next
 * push forced.  A site never published has no history to rewrite.
 */
static enum outcome
site_erase(struct workspace *ws, struct erase_plan *e, int *rewrote)
{
	struct publish_result pr;
	struct strlist	 old = { 0 };
	struct site_filter f = { .gone = &e->paths, .old = &old };
	enum outcome	 rc;
	char		 oid[41];
	int64_t		 when;

	*rewrote = 0;
	if ((rc = build_site(ws, 0, NULL)) != OUT_OK)
		return rc;
	if (siterepo_head(e->site, oid, &when) == -1)
		return OUT_OK;
	if ((rc = publish_site(ws, 0, 0, &pr)) != OUT_OK)
		return rc;
	rc = OUT_FAILED;
	if (strlist_add(&old, "coach") == -1)
		goto out;
	/* no publish commits, and no prune removes, while history is
	 * made again and pruned (lib/workspace.c) */
	if ((rc = workspace_lock(ws, "cox roster erase")) != OUT_OK)
		goto out;
	rc = OUT_IOERR;
	if (siterepo_filter(e->site, &f, rewrote) == -1 ||
	    siterepo_prune(e->site) == -1 ||
	    (*rewrote && publish_force_next(ws) == -1))
		goto unlock;
	rc = siterepo_holding(e->site, &e->paths, &e->holding, &e->commits) ==
	    -1 ? OUT_IOERR : OUT_OK;
unlock:
	workspace_unlock(ws);
out:
	strlist_free(&old);
	return rc;
}

/*
 * Erases the person e plans for: their rows, then the site and its
 * history (site_erase()); e->holding is then what history still holds
 * (0), e->redacted how many of others' texts named them (lib/erase.c)
 * and e->scrubbed whether cox.db was left with nothing deleted in it
 * (db_scrub(): 1, 2 and -1 are the caller's to say).  audit gets the
 * id logged.  Returns OUT_OK, or what failed; a failure after the rows
 * leaves the site to `cox build` and a second erase is refused (no
 * such person), so it says what to run.
 */
enum outcome
erase_person(struct workspace *ws, struct erase_plan *e, int *rewrote,
    char audit[33])
{
	enum outcome	 rc;

	*rewrote = 0;
	if (audit_id(ws, &e->p, audit) == -1)
		return OUT_IOERR;
	if ((rc = erase_rows(ws->db, e->person, e->p.slug, &e->redacted)) !=
	    OUT_OK)
		return rc;
	log_info("erased a person from the database (erasure %s)", audit);
	/* said by the caller; the site goes all the same */
	e->scrubbed = db_scrub(ws->db, 1);
	if (site_remove(e) == -1 ||
	    (rc = site_erase(ws, e, rewrote)) != OUT_OK) {
		log_error("their rows are gone, but the site still holds "
		    "them: run cox build, then cox publish");
		return rc == OUT_OK ? OUT_IOERR : rc;
	}
	return OUT_OK;
}

/*
 * cox prune: the site's history without the commits older than cut
 * (the newest always kept), pruned, and the next push forced; *rewrote
 * says whether any went.  A site never published has none.  It holds
 * the workspace's lock throughout, so that a publish neither commits
 * on a branch being made again nor loses to the prune the objects of
 * a commit it is making.  Returns OUT_OK, OUT_IOERR or what
 * workspace_lock() does.
 */
enum outcome
erase_history_before(struct workspace *ws, time_t cut, int *rewrote)
{
	struct site_filter f = { .before = (int64_t)cut };
	char		 site[4096], oid[41];
	int64_t		 when;
	enum outcome	 rc;

	*rewrote = 0;
	if (workspace_path(ws, "site", site, sizeof(site)) == -1)
		return OUT_IOERR;
	if ((rc = workspace_lock(ws, "cox prune")) != OUT_OK)
		return rc;
	rc = OUT_OK;
	if (siterepo_head(site, oid, &when) == 0 &&
	    (siterepo_filter(site, &f, rewrote) == -1 ||
	    (*rewrote && (siterepo_prune(site) == -1 ||
	    publish_force_next(ws) == -1))))
		rc = OUT_IOERR;
	workspace_unlock(ws);
	return rc;
}
