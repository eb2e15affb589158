/*
 * site.h - the site's git repository, through libgit2 only: the
 * commit of each build (siterepo.c), its history made again
 * (sitehistory.c) and its remote (siteremote.c).
 */
#ifndef COX_GEN_SITE_H
#define COX_GEN_SITE_H

#include "../lib/plumbing.h"

/* siterepo.c: site/ as a git work tree, through libgit2 only;
 * sitehistory.c its history made again; siteremote.c its remote */
int	 siterepo_setup(void);
void	 siterepo_fail(const char *what);
int	 siterepo_init(const char *path, const char *branch, int *created);
int	 siterepo_commit(const char *path, const char *name, const char *email,
	    int squash, const struct strlist *paths, int *made,
	    char oid_hex[41]);
int	 siterepo_index_refresh(const char *path);
struct git_repository;
struct git_reference;
int	 siterepo_open_head(const char *path, struct git_repository **,
	    struct git_reference **head, const char **branch);
/* The site's git remote, and how cox gets into it (publish.c loads it). */
struct site_remote {
	const char	*url;		/* [site] remote */
	char		*token;		/* HTTPS: remote_token_file's, or NULL */
	const char	*ssh_key;	/* SSH: ssh_key_file, or NULL: the agent */
	const char	*known_hosts;	/* SSH: known_hosts_file, or NULL */
	unsigned	 port;		/* SSH: the URL's port, 0 when none */
};
int	 siterepo_push(const char *path, const struct site_remote *,
	    int force);
int	 siterepo_keep(const char *path, size_t keep, int *rewrote);
int	 siterepo_prune(const char *path);
/* What siterepo_filter() leaves out of the history it makes again. */
struct site_filter {
	const struct strlist *gone;	/* out of every commit, or NULL */
	const struct strlist *old;	/* out of all but the newest, or NULL */
	int64_t		 before;	/* commits older dropped; 0: none */
	size_t		 keep;		/* the last keep only; 0: all */
};
int	 siterepo_filter(const char *path, const struct site_filter *,
	    int *rewrote);
int	 siterepo_holding(const char *path, const struct strlist *paths,
	    size_t *holding, size_t *total);
int	 siterepo_naming(const char *path, const char *dir,
	    const char *needle, struct strlist *out);
int	 siterepo_clone(const struct site_remote *, const char *path,
	    const char *branch);
int	 siterepo_probe(const struct site_remote *);
int	 siterepo_head(const char *path, char oid[41], int64_t *when);

#endif
