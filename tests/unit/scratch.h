/*
 * scratch.h - a unit test's own database in a folder of its own:
 * scratch_open() makes the folder (dir, a mkdtemp() template), opens
 * cox.db there at the schema's version and runs the fixture's SQL;
 * scratch_close() closes it and removes every file it left.
 */
#ifndef COX_TEST_SCRATCH_H
#define COX_TEST_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../lib/lib.h"

static int
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

static int
scratch_close(const char *dir, struct db *db)
{
	static const char *const files[] = { "cox.db", "cox.db-wal",
	    "cox.db-shm" };
	char	 path[256];
	size_t	 i;

	db_close(db);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		(void)unlink(path);	/* the WAL files may be gone already */
	}
	return rmdir(dir);
}

#endif
