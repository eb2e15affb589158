/*
 * build.c - cox build: the site in site/ from the database; the run
 * over the people whose pages changed, the dashboard, the inputs'
 * fingerprint and the sweep of what a killed build left.  The parts:
 * assets.c, gated.c (one gated page), pool.c (the workers).
 *
 * Work follows what changed: database triggers list the people whose
 * pages show something new (the dirty table), and only those pages and
 * the dashboard are rendered.  A page whose plaintext fingerprint
 * matches the manifest is not rewritten, so an unchanged page stays
 * byte-identical and publishes nothing.  A change to the templates, the
 * assets or the settings pages show makes everything dirty.
 *
 * Files are written (atomically) before the database notes them as
 * built; a crash in between only means the next build redoes them.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gen.h"

/*
 * Writes data to site/rel unless the file already holds exactly that.
 * Returns 1 when it wrote, 0 when the file was the same.
 */
int
build_put(const char *site, const char *rel, const char *data, size_t len)
{
	struct buf	 old = { 0 };
	char		 path[4096];
	struct stat	 st;
	int		 same;

	if (path_join(path, sizeof(path), site, rel) == -1)
		return -1;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len) {
		same = len == 0 || (file_read(path, len, &old) == 0 &&
		    old.len == len && memcmp(old.data, data, len) == 0);
		buf_free(&old);
		if (same)
			return 0;
	}
	/* the site can be rebuilt from cox.db: atomic, but no fsync */
	return file_replace(path, data, len, 0644, FILE_MKDIRS) == -1 ? -1 : 1;
}

int
build_write(struct build *b, const char *rel, const char *data, size_t len)
{
	int	 rc = build_put(b->site, rel, data, len);

	if (rc == 1)
		b->written++;
	else if (rc == 0)
		b->unchanged++;
	return rc == -1 ? -1 : 0;
}

/* A squad, and the part of the dashboard that is its. */
struct squad_part {
	int64_t		 id;
	char		*name;
	char		 page[64];	/* coach/SLUG/ */
	long		 athletes;
};

static void
squad_parts_free(struct squad_part *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* The squads coach coaches (0: every squad), by name. */
static int
squad_parts(struct db *db, int64_t coach, struct squad_part **out, size_t *n)
{
	sqlite3_stmt	*st = db_query(db, STMT_SQUAD_PARTS, "i", coach);
	struct squad_part *v = NULL, *more;
	int		 rc;

	*n = 0;
	while ((rc = db_row(db, st)) == 1) {
		if ((more = reallocarray(v, *n + 1, sizeof(*v))) == NULL) {
			sqlite3_reset(st);
			rc = -1;
			break;
		}
		v = more;
		v[*n].id = sqlite3_column_int64(st, 0);
		v[*n].name = xstrdup(db_text(st, 1));
		snprintf(v[*n].page, sizeof(v[*n].page), "coach/%s/",
		    db_text(st, 2));
		v[(*n)++].athletes = (long)sqlite3_column_int64(st, 3);
	}
	*out = v;
	return rc;
}

/* A part's entry in a list of them, linked from root with its magic
 * link (for a coach who has not set a password yet). */
static int
part_link(struct db *db, json_t *a, const char *root, const char *page,
    const char *name, long athletes)
{
	struct page_keys k;
	char		 secret[64], href[256];
	int		 rc = -1;

	if (pagekey_get(db, page, 0, &k) == 0 &&
	    pagekey_link(&k, secret, sizeof(secret)) == 0 &&
	    snprintf(href, sizeof(href), "%s%s#k=%s", root, page, secret) <
	    (int)sizeof(href))
		rc = json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:b}",
		    "name", name, "href", href, "athletes",
		    (json_int_t)athletes, "one", athletes == 1));
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(href, sizeof(href));
	return rc;
}

/* The athletes in no squad, whom the team's part shows. */
static long
team_athletes(struct build *b)
{
	sqlite3_stmt	*st = db_query(b->ws->db, STMT_TEAM_ATHLETES, "");
	long		 n = 0;

	if (db_row(b->ws->db, st) == 1) {
		n = (long)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return n;
}

/*
 * The parts of the dashboard coach opens, linked from root: a head
 * coach's (head) the team's and every squad's, a coach's their squads'.
 */
json_t *
dashboard_parts(struct build *b, const char *root, int64_t coach, int head)
{
	struct squad_part *v;
	json_t		*a = json_array();
	size_t		 n, i;
	int		 rc;

	rc = squad_parts(b->ws->db, head ? 0 : coach, &v, &n);
	if (rc == 0 && head)
		rc = part_link(b->ws->db, a, root, TEAM_PART, "Team overview",
		    team_athletes(b));
	for (i = 0; rc == 0 && i < n; i++)
		rc = part_link(b->ws->db, a, root, v[i].page, v[i].name,
		    v[i].athletes);
	squad_parts_free(v, n);
	if (rc == -1) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* One part of the dashboard: squad's, or (squad NULL) the team's. */
static int
build_part(struct build *b, struct scratch *s, const struct squad_part *sq,
    json_t *parts)
{
	struct gated	 g;
	int		 rc = -1;

	memset(&g, 0, sizeof(g));
	g.page = sq != NULL ? sq->page : TEAM_PART;
	g.root = "../../";
	g.kind = "coach";
	buf_reset(&s->plain);
	if (pagekey_get(b->ws->db, g.page, 0, &g.k) == 0 &&
	    gated_prepare(b, &g, 0, sq != NULL ? db_query(b->ws->db,
	    STMT_SQUAD_COACH_KEYS, "i", sq->id) : NULL, 1) == 0 &&
	    render_dashboard(b->r, g.root, sq != NULL ? sq->id : 0,
	    sq != NULL ? sq->name : "team overview", parts, &s->plain) == 0 &&
	    gated_write(b, &g, &s->plain, s) == 0)
		rc = gated_note(b, &g);
	gated_clear(&g);
	return rc;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The dashboard's parts: the team's, and those of the squads in
 * squads (n ids), or every squad's when all.  An unchanged part is
 * not rewritten (gated_write()).
 */
static int
build_dashboards(struct build *b, struct scratch *s, int64_t *squads,
    size_t n, int all)
{
	struct squad_part *v;
	json_t		*parts = json_array();
	size_t		 nv, i;
	int		 rc;

	if (n > 0)
		qsort(squads, n, sizeof(*squads), cmp_id);
	rc = squad_parts(b->ws->db, 0, &v, &nv);
	for (i = 0; rc == 0 && i < nv; i++)
		rc = part_link(b->ws->db, parts, "../../", v[i].page,
		    v[i].name, v[i].athletes);
	/* where the one dashboard was, before it came in parts */
	if (rc == 0)
		rc = gated_remove(b, "coach/");
	if (rc == 0)
		rc = build_part(b, s, NULL, parts);
	for (i = 0; rc == 0 && i < nv; i++)
		if (all || (n > 0 && bsearch(&v[i].id, squads, n, sizeof(*squads),
		    cmp_id) != NULL))
			rc = build_part(b, s, &v[i], NULL);
	squad_parts_free(v, nv);
	json_decref(parts);
	return rc;
}

/*
 * Hashes what every page depends on into b->fp: the templates, the
 * settings pages show and the payload's format.  Each page's own
 * fingerprint holds the format too, but a page is only looked at when
 * it is dirty: a new format must make them all dirty once.
 */
static int
fingerprint_inputs(struct build *b)
{
	const char	*keys[][2] = { { "team", "name" }, { "sms", "from" },
	    { "team", "site_id" } };
	struct dirent	*de;
	struct buf	 data = { 0 };
	char		 dir[4096], path[4096];
	DIR		*d;
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
	if (path_join(dir, sizeof(dir), install_datadir(), "site-templates") == -1 ||
	    (d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 6 || strcmp(de->d_name + n - 5, ".html") != 0)
			continue;
		buf_reset(&data);
		if (path_join(path, sizeof(path), dir, de->d_name) == -1 ||
		    file_read(path, 1024 * 1024, &data) == -1)
			continue;
		crypto_generichash_update(&b->fp, (unsigned char *)de->d_name,
		    n + 1);
		crypto_generichash_update(&b->fp, (unsigned char *)data.data,
		    data.len);
	}
	closedir(d);
	buf_free(&data);
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

static int
build_run(struct build *b)
{
	struct pool	 pl;
	struct scratch	 s;
	struct job	*j;
	int64_t		*ids = NULL, *squads = NULL;
	size_t		 n = 0, nsquads = 0, i, out = 0, threads = 0, people;
	int		 rc, dashboard = 0, all = 0;

	memset(&s, 0, sizeof(s));
	/*
	 * 0 is dirty when what every part of the dashboard shows changed
	 * (the squads, the metrics, a page key): the coaches' own pages,
	 * which list the parts, are rendered again too.
	 */
	rc = db_ids(b->ws->db, db_query(b->ws->db, STMT_DIRTY_LIST, ""), &ids,
	    &n);
	if (rc == 0 && (all = n > 0 && ids[0] == 0)) {
		free(ids);
		ids = NULL;
		rc = db_exec(b->ws->db, STMT_DIRTY_COACHES, "") == -1 ||
		    db_ids(b->ws->db, db_query(b->ws->db, STMT_DIRTY_LIST, ""),
		    &ids, &n) == -1 ? -1 : 0;
	}
	/* the head coaches' keys, which every page is sealed to: read once */
	if (rc == 0 && gated_keys_add(b, db_query(b->ws->db, STMT_HEAD_KEYS, ""),
	    &b->head, &b->nhead) == -1)
		rc = -1;
	/* ids holds 0 when only the dashboard changed: not a person */
	for (i = people = 0; i < n; i++)
		people += ids[i] != 0;
	/* no pool when reading failed: threads stays 0, nothing to stop */
	if (rc == 0 && (threads = pool_size(people)) > 0 &&
	    pool_start(&pl, b, threads) == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		dashboard = 1;
		if (ids[i] == 0) {
			rc = db_exec(b->ws->db, STMT_DIRTY_CLEAR, "i", 0);
			continue;
		}
		/* the parts that show them (before they leave a squad, 0
		 * is dirty too) */
		if (!all && (rc = squads_of(b, ids[i], &squads, &nsquads)) ==
		    -1)
			break;
		if ((rc = job_prepare(b, ids[i], &j)) == -1)
			break;
		if (j == NULL) {
			rc = db_exec(b->ws->db, STMT_DIRTY_CLEAR, "i", ids[i]);
			continue;
		}
		if (threads == 0) {
			job_render(b, b->r, j, &s);
			rc = job_finish(b, j);
			continue;
		}
		pool_submit(&pl, j);
		/* what is out stays bounded: take finished ones back */
		for (out++; rc == 0 && out >= POOL_WINDOW; out--)
			rc = job_finish(b, pool_done(&pl));
	}
	for (; threads > 0 && rc == 0 && out > 0; out--)
		rc = job_finish(b, pool_done(&pl));
	if (threads > 0)
		pool_stop(&pl);
	if (rc == 0 && dashboard)
		rc = build_dashboards(b, &s, squads, nsquads, all);
	scratch_free(&s);
	free(squads);
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
 * is writing; the next build to find it (holding the write lock, so no
 * other build writes) sweeps them away.
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
 * A coach (not a head coach) opens the parts of their squads only: one
 * in no squad opens nothing, which is worth a word after each build.
 */
static void
warn_squadless(struct db *db)
{
	sqlite3_stmt	*st = db_query(db, STMT_COACHES_NO_SQUAD, "");

	while (db_row(db, st) == 1)
		log_warn("%s (@%s) is a coach of no squad, so no part of the "
		    "dashboard opens for them: give them one (cox roster edit "
		    "@%s --squad NAME) or make them head coach (--role "
		    "head_coach)", db_text(st, 0), db_text(st, 1),
		    db_text(st, 1));
}

/*
 * Builds the workspace's site (the caller has opened the workspace),
 * everything when force; *written, unless NULL, counts the files
 * written or removed.  Returns OUT_OK, OUT_CONFIG, OUT_IOERR (site/
 * cannot be written) or OUT_FAILED.
 */
enum outcome
build_site(struct workspace *ws, int force, unsigned *written)
{
	struct build	 b;
	char		 tdir[4096], mark[4096];
	enum outcome	 rc = OUT_FAILED;

	memset(&b, 0, sizeof(b));
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
	    tmpl_load_dir(b.tmpl, tdir) == -1)
		goto out;
	if (db_begin(ws->db) == -1)
		goto out;
	if (building_mark(&b, mark, sizeof(mark)) == -1) {
		db_rollback(ws->db);
		goto out;
	}
	if ((b.r = render_new(ws->db, ws->conf, b.tmpl, clock_now())) == NULL ||
	    fingerprint_inputs(&b) == -1 || assets_build(&b) == -1 ||
	    check_fingerprint(&b) == -1 || assets_public(&b) == -1 ||
	    assets_register(&b) == -1 || assets_locators(&b) == -1 ||
	    build_run(&b) == -1) {
		unlink(mark);
		db_rollback(ws->db);
		goto out;
	}
	/* every file is whole: before the lock goes, as another build
	 * may make its own mark the moment it does */
	unlink(mark);
	if (db_meta_stamp(ws->db, "last_build") == -1 ||
	    db_commit(ws->db) == -1) {
		db_rollback(ws->db);
		goto out;
	}
	printf("built %s: %u files written, %u unchanged, %u removed\n",
	    b.site, b.written, b.unchanged, b.removed);
	warn_squadless(ws->db);
	if (written != NULL)
		*written = b.written + b.removed;
	rc = b.unusable.n == 0 ? OUT_OK : OUT_FAILED;
	if (rc != OUT_OK)
		log_error("the site was built, but %zu people's keys could not "
		    "be used (above)", b.unusable.n);
out:
	strlist_free(&b.unusable);
	gated_keys_free(b.head, b.nhead);
	render_free(b.r);
	tmpl_set_free(b.tmpl);
	return rc;
}
