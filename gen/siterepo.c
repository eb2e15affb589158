/*
 * siterepo.c - the site/ folder as a git repository, through libgit2.
 *
 * libgit2 is set up so that nothing outside the repository changes what
 * it does: no global, XDG or system configuration is searched, so the
 * machine's git settings (user.name, hooks, templates) never leak into
 * the published site.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "gen.h"

#define SITE_FILE_MAX	((size_t)1 << 30)	/* a file committed by path */
#define SITE_TREE_CACHE	(16u << 20)	/* the largest tree kept in the cache */
#define SITE_CACHE_MAX	(32 << 20)	/* libgit2's cache, all of it */

static void
git_fail(const char *what)
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
		git_fail("libgit2");
		return -1;
	}
	/* libgit2 keeps per-thread buffers until it is shut down */
	atexit(siterepo_shutdown);
	for (level = GIT_CONFIG_LEVEL_SYSTEM; level <= GIT_CONFIG_LEVEL_GLOBAL;
	    level++)
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "") < 0) {
			git_fail("libgit2 search path");
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
		git_fail("libgit2 cache");
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
		git_fail(path);
		goto out;
	}
	has_head = git_reference_name_to_id(&head_id, repo, "HEAD") == 0;
	if ((!has_head || paths == NULL) &&
	    git_repository_index(&index, repo) < 0) {
		git_fail(path);
		goto out;
	}
	if (has_head && (git_commit_lookup(&parent, repo, &head_id) < 0 ||
	    git_commit_tree(&old_tree, parent) < 0)) {
		git_fail(path);
		goto out;
	}
	if (has_head) {
		size_t n;
		/* the usual case: only what the last builds changed */
		if ((paths != NULL ? tree_from_paths(repo, old_tree, paths,
		    &tree_id, &n, &c) : tree_updated(repo, index, old_tree,
		    &tree_id, &n, &c)) == -1) {
			git_fail(path);
			goto out;
		}
		if (n == 0) {
			git_oid_tostr(oid_hex, GIT_OID_HEXSZ + 1, &head_id);
			rc = 0;		/* nothing changed: no commit */
			goto out;
		}
		if (git_tree_lookup(&tree, repo, &tree_id) < 0) {
			git_fail(path);
			goto out;
		}
	} else if (git_index_add_all(index, &all, GIT_INDEX_ADD_DEFAULT, NULL,
	    NULL) < 0 || git_index_update_all(index, &all, NULL, NULL) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, NULL, tree, NULL) < 0 ||
	    git_diff_foreach(diff, count_delta, NULL, NULL, NULL, &c) < 0) {
		git_fail(path);
		goto out;
	}
	if (git_signature_now(&sig, name, email) < 0) {
		git_fail(path);
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
		git_fail(path);
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
		git_fail(path);
	else
		rc = 0;
	git_object_free(head);
	git_status_list_free(list);
	git_index_free(index);
	git_repository_free(repo);
	return rc;
}

/*
 * Keeps the last keep commits of the branch HEAD names: when there are
 * more, the oldest kept one is made again with no parent and each after
 * it again on the one made before (siterepo_filter()).  *rewrote says
 * whether it was; the push must then be forced.  Returns 0 or -1, said.
 */
int
siterepo_keep(const char *path, size_t keep, int *rewrote)
{
	const struct site_filter f = { .keep = keep };

	*rewrote = 0;
	return keep == 0 ? 0 : siterepo_filter(path, &f, rewrote);
}

/*
 * Removes from tree what f names there (f->old too unless newest) into
 * *out; *out is tree's own id when nothing of it is there.
 */
static int
tree_filtered(git_repository *repo, git_tree *tree,
    const struct site_filter *f, int newest, git_oid *out)
{
	const struct strlist *lists[2] = { f->gone, newest ? NULL : f->old };
	git_tree_update	*up = NULL;
	git_tree_entry	*e;
	size_t		 n = 0, cap, i, l;
	int		 rc = -1;

	git_oid_cpy(out, git_tree_id(tree));
	cap = (f->gone ? f->gone->n : 0) + (f->old ? f->old->n : 0);
	if (cap == 0)
		return 0;
	if ((up = calloc(cap, sizeof(*up))) == NULL)
		return -1;
	for (l = 0; l < 2; l++)
		for (i = 0; lists[l] != NULL && i < lists[l]->n; i++) {
			if (git_tree_entry_bypath(&e, tree, lists[l]->v[i]) !=
			    0)
				continue;
			git_tree_entry_free(e);
			up[n].action = GIT_TREE_UPDATE_REMOVE;
			up[n++].path = lists[l]->v[i];
		}
	rc = n == 0 ? 0 : git_tree_create_updated(out, repo, tree, n, up);
	free(up);
	return rc < 0 ? -1 : 0;
}

/*
 * The commits of the branch HEAD names, newest first, into *chain (*n
 * of them; free each, and the array): each one's first parent, down to
 * the first older than f->before (0: to the root), keep of them at
 * most (0: any number).  HEAD is always one.
 */
static int
chain_read(git_repository *repo, const struct site_filter *f,
    git_commit ***chain, size_t *n)
{
	git_commit	**v = NULL, **nv, *c = NULL;
	size_t		 cap = 0;
	git_oid		 id;

	*n = 0;
	if (git_reference_name_to_id(&id, repo, "HEAD") < 0 ||
	    git_commit_lookup(&c, repo, &id) < 0)
		return -1;
	while (c != NULL) {
		if (*n > 0 && ((f->before != 0 && git_commit_time(c) <
		    f->before) || (f->keep != 0 && *n == f->keep))) {
			git_commit_free(c);
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL) {
				git_commit_free(c);
				goto fail;
			}
			v = nv;
		}
		v[(*n)++] = c;
		c = NULL;
		if (git_commit_parentcount(v[*n - 1]) > 0 &&
		    git_commit_parent(&c, v[*n - 1], 0) < 0)
			goto fail;
	}
	*chain = v;
	return 0;
fail:
	while (*n > 0)
		git_commit_free(v[--(*n)]);
	free(v);
	return -1;
}

/*
 * Makes the history of the branch HEAD names again without what f
 * leaves out: every commit kept (those older than f->before, or past
 * the last f->keep, are dropped, the oldest kept then having no
 * parent) is made again with
 * the same author, committer and message over its tree less f->gone's
 * paths (files or folders, as "a/SLUG"), and less f->old's but in the
 * newest; the branch is moved to the last.  *rewrote says whether
 * anything changed: the push must then be forced, and siterepo_prune()
 * removes what no commit holds any more.  Returns 0 or -1, said.
 */
int
siterepo_filter(const char *path, const struct site_filter *f,
    int *rewrote)
{
	git_repository	*repo = NULL;
	git_reference	*head = NULL, *ref = NULL;
	git_commit	**chain = NULL, *made = NULL;
	git_tree	*tree = NULL, *kept = NULL;
	const char	*branch;
	git_oid		 id, tid;
	size_t		 n = 0, i;
	int		 rc = -1;

	*rewrote = 0;
	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || git_reference_lookup(&head, repo, "HEAD") < 0 ||
	    (branch = git_reference_symbolic_target(head)) == NULL ||
	    chain_read(repo, f, &chain, &n) == -1)
		goto fail;
	for (i = n; i-- > 0;) {
		if (git_commit_tree(&tree, chain[i]) < 0 ||
		    tree_filtered(repo, tree, f, i == 0, &tid) == -1 ||
		    git_tree_lookup(&kept, repo, &tid) < 0 ||
		    git_commit_create(&id, repo, NULL,
		    git_commit_author(chain[i]), git_commit_committer(chain[i]),
		    git_commit_message_encoding(chain[i]),
		    git_commit_message(chain[i]), kept, made ? 1 : 0,
		    (const git_commit **)&made) < 0)
			goto fail;
		git_tree_free(tree);
		git_tree_free(kept);
		tree = kept = NULL;
		git_commit_free(made);
		made = NULL;
		if (git_commit_lookup(&made, repo, &id) < 0)
			goto fail;
	}
	/* the same commits made again are the same objects */
	if (!git_oid_equal(&id, git_commit_id(chain[0]))) {
		if (git_reference_create(&ref, repo, branch, &id, 1,
		    "cox: history rewritten") < 0)
			goto fail;
		*rewrote = 1;
	}
	rc = 0;
	goto out;
fail:
	git_fail(path);
out:
	while (n > 0)
		git_commit_free(chain[--n]);
	free(chain);
	git_commit_free(made);
	git_tree_free(tree);
	git_tree_free(kept);
	git_reference_free(ref);
	git_reference_free(head);
	git_repository_free(repo);
	return rc;
}

/* What each_tree() calls on the tree of every commit. */
typedef int (*tree_fn)(git_repository *, git_tree *, void *);

/*
 * Calls fn on the tree of every commit any reference of the repository
 * at path reaches, until it returns -1.  Returns 0, or -1 (said); a
 * folder that is no repository yet has no commit.
 */
static int
each_tree(const char *path, tree_fn fn, void *arg)
{
	git_repository	*repo = NULL;
	git_revwalk	*walk = NULL;
	git_commit	*c = NULL;
	git_tree	*tree = NULL;
	git_oid		 id;
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0)
		return 0;
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push_glob(walk, "refs/*") < 0)
		goto out;
	while (git_revwalk_next(&id, walk) == 0) {
		if (git_commit_lookup(&c, repo, &id) < 0 ||
		    git_commit_tree(&tree, c) < 0 || fn(repo, tree, arg) == -1)
			goto out;
		git_tree_free(tree);
		git_commit_free(c);
		tree = NULL;
		c = NULL;
	}
	rc = 0;
out:
	if (rc == -1)
		git_fail(path);
	git_tree_free(tree);
	git_commit_free(c);
	git_revwalk_free(walk);
	git_repository_free(repo);
	return rc;
}

struct holding {
	const struct strlist *paths;
	size_t		 holding, total;
};

/* Counts tree, and whether it holds one of h->paths. */
static int
holding_tree(git_repository *repo, git_tree *tree, void *arg)
{
	struct holding	*h = arg;
	git_tree_entry	*e;
	size_t		 i;

	(void)repo;
	h->total++;
	for (i = 0; i < h->paths->n; i++)
		if (git_tree_entry_bypath(&e, tree, h->paths->v[i]) == 0) {
			git_tree_entry_free(e);
			h->holding++;
			break;
		}
	return 0;
}

/*
 * How many commits any reference of the repository at path reaches,
 * into *total, and how many of them hold one of paths (files or
 * folders), into *holding.  Returns 0, or -1 (said) when it cannot
 * read them; a folder that is no repository yet holds none.
 */
int
siterepo_holding(const char *path, const struct strlist *paths,
    size_t *holding, size_t *total)
{
	struct holding	 h = { paths, 0, 0 };
	int		 rc;

	rc = each_tree(path, holding_tree, &h);
	*holding = h.holding;
	*total = h.total;
	return rc;
}

/* Adds dir/NAME of tree's dir to out when its blob holds needle. */
static int
naming_tree(git_repository *repo, git_tree *sub, const char *dir,
    const char *needle, struct strlist *out)
{
	const git_tree_entry	*te;
	git_blob		*blob = NULL;
	char			 rel[300];
	size_t			 i;
	int			 rc = 0;

	for (i = 0; rc == 0 && i < git_tree_entrycount(sub); i++) {
		te = git_tree_entry_byindex(sub, i);
		snprintf(rel, sizeof(rel), "%s/%s", dir, git_tree_entry_name(te));
		if (git_tree_entry_type(te) != GIT_OBJECT_BLOB ||
		    strlist_has(out, rel))
			continue;
		if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0)
			return -1;
		if (memmem(git_blob_rawcontent(blob), (size_t)
		    git_blob_rawsize(blob), needle, strlen(needle)) != NULL)
			rc = strlist_add(out, rel);
		git_blob_free(blob);
	}
	return rc;
}

struct naming {
	const char	*dir, *needle;
	struct strlist	*out;
	git_oid		 last;		/* the folder's tree last read */
};

/* The files of tree's n->dir that hold n->needle, into n->out. */
static int
naming_commit(git_repository *repo, git_tree *tree, void *arg)
{
	struct naming	*n = arg;
	git_tree_entry	*e = NULL;
	git_tree	*sub = NULL;
	int		 rc = 0;

	/* most commits hold the folder as the one before did */
	if (git_tree_entry_bypath(&e, tree, n->dir) == 0 &&
	    !git_oid_equal(git_tree_entry_id(e), &n->last)) {
		git_oid_cpy(&n->last, git_tree_entry_id(e));
		rc = git_tree_lookup(&sub, repo, &n->last) < 0 ||
		    naming_tree(repo, sub, n->dir, n->needle, n->out) == -1 ?
		    -1 : 0;
	}
	git_tree_free(sub);
	git_tree_entry_free(e);
	return rc;
}

/*
 * The files of folder dir, in any commit a reference of the repository
 * at path reaches, whose bytes hold needle, added to out (each once,
 * as "dir/NAME").  For files that name a page without being in its
 * folder ("Open my page"'s l/; the build removes those of the work
 * tree whose key is gone).  Returns 0 or -1, said.
 */
int
siterepo_naming(const char *path, const char *dir, const char *needle,
    struct strlist *out)
{
	struct naming	 n = { dir, needle, out, { { 0 } } };

	return each_tree(path, naming_commit, &n);
}

/* Whether name is a loose object's folder (two hex digits) or a pack's. */
static int
prunable(const char *dir, const char *name, const char *keep)
{
	if (strcmp(dir, "pack") == 0)
		return strncmp(name, "pack-", 5) == 0 &&
		    strncmp(name, keep, strlen(keep)) != 0;
	return strlen(name) == 2 && strspn(name, "0123456789abcdef") == 2;
}

/* Removes the files of objects/ that prunable() names, and their folders. */
static int
prune_objects(const char *objects, const char *keep)
{
	struct dirent	*de, *le;
	char		 path[4096], file[4096];
	DIR		*d, *l;
	int		 rc = 0;

	if ((d = opendir(objects)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		int pack = strcmp(de->d_name, "pack") == 0;
		if (!pack && !prunable("", de->d_name, keep))
			continue;
		if (path_join(path, sizeof(path), objects, de->d_name) == -1 ||
		    (l = opendir(path)) == NULL)
			continue;
		while ((le = readdir(l)) != NULL) {
			if (le->d_name[0] == '.' || (pack &&
			    !prunable("pack", le->d_name, keep)))
				continue;
			if (path_join(file, sizeof(file), path, le->d_name) ==
			    -1 || unlink(file) == -1)
				rc = -1;
		}
		closedir(l);
		if (!pack)
			(void)rmdir(path);
	}
	closedir(d);
	return rc;
}

/*
 * Syncs the new pack's files (objects/pack/KEEP*) and their folder to
 * disk, before what they replace is removed.
 */
static int
pack_sync(const char *objects, const char *keep)
{
	struct dirent	*de;
	char		 dir[4096], file[4096];
	DIR		*d;
	int		 fd, rc = 0;

	if (path_join(dir, sizeof(dir), objects, "pack") == -1 ||
	    (d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, keep, strlen(keep)) != 0)
			continue;
		if (path_join(file, sizeof(file), dir, de->d_name) == -1 ||
		    (fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
			rc = -1;
			continue;
		}
		if (fsync(fd) == -1)
			rc = -1;
		close(fd);
	}
	closedir(d);
	if (rc == 0 && (fd = open(dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		rc = fsync(fd);
		close(fd);
	}
	return rc;
}

/*
 * Puts the blobs the index names into pb, the index first brought up to
 * date (siterepo_index_refresh()): git keeps them as it keeps what the
 * references reach, and they are the work tree's files.
 */
static int
pack_index(const char *path, git_repository *repo, git_packbuilder *pb)
{
	git_index		*index = NULL;
	const git_index_entry	*e;
	git_odb			*odb = NULL;
	size_t			 i;
	int			 rc = -1;

	if (siterepo_index_refresh(path) == -1)
		return -1;
	if (git_repository_index(&index, repo) < 0 ||
	    git_index_read(index, 1) < 0 || git_repository_odb(&odb, repo) < 0)
		goto out;
	for (i = 0; (e = git_index_get_byindex(index, i)) != NULL; i++)
		if (git_odb_exists(odb, &e->id) &&
		    git_packbuilder_insert(pb, &e->id, NULL) < 0)
			goto out;
	rc = 0;
out:
	git_odb_free(odb);
	git_index_free(index);
	return rc;
}

/*
 * What git gc --prune=now does, for a history cox rewrote: every object
 * the references reach, and the blobs the index names, into one new
 * pack, then every loose object and every other pack removed, and the
 * reflogs that named the commits dropped.  The pack is on disk before
 * anything is removed, so a crash leaves more, never less.  The caller
 * holds the workspace's lock (workspace_lock()): objects a commit
 * elsewhere has written but no reference reaches yet would go too.
 * Returns 0 or -1, said.
 */
int
siterepo_prune(const char *path)
{
	git_repository	*repo = NULL;
	git_packbuilder	*pb = NULL;
	git_revwalk	*walk = NULL;
	git_reference	*head = NULL;
	const char	*branch;
	char		 objects[4096], keep[64];
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push_glob(walk, "refs/*") < 0 ||
	    git_packbuilder_new(&pb, repo) < 0 ||
	    git_packbuilder_insert_walk(pb, walk) < 0 ||
	    pack_index(path, repo, pb) == -1 ||
	    git_packbuilder_write(pb, NULL, 0, NULL, NULL) < 0) {
		git_fail(path);
		goto out;
	}
	snprintf(keep, sizeof(keep), "pack-%s.", git_packbuilder_name(pb));
	if (path_join(objects, sizeof(objects), git_repository_path(repo),
	    "objects") == -1 || pack_sync(objects, keep) == -1 ||
	    prune_objects(objects, keep) == -1) {
		log_error("%s: objects no commit needs could not all be "
		    "removed", path);
		goto out;
	}
	if (git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    (branch = git_reference_symbolic_target(head)) != NULL) {
		(void)git_reflog_delete(repo, branch);
		(void)git_reflog_delete(repo, "HEAD");
	}
	rc = 0;
out:
	git_reference_free(head);
	git_packbuilder_free(pb);
	git_revwalk_free(walk);
	git_repository_free(repo);
	return rc;
}

struct push_auth {
	const struct site_remote *r;
	int		 tries;
};

static int
push_credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *arg)
{
	struct push_auth	*a = arg;

	(void)url;
	if (a->tries++ > 0)
		return GIT_PASSTHROUGH;	/* refused once: do not loop */
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) &&
	    a->r->token != NULL)
		return git_credential_userpass_plaintext_new(out,
		    user ? user : "x-access-token", a->r->token);
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && a->r->ssh_key != NULL)
		return git_credential_ssh_key_new(out, user ? user : "git",
		    NULL, a->r->ssh_key, NULL);
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out,
		    user ? user : "git");
	return GIT_PASSTHROUGH;
}

/* Whether hostname is one of the comma-separated known_hosts names. */
static int
host_listed(const char *names, const char *hostname)
{
	unsigned char	 salt[64], want[64], got[EVP_MAX_MD_SIZE];
	char		 one[512], *save = NULL, *n;
	unsigned int	 gotlen = 0;
	size_t		 slen, wlen;
	const char	*end;

	if (snprintf(one, sizeof(one), "%s", names) >= (int)sizeof(one))
		return 0;
	for (n = strtok_r(one, ",", &save); n != NULL;
	    n = strtok_r(NULL, ",", &save)) {
		if (strncmp(n, "|1|", 3) != 0) {
			if (!strcmp(n, hostname))
				return 1;
			continue;
		}
		/* hashed (ssh-keyscan -H): |1|base64 salt|base64 HMAC-SHA1 */
		if ((end = strchr(n + 3, '|')) == NULL ||
		    sodium_base642bin(salt, sizeof(salt), n + 3, (size_t)(end -
		    n - 3), NULL, &slen, NULL, sodium_base64_VARIANT_ORIGINAL)
		    != 0 || sodium_base642bin(want, sizeof(want), end + 1,
		    strlen(end + 1), NULL, &wlen, NULL,
		    sodium_base64_VARIANT_ORIGINAL) != 0)
			continue;
		if (HMAC(EVP_sha1(), salt, (int)slen, (const unsigned char *)
		    hostname, strlen(hostname), got, &gotlen) != NULL &&
		    gotlen == wlen && !memcmp(got, want, wlen))
			return 1;
	}
	return 0;
}

/*
 * libgit2 leaves an SSH server's host key unchecked: it must be in the
 * known_hosts file ([site] known_hosts_file, else ~/.ssh/known_hosts)
 * under the remote's host name ("[host]:port" off port 22), or nothing
 * is sent to it.  HTTPS certificates keep libgit2's own check.
 */
static int
host_key_check(git_cert *cert, int valid, const char *host, void *arg)
{
	struct push_auth	*a = arg;
	git_cert_hostkey	*hk = (git_cert_hostkey *)cert;
	struct buf		 kh = { 0 };
	unsigned char		 key[4096];
	char			 name[300], path[4096], pflag[32], *line;
	char			*save = NULL;
	char			*f[3], *sp;
	const char		*file = a->r->known_hosts;
	size_t			 klen;
	int			 i, ok = 0;

	(void)valid;
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return GIT_PASSTHROUGH;
	if (a->r->port != 0 && a->r->port != 22)
		snprintf(name, sizeof(name), "[%s]:%u", host, a->r->port);
	else
		snprintf(name, sizeof(name), "%s", host);
	if (file == NULL && getenv("HOME") != NULL && snprintf(path,
	    sizeof(path), "%s/.ssh/known_hosts", getenv("HOME")) <
	    (int)sizeof(path))
		file = path;
	if (!(hk->type & GIT_CERT_SSH_RAW) || file == NULL ||
	    file_read(file, 1 << 20, &kh) == -1)
		goto out;
	for (line = strtok_r(kh.data, "\n", &save); line != NULL && !ok;
	    line = strtok_r(NULL, "\n", &save)) {
		for (i = 0, sp = NULL; i < 3; i++)
			if ((f[i] = strtok_r(i == 0 ? line : NULL, " \t",
			    &sp)) == NULL)
				break;
		if (i < 3 || f[0][0] == '#' || f[0][0] == '@')
			continue;
		ok = host_listed(f[0], name) &&
		    sodium_base642bin(key, sizeof(key), f[2], strlen(f[2]),
		    NULL, &klen, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
		    klen == hk->hostkey_len && !memcmp(key, hk->hostkey, klen);
	}
out:
	buf_free(&kh);
	if (ok)
		return 0;
	snprintf(pflag, sizeof(pflag), "-p %u ", a->r->port);
	log_error("%s: its SSH host key is not in %s; check the key's "
	    "fingerprint with the host's owner, then add it (ssh-keyscan -H "
	    "%s%s >>%s)", name, file ? file : "~/.ssh/known_hosts",
	    a->r->port != 0 && a->r->port != 22 ? pflag : "", host,
	    file ? file : "~/.ssh/known_hosts");
	return GIT_ECERTIFICATE;
}

/* Progress on a terminal while a push packs its objects and sends them. */
static int
pack_progress(int stage, uint32_t current, uint32_t total, void *payload)
{
	(void)payload;
	if (stage == GIT_PACKBUILDER_ADDING_OBJECTS)
		log_progress("objects counted", (long)current, 0);
	else
		log_progress("objects packed", (long)current, (long)total);
	return 0;
}

static int
push_progress(unsigned int current, unsigned int total, size_t bytes,
    void *payload)
{
	(void)bytes;
	(void)payload;
	log_progress("objects pushed", (long)current, (long)total);
	return 0;
}

static void
remote_callbacks(git_remote_callbacks *cb, struct push_auth *auth)
{
	cb->credentials = push_credentials;
	cb->certificate_check = host_key_check;
	cb->pack_progress = pack_progress;
	cb->push_transfer_progress = push_progress;
	cb->payload = auth;
}

/*
 * Pushes the branch HEAD names to r's url.  force for squashed history.
 * r's token answers HTTPS authentication; SSH uses r's key file, else
 * the agent, and the host key must be known (host_key_check()).
 */
int
siterepo_push(const char *path, const struct site_remote *r, int force)
{
	git_repository	*repo = NULL;
	git_remote	*remote = NULL;
	git_reference	*head = NULL;
	git_push_options opts;
	struct push_auth auth = { r, 0 };
	const char	*branch;
	char		 spec[512];
	git_strarray	 specs = { (char *[]){ spec }, 1 };
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || git_reference_lookup(&head, repo, "HEAD") < 0 ||
	    (branch = git_reference_symbolic_target(head)) == NULL ||
	    git_remote_create_anonymous(&remote, repo, r->url) < 0) {
		git_fail(path);
		goto out;
	}
	if (snprintf(spec, sizeof(spec), "%s%s:%s", force ? "+" : "", branch,
	    branch) >= (int)sizeof(spec))
		goto out;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &auth);
	if (git_remote_push(remote, &specs, &opts) < 0) {
		git_fail(r->url);
		goto out;
	}
	rc = 0;
out:
	log_progress_end();
	git_remote_free(remote);
	git_reference_free(head);
	git_repository_free(repo);
	return rc;
}

/*
 * Clones branch of r's url into path (which must not exist), so that a
 * restored workspace goes on from the published history; authenticated
 * and checked as siterepo_push() is.  Returns -1, logged, when it
 * cannot.
 */
int
siterepo_clone(const struct site_remote *r, const char *path,
    const char *branch)
{
	git_clone_options opts;
	git_repository	*repo = NULL;
	struct push_auth auth = { r, 0 };

	if (siterepo_setup() == -1)
		return -1;
	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	opts.checkout_branch = branch;
	remote_callbacks(&opts.fetch_opts.callbacks, &auth);
	if (git_clone(&repo, r->url, path, &opts) < 0) {
		git_fail(r->url);
		return -1;
	}
	git_repository_free(repo);
	return 0;
}

/*
 * cox doctor --online: connects to r's url for a push (authenticated as
 * siterepo_push() would be) and lists its refs, sending nothing.
 * Returns -1, logged, when it cannot.
 */
int
siterepo_probe(const struct site_remote *r)
{
	git_remote	*remote = NULL;
	git_remote_callbacks cb;
	struct push_auth auth = { r, 0 };
	const git_remote_head **heads;
	size_t		 n;
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	remote_callbacks(&cb, &auth);
	if (git_remote_create_detached(&remote, r->url) < 0 ||
	    git_remote_connect(remote, GIT_DIRECTION_PUSH, &cb, NULL, NULL) <
	    0 || git_remote_ls(&heads, &n, remote) < 0)
		git_fail(r->url);
	else
		rc = 0;
	if (remote != NULL)
		git_remote_disconnect(remote);
	git_remote_free(remote);
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
