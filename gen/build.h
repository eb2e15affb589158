/*
 * build.h - cox build: the notes it writes to cox.db, the files of
 * site/, the assets and public pages, each gated page sealed and
 * written, the dashboard's parts and the pool of workers that render
 * them all.
 */
#ifndef COX_GEN_BUILD_H
#define COX_GEN_BUILD_H

#include <pthread.h>

#include "render.h"
#include "../lib/workspace.h"

/*
 * The parts of cox build, from the bottom up: each file calls only
 * those above it here, never back.  A build (struct build, build.c)
 * takes the dirty marks in a short write transaction, then reads the
 * database in the main thread from a read snapshot, renders and seals
 * pages in a pool of workers (pool.c) that write each gated page
 * (gated.c) as a file of site/ (sitefile.c), writes the assets and
 * public pages (assets.c) and the dashboard's parts (parts.c), and
 * notes what it wrote (notes.c).
 */
struct build;

/* notes.c: what a build writes to cox.db, kept until it writes it */
/*
 * What a build writes to the database, kept while it renders from a
 * read snapshot and written in short write transactions through a
 * connection of its own.
 */
struct note {
	const struct stmt *stmt;	/* the statement that writes it */
	int64_t		 id;		/* its person, or when */
	char		*a, *b;		/* its texts */
	unsigned char	 fp[32];	/* a page's fingerprint */
};
struct notes {
	struct db	*db;		/* the writing connection */
	struct note	*v;
	size_t		 n, cap, bytes;
};
int	 notes_open(struct notes *, struct db *);
void	 notes_free(struct notes *);
int	 notes_page(struct notes *, const char *file, const unsigned char fp[32]);
int	 notes_unlisted(struct notes *, const char *file);
int	 notes_row(struct notes *, int64_t person, const char *part,
	    const char *body);
int	 notes_rows_gone(struct notes *, int64_t person);
int	 notes_meta(struct notes *, const char *key, const char *value);
int	 notes_again(struct notes *, int64_t person);
int	 notes_due(const struct notes *);
int	 notes_write(struct notes *);
int	 notes_finish(struct notes *);

/* sitefile.c: one file of site/, written only when its bytes changed */
enum outcome sitefile_put(const char *site, const char *rel, const char *data,
	    size_t len, int *wrote);
#define RECORD_FILE ".site-changes"
int	 sitefile_changed(struct build *, const char *rel);
int	 sitefile_record_begin(const struct workspace *);
int	 sitefile_record_end(const struct build *);
enum outcome sitefile_record_take(const struct workspace *, struct strlist *,
	    const char **why);
void	 sitefile_record_done(const struct workspace *);
enum outcome sitefile_write(struct build *, const char *rel, const char *data,
	    size_t len);

/* assets.c: the files besides gated pages: assets, public pages */
int	 assets_build(struct build *);
int	 assets_register(struct build *);
int	 assets_public(struct build *);
int	 assets_locators(struct build *);
json_t	*assets_page_ctx(const struct build *, const char *root, int lang);
void	 assets_shell_fp(const unsigned char content[32], unsigned char fp[32]);
int	 assets_prune(struct build *);

/* gated.c: one gated page, its keys, sealed and written */
/*
 * One gated page: what the main thread reads from the database for it
 * (keys, the manifest's fingerprint), and what renders it elsewhere.
 */
struct gated {
	const char	*page;		/* "a/SLUG/", "coach/", "coach/SLUG/" */
	int		 lang;		/* 1 + its reader's in langs; 0 the team's */
	const char	*root;		/* from the page to the site's top */
	const char	*kind;		/* "athlete", "coach" */
	int		 squeeze;	/* compressed: an athlete's (seal.c) */
	struct page_keys k;
	struct seal_key	*keys;
	size_t		 nkeys;
	struct readers	 readers;	/* whose keys and link open it */
	unsigned char	 old[32];	/* the manifest's fingerprint */
	int		 has_old;
	unsigned char	 fp[32];	/* the plaintext's and the shell's */
	int		 sealed;	/* fp is new to the manifest */
	int		 written;	/* and the file had other bytes */
	struct strlist	 files;		/* pieces written or removed */
};

/*
 * The buffers a thread renders and seals pages in, kept from one page
 * to the next: pages are alike in size, so after the first few nothing
 * is allocated or copied to grow.
 */
struct scratch {
	struct buf	 plain, payload, html, work;
	struct seal_squeeze squeeze;	/* this worker's compressors */
	struct pieces	 pieces;
	struct buf	 there;		/* the ids of the page's piece files */
	struct buf	 dents;		/* getdents64() reads folders here */
	json_t		*shell;		/* assets_page_ctx() of the last page */
	char		 shell_root[64];	/* ...for this root */
	int		 shell_lang;		/* ...and language */
};

enum outcome gated_key(struct build *, const char *page, struct page_keys *);
void	 gated_keys_free(struct seal_key *, size_t);
int	 gated_keys_add(struct build *, sqlite3_stmt *, struct seal_key **,
	    size_t *);
int	 gated_prepare(struct build *, struct gated *, int64_t who,
	    sqlite3_stmt *readers, int heads);
void	 gated_clear(struct gated *);
void	 scratch_init(struct scratch *);
void	 scratch_free(struct scratch *);
int	 gated_write(const struct build *, struct gated *, struct buf *plain,
	    struct scratch *);
int	 gated_note(struct build *, const struct gated *);
int	 gated_remove(struct build *, const char *page);

/* parts.c: the dashboard's parts, which a coach opens, and their run */
/*
 * The dashboard comes in parts, all at the same depth, so the rows
 * they share link the same way: one per squad, coach/SLUG/, for its
 * coaches and the head coaches, and the team's, for the head coaches
 * alone (who is in no squad, unknown senders, the list of squads).
 */
#define TEAM_PART	"coach/team/"
enum outcome parts_list(struct build *, const char *root, int64_t coach,
	    int head, json_t **);
int	 parts_build(struct build *, int64_t *squads, size_t nsquads, int all);

/* pool.c: the jobs of a build (one a person) and the workers */
/*
 * Everything one person shows up in (their page, their dashboard row):
 * prepared from the database by the main thread, rendered by a worker,
 * noted in the database by the main thread again.
 */
struct job {
	struct person	 p;
	char		 page[64];
	char		 rel[160];	/* their page and magic link */
	int		 athlete;	/* an athlete's page */
	int		 home;		/* a coach's page: their dashboards */
	json_t		*parts;		/* which, for a coach */
	struct gated	 g;
	struct coach_row row;
	int		 rc;
	struct job	*next;
};

/*
 * Workers: each renders, seals and writes pages with its own read-only
 * connection, whose view begins when it starts (no earlier than the
 * main thread's: what was stored since is marked for the next build);
 * the main thread alone notes what they wrote.  At most
 * POOL_WINDOW jobs are out at a time, so memory stays flat.
 */
#define POOL_MAX	8
#define POOL_WINDOW	64
#define POOL_MIN_JOBS	8	/* fewer people: the main thread renders */

struct pool {
	struct build	*b;
	pthread_mutex_t	 mu;
	pthread_cond_t	 todo_cv, done_cv;
	struct job	*todo, **todo_tail, *done, **done_tail;
	int		 stop, failed;
	size_t		 nthreads;
	pthread_t	 thread[POOL_MAX];
};

void	 job_free(struct job *);
int	 job_prepare(struct build *, int64_t id, struct job **);
void	 job_render(const struct build *, const struct render_ctx *,
	    struct job *, struct scratch *);
int	 job_finish(struct build *, struct job *);
size_t	 pool_size(size_t jobs);
int	 worker_open(const struct build *, struct render_ctx *, struct db **);
void	 worker_close(struct scratch *, struct db *);
int	 pool_start(struct pool *, struct build *, size_t n);
void	 pool_submit(struct pool *, struct job *);
struct job *pool_done(struct pool *);
void	 pool_stop(struct pool *);

/* build.c: cox build, over all of the above */
struct build {
	struct workspace	*ws;
	struct render_ctx	*r;
	struct tmpl_set		*tmpl;
	struct page_langs	 langs;
	const char		*site_id;
	char			 site[4096];
	int			 force;
	unsigned		 written, unchanged, removed;
	crypto_generichash_state fp;	/* fingerprint of the inputs */
	unsigned char	 shell_in[32];	/* ...of the templates and words */
	struct seal_key		*head;		/* every page is sealed to */
	size_t			 nhead;
	struct strlist		 unusable;	/* people whose key is not */
	struct readers_seen	 seen;		/* gated.c's readers, once */
	struct site_sender	 sender;	/* what boxes are from */
	struct notes		 notes;		/* what it writes to cox.db */
	struct strlist		 changed;	/* paths written or removed */
};
enum outcome build_site(struct workspace *, int force, unsigned *written);

#endif
