/*
 * build.c - cox build: the site in site/ from the database; the run
 * over the people whose pages changed, the dashboard, the inputs'
 * fingerprint and the sweep of what a killed build left.  It calls
 * down into its parts, which never call back: pool.c (the people's
 * pages, by workers), parts.c (the dashboard's parts), assets.c (the
 * files besides gated pages), gated.c (one gated page), sitefile.c
 * (one file of site/) and notes.c (what the build writes to cox.db).
 *
 * Work follows what changed: database triggers list the people whose
 * pages show something new (the dirty table), and only those pages and
 * the dashboard are rendered.  A page whose plaintext fingerprint
 * matches the manifest is not rewritten, so an unchanged page stays
 * byte-identical and publishes nothing.  A change to the templates, the
 * assets or the settings pages show makes everything dirty.
 *
 * A build holds no write lock while it renders, so texts and emails go
 * on being stored: it takes the marks to render (dirty -> dirty_taken)
 * and makes the keys of new pages in short write transactions, renders
 * the people's pages from one read snapshot and the dashboard, which
 * is made of the rows they left, from a second one, and writes what it
 * noted (notes.c) in short write transactions, the last of which
 * deletes the marks it took.  A change stored meanwhile marks dirty
 * again for the next build; a build that stops leaves its marks taken,
 * and the next one renders them with the new.  A page is sealed only
 * with a key already in the database, and files are written
 * (atomically) before the database notes them as built: a crash in
 * between only means the next build redoes them.  One build at a time
 * writes the site, holding the workspace's lock (workspace_lock()),
 * which publish takes too.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gen.h"

/* what a build renders: the marks it took (cox build) */
STMT(STMT_DIRTY_LIST,
    "SELECT person_id FROM dirty_taken ORDER BY person_id");
STMT(STMT_DIRTY_TAKE,
    "INSERT OR IGNORE INTO dirty_taken SELECT person_id FROM dirty");
STMT(STMT_DIRTY_TAKEN, "DELETE FROM dirty");
/*
 * gated pages with no keys yet: the dashboard's, and the active
 * people's among those this build takes (dirty_taken).  Whoever
 * else has none is not rendered by it: a new person is marked, and
 * so is one whose key is dropped (lib/person.c) or found gone
 * (gen/pool.c).  Every person's, a walk of the team, took a fifth
 * of a one-change build.
 */
STMT(STMT_PAGES_KEYLESS,
    "SELECT page, person FROM (SELECT 'a/' || p.slug || '/' AS page, "
    "p.id AS person FROM dirty_taken d CROSS JOIN person p ON p.id = "
    "d.person_id WHERE p.active = 1 UNION ALL "
    "SELECT 'coach/' || slug || '/', 0 FROM squad UNION ALL "
    "SELECT 'coach/team/', 0) "
    "WHERE page NOT IN (SELECT page FROM page_key) LIMIT ?");
/* the keys every page is sealed to */
STMT(STMT_HEAD_KEYS,
    /* person_staff */
    "SELECT k.person_id, k.public_key, k.wrapped_secret "
    "FROM person_key k "
    "JOIN person p ON p.id = k.person_id "
    "WHERE p.active = 1 AND p.role != 'athlete' "
    "AND p.role = 'head_coach' AND k.revoked_at IS NULL ORDER BY k.id");
STMT(STMT_PERSON_SQUAD_IDS,
    "SELECT squad_id FROM membership WHERE person_id = ? "
    "ORDER BY squad_id");
/* the coaches' own pages list the dashboard's parts */
STMT(STMT_DIRTY_COACHES,
    "INSERT OR IGNORE INTO dirty_taken SELECT id FROM person "
    "WHERE active = 1 AND role != 'athlete' AND EXISTS "
    "(SELECT 1 FROM dirty_taken WHERE person_id = 0)");

#ifdef COX_TESTING
/*
 * Tests stop a build at a point to act meanwhile, or to kill it there:
 * with COX_TEST_BUILD_PAUSE=POINT:FILE the build makes FILE the first
 * time it gets to POINT, and goes on once FILE is gone.
 */
static void
build_pause(const char *point)
{
	static char	 done[64];
	const char	*v = getenv("COX_TEST_BUILD_PAUSE");
	size_t		 n = strlen(point);
	int		 fd;

	if (v == NULL || strncmp(v, point, n) != 0 || v[n] != ':' ||
	    strcmp(done, point) == 0)
		return;
	snprintf(done, sizeof(done), "%s", point);
	if ((fd = open(v + n + 1, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return;
	close(fd);
	while (access(v + n + 1, F_OK) == 0)
		poll(NULL, 0, 20);
}
#else
#define build_pause(point)	((void)0)
#endif

/* What the people's pages leave to the dashboard's. */
struct dash {
	int64_t		*squads;	/* whose parts show them */
	size_t		 nsquads;
	int		 any;		/* a part shows something new */
	int		 all;		/* every part does */
};

/* Hashes into h the name and bytes of each file of the data folder's
 * sub whose name ends in suffix. */
static int
fingerprint_dir(crypto_generichash_state *h, const char *sub,
    const char *suffix)
{
	struct dirent	*de;
	struct buf	 data = { 0 };
	char		 dir[4096], path[4096];
	size_t		 n, k = strlen(suffix);
	DIR		*d;

	if (path_join(dir, sizeof(dir), install_datadir(), sub) == -1 ||
	    (d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n <= k || strcmp(de->d_name + n - k, suffix) != 0)
			continue;
		buf_reset(&data);
		if (path_join(path, sizeof(path), dir, de->d_name) == -1 ||
		    file_read(path, 1024 * 1024, &data) == -1)
			continue;
		crypto_generichash_update(h, (unsigned char *)de->d_name,
		    n + 1);
		crypto_generichash_update(h, (unsigned char *)data.data,
		    data.len);
	}
	closedir(d);
	buf_free(&data);
	return 0;
}

/*
 * Hashes what every page depends on into b->fp: the templates, the
 * catalogue of words, the settings pages show and the payload's
 * format.  Each page's own fingerprint holds the format too, but a
 * page is only looked at when it is dirty: a new format, or new words
 * in an upgrade that keeps the version, must make them all dirty once.
 * The templates and words also go into each gated page's fingerprint
 * (b->shell_in, through assets_build()), since the shell around a
 * sealed payload that did not change is made of them.
 */
static int
fingerprint_inputs(struct build *b)
{
	const char	*keys[][2] = { { "team", "name" }, { "sms", "from" },
	    { "team", "site_id" }, { "mail", "address" }, { "smtp", "from" } };
	crypto_generichash_state files;
	size_t		 i;

	crypto_generichash_update(&b->fp, (unsigned char *)COX_VERSION,
	    strlen(COX_VERSION));
	crypto_generichash_update(&b->fp, (const unsigned char *)seal_format,
	    strlen(seal_format) + 1);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = config_get(b->ws->conf, keys[i][0], keys[i][1]);
		crypto_generichash_update(&b->fp, (unsigned char *)(v ? v : ""),
		    strlen(v ? v : "") + 1);
	}
	crypto_generichash_init(&files, NULL, 0, sizeof(b->shell_in));
	if (fingerprint_dir(&files, "site-templates", ".html") == -1 ||
	    fingerprint_dir(&files, WORDS_DIR, ".txt") == -1)
		return -1;
	crypto_generichash_final(&files, b->shell_in, sizeof(b->shell_in));
	crypto_generichash_update(&b->fp, b->shell_in, sizeof(b->shell_in));
	return 0;
}

/*
 * A template set for each shipped language but the team's, for the
 * pages of people who read it (person.language).
 */
static int
langs_load(struct build *b, const char *tdir)
{
	struct page_langs *l = &b->langs;
	const char	*at = words_codes(), *team = words_team();
	size_t		 n;

	while (*at != '\0' && l->n < PAGE_LANGS) {
		n = strcspn(at, ", ");
		if (n > 0 && n < sizeof(l->code[0]) && (strlen(team) != n ||
		    strncmp(at, team, n) != 0)) {
			snprintf(l->code[l->n], sizeof(l->code[0]), "%.*s",
			    (int)n, at);
			if ((l->tmpl[l->n] = tmpl_set_new()) == NULL ||
			    tmpl_set_lang(l->tmpl[l->n], l->code[l->n]) == -1 ||
			    tmpl_load_dir(l->tmpl[l->n], tdir) == -1) {
				tmpl_set_free(l->tmpl[l->n]);
				return -1;
			}
			l->n++;
		}
		at += n;
		at += strspn(at, ", ");
	}
	return 0;
}

/* Marks everything dirty when the inputs' fingerprint moved. */
static int
check_fingerprint(struct build *b)
{
	unsigned char	 h[32];
	char		 hex[65], *old = NULL;
	int		 rc = 0;

	crypto_generichash_final(&b->fp, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (db_meta_get(b->ws->db, "build_inputs", &old) == -1)
		return -1;
	if (b->force || old == NULL || strcmp(old, hex) != 0)
		rc = db_exec(b->ws->db, STMT_DIRTY_ALL, "") == -1 ||
		    db_meta_set(b->ws->db, "build_inputs", hex) == -1 ? -1 : 0;
	free(old);
	return rc;
}

/* Appends person id's squads to *squads. */
static int
squads_of(struct build *b, int64_t id, int64_t **squads, size_t *n)
{
	int64_t	*v = NULL, *more;
	size_t	 k = 0;

	if (db_ids(b->ws->db, db_query(b->ws->db, STMT_PERSON_SQUAD_IDS, "i",
	    id), &v, &k) == -1)
		return -1;
	if (k > 0 && (more = reallocarray(*squads, *n + k,
	    sizeof(*more))) == NULL) {
		free(v);
		return -1;
	}
	if (k > 0) {
		memcpy(more + *n, v, k * sizeof(*v));
		*squads = more;
		*n += k;
	}
	free(v);
	return 0;
}

/* Writes the notes once enough wait (tests may stop it after that). */
static int
build_noted(struct build *b)
{
	if (!notes_due(&b->notes))
		return 0;
	if (notes_write(&b->notes) == -1)
		return -1;
	build_pause("noted");
	return 0;
}

/*
 * Renders the pages of the people whose marks the build took, from
 * the snapshot the caller holds, and says in *d which parts of the
 * dashboard show them.  What is noted is written as it piles up
 * (build_noted()), so memory stays flat and no write is long.
 */
static int
build_people(struct build *b, struct dash *d)
{
	struct pool	 pl;
	struct scratch	 s;
	struct job	*j;
	int64_t		*ids = NULL;
	size_t		 n = 0, i, out = 0, threads = 0, people, done = 0;
	int		 rc;

	scratch_init(&s);
	/*
	 * 0 is taken when what every part of the dashboard shows changed
	 * (the squads, the metrics, a page key); the coaches' own pages,
	 * which list the parts, were taken with it (build_claim()).
	 */
	rc = db_ids(b->ws->db, db_query(b->ws->db, STMT_DIRTY_LIST, ""), &ids,
	    &n);
	d->any = rc == 0 && n > 0;
	d->all = d->any && ids[0] == 0;
	/*
	 * the head coaches' keys, which every athlete's page and every
	 * part is sealed to: read once, when there is a page to make
	 */
	if (rc == 0 && d->any && gated_keys_add(b, db_query(b->ws->db,
	    STMT_HEAD_KEYS, ""), &b->head, &b->nhead) == -1)
		rc = -1;
	/* ids holds 0 when only the dashboard changed: not a person */
	for (i = people = 0; i < n; i++)
		people += ids[i] != 0;
	/* no pool when reading failed: threads stays 0, nothing to stop */
	if (rc == 0 && (threads = pool_size(people)) > 0 &&
	    pool_start(&pl, b, threads) == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		if (ids[i] == 0)
			continue;
		/* the parts that show them (before they leave a squad, 0
		 * is dirty too) */
		if (!d->all && (rc = squads_of(b, ids[i], &d->squads,
		    &d->nsquads)) == -1)
			break;
		if ((rc = job_prepare(b, ids[i], &j)) == -1 || j == NULL)
			continue;
		if (threads == 0) {
			job_render(b, b->r, j, &s);
			rc = job_finish(b, j);
			log_progress("pages", (long)++done, (long)people);
		} else {
			pool_submit(&pl, j);
			/* what is out stays bounded: take finished ones back */
			for (out++; rc == 0 && out >= POOL_WINDOW; out--) {
				rc = job_finish(b, pool_done(&pl));
				log_progress("pages", (long)++done,
				    (long)people);
			}
		}
		if (rc == 0)
			rc = build_noted(b);
	}
	for (; threads > 0 && rc == 0 && out > 0; out--) {
		rc = job_finish(b, pool_done(&pl));
		log_progress("pages", (long)++done, (long)people);
	}
	if (threads > 0)
		pool_stop(&pl);
	log_progress_end();
	scratch_free(&s);
	free(ids);
	return rc;
}

/* Whether name is one of file_replace()'s temporary files: NAME.tmp.PID */
static int
temporary_name(const char *name)
{
	const char	*t = strstr(name, ".tmp.");

	return t != NULL && t != name && t[5] != '\0' &&
	    strspn(t + 5, "0123456789") == strlen(t + 5);
}

/* Removes the temporary files under dir (.git and dot files aside). */
static int
sweep_temporary(const char *dir, unsigned *n)
{
	struct dirent	*de;
	struct stat	 st;
	char		 path[4096];
	DIR		*d;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    path_join(path, sizeof(path), dir, de->d_name) == -1 ||
		    lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = sweep_temporary(path, n);
		else if (S_ISREG(st.st_mode) && temporary_name(de->d_name)) {
			if (unlink(path) == -1) {
				log_error("%s: %s", path, strerror(errno));
				rc = -1;
			} else
				(*n)++;
		}
	}
	closedir(d);
	return rc;
}

/*
 * A build that was killed leaves the files it was writing as NAME.tmp.
 * PID (publish never takes them).  A mark in the workspace says a build
 * is writing; the next build to find it (holding the workspace's lock, so
 * no other build writes) sweeps them away.
 */
static int
building_mark(struct build *b, char *mark, size_t size)
{
	unsigned	 n = 0;
	int		 fd;

	if (workspace_path(b->ws, ".build-running", mark, size) == -1)
		return -1;
	if (file_exists(mark)) {
		if (sweep_temporary(b->site, &n) == -1)
			return -1;
		if (n > 0)
			log_info("removed %u unfinished files of a build that "
			    "was stopped", n);
	}
	if ((fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		log_error("%s: %s", mark, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Takes the marks of the pages to render, in one short write
 * transaction: every page's when the inputs' fingerprint moved, those
 * whose planned sessions' days ended since (their efforts show now),
 * and with the dashboard's (0) the coaches' pages that list its parts.
 * Marks set after it stay in dirty, for the next build.  It reads (or
 * makes) the site's sender key too, which every box this build seals is
 * from: once, so that the keys its readers share with it, made as they
 * come (gated.c), stay its own even when a key dropped meanwhile drops
 * it from cox.db (lib/schema.c, v30).
 */
static int
build_claim(struct build *b)
{
	struct db	*db = b->ws->db;

	if (db_begin(db) == -1)
		return -1;
	if (check_fingerprint(b) == -1 || plan_passed(db, clock_now()) == -1 ||
	    db_exec(db, STMT_DIRTY_TAKE, "") == -1 ||
	    db_exec(db, STMT_DIRTY_TAKEN, "") == -1 ||
	    db_exec(db, STMT_DIRTY_COACHES, "") == -1 ||
	    pagekey_sender(db, &b->sender) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

#define KEYS_PER_TX	256

/*
 * Makes the keys of the pages that have none yet (new people, new
 * squads), KEYS_PER_TX in each short write transaction, before a page
 * is sealed: no file is ever sealed with a key the database has not
 * kept.
 */
static int
build_keys(struct build *b)
{
	struct db	*db = b->ws->db;
	struct page_keys k;
	struct strlist	 pages = { 0 };
	sqlite3_stmt	*st;
	int64_t		 who[KEYS_PER_TX];
	size_t		 i, n;
	int		 rc;

	do {
		strlist_free(&pages);
		if (db_begin(db) == -1)
			return -1;
		st = db_query(db, STMT_PAGES_KEYLESS, "d", KEYS_PER_TX);
		while ((rc = db_row(db, st)) == OUT_ROW && pages.n < KEYS_PER_TX) {
			who[pages.n] = sqlite3_column_int64(st, 1);
			if (strlist_add(&pages, db_text(st, 0)) == -1) {
				sqlite3_reset(st);
				rc = -1;
				break;
			}
		}
		if (rc == 1)
			sqlite3_reset(st);
		n = pages.n;
		for (i = 0; rc != -1 && i < n; i++)
			rc = pagekey_get(db, pages.v[i], who[i], &k);
		sodium_memzero(&k, sizeof(k));
		if (rc == -1 || db_commit(db) == -1) {
			db_rollback(db);
			strlist_free(&pages);
			return -1;
		}
	} while (n == KEYS_PER_TX);
	strlist_free(&pages);
	return 0;
}

/*
 * Renders what the build took, noting as it goes: the public pages
 * and the people's pages from one read snapshot, then the dashboard,
 * which is made of the rows they left, from a second one, once those
 * are written.  The caller ends the snapshot when this fails.
 */
static int
build_render(struct build *b, struct dash *d)
{
	struct db	*db = b->ws->db;

	if (notes_open(&b->notes, db) == -1 || db_read(db) == -1 ||
	    (b->r = render_new(db, b->ws->conf, b->tmpl, clock_now())) ==
	    NULL)
		return -1;
	b->r->langs = &b->langs;
	if (assets_public(b) == -1 || assets_register(b) == -1 ||
	    assets_locators(b) == -1 || build_people(b, d) == -1)
		return -1;
	db_rollback(db);
	if (d->any && (notes_write(&b->notes) == -1 || build_keys(b) == -1 ||
	    db_read(db) == -1 || parts_build(b, d->squads, d->nsquads,
	    d->all) == -1))
		return -1;
	db_rollback(db);
	return 0;
}

/*
 * A coach (not a head coach) opens the parts of their squads only: one
 * in no squad opens nothing, and a squad no coach is in is seen by no
 * one, which is worth a word after each build.
 */
static void
warn_blind_spots(struct db *db)
{
	struct strlist	 say = { 0 };
	size_t		 i;

	if (roster_blind_spots(db, &say, &say) == 0)
		for (i = 0; i < say.n; i++)
			log_warn("%s", say.v[i]);
	strlist_free(&say);
}

/*
 * Builds the workspace's site (the caller has opened the workspace),
 * everything when force; *written, unless NULL, counts the files
 * written or removed.  Returns OUT_OK, OUT_CONFIG, OUT_IOERR (site/
 * cannot be written), OUT_RETRY (another build went on too long) or
 * OUT_FAILED.
 */
enum outcome
build_site(struct workspace *ws, int force, unsigned *written)
{
	struct build	 b;
	struct dash	 d;
	char		 tdir[4096], mark[4096] = "";
	enum outcome	 rc = OUT_FAILED;
	struct timespec	 start;
	size_t		 i;
	int		 locked = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	memset(&b, 0, sizeof(b));
	memset(&d, 0, sizeof(d));
	b.ws = ws;
	b.force = force;
	if (sodium_init() == -1)
		return OUT_FAILED;
	if (config_require(ws->conf, "team", "site_id", "run 'cox init' "
	    "again to make one, or put any random text there", &b.site_id)
	    == -1)
		return OUT_CONFIG;
	if (strlen(b.site_id) < 8 || strlen(b.site_id) > 64 ||
	    strspn(b.site_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	    "vwxyz0123456789-_") != strlen(b.site_id)) {
		config_bad(ws->conf, "team", "site_id", "use 8 to 64 letters, "
		    "digits, '-' or '_' (cox init makes one)");
		return OUT_CONFIG;
	}
	if (workspace_path(ws, "site", b.site, sizeof(b.site)) == 0 &&
	    access(b.site, W_OK) == -1) {
		log_error("%s: cannot write there (%s); cox build writes the "
		    "site into it", b.site, strerror(errno));
		return OUT_IOERR;
	}
	if (workspace_path(ws, "site", b.site, sizeof(b.site)) == -1 ||
	    path_join(tdir, sizeof(tdir), install_datadir(), "site-templates")
	    == -1)
		return OUT_FAILED;
	crypto_generichash_init(&b.fp, NULL, 0, 32);
	if ((b.tmpl = tmpl_set_new()) == NULL ||
	    tmpl_load_dir(b.tmpl, tdir) == -1 || langs_load(&b, tdir) == -1)
		goto out;
	/* one command at a time writes site/ (lib/workspace.c) */
	if ((rc = workspace_lock(ws, "cox build")) != OUT_OK)
		goto out;
	locked = 1;
	rc = OUT_FAILED;
	if (building_mark(&b, mark, sizeof(mark)) == -1) {
		mark[0] = '\0';
		goto out;
	}
	if (sitefile_record_begin(ws) == -1)
		goto out;
	/* the marks to render and the keys to seal with: short writes */
	if (fingerprint_inputs(&b) == -1 || assets_build(&b) == -1 ||
	    build_claim(&b) == -1 || build_keys(&b) == -1)
		goto out;
	build_pause("claimed");
	if (build_render(&b, &d) == -1 || assets_prune(&b) == -1)
		goto out;
	build_pause("finishing");
	if (notes_finish(&b.notes) == -1 || sitefile_record_end(&b) == -1)
		goto out;
	printf("built %s: %u files written, %u unchanged, %u removed\n",
	    b.site, b.written, b.unchanged, b.removed);
	/* the operator's line (the journal's, through the hook) */
	log_info("build: %u files written, %u unchanged, %u removed%s, in "
	    "%ld ms", b.written, b.unchanged, b.removed, force ? " (forced)" :
	    "", log_ms_since(&start));
	warn_blind_spots(ws->db);
	if (written != NULL)
		*written = b.written + b.removed;
	rc = b.unusable.n == 0 ? OUT_OK : OUT_FAILED;
	if (rc != OUT_OK)
		log_error("the site was built, but %zu people's keys could not "
		    "be used (above)", b.unusable.n);
out:
	db_rollback(ws->db);
	/* every file is whole, or swept by the next build */
	if (mark[0] != '\0')
		unlink(mark);
	if (locked)
		workspace_unlock(ws);
	notes_free(&b.notes);
	strlist_free(&b.changed);
	free(d.squads);
	strlist_free(&b.unusable);
	readers_seen_free(&b.seen);
	sodium_memzero(&b.sender, sizeof(b.sender));
	gated_keys_free(b.head, b.nhead);
	render_free(b.r);
	tmpl_set_free(b.tmpl);
	for (i = 0; i < b.langs.n; i++)
		tmpl_set_free(b.langs.tmpl[i]);
	return rc;
}
