/*
 * scratch.h - a unit test's own database in a folder of its own:
 * scratch_open() makes the folder (dir, a mkdtemp() template), opens
 * cox.db there at the schema's version and runs the fixture's SQL;
 * scratch_close() closes it and removes the folder with every file it
 * left (scratch_remove(), which tests with a folder of other files
 * call themselves: /tmp keeps nothing of a test run).
 */
#ifndef COX_TEST_SCRATCH_H
#define COX_TEST_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/db.h"

static inline int
scratch_open(char *dir, const char *fixture, struct db **db)
{
	char	 path[256], *err = NULL;

	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/cox.db", dir);
	if (db_open(path, db) == -1)
		return -1;
	if (sqlite3_exec(db_handle(*db), fixture, NULL, NULL, &err) !=
	    SQLITE_OK) {
		fprintf(stderr, "fixture: %s\n", err);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Removes dir and everything in it, folders too.  0 or -1. */
static inline int
scratch_remove(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[512];

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path))
			continue;	/* not one of ours */
		if (unlink(path) == -1)
			(void)scratch_remove(path);	/* a folder */
	}
	closedir(d);
	return rmdir(dir);
}

static inline int
scratch_close(const char *dir, struct db *db)
{
	db_close(db);
	return scratch_remove(dir);
}

/*
 * A test file's setup() and teardown() for cmocka's group: the scratch
 * database db in the folder dir (its template), made with fixture.
 */
#define SCRATCH_GROUP(dir, fixture, db)					\
static int								\
setup(void **state)							\
{									\
	(void)state;							\
	return scratch_open(dir, fixture, &db);				\
}									\
static int								\
teardown(void **state)							\
{									\
	(void)state;							\
	return scratch_close(dir, db);					\
}

#endif
