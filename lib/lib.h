/*
 * lib.h - what gen/, ingest/ and cmd/ share, as one include: lib/'s
 * headers, one a job, each including only those below it
 * (tests/t/00-layers.t checks):
 *
 *	workspace.h	a workspace, and what is done to one whole
 *	season.h	sessions, plans, availability, check-ins, health
 *	scores.h	metrics, ratings and the blind rule, erg tests
 *	people.h	people, the roster, messages, page keys, accounts
 *	db.h		the one SQLite file
 *	plumbing.h	logging, buffers, files, config, words, ...
 *
 * A file of lib/ includes the headers it needs, never this one.
 * The layers point down only: cox.c -> cmd/ -> gen/, ingest/ -> lib/.
 * Nothing here knows of gen/, ingest/ or cmd/ (tests/layers checks).
 */
#ifndef COX_LIB_H
#define COX_LIB_H

#include "plumbing.h"
#include "db.h"
#include "people.h"
#include "scores.h"
#include "season.h"
#include "workspace.h"

#endif
