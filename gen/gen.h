/*
 * gen.h - what makes the site: cox build, cox publish, cox preview and
 * what they need: the site's git repository (site.h), templates,
 * charts and page encryption (page.h), rendering (render.h) and the
 * build (build.h), each header a job; the commands' own below.
 * Includes lib/ only; never ingest/.
 */
#ifndef COX_GEN_H
#define COX_GEN_H

#include "site.h"
#include "page.h"
#include "render.h"
#include "build.h"

/* publish.c: cox publish */
struct publish_result {
	int		 committed;	/* the commit step succeeded */
	int		 made;		/* a commit was made (site changed) */
	char		 oid[41];	/* its id */
	const char	*pushed;	/* the remote pushed to, or NULL */
};
enum outcome site_remote_load(const struct workspace *, struct site_remote *);
void	 site_remote_free(struct site_remote *);
enum outcome publish_site(struct workspace *, int push, int all,
	    struct publish_result *);
int	 publish_force_next(struct workspace *);

/* erase.c: cox roster erase */
struct erase_plan {
	int64_t		 person;
	struct person	 p;
	size_t		*counts;	/* rows per person_tables entry */
	char		 site[4096];
	struct strlist	 paths;		/* theirs in site/: a/SLUG, l/... */
	size_t		 files;		/* of them in site/ now */
	size_t		 holding;	/* commits holding one of paths */
	size_t		 commits;	/* of the site's history */
	const char	*backup_dir;	/* [backup] dir, or NULL */
	long		 backup_keep;	/* [backup] keep */
	struct strlist	 backups;	/* backups made since they came */
	size_t		 redacted;	/* others' texts that named them */
	int		 scrubbed;	/* db_scrub(): 0, 1, 2 or -1 */
	struct erase_names *names;	/* what names them, outside cox.db */
	struct erase_mail mail;		/* mail about them cox.db stood for */
};
enum outcome erase_plan(struct workspace *, int64_t person,
	    struct erase_plan *);
void	 erase_plan_free(struct erase_plan *);
enum outcome erase_person(struct workspace *, struct erase_plan *,
	    int *rewrote, char audit[33]);
enum outcome erase_history_before(struct workspace *, time_t cut,
	    int *rewrote);

/* preview.c: cox preview */
struct sockaddr_in;
enum outcome preview_serve(const char *site, const struct sockaddr_in *);

/* init.c: cox init, cox demo */
enum outcome init_workspace(const char *dir, const char *lang,
		    const char *cc, const char *zone, const char *authserv,
		    struct strlist *made);
enum outcome init_restored(const char *dir, int *cloned);

/* versions.c: the libraries only gen/ links, one "name version" a line */
const char	*gen_versions(void);

#endif
