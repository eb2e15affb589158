/*
 * siterepo.c - the site/ folder as a git repository, through libgit2:
 * libgit2 set up, the repository made, each build's commit and the
 * commit HEAD names.  Its history made again is sitehistory.c's, its
 * remote siteremote.c's.
 *
 * libgit2 is set up so that nothing outside the repository changes what
 * it does: no global, XDG or system configuration is searched, so the
 * machine's git settings (user.name, hooks, templates) never leak into
 * the published site.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "gen.h"

#define SITE_FILE_MAX	((size_t)1 << 30)	/* a file committed by path */
#define SITE_TREE_CACHE	(16u << 20)	/* the largest tree kept in the cache */
#define SITE_CACHE_MAX	(32 << 20)	/* libgit2's cache, all of it */

/* Logs what failed with libgit2's last error (a URL masked). */
void
siterepo_fail(const char *what)
{
	const git_error	*e = git_error_last();
	char		 m[URL_MASKED_MAX];	/* what may be the remote's URL */

	log_error("%s: %s", url_masked(what, m, sizeof(m)),
	    e && e->message ? e->message : "git error");
}

static void
siterepo_shutdown(void)
{
	git_libgit2_shutdown();
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
		siterepo_fail("libgit2");
		return -1;
	}
	/* libgit2 keeps per-thread buffers until it is shut down */
	atexit(siterepo_shutdown);
	for (level = GIT_CONFIG_LEVEL_SYSTEM; level <= GIT_CONFIG_LEVEL_GLOBAL;
	    level++)
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "") < 0) {
			siterepo_fail("libgit2 search path");
			return -1;
		}
	/*
	 * Trees of up to SITE_TREE_CACHE stay in libgit2's cache: the
	 * folder of every athlete's page is a tree of 10,000 entries (half
	 * a megabyte) at club scale, past the 4 KiB a tree may be by
	 * default, so each path a publish looks up, and the update after,
	 * read and inflated it again.  The whole cache is held to
	 * SITE_CACHE_MAX (256 MiB by default), which a walk of the history
	 * (prune, erase, a push of history written again) would otherwise
	 * fill with every commit's folder.
	 */
	if (git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)SITE_TREE_CACHE) < 0 || git_libgit2_opts(
	    GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)SITE_CACHE_MAX) < 0) {
		siterepo_fail("libgit2 cache");
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
		siterepo_fail(path);
		return -1;
	}
	git_repository_free(repo);
	*created = 1;
	return 0;
}

struct commit_counts {
	unsigned	 added, changed, removed;
};

static int
count_delta(const git_diff_delta *d, float progress, void *arg)
{
	struct commit_counts	*c = arg;

	(void)progress;
	if (d->status == GIT_DELTA_ADDED)
		c->added++;
	else if (d->status == GIT_DELTA_DELETED)
		c->removed++;
	else
		c->changed++;
	return 0;
}

/*
 * The changes a stat-only walk of the work tree against the index
 * finds, brought into the index; with base (the last commit's tree),
 * also each one that differs from it, into up[*n], counted in c.
 * Commits by paths leave the index behind the last commit
 * (tree_from_paths()), so a change is checked against the tree, not the
 * index.  up's paths are list's: free it after them.  *touched says
 * whether the index changed.
 */
static int
walk_changes(git_repository *repo, git_index *index, git_tree *base,
    git_status_list **list, git_tree_update **up, size_t *n,
    struct commit_counts *c, int *touched)
{
	git_status_options	 so;
	git_tree_entry		*old = NULL;
	const git_status_entry	*e;
	const git_index_entry	*ie;
	const char		*path;
	size_t			 i, count;
	int			 had, same;

	*n = 0;
	*touched = 0;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(list, repo, &so) < 0)
		return -1;
	count = git_status_list_entrycount(*list);
	if (base != NULL && count > 0 &&
	    (*up = calloc(count, sizeof(**up))) == NULL)
		return -1;
	for (i = 0; i < count; i++) {
		e = git_status_byindex(*list, i);
		path = e->index_to_workdir->new_file.path;
		ie = NULL;
		if (e->status & GIT_STATUS_WT_DELETED) {
			path = e->index_to_workdir->old_file.path;
			if (git_index_remove_bypath(index, path) < 0)
				return -1;
		} else if (e->status & (GIT_STATUS_WT_NEW |
		    GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_TYPECHANGE)) {
			if (git_index_add_bypath(index, path) < 0 ||
			    (ie = git_index_get_bypath(index, path, 0)) == NULL)
				return -1;
		} else
			continue;
		*touched = 1;
		if (base == NULL)
			continue;
		had = git_tree_entry_bypath(&old, base, path) == 0;
		same = had && ie != NULL &&
		    git_oid_equal(git_tree_entry_id(old), &ie->id);
		git_tree_entry_free(old);
		old = NULL;
		if (same || (!had && ie == NULL))
			continue;	/* the last commit has it so */
		if (ie == NULL) {
			(*up)[*n].action = GIT_TREE_UPDATE_REMOVE;
			c->removed++;
		} else {
			(*up)[*n].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&(*up)[*n].id, &ie->id);
			(*up)[*n].filemode = GIT_FILEMODE_BLOB;
			if (had)
				c->changed++;
			else
				c->added++;
		}
		(*up)[(*n)++].path = path;
	}
	return 0;
}

/*
 * The tree of the last commit with the work tree's changes applied, for
 * a repository that has a HEAD: the index is first made the last
 * commit's tree (entries whose blob did not change keep their cached
 * stat, so the walk stays stat-only for them; a publish by paths left
 * the index behind, and a file it added that is gone since would
 * otherwise stay committed), a stat-only walk of the work tree against
 * it finds what changed (walk_changes()), only those index entries are
 * updated, and only the trees along changed paths are written.  Rebuilding every tree from the index instead costs a read
 * and an inflate of every athlete's folder on each commit.  *n is how
 * many paths changed; the counts go to c.
 */
static int
tree_updated(git_repository *repo, git_index *index, git_tree *base,
    git_oid *out, size_t *n, struct commit_counts *c)
{
	git_status_list		*list = NULL;
	git_tree_update		*up = NULL;
	int			 rc = -1, touched;

	if (git_index_read_tree(index, base) < 0)
		return -1;
	if (walk_changes(repo, index, base, &list, &up, n, c, &touched) == 0)
		rc = *n == 0 ? 0 : git_tree_create_updated(out, repo, base,
		    *n, up);
	if (rc == 0)
		rc = git_index_write(index);
	free(up);
	git_status_list_free(list);
	return rc < 0 ? -1 : 0;
}

/*
 * The tree of the last commit with only paths (sorted, each once: what
 * the builds since the last publish wrote or removed) brought up to
 * the work tree: no walk of the rest, and no index (see
 * siterepo_commit()).  A path that is a file is added as it is (a
 * site's files need no filter), one that is not is removed; one whose
 * blob is the same as before changes nothing.  *n and c as
 * tree_updated().
 */
static int
tree_from_paths(git_repository *repo, git_tree *base,
    const struct strlist *paths, git_oid *out, size_t *n,
    struct commit_counts *c)
{
	git_tree_update		*up = NULL;
	git_tree_entry		*old = NULL;
	const char		*workdir = git_repository_workdir(repo);
	struct buf		 data = { 0 };
	char			 file[4096];
	git_oid			 id;
	size_t			 i;
	int			 rc = -1, had;

	*n = 0;
	if (paths->n > 0 && (up = calloc(paths->n, sizeof(*up))) == NULL)
		return -1;
	for (i = 0; i < paths->n; i++) {
		const char *path = paths->v[i];
		had = git_tree_entry_bypath(&old, base, path) == 0;
		if (path_join(file, sizeof(file), workdir, path) == -1)
			goto out;
		buf_reset(&data);
		if (file_exists(file)) {
			if (file_read(file, SITE_FILE_MAX, &data) == -1 ||
			    git_blob_create_from_buffer(&id, repo, data.data,
			    data.len) < 0)
				goto out;
			if (had && git_oid_equal(git_tree_entry_id(old), &id)) {
				git_tree_entry_free(old);
				old = NULL;
				continue;
			}
			up[*n].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&up[*n].id, &id);
			up[*n].filemode = GIT_FILEMODE_BLOB;
			if (had)
				c->changed++;
			else
				c->added++;
		} else {
			if (!had)
				continue;
			up[*n].action = GIT_TREE_UPDATE_REMOVE;
			c->removed++;
		}
		git_tree_entry_free(old);
		old = NULL;
		up[(*n)++].path = path;
	}
	rc = *n == 0 ? 0 : git_tree_create_updated(out, repo, base, *n, up);
out:
	git_tree_entry_free(old);
	buf_free(&data);
	free(up);
	return rc < 0 ? -1 : 0;
}

/*
 * Commits the whole work tree of repo on its HEAD branch when it differs
 * from the last commit.  squash makes the commit an orphan (history of
 * one).  The message counts changes and names no file, so no page path
 * or person appears in history.  *made is 1 when a commit was made.
 */
/*
 * A build killed while writing leaves its temporary files behind (NAME.
 * tmp.PID; each file is renamed into place whole).  The repository's
 * info/exclude keeps them out of every commit, for git's tools too.
 */
static int
exclude_temporary(git_repository *repo)
{
	static const char rule[] = "*.tmp.*";
	struct buf	 old = { 0 };
	char		 path[4096];
	int		 rc = 0;

	if (path_join(path, sizeof(path), git_repository_path(repo),
	    "info/exclude") == -1)
		return -1;
	if (file_exists(path) && file_read(path, 1024 * 1024, &old) == -1)
		return -1;
	if (old.data == NULL || strstr(old.data, rule) == NULL) {
		if (old.len > 0 && old.data[old.len - 1] != '\n')
			(void)buf_putc(&old, '\n');	/* checked below */
		if (buf_puts(&old, "# left by a build that was killed\n") ==
		    -1 || buf_puts(&old, rule) == -1 || buf_putc(&old, '\n') ==
		    -1 || file_write_atomic(path, old.data, old.len, 0644) == -1)
			rc = -1;
	}
	buf_free(&old);
	return rc;
}

/*
 * Commits the work tree at path as name <email> when it differs from
 * HEAD (*made 1, oid_hex its id), or makes no commit (*made 0); with
 * squash, the commit is an orphan that replaces the branch's history.
 * paths, unless NULL, are the only ones that may have changed (the
 * builds' record, sitefile.c): they are committed without the index,
 * whose reading and writing cost more than the commit with every page's
 * files in it (siterepo_index_refresh() brings it up to date); else
 * the whole work tree is compared.
 * Returns 0, or -1 after logging libgit2's error.
 */
int
siterepo_commit(const char *path, const char *name, const char *email,
    int squash, const struct strlist *paths, int *made,
    char oid_hex[GIT_OID_HEXSZ + 1])
{
	git_repository	*repo = NULL;
	git_index	*index = NULL;
	git_tree	*tree = NULL, *old_tree = NULL;
	git_commit	*parent = NULL;
	git_signature	*sig = NULL;
	git_diff	*diff = NULL;
	git_reference	*head = NULL, *ref = NULL;
	const char	*branch;
	git_oid		 tree_id, commit_id, head_id;
	git_strarray	 all = { (char *[]){ "*" }, 1 };
	struct commit_counts c = { 0, 0, 0 };
	struct buf	 msg = { 0 };
	int		 rc = -1, has_head;

	*made = 0;
	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || exclude_temporary(repo) == -1) {
		siterepo_fail(path);
		goto out;
	}
	has_head = git_reference_name_to_id(&head_id, repo, "HEAD") == 0;
	if ((!has_head || paths == NULL) &&
	    git_repository_index(&index, repo) < 0) {
		siterepo_fail(path);
		goto out;
	}
	if (has_head && (git_commit_lookup(&parent, repo, &head_id) < 0 ||
	    git_commit_tree(&old_tree, parent) < 0)) {
		siterepo_fail(path);
		goto out;
	}
	if (has_head) {
		size_t n;
		/* the usual case: only what the last builds changed */
		if ((paths != NULL ? tree_from_paths(repo, old_tree, paths,
		    &tree_id, &n, &c) : tree_updated(repo, index, old_tree,
		    &tree_id, &n, &c)) == -1) {
			siterepo_fail(path);
			goto out;
		}
		if (n == 0) {
			git_oid_tostr(oid_hex, GIT_OID_HEXSZ + 1, &head_id);
			rc = 0;		/* nothing changed: no commit */
			goto out;
		}
		if (git_tree_lookup(&tree, repo, &tree_id) < 0) {
			siterepo_fail(path);
			goto out;
		}
	} else if (git_index_add_all(index, &all, GIT_INDEX_ADD_DEFAULT, NULL,
	    NULL) < 0 || git_index_update_all(index, &all, NULL, NULL) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, NULL, tree, NULL) < 0 ||
	    git_diff_foreach(diff, count_delta, NULL, NULL, NULL, &c) < 0) {
		siterepo_fail(path);
		goto out;
	}
	if (git_signature_now(&sig, name, email) < 0) {
		siterepo_fail(path);
		goto out;
	}
	if (words_printf(&msg, NULL, "gen.commit", c.added, c.changed,
	    c.removed) == -1 || buf_failed(&msg)) {
		log_error("out of memory");
		goto out;
	}
	if (git_reference_lookup(&head, repo, "HEAD") < 0 ||
	    (branch = git_reference_symbolic_target(head)) == NULL) {
		log_error("%s: HEAD does not name a branch", path);
		goto out;
	}
	/* the branch is moved by hand: a squash commit has no parent */
	if (git_commit_create_v(&commit_id, repo, NULL, sig, sig, "UTF-8",
	    msg.data, tree, squash || parent == NULL ? 0 : 1, parent) < 0 ||
	    git_reference_create(&ref, repo, branch, &commit_id, 1,
	    "cox publish") < 0) {
		siterepo_fail(path);
		goto out;
	}
	*made = 1;
	git_oid_tostr(oid_hex, GIT_OID_HEXSZ + 1, &commit_id);
	rc = 0;
out:
	buf_free(&msg);
	git_reference_free(ref);
	git_reference_free(head);
	git_diff_free(diff);
	git_signature_free(sig);
	git_tree_free(old_tree);
	git_tree_free(tree);
	git_commit_free(parent);
	git_index_free(index);
	git_repository_free(repo);
	return rc;
}

/*
 * Opens the repository at path itself (never a folder above it) into
 * *repo, HEAD into *head and the branch it names into *branch, for
 * what moves or pushes that branch.  Returns 0, or -1 with libgit2's
 * error for the caller to say; the caller frees *repo and *head either
 * way (NULL until opened).  siterepo_setup() first.
 */
int
siterepo_open_head(const char *path, git_repository **repo,
    git_reference **head, const char **branch)
{
	if (git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || git_reference_lookup(head, *repo, "HEAD") < 0 ||
	    (*branch = git_reference_symbolic_target(*head)) == NULL)
		return -1;
	return 0;
}

/*
 * Brings the index of the repository at path up to date with its last
 * commit and work tree, as tree_updated() does: commits by paths leave
 * it behind, and git's own tools read it (`git status` in site/).  Returns
 * 0, or -1 after logging libgit2's error.
 */
int
siterepo_index_refresh(const char *path)
{
	git_repository	*repo = NULL;
	git_index	*index = NULL;
	git_object	*head = NULL;
	git_status_list	*list = NULL;
	size_t		 n;
	int		 rc = -1, touched;

	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || git_repository_index(&index, repo) < 0 ||
	    git_revparse_single(&head, repo, "HEAD^{tree}") < 0 ||
	    git_index_read_tree(index, (git_tree *)head) < 0 ||
	    walk_changes(repo, index, NULL, &list, NULL, &n, NULL,
	    &touched) == -1 || git_index_write(index) < 0)
		siterepo_fail(path);
	else
		rc = 0;
	git_object_free(head);
	git_status_list_free(list);
	git_index_free(index);
	git_repository_free(repo);
	return rc;
}


/* The commit HEAD names in path: its id and time.  -1 when none. */
int
siterepo_head(const char *path, char oid[41], int64_t *when)
{
	git_repository	*repo = NULL;
	git_commit	*c = NULL;
	git_oid		 id;
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) == 0 && git_reference_name_to_id(&id, repo, "HEAD") == 0 &&
	    git_commit_lookup(&c, repo, &id) == 0) {
		git_oid_tostr(oid, 41, &id);
		*when = (int64_t)git_commit_time(c);
		rc = 0;
	}
	git_commit_free(c);
	git_repository_free(repo);
	return rc;
}
