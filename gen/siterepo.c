/*
 * siterepo.c - the site/ folder as a git repository, through libgit2.
 *
 * libgit2 is set up so that nothing outside the repository changes what
 * it does: no global, XDG or system configuration is searched, so the
 * machine's git settings (user.name, hooks, templates) never leak into
 * the published site.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "gen.h"

static void
git_fail(const char *what)
{
	const git_error	*e = git_error_last();

	log_error("%s: %s", what, e && e->message ? e->message : "git error");
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
 * The tree of the last commit with the work tree's changes applied, for
 * a repository that has a HEAD: a stat-only walk of the work tree against
 * the index finds what changed, only those index entries are updated,
 * and only the trees along changed paths are written.  Rebuilding every
 * tree from the index instead costs a read and an inflate of every
 * athlete's folder on each commit.  *n is how many paths changed; the
 * counts go to c.
 */
static int
tree_updated(git_repository *repo, git_index *index, git_tree *base,
    git_oid *out, size_t *n, struct commit_counts *c)
{
	git_status_options	 so;
	git_status_list		*list = NULL;
	git_tree_update		*up = NULL;
	const git_status_entry	*e;
	const git_index_entry	*ie;
	const char		*path;
	size_t			 i, count;
	int			 rc = -1;

	*n = 0;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&list, repo, &so) < 0)
		return -1;
	count = git_status_list_entrycount(list);
	if (count > 0 && (up = calloc(count, sizeof(*up))) == NULL)
		goto out;
	for (i = 0; i < count; i++) {
		e = git_status_byindex(list, i);
		path = e->index_to_workdir->new_file.path;
		if (e->status & GIT_STATUS_WT_DELETED) {
			path = e->index_to_workdir->old_file.path;
			if (git_index_remove_bypath(index, path) < 0)
				goto out;
			up[*n].action = GIT_TREE_UPDATE_REMOVE;
			c->removed++;
		} else if (e->status & (GIT_STATUS_WT_NEW |
		    GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_TYPECHANGE)) {
			if (git_index_add_bypath(index, path) < 0 ||
			    (ie = git_index_get_bypath(index, path, 0)) == NULL)
				goto out;
			up[*n].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&up[*n].id, &ie->id);
			up[*n].filemode = GIT_FILEMODE_BLOB;
			if (e->status & GIT_STATUS_WT_NEW)
				c->added++;
			else
				c->changed++;
		} else
			continue;
		up[*n].path = path;
		(*n)++;
	}
	rc = *n == 0 ? 0 : git_tree_create_updated(out, repo, base, *n, up);
	if (rc == 0 && *n > 0)
		rc = git_index_write(index);
out:
	free(up);
	git_status_list_free(list);
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
 * Returns 0, or -1 after logging libgit2's error.
 */
int
siterepo_commit(const char *path, const char *name, const char *email,
    int squash, int *made, char oid_hex[GIT_OID_HEXSZ + 1])
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
	char		 msg[160];
	int		 rc = -1, has_head;

	*made = 0;
	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || exclude_temporary(repo) == -1 ||
	    git_repository_index(&index, repo) < 0) {
		git_fail(path);
		goto out;
	}
	has_head = git_reference_name_to_id(&head_id, repo, "HEAD") == 0;
	if (has_head && (git_commit_lookup(&parent, repo, &head_id) < 0 ||
	    git_commit_tree(&old_tree, parent) < 0)) {
		git_fail(path);
		goto out;
	}
	if (has_head) {
		size_t n;
		/* the usual case: only what the last build changed */
		if (tree_updated(repo, index, old_tree, &tree_id, &n,
		    &c) == -1) {
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
	snprintf(msg, sizeof(msg), "Update site: %u added, %u changed, "
	    "%u removed\n", c.added, c.changed, c.removed);
	if (git_reference_lookup(&head, repo, "HEAD") < 0 ||
	    (branch = git_reference_symbolic_target(head)) == NULL) {
		log_error("%s: HEAD does not name a branch", path);
		goto out;
	}
	/* the branch is moved by hand: a squash commit has no parent */
	if (git_commit_create_v(&commit_id, repo, NULL, sig, sig, "UTF-8", msg,
	    tree, squash || parent == NULL ? 0 : 1, parent) < 0 ||
	    git_reference_create(&ref, repo, branch, &commit_id, 1,
	    "cox publish") < 0) {
		git_fail(path);
		goto out;
	}
	*made = 1;
	git_oid_tostr(oid_hex, GIT_OID_HEXSZ + 1, &commit_id);
	rc = 0;
out:
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

struct push_auth {
	const char	*token;
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
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && a->token != NULL)
		return git_credential_userpass_plaintext_new(out,
		    user ? user : "x-access-token", a->token);
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out,
		    user ? user : "git");
	return GIT_PASSTHROUGH;
}

/*
 * Pushes the branch HEAD names to url.  force for squashed history.
 * token (may be NULL) answers HTTPS authentication; SSH uses the agent.
 * Certificates are checked by libgit2's defaults.
 */
int
siterepo_push(const char *path, const char *url, const char *token, int force)
{
	git_repository	*repo = NULL;
	git_remote	*remote = NULL;
	git_reference	*head = NULL;
	git_push_options opts;
	struct push_auth auth = { token, 0 };
	const char	*branch;
	char		 spec[512];
	git_strarray	 specs = { (char *[]){ spec }, 1 };
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0 || git_reference_lookup(&head, repo, "HEAD") < 0 ||
	    (branch = git_reference_symbolic_target(head)) == NULL ||
	    git_remote_create_anonymous(&remote, repo, url) < 0) {
		git_fail(path);
		goto out;
	}
	if (snprintf(spec, sizeof(spec), "%s%s:%s", force ? "+" : "", branch,
	    branch) >= (int)sizeof(spec))
		goto out;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	opts.callbacks.credentials = push_credentials;
	opts.callbacks.payload = &auth;
	if (git_remote_push(remote, &specs, &opts) < 0) {
		git_fail(url);
		goto out;
	}
	rc = 0;
out:
	git_remote_free(remote);
	git_reference_free(head);
	git_repository_free(repo);
	return rc;
}

/*
 * Clones branch of url into path (which must not exist), so that a
 * restored workspace goes on from the published history.  token as for
 * siterepo_push().  Returns -1, logged, when it cannot.
 */
int
siterepo_clone(const char *url, const char *path, const char *branch,
    const char *token)
{
	git_clone_options opts;
	git_repository	*repo = NULL;
	struct push_auth auth = { token, 0 };

	if (siterepo_setup() == -1)
		return -1;
	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	opts.checkout_branch = branch;
	opts.fetch_opts.callbacks.credentials = push_credentials;
	opts.fetch_opts.callbacks.payload = &auth;
	if (git_clone(&repo, url, path, &opts) < 0) {
		git_fail(url);
		return -1;
	}
	git_repository_free(repo);
	return 0;
}

/*
 * cox doctor --online: connects to url for a push (authenticated as
 * siterepo_push() would be) and lists its refs, sending nothing.
 * Returns -1, logged, when it cannot.
 */
int
siterepo_probe(const char *url, const char *token)
{
	git_remote	*remote = NULL;
	git_remote_callbacks cb;
	struct push_auth auth = { token, 0 };
	const git_remote_head **heads;
	size_t		 n;
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb.credentials = push_credentials;
	cb.payload = &auth;
	if (git_remote_create_detached(&remote, url) < 0 ||
	    git_remote_connect(remote, GIT_DIRECTION_PUSH, &cb, NULL, NULL) <
	    0 || git_remote_ls(&heads, &n, remote) < 0)
		git_fail(url);
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
