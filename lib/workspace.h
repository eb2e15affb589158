/*
 * workspace.h - the top of lib/: a workspace (cox.conf, cox.db and
 * site/ under one folder) and what is done to one whole: opening and
 * locking it (workspace.c), the demo team (demo.c), a backup
 * (backup.c), a person's export (export.c) and erasure (erase.c), and
 * its hooks (hook.c).
 */
#ifndef COX_LIB_WORKSPACE_H
#define COX_LIB_WORKSPACE_H

#include "season.h"

/* ---- workspace.c: cox.conf + cox.db + site/ under one folder ---- */

struct workspace {
	char		 dir[4096];
	struct config	*conf;
	struct db	*db;
	int		 lock;		/* .lock's descriptor, while locks */
	unsigned	 locks;		/* workspace_lock()s not undone */
};

/* a new cox.conf's country and zone, and what chose them */
enum place_from { PLACE_DEFAULT, PLACE_COUNTRY, PLACE_MACHINE,
	PLACE_LANGUAGE };
struct place {
	char		 cc[3];
	char		 zone[64];	/* "" when left unset */
	enum place_from	 from;
	char		 machine[64];	/* the machine's zone as read, or "" */
	const char	*machine_from;	/* where: "TZ", "/etc/localtime"... */
};
void	 workspace_place(const char *lang, const char *country,
	    struct place *);
int	 workspace_country_zones(const char *country, char first[64]);
int	 workspace_create(const char *dir, const char *lang, const char *cc,
	    const char *zone, const char *authserv, struct strlist *made);
enum outcome workspace_open(const char *dir, struct workspace *);
enum outcome workspace_open_new(const char *dir, struct workspace *);
void	 workspace_close(struct workspace *);
enum outcome workspace_lock(struct workspace *, const char *what);
void	 workspace_unlock(struct workspace *);
int	 workspace_path(const struct workspace *, const char *name,
	    char *dst, size_t size);
const char *workspace_country(const struct workspace *);
/* cox init's [site] base_url, which leads nowhere */
#define SITE_URL_EXAMPLE	"https://example.org/team"
const char *workspace_base_url(const struct config *);

/* ---- upgrade.c: an older cox's cox.db, waited for, copied, migrated ---- */

int	 upgrade_wait(const char *path, int from, const char *cox);
int	 upgrade_backup(const char *path, int from, const char *cox,
	    char *dst, size_t size);
void	 upgrade_note(struct workspace *, int from, const char *cox,
	    const char *backup);

/* ---- demo.c: the demo team's invented history ---- */

int		 demo_rand(int lo, int hi);
enum outcome	 demo_seed(const char *dir, int *seeded);

/* ---- backup.c: a workspace in one encrypted file, and back ---- */

struct backup_stats {
	unsigned	 files;
	uint64_t	 bytes;
};

enum outcome backup_write(const struct workspace *, const char *file,
	    const char *pass, struct backup_stats *);
enum outcome backup_restore(const char *file, const char *dir,
	    const char *pass, struct backup_stats *, char *info, size_t isize);
#define BACKUP_PREFIX	"cox-"		/* cox backup's files in [backup] dir */
#define BACKUP_SUFFIX	".coxbak"
int	 backup_list(const char *dir, struct strlist *names);

/* ---- export.c: everything stored about one person, to take home ---- */

/* its statements that other files run too */
extern const struct stmt STMT_ERASE_RATING_GIVEN[1];


#define EXPORT_FP_MAX	17	/* a key's fingerprint: 16 hex digits, NUL */
void	 export_fingerprint(const void *key, size_t len,
	    char out[EXPORT_FP_MAX]);
/* A person's export in memory (export_person_build()). */
struct person_export {
	char		*json;		/* person.json: every table */
	struct buf	*csv;		/* NAME.csv of each person_tables[i] */
	size_t		*counts;	/* the rows of each */
	size_t		 rows;		/* in all the tables */
	size_t		 held;		/* coach scores the blind rule
					   left out (still to answer) */
};
enum outcome export_person_build(struct db *, int64_t person,
	    struct person_export *);
void	 export_person_clear(struct person_export *);
enum outcome export_person(struct db *, int64_t person, const char *dir,
	    size_t *rows, size_t *held);
/*
 * Every table that holds rows of a person: what cox export person
 * writes of it and what cox roster erase does to them.  A table added
 * to the schema that names a person is one more entry, here only.
 */
struct person_table {
	const char	*name;		/* NAME.csv of the export */
	const struct stmt *select;	/* the rows of person ?1 */
	const struct stmt *erase;	/* deletes (or unlinks) them */
	const char	*args;		/* erase's: "i" person ?1, "" the
					   messages marked (erase.c) */
	int		 blind;		/* its first column is a rating's
					   id, left out while the blind
					   rule hides that rating */
};
extern const struct person_table person_tables[];
extern const size_t person_ntables;

/* ---- erase.c: a person's rows gone, and rows past their time ---- */

/* its statements that other files run too */
extern const struct stmt STMT_FRAGMENT_DELETE[1];


enum outcome erase_count(struct db *, int64_t person, size_t *counts);
struct erase_names;
/* Mail about an erased person that cox.db's copies stood for. */
struct erase_mail {
	struct strlist	 hashes;	/* mail/raw/ copies of what came */
	struct strlist	 keys;		/* Maildir entries of what came */
	struct strlist	 maildirs;	/* the Maildirs mail came through */
	size_t		 imap;		/* of what came, by IMAP */
	size_t		 sent;		/* emails to others that named them */
};
enum outcome erase_mail_find(struct db *, struct erase_names *,
	    int64_t person, struct erase_mail *);
void	 erase_mail_free(struct erase_mail *);
enum outcome erase_rows(struct db *, int64_t person, const char *slug,
	    size_t *texts);
struct retain_counts {
	int64_t		 wellness, sessions, messages, ratings, seat_races;
};
enum outcome erase_before(struct db *, time_t cut, time_t ratings_cut,
	    struct retain_counts *);
time_t	 erase_months_ago(time_t now, long months);

/* ---- erase_names.c: what names an erased person in others' words ---- */

struct erase_names *erase_names_new(struct db *, int64_t person);
void	 erase_names_free(struct erase_names *);
int	 erase_names_text(const struct erase_names *, const char *);
int	 erase_names_sql(struct db *, struct erase_names *);
int	 erase_names_redact(struct db *, const struct person *, size_t *texts);

/* ---- hook.c: the workspace's hooks/, and post-ingest's debounce ---- */

int	 hook_run(const struct workspace *, const char *name,
	    char *const env[]);
int	 hook_post_ingest(const struct workspace *);
int	 hook_busy(const struct workspace *);
void	 hook_ingested(const struct workspace *, int busy);
enum outcome hook_runner_main(const char *dir, const char *fd);

#endif
