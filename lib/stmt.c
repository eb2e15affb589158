/*
 * stmt.c - the statements files write with STMT() (db.h), found where
 * the linker gathers them: how many there are, each by its place, which
 * is its slot in every connection's cache (db.c), and by name.
 */
#include <string.h>

#include "plumbing.h"
#include "db.h"

/*
 * Every statement STMT() wrote, in the one section the linker gathers
 * them into: a statement's place there is its slot in each
 * connection's cache, so finding a prepared statement is an index.
 */
extern const struct stmt __start_cox_stmts[], __stop_cox_stmts[];

size_t
stmt_count(void)
{
	return (size_t)(__stop_cox_stmts - __start_cox_stmts);
}

const struct stmt *
stmt_at(size_t i)
{
	return i < stmt_count() ? &__start_cox_stmts[i] : NULL;
}

/* s's place among them: its slot in a connection's cache. */
size_t
stmt_index(const struct stmt *s)
{
	return (size_t)(s - __start_cox_stmts);
}

/* The statement called name ("STMT_OUTBOX_DUE"), or NULL: for tests. */
const struct stmt *
stmt_named(const char *name)
{
	size_t	 i;

	for (i = 0; i < stmt_count(); i++)
		if (strcmp(__start_cox_stmts[i].name, name) == 0)
			return &__start_cox_stmts[i];
	return NULL;
}
