/*
 * db.h - the one SQLite file: connections, transactions and queries
 * (db.c, with the statements files write beside them: STMT()), the
 * file layer under them (vfs.c) and the migrations (schema.c); the SQL
 * several files' statements share is sql.h's.  Above the plumbing, below the model.
 */
#ifndef COX_LIB_DB_H
#define COX_LIB_DB_H

#include <sqlite3.h>

#include "plumbing.h"

/* ---- db.c: the statements, written beside their users ---- */

/*
 * A statement cox runs: written beside the code that runs it with
 * STMT() (or, when several files run it, STMT_SHARED() in
 * the file of the noun it is about, declared in this header), values
 * always bound ("?"), never formatted into the text.  db.c prepares
 * each once per connection: STMT() lists every statement in one
 * section of the program ("cox_stmts"), and a statement's place there
 * is its slot in a connection's cache.
 */
struct stmt {
	const char	*name;		/* "STMT_PERSON_BY_ID", for the log */
	const char	*sql;
};
#if defined(__clang__)
#define STMT_NO_ASAN	__attribute__((no_sanitize("address")))
#else
#define STMT_NO_ASAN	/* gcc leaves a sectioned variable alone */
#endif
#define STMT_(scope, name, text) \
	scope const struct stmt name[1] \
	    __attribute__((used, section("cox_stmts"), aligned(16))) \
	    STMT_NO_ASAN = { { #name, text } }
#define STMT(name, text)	STMT_(static, name, text)
#define STMT_SHARED(name, text)	STMT_(, name, text)

/* stmt.c: the statements, counted, by place and by name */
size_t			 stmt_count(void);
size_t			 stmt_index(const struct stmt *);
const struct stmt	*stmt_at(size_t);
const struct stmt	*stmt_named(const char *);


/* ---- db.c: connections, transactions and queries ---- */

struct db;

void		 db_setup(void);
int		 db_open(const char *path, struct db **);
int		 db_open_at(const char *path, int version, struct db **);
int		 db_open_reader(struct db *, struct db **);
int		 db_open_writer(struct db *, struct db **);
void		 db_close(struct db *);
int		 db_sync_apart(struct db *);
int		 db_log_sync(struct db *);
int		 db_log_full(struct db *);
int		 db_log_checkpoint(struct db *);
int		 db_log_restart(struct db *);

sqlite3		*db_handle(struct db *);
int		 db_version(struct db *);
int		 db_begin(struct db *);
int		 db_read(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
int		 db_savepoint(struct db *);
int		 db_release(struct db *);
void		 db_rollback_savepoint(struct db *);
sqlite3_stmt	*db_query(struct db *, const struct stmt *, const char *fmt,
		    ...);
sqlite3_stmt	*db_prepare(struct db *, const char *sql, const char *fmt, ...);
enum outcome	 db_row(struct db *, sqlite3_stmt *);
int		 db_exec(struct db *, const struct stmt *, const char *fmt,
		    ...);
int		 db_ids(struct db *, sqlite3_stmt *, int64_t **, size_t *);
int64_t		 db_last_id(struct db *);
int		 db_changes(struct db *);
int		 db_data_version(struct db *, int64_t *);
const char	*db_text(sqlite3_stmt *, int col);
int		 db_simple(struct db *, const char *sql);
const char	*db_oserr(sqlite3 *, char *, size_t);

/* ---- dbfile.c: cox.db as a file: peeked at, copied, checked, scrubbed ---- */
int		 db_peek(const char *path, int *schema, char *cox, size_t);
int		 db_copy_to(const char *path, const char *dst);
int		 db_quick_check(struct db *);
int		 db_scrub(struct db *, int whole);

/* ---- meta.c: cox.db's own keys and values ---- */

/* its statement that other files run too */
extern const struct stmt STMT_META_SET[1];

int		 db_meta_get(struct db *, const char *key, char **out);
int		 db_meta_set(struct db *, const char *key, const char *value);
int		 db_meta_stamp(struct db *, const char *key);

/* ---- vfs.c: SQLite's file layer, a log frame written in one call ---- */
/* and a database's writes sent on to the disk as they are made */
const char	*db_vfs(void);
#ifdef COX_TESTING
extern size_t	 db_vfs_log_writes;
#endif

/* ---- pcache.c: SQLite's page cache, a commit's truncate only when due ---- */
int		 db_pcache_setup(void);

/* ---- schema.c: forward-only migrations, one a PRAGMA user_version ---- */
extern const int	 db_schema_version;
int		 schema_migrate(sqlite3 *, int target);

/* ---- schema_first.c: the schema cox 0.1.0 shipped, migrations 0-15 ---- */
#define SCHEMA_FIRST	16
extern const char *const schema_first[SCHEMA_FIRST];


#endif
