/*
 * sitehistory.c - the site repository's history made again: the last
 * commits kept (siterepo_keep()), files taken out of every commit that
 * held them (siterepo_filter(): an erased athlete's pages), which
 * commits still hold a path or a word (siterepo_holding(),
 * siterepo_naming()), and the objects nothing reaches any more pruned
 * (siterepo_prune()).  Through libgit2 only, as siterepo.c.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "gen.h"

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
	if (siterepo_open_head(path, &repo, &head, &branch) == -1 ||
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
	siterepo_fail(path);
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
		siterepo_fail(path);
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
		siterepo_fail(path);
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
