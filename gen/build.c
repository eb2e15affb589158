/*
 * build.c - cox build: the site in site/ from the database.
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
#include <fcntl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "gen.h"

#define ASSET_MAX	(8 * 1024 * 1024)

struct asset {
	const char	*src;		/* under the data folder */
	const char	*dst;		/* under site/ */
	const char	*from, *to;	/* one import to rewrite, or NULL */
	char		 sri[100];
};

static struct asset assets[] = {
	{ "site-templates/style.css", "assets/style.css", NULL, NULL, "" },
	{ "site-templates/unlock.js", "assets/unlock.js", NULL, NULL, "" },
	{ "site-templates/node_modules/libsodium-wrappers-sumo/dist/"
	  "modules-sumo-esm/libsodium-wrappers.mjs", "assets/sodium.mjs",
	  "from\"libsodium-sumo\"", "from\"./libsodium-sumo.mjs\"", "" },
	{ "site-templates/node_modules/libsodium-sumo/dist/modules-sumo-esm/"
	  "libsodium-sumo.mjs", "assets/libsodium-sumo.mjs", NULL, NULL, "" },
	{ "site-templates/account.js", "assets/account.js", NULL, NULL, "" },
	{ "site-templates/pwhash.js", "assets/pwhash.js", NULL, NULL, "" },
	{ "site-templates/register.js", "assets/register.js", NULL, NULL, "" },
};

enum { A_CSS, A_UNLOCK, A_SODIUM, A_CORE, A_ACCOUNT, A_PWHASH, A_REGISTER };

#define PASSWORD_MIN	10	/* as register.js has it */
#define COMMON_SRC	"site-templates/node_modules/@zxcvbn-ts/" \
			"language-common/src/passwords.json"

struct build {
	struct workspace	*ws;
	struct render_ctx	*r;
	struct tmpl_set		*tmpl;
	const char		*site_id;
	char			 site[4096];
	int			 force;
	unsigned		 written, unchanged, removed;
	crypto_generichash_state fp;	/* fingerprint of the inputs */
	struct seal_key		*coach;		/* every page is sealed to */
	size_t			 ncoach;
};

/*
 * Writes data to site/rel unless the file already holds exactly that.
 * Returns 1 when it wrote, 0 when the file was the same.
 */
static int
site_put(const char *site, const char *rel, const char *data, size_t len)
{
	struct buf	 old = { 0 };
	char		 path[4096];
	struct stat	 st;
	int		 same;

	if (path_join(path, sizeof(path), site, rel) == -1)
		return -1;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len) {
		same = file_read(path, len, &old) == 0 && old.len == len &&
		    memcmp(old.data, data, len) == 0;
		buf_free(&old);
		if (same)
			return 0;
	}
	/* the site can be rebuilt from cox.db: atomic, but no fsync */
	return file_replace(path, data, len, 0644, FILE_MKDIRS) == -1 ? -1 : 1;
}

static int
site_write(struct build *b, const char *rel, const char *data, size_t len)
{
	int	 rc = site_put(b->site, rel, data, len);

	if (rc == 1)
		b->written++;
	else if (rc == 0)
		b->unchanged++;
	return rc == -1 ? -1 : 0;
}

static void
sri(const void *data, size_t len, char out[100])
{
	unsigned char	 h[crypto_hash_sha512_BYTES];

	crypto_hash_sha512(h, data, len);
	memcpy(out, "sha512-", 7);
	sodium_bin2base64(out + 7, 100 - 7, h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
}

static size_t
code_points(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * assets/common-passwords.json for the register page: the common
 * passwords of the pinned list that the length rule alone lets by,
 * lower-cased, so the page loads a few kilobytes rather than half a
 * megabyte.
 */
static int
build_common_passwords(struct build *b)
{
	struct buf	 src = { 0 };
	unsigned char	 h[32];
	char		 path[4096], out[4096], hex[65], *text = NULL, *old = NULL;
	json_t		*all = NULL, *list;
	json_error_t	 err;
	size_t		 i, n;
	int		 rc = -1;

	if (path_join(path, sizeof(path), install_datadir(), COMMON_SRC) == -1 ||
	    path_join(out, sizeof(out), b->site,
	    "assets/common-passwords.json") == -1)
		return -1;
	if (file_read(path, ASSET_MAX, &src) == -1) {
		log_error("run 'make' (npm ci in site-templates) first");
		return -1;
	}
	/* the list is read again only when the pinned package changed */
	crypto_generichash(h, sizeof(h), (unsigned char *)src.data, src.len,
	    NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	crypto_generichash_update(&b->fp, h, sizeof(h));
	if (db_meta_get(b->ws->db, "common_passwords", &old) == -1)
		goto out;
	if (old != NULL && strcmp(old, hex) == 0 && file_exists(out)) {
		b->unchanged++;
		rc = 0;
		goto out;
	}
	if ((all = json_loadb(src.data, src.len, 0, &err)) == NULL ||
	    !json_is_array(all)) {
		log_error("%s: %s", path, all ? "not a list" : err.text);
		goto out;
	}
	list = json_array();
	for (i = 0; i < json_array_size(all); i++) {
		const char *p = json_string_value(json_array_get(all, i));
		char low[256];
		if (p == NULL || code_points(p) < PASSWORD_MIN ||
		    strlen(p) >= sizeof(low))
			continue;
		for (n = 0; p[n] != '\0'; n++)
			low[n] = p[n] >= 'A' && p[n] <= 'Z' ? p[n] + 32 : p[n];
		low[n] = '\0';
		json_array_append_new(list, json_string(low));
	}
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	if (text != NULL && site_write(b, "assets/common-passwords.json", text,
	    strlen(text)) == 0)
		rc = db_meta_set(b->ws->db, "common_passwords", hex);
out:
	free(text);
	free(old);
	json_decref(all);
	buf_free(&src);
	return rc;
}

static int
build_assets(struct build *b)
{
	struct buf	 data = { 0 }, fixed = { 0 };
	char		 path[4096], *at;
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++) {
		buf_reset(&data);
		buf_reset(&fixed);
		if (path_join(path, sizeof(path), install_datadir(),
		    assets[i].src) == -1)
			goto out;
		if (file_read(path, ASSET_MAX, &data) == -1) {
			log_error("missing asset; run 'make' (npm ci in "
			    "site-templates) first");
			goto out;
		}
		if (assets[i].from != NULL) {
			at = memmem(data.data, data.len, assets[i].from,
			    strlen(assets[i].from));
			if (at == NULL) {
				log_error("%s: no import of %s to rewrite; is "
				    "the pinned version installed?", path,
				    assets[i].from);
				goto out;
			}
			buf_add(&fixed, data.data, (size_t)(at - data.data));
			buf_puts(&fixed, assets[i].to);
			at += strlen(assets[i].from);
			buf_add(&fixed, at, data.len - (size_t)(at - data.data));
			buf_free(&data);
			data = fixed;
			memset(&fixed, 0, sizeof(fixed));
		}
		sri(data.data, data.len, assets[i].sri);
		crypto_generichash_update(&b->fp, (unsigned char *)
		    assets[i].sri, strlen(assets[i].sri));
		if (site_write(b, assets[i].dst, data.data, data.len) == -1)
			goto out;
	}
	rc = site_write(b, "robots.txt", "User-agent: *\nDisallow: /a/\n"
	    "Disallow: /coach/\nDisallow: /register/\n", 60);
	if (rc == 0)
		rc = build_common_passwords(b);
out:
	buf_free(&data);
	buf_free(&fixed);
	return rc;
}

/* The context every page template shares: paths, integrity, CSP. */
static json_t *
page_ctx(const struct build *b, const char *root)
{
	struct buf	 map = { 0 };
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 maphash[64];
	json_t		*ctx;

	buf_printf(&map, "{\"integrity\":{\"%sassets/sodium.mjs\":\"%s\","
	    "\"%sassets/libsodium-sumo.mjs\":\"%s\","
	    "\"%sassets/account.js\":\"%s\"}}", root,
	    assets[A_SODIUM].sri, root, assets[A_CORE].sri, root,
	    assets[A_ACCOUNT].sri);
	crypto_hash_sha256(h, (unsigned char *)map.data, map.len);
	sodium_bin2base64(maphash, sizeof(maphash), h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "root", root,
	    "team", b->r->team, "sri_css", assets[A_CSS].sri, "sri_unlock",
	    assets[A_UNLOCK].sri, "importmap", map.data, "importmap_hash",
	    maphash);
	buf_free(&map);
	return ctx;
}

/*
 * register/: where an invitation link lands.  It posts to /register of
 * cox sms serve, at [sms] public_url.
 */
static int
build_register(struct build *b)
{
	struct buf	 html = { 0 }, url = { 0 };
	const char	*pub;
	char		 origin[256];
	json_t		*ctx;
	int		 rc = -1;

	/* the origin goes into the page's CSP: rebuilt from parsed parts */
	pub = config_get(b->ws->conf, "sms", "public_url");
	if (url_origin(pub, origin, sizeof(origin)) == 0)
		buf_printf(&url, "%s/register", pub);
	if ((ctx = page_ctx(b, "../")) == NULL)
		goto out;
	json_object_set_new(ctx, "register_url", json_string(url.data ?
	    url.data : ""));
	json_object_set_new(ctx, "register_origin", json_string(origin));
	json_object_set_new(ctx, "sri_register",
	    json_string(assets[A_REGISTER].sri));
	json_object_set_new(ctx, "site_id", json_string(b->site_id));
	if (tmpl_render(b->tmpl, "register.html", ctx, &html) == 0)
		rc = site_write(b, "register/index.html", html.data, html.len);
	json_decref(ctx);
out:
	buf_free(&html);
	buf_free(&url);
	return rc;
}

/* The workspace's pages folder: each markdown file is a public page. */
static int
build_public(struct build *b)
{
	struct dirent	*de;
	struct buf	 md = { 0 }, body = { 0 }, html = { 0 };
	char		 dir[4096], path[4096], out[300];
	json_t		*ctx;
	DIR		*d;
	size_t		 n;
	int		 rc = 0;

	if (workspace_path(b->ws, "pages", dir, sizeof(dir)) == -1)
		return -1;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 4 || n > 200 || strcmp(de->d_name + n - 3, ".md") ||
		    de->d_name[0] == '.')
			continue;
		buf_reset(&md);
		buf_reset(&body);
		buf_reset(&html);
		snprintf(out, sizeof(out), "%.*s.html", (int)(n - 3),
		    de->d_name);
		if (path_join(path, sizeof(path), dir, de->d_name) == -1 ||
		    file_read(path, 1024 * 1024, &md) == -1 ||
		    markdown_html(&body, md.data) == -1 ||
		    (ctx = page_ctx(b, "")) == NULL) {
			rc = -1;
			break;
		}
		json_object_set_new(ctx, "body", json_string(body.data ?
		    body.data : ""));
		rc = tmpl_render(b->tmpl, "public.html", ctx, &html);
		json_decref(ctx);
		if (rc == 0)
			rc = site_write(b, out, html.data, html.len);
	}
	closedir(d);
	buf_free(&md);
	buf_free(&body);
	buf_free(&html);
	return rc;
}

static void
seal_keys_free(struct seal_key *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].wrapped);
	free(v);
}

/* A wrapped secret key as stored, if it is a JSON object. */
static char *
wrapped_json(const char *text)
{
	json_t	*j = json_loads(text, 0, NULL);
	char	*out = NULL;

	if (json_is_object(j) && json_object_size(j) > 0)
		out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
		    JSON_ESCAPE_SLASH);
	json_decref(j);
	return out;
}

/* Appends the keys of st's rows (person, public key, wrapped secret). */
static int
keys_add(struct build *b, sqlite3_stmt *st, struct seal_key **keys,
    size_t *n)
{
	struct seal_key	*more;
	int		 rc;

	while ((rc = db_row(b->ws->db, st)) == 1) {
		if (sqlite3_column_bytes(st, 1) != 32)
			continue;
		if ((more = reallocarray(*keys, *n + 1, sizeof(*more))) ==
		    NULL) {
			sqlite3_reset(st);
			return -1;
		}
		*keys = more;
		memcpy(more[*n].pk, sqlite3_column_blob(st, 1), 32);
		more[(*n)++].wrapped = wrapped_json(db_text(st, 2));
	}
	return rc;
}

/*
 * Keys of people allowed to open a page: who first (the unlock script
 * tries them in order), then the coaches.
 */
static int
page_keys_for(struct build *b, int64_t who, struct seal_key **keys,
    size_t *n)
{
	struct seal_key	*more;
	size_t		 i;

	*keys = NULL;
	*n = 0;
	if (who != 0 && keys_add(b, db_query(b->ws->db, STMT_PERSON_KEYS,
	    "i", who), keys, n) == -1)
		return -1;
	if ((more = reallocarray(*keys, *n + b->ncoach + 1,
	    sizeof(*more))) == NULL)
		return -1;
	*keys = more;
	for (i = 0; i < b->ncoach; i++, (*n)++) {
		memcpy(more[*n].pk, b->coach[i].pk, 32);
		more[*n].wrapped = NULL;
		if (b->coach[i].wrapped != NULL && (more[*n].wrapped =
		    xstrdup(b->coach[i].wrapped)) == NULL)
			return -1;
	}
	return 0;
}

/*
 * One gated page: what the main thread reads from the database for it
 * (keys, the manifest's fingerprint), and what renders it elsewhere.
 */
struct gated {
	const char	*page;		/* "a/SLUG/", "coach/" */
	const char	*root;		/* from the page to the site's top */
	const char	*kind;		/* "athlete", "coach" */
	struct page_keys k;
	struct seal_key	*keys;
	size_t		 nkeys;
	unsigned char	 old[32];	/* the manifest's fingerprint */
	int		 has_old;
	unsigned char	 fp[32];	/* the plaintext's, once rendered */
	int		 sealed;	/* fp is new to the manifest */
	int		 written;	/* and the file had other bytes */
};

static int
gated_prepare(struct build *b, struct gated *g, int64_t who)
{
	sqlite3_stmt	*st;
	char		 file[4096];
	int		 row;

	if (page_keys_for(b, who, &g->keys, &g->nkeys) == -1)
		return -1;
	snprintf(file, sizeof(file), "%sindex.html", g->page);
	st = db_query(b->ws->db, STMT_MANIFEST_GET, "t", file);
	if ((row = db_row(b->ws->db, st)) == -1)
		return -1;
	if (row == 1) {
		g->has_old = sqlite3_column_bytes(st, 0) == 32;
		if (g->has_old)
			memcpy(g->old, sqlite3_column_blob(st, 0), 32);
		sqlite3_reset(st);
	}
	return 0;
}

static void
gated_clear(struct gated *g)
{
	seal_keys_free(g->keys, g->nkeys);
	sodium_memzero(g, sizeof(*g));
}

/*
 * The buffers a thread renders and seals pages in, kept from one page
 * to the next: pages are alike in size, so after the first few nothing
 * is allocated or copied to grow.
 */
struct scratch {
	struct buf	 plain, payload, html, work;
};

static void
scratch_free(struct scratch *s)
{
	if (s->plain.data != NULL)
		sodium_memzero(s->plain.data, s->plain.cap);
	buf_free(&s->plain);
	buf_free(&s->payload);
	buf_free(&s->html);
	buf_free(&s->work);
}

/*
 * Puts the payload (base64 and JSON punctuation, safe in a script
 * element) into the rendered shell's payload script.  Through jansson
 * and the template it would be copied twice more.
 */
static int
payload_insert(struct buf *html, const struct buf *payload)
{
	static const char mark[] = "id=\"payload\">";
	char		*at;
	size_t		 off, tail;

	if ((at = memmem(html->data, html->len, mark, sizeof(mark) - 1)) ==
	    NULL) {
		log_error("shell.html: no <script id=\"payload\">");
		return -1;
	}
	off = (size_t)(at - html->data) + sizeof(mark) - 1;
	tail = html->len - off;
	if (buf_reserve(html, payload->len) == NULL)
		return -1;
	memmove(html->data + off + payload->len, html->data + off, tail + 1);
	memcpy(html->data + off, payload->data, payload->len);
	html->len += payload->len;
	return 0;
}

/*
 * Encrypts plaintext into the page's shell and writes it, unless the
 * manifest says it is unchanged.  Reads no database: workers call it.
 */
static int
gated_write(const struct build *b, struct gated *g, struct buf *plain,
    struct scratch *s)
{
	struct buf	*payload = &s->payload, *html = &s->html;
	char		 file[4096], rel[200];
	json_t		*ctx = NULL;
	int		 rc = -1;

	seal_fingerprint(&g->k, g->keys, g->nkeys, plain->data, plain->len,
	    g->fp);
	if (snprintf(rel, sizeof(rel), "%sindex.html", g->page) >=
	    (int)sizeof(rel) || path_join(file, sizeof(file), b->site, rel)
	    == -1)
		goto out;
	if (g->has_old && memcmp(g->old, g->fp, 32) == 0 &&
	    file_exists(file)) {
		rc = 0;
		goto out;
	}
	buf_reset(payload);
	buf_reset(html);
	if (seal_page(b->site_id, g->page, &g->k, g->keys, g->nkeys,
	    plain->data, plain->len, g->fp, &s->work, payload) == -1 ||
	    (ctx = page_ctx(b, g->root)) == NULL)
		goto out;
	json_object_set_new(ctx, "path", json_string(g->page));
	json_object_set_new(ctx, "kind", json_string(g->kind));
	if (tmpl_render(b->tmpl, "shell.html", ctx, html) == -1 ||
	    payload_insert(html, payload) == -1 ||
	    (rc = site_put(b->site, rel, html->data, html->len)) == -1)
		goto out;
	g->sealed = 1;
	g->written = rc;
	rc = 0;
out:
	json_decref(ctx);
	if (plain->data != NULL)
		sodium_memzero(plain->data, plain->len);
	return rc;
}

/* Notes a page's file in the manifest once it is on disk. */
static int
gated_note(struct build *b, const struct gated *g)
{
	char	 file[200];

	if (g->written)
		b->written++;
	else
		b->unchanged++;
	if (!g->sealed)
		return 0;
	snprintf(file, sizeof(file), "%sindex.html", g->page);
	return db_exec(b->ws->db, STMT_MANIFEST_SET, "tbi", file, g->fp,
	    sizeof(g->fp), (int64_t)time(NULL));
}

/* Removes a page folder that should no longer exist. */
static int
build_remove(struct build *b, const char *page)
{
	char	 file[4096], dir[4096];

	snprintf(file, sizeof(file), "%sindex.html", page);
	if (db_exec(b->ws->db, STMT_MANIFEST_DELETE, "t", file) == -1)
		return -1;
	if (snprintf(dir, sizeof(dir), "%s/%s", b->site, page) >=
	    (int)sizeof(dir) || snprintf(file, sizeof(file), "%sindex.html",
	    dir) >= (int)sizeof(file))
		return -1;
	if (unlink(file) == 0) {
		b->removed++;
		rmdir(dir);
	} else if (errno != ENOENT) {
		log_error("%s: %s", file, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Everything one person shows up in (their page, their dashboard row):
 * prepared from the database by the main thread, rendered by a worker,
 * noted in the database by the main thread again.
 */
struct job {
	struct person	 p;
	char		 page[64];
	char		 rel[160];	/* their page and magic link */
	int		 athlete;	/* has a page */
	struct gated	 g;
	struct coach_row row;
	int		 rc;
	struct job	*next;
};

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	person_clear(&j->p);
	gated_clear(&j->g);
	coach_row_free(&j->row);
	sodium_memzero(j->rel, sizeof(j->rel));
	free(j);
}

/*
 * Reads what person id's share of the build needs.  Sets *out to NULL
 * when nothing is to be rendered (they left: their page and rows go).
 */
static int
job_prepare(struct build *b, int64_t id, struct job **out)
{
	struct job	*j;
	char		 link[64];

	*out = NULL;
	if ((j = calloc(1, sizeof(*j))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	if (person_load(b->ws->db, id, &j->p) == -1) {
		job_free(j);
		/* gone from the table: nothing of theirs may remain */
		return db_exec(b->ws->db, STMT_FRAGMENT_DELETE, "i", id);
	}
	snprintf(j->page, sizeof(j->page), "a/%s/", j->p.slug);
	if (!j->p.active || j->p.role != ROLE_ATHLETE) {
		if (build_remove(b, j->page) == -1 || (!j->p.active &&
		    db_exec(b->ws->db, STMT_FRAGMENT_DELETE, "i", id) == -1)) {
			job_free(j);
			return -1;
		}
		if (!j->p.active) {
			job_free(j);
			return 0;
		}
	}
	j->athlete = j->p.role == ROLE_ATHLETE;
	if (j->athlete) {
		j->g.page = j->page;
		j->g.root = "../../";
		j->g.kind = "athlete";
		if (pagekey_get(b->ws->db, j->page, id, &j->g.k) == -1 ||
		    pagekey_link(&j->g.k, link, sizeof(link)) == -1 ||
		    gated_prepare(b, &j->g, id) == -1) {
			job_free(j);
			return -1;
		}
		snprintf(j->rel, sizeof(j->rel), "../%s#k=%s", j->page, link);
		sodium_memzero(link, sizeof(link));
	}
	*out = j;
	return 0;
}

/* Renders a job's page and row; r reads through its own connection. */
static void
job_render(const struct build *b, const struct render_ctx *r, struct job *j,
    struct scratch *s)
{
	struct athlete_data data;

	j->rc = -1;
	if (render_load(r, j->p.id, &data) == -1)
		return;
	buf_reset(&s->plain);
	if ((!j->athlete || (render_athlete(r, &j->p, &data, j->g.root,
	    &s->plain) == 0 && gated_write(b, &j->g, &s->plain, s) == 0)) &&
	    render_coach_row(r, &j->p, &data, j->page, j->rel,
	    j->p.created_at, &j->row) == 0)
		j->rc = 0;
	render_data_free(&data);
}

/* Stores what a worker rendered. */
static int
job_note(struct build *b, struct job *j)
{
	size_t	 i;

	if (j->rc == -1 || (j->athlete && gated_note(b, &j->g) == -1))
		return -1;
	for (i = 0; i < ROW__MAX; i++)
		if (db_exec(b->ws->db, STMT_FRAGMENT_SET, "itt", j->p.id,
		    coach_row_parts[i], j->row.part[i].data ?
		    j->row.part[i].data : "") == -1)
			return -1;
	return 0;
}

/*
 * Workers: each renders, seals and writes pages with its own read-only
 * connection, whose view is what was committed when the build took the
 * write lock; the main thread alone writes to the database.  At most
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

static void *
pool_worker(void *arg)
{
	struct pool		*pl = arg;
	struct render_ctx	 r = *pl->b->r;
	struct scratch		 s;
	struct db		*db = NULL;
	struct job		*j;
	int			 ok;

	memset(&s, 0, sizeof(s));

	ok = db_open_reader(pl->b->ws->db, &db) == 0 && db_read(db) == 0;
	r.db = db;
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		while (pl->todo == NULL && !pl->stop)
			pthread_cond_wait(&pl->todo_cv, &pl->mu);
		if ((j = pl->todo) == NULL)
			break;
		if ((pl->todo = j->next) == NULL)
			pl->todo_tail = &pl->todo;
		pthread_mutex_unlock(&pl->mu);
		j->next = NULL;
		if (ok)
			job_render(pl->b, &r, j, &s);
		else
			j->rc = -1;
		pthread_mutex_lock(&pl->mu);
		*pl->done_tail = j;
		pl->done_tail = &j->next;
		pthread_cond_signal(&pl->done_cv);
	}
	pthread_mutex_unlock(&pl->mu);
	markdown_done();
	scratch_free(&s);
	if (db != NULL)
		db_rollback(db);
	db_close(db);
	return NULL;
}

static size_t
pool_size(size_t jobs)
{
	const char	*v = getenv("COX_BUILD_THREADS");
	long		 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (v != NULL && parse_long(v, 0, POOL_MAX, &n) == 0)
		return (size_t)n;
	if (jobs < POOL_MIN_JOBS || n < 2)
		return 0;
	return n > POOL_MAX ? POOL_MAX : (size_t)n;
}

static int
pool_start(struct pool *pl, struct build *b, size_t n)
{
	memset(pl, 0, sizeof(*pl));
	pl->b = b;
	pl->todo_tail = &pl->todo;
	pl->done_tail = &pl->done;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->todo_cv, NULL);
	pthread_cond_init(&pl->done_cv, NULL);
	for (; pl->nthreads < n; pl->nthreads++)
		if (pthread_create(&pl->thread[pl->nthreads], NULL,
		    pool_worker, pl) != 0) {
			log_error("cannot start a build thread");
			return -1;
		}
	return 0;
}

static void
pool_submit(struct pool *pl, struct job *j)
{
	pthread_mutex_lock(&pl->mu);
	*pl->todo_tail = j;
	pl->todo_tail = &j->next;
	pthread_cond_signal(&pl->todo_cv);
	pthread_mutex_unlock(&pl->mu);
}

/* The next job a worker finished, waiting for one. */
static struct job *
pool_done(struct pool *pl)
{
	struct job	*j;

	pthread_mutex_lock(&pl->mu);
	while (pl->done == NULL)
		pthread_cond_wait(&pl->done_cv, &pl->mu);
	j = pl->done;
	if ((pl->done = j->next) == NULL)
		pl->done_tail = &pl->done;
	pthread_mutex_unlock(&pl->mu);
	j->next = NULL;
	return j;
}

/* Stops the workers once they finished what they hold. */
static void
pool_stop(struct pool *pl)
{
	struct job	*j;
	size_t		 i;

	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	while ((j = pl->todo) != NULL) {	/* not started: dropped */
		pl->todo = j->next;
		job_free(j);
	}
	pl->todo_tail = &pl->todo;
	pthread_cond_broadcast(&pl->todo_cv);
	pthread_mutex_unlock(&pl->mu);
	for (i = 0; i < pl->nthreads; i++)
		pthread_join(pl->thread[i], NULL);
	while ((j = pl->done) != NULL) {
		pl->done = j->next;
		job_free(j);
	}
	pthread_cond_destroy(&pl->todo_cv);
	pthread_cond_destroy(&pl->done_cv);
	pthread_mutex_destroy(&pl->mu);
}

/* Stores a finished job and clears its person's dirty mark. */
static int
job_finish(struct build *b, struct job *j)
{
	int	 rc;

	rc = job_note(b, j) == -1 || db_exec(b->ws->db, STMT_DIRTY_CLEAR, "i",
	    j->p.id) == -1 ? -1 : 0;
	job_free(j);
	return rc;
}

static int
build_dashboard(struct build *b, struct scratch *s)
{
	struct gated	 g;
	int		 rc = -1;

	memset(&g, 0, sizeof(g));
	g.page = "coach/";
	g.root = "../";
	g.kind = "coach";
	buf_reset(&s->plain);
	if (pagekey_get(b->ws->db, g.page, 0, &g.k) == 0 &&
	    gated_prepare(b, &g, 0) == 0 &&
	    render_dashboard(b->r, g.root, &s->plain) == 0 &&
	    gated_write(b, &g, &s->plain, s) == 0)
		rc = gated_note(b, &g);
	gated_clear(&g);
	return rc;
}

/* Hashes the templates and settings pages depend on into b->fp. */
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

static int
build_run(struct build *b)
{
	struct pool	 pl;
	struct scratch	 s;
	struct job	*j;
	int64_t		*ids = NULL;
	size_t		 n = 0, i, out = 0, threads, people;
	int		 rc, dashboard = 0;

	memset(&s, 0, sizeof(s));
	rc = db_ids(b->ws->db, db_query(b->ws->db, STMT_DIRTY_LIST, ""), &ids,
	    &n);
	/* the coaches' keys, which every page is sealed to: read once */
	if (rc == 0 && keys_add(b, db_query(b->ws->db, STMT_COACH_KEYS, ""),
	    &b->coach, &b->ncoach) == -1)
		rc = -1;
	/* ids holds 0 when only the dashboard changed: not a person */
	for (i = people = 0; i < n; i++)
		people += ids[i] != 0;
	threads = pool_size(people);
	if (rc == 0 && threads > 0 && pool_start(&pl, b, threads) == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		dashboard = 1;
		if (ids[i] == 0) {
			rc = db_exec(b->ws->db, STMT_DIRTY_CLEAR, "i", 0);
			continue;
		}
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
		rc = build_dashboard(b, &s);
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
 * "Today" for the pages (the 28-day wellness window, flags): now, or
 * $COX_NOW in Unix seconds, to rebuild a site as of a given day.
 */
static time_t
build_now(void)
{
	const char	*v = getenv("COX_NOW");
	long		 t;

	if (v != NULL && parse_long(v, 0, 253402300799L, &t) == 0)
		return (time_t)t;
	return time(NULL);
}

/*
 * Builds the workspace's site (the caller has opened the workspace),
 * everything when force; *written, unless NULL, counts the files
 * written or removed.  Returns OUT_OK, OUT_CONFIG or OUT_FAILED.
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
	if ((b.r = render_new(ws->db, ws->conf, b.tmpl, build_now())) == NULL ||
	    fingerprint_inputs(&b) == -1 || build_assets(&b) == -1 ||
	    check_fingerprint(&b) == -1 || build_public(&b) == -1 ||
	    build_register(&b) == -1 ||
	    build_run(&b) == -1) {
		unlink(mark);
		db_rollback(ws->db);
		goto out;
	}
	/* every file is whole: before the lock goes, as another build
	 * may make its own mark the moment it does */
	unlink(mark);
	if (db_commit(ws->db) == -1)
		goto out;
	printf("built %s: %u files written, %u unchanged, %u removed\n",
	    b.site, b.written, b.unchanged, b.removed);
	if (written != NULL)
		*written = b.written + b.removed;
	rc = OUT_OK;
out:
	seal_keys_free(b.coach, b.ncoach);
	render_free(b.r);
	tmpl_set_free(b.tmpl);
	return rc;
}
