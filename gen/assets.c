/*
 * assets.c - what cox build writes besides gated pages: the assets
 * (stylesheet, scripts, libsodium.js, each named by a hash of its bytes
 * and with its integrity hash), the service worker that keeps them and
 * the pages a reader opened for offline use, the common-password list
 * of the register page, the register page itself, and the public pages
 * made from the markdown files in the workspace's pages/.
 * Each file is written only when its bytes changed; assets no page
 * names any more are removed.
 */
#include <dirent.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gen.h"

/* what "Open my page" finds: l/LOCATOR.json of each usable key */
STMT(STMT_LOCATORS,
    "SELECT k.locator, p.slug, k.public_key, k.located "
    "FROM person_key k JOIN person p ON p.id = k.person_id "
    "WHERE k.locator IS NOT NULL AND k.revoked_at IS NULL "
    "AND p.active = 1 ORDER BY k.locator");

#define ASSET_MAX	(8 * 1024 * 1024)
#define HASH_HEX	12	/* hex digits of an asset's name hash */

/*
 * The assets, in the order they are written: each one's file name
 * carries a hash of its bytes (style.0123456789ab.css), so a browser
 * or the service worker may keep it for ever, and an asset that imports
 * an earlier one names it so ("./account.js" is rewritten), which
 * makes a change run up to every asset that depends on it.
 */
struct asset {
	const char	*src;		/* under the data folder; NULL: made */
	const char	*name;		/* under assets/, before hashing */
	const char	*from, *to;	/* one string to rewrite, or NULL */
	char		 file[64];	/* under assets/, hashed */
	char		 sri[100];
};

static struct asset assets[] = {
	{ "site-templates/style.css", "style.css", NULL, NULL, "", "" },
	{ "site-templates/node_modules/libsodium-sumo/dist/modules-sumo-esm/"
	  "libsodium-sumo.mjs", "libsodium-sumo.mjs", NULL, NULL, "", "" },
	{ "site-templates/node_modules/libsodium-wrappers-sumo/dist/"
	  "modules-sumo-esm/libsodium-wrappers.mjs", "sodium.mjs",
	  "from\"libsodium-sumo\"", "from\"./libsodium-sumo.mjs\"", "", "" },
	{ NULL, "words.js", NULL, NULL, "", "" },
	{ "site-templates/pwhash.js", "pwhash.js", NULL, NULL, "", "" },
	{ "site-templates/account.js", "account.js", NULL, NULL, "", "" },
	{ "site-templates/lazy.js", "lazy.js", NULL, NULL, "", "" },
	/* pako's inflater, for browsers that do not inflate: inflate.js;
	 * without the name of a source map the site does not serve */
	{ "site-templates/node_modules/pako/dist/browser/"
	  "pako_inflate.esm.min.mjs", "pako-inflate.mjs",
	  "//# sourceMappingURL=pako_inflate.esm.min.mjs.map", "", "", "" },
	{ "site-templates/inflate.js", "inflate.js", NULL, NULL, "", "" },
	{ "site-templates/mydata.js", "mydata.js", NULL, NULL, "", "" },
	{ "site-templates/unlock.js", "unlock.js", NULL, NULL, "", "" },
	{ "site-templates/open.js", "open.js", NULL, NULL, "", "" },
	{ "site-templates/register.js", "register.js", NULL, NULL, "", "" },
};

enum { A_CSS, A_CORE, A_SODIUM, A_WORDS, A_PWHASH, A_ACCOUNT, A_LAZY,
    A_PAKO, A_INFLATE, A_MYDATA, A_UNLOCK, A_OPEN, A_REGISTER, A_COUNT };

/* words.js in each language of b->langs, "words-fr.js" and so on. */
static char		 lang_name[PAGE_LANGS][24];
static struct asset	 lang_words[PAGE_LANGS];
static size_t		 nlang_words;

#define SW_SRC		"site-templates/sw.js"
#define COMMON_FILE	"common-passwords.json"

/* A hash of every asset's name: what the shells of gated pages name. */
static unsigned char	 assets_fp[32];

#define PASSWORD_MIN	10	/* as register.js has it */
#define COMMON_SRC	"site-templates/node_modules/@zxcvbn-ts/" \
			"language-common/src/passwords.json"


static void
sri(const void *data, size_t len, char out[100])
{
	unsigned char	 h[crypto_hash_sha512_BYTES];

	crypto_hash_sha512(h, data, len);
	memcpy(out, "sha512-", 7);
	sodium_bin2base64(out + 7, 100 - 7, h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
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
		log_error("run 'make deps' (npm ci in site-templates) first");
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
		if (p == NULL || utf8_chars(p) < PASSWORD_MIN ||
		    strlen(p) >= sizeof(low))
			continue;
		for (n = 0; p[n] != '\0'; n++)
			low[n] = p[n] >= 'A' && p[n] <= 'Z' ? p[n] + 32 : p[n];
		low[n] = '\0';
		json_array_append_new(list, json_string(low));
	}
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	if (text != NULL && sitefile_write(b, "assets/common-passwords.json",
	    text, strlen(text)) == OUT_OK)
		rc = notes_meta(&b->notes, "common_passwords", hex);
out:
	free(text);
	free(old);
	json_decref(all);
	buf_free(&src);
	return rc;
}

static int
js_word(const char *name, const char *text, void *arg)
{
	if (strncmp(name, "js.", 3) != 0)
		return 0;
	return json_object_set_new(arg, name, json_string(text)) == 0 ? 0 : -1;
}

/*
 * assets/words.js into js: the words the page scripts show (the
 * catalogue's "js." entries) in lang (NULL: the team's) as a module
 * account.js imports, one file the browser caches rather than the same
 * bytes in every page.  A page in another language maps the import to
 * its own (assets_page_ctx()).
 */
static int
words_js(const char *lang, struct buf *js)
{
	json_t		*o = json_object();
	char		*s = NULL;
	int		 rc = -1;

	if (o == NULL || words_each(lang, js_word, o) != 0 ||
	    (s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto out;
	buf_puts(js, "// The words of the page scripts (lib/words/), made by "
	    "cox build.\nexport default ");
	buf_puts(js, s);
	buf_puts(js, ";\n");
	rc = buf_failed(js) ? -1 : 0;
out:
	json_decref(o);
	free(s);
	return rc;
}

/*
 * Replaces each from in *data by to.  Returns how many it replaced, or
 * -1 out of memory (*data is then as it was).
 */
static int
replace_all(struct buf *data, const char *from, const char *to)
{
	struct buf	 out = { 0 };
	const char	*at, *end = data->data + data->len, *p = data->data;
	size_t		 n = strlen(from);
	int		 count = 0;

	while (p < end && (at = memmem(p, (size_t)(end - p), from, n)) !=
	    NULL) {
		buf_add(&out, p, (size_t)(at - p));
		buf_puts(&out, to);
		p = at + n;
		count++;
	}
	if (count == 0)
		return 0;
	buf_add(&out, p, (size_t)(end - p));
	if (buf_failed(&out)) {
		buf_free(&out);
		return -1;
	}
	buf_free(data);
	*data = out;
	return count;
}

/*
 * Asset i's bytes into data, as the site serves them: read (or made),
 * its one import rewritten, and the earlier assets it names ("./x.js")
 * named by their hashed files.  Returns 0 or -1 (said).
 */
static int
asset_bytes(int i, struct buf *data)
{
	const struct asset *a = &assets[i];
	char		 path[4096], was[80], now[80];
	int		 j;

	if (a->src == NULL)
		return words_js(NULL, data);
	if (path_join(path, sizeof(path), install_datadir(), a->src) == -1)
		return -1;
	if (file_read(path, ASSET_MAX, data) == -1) {
		log_error("missing asset; run 'make deps' (npm ci in "
		    "site-templates) first");
		return -1;
	}
	if (a->from != NULL && replace_all(data, a->from, a->to) != 1) {
		log_error("%s: no %s to rewrite; is the pinned version "
		    "installed?", path, a->from);
		return -1;
	}
	for (j = 0; j < i; j++) {
		snprintf(was, sizeof(was), "\"./%s\"", assets[j].name);
		snprintf(now, sizeof(now), "\"./%s\"", assets[j].file);
		if (replace_all(data, was, now) == -1)
			return -1;
	}
	return 0;
}

/* Names asset a by its bytes: "NAME.HASH.EXT", and its integrity. */
static void
asset_name(struct asset *a, const struct buf *data)
{
	unsigned char	 h[HASH_HEX / 2];
	char		 hex[HASH_HEX + 1];
	const char	*ext = strrchr(a->name, '.');

	crypto_generichash(h, sizeof(h), (unsigned char *)data->data,
	    data->len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(a->file, sizeof(a->file), "%.*s.%s%s", (int)(ext - a->name),
	    a->name, hex, ext);
	sri(data->data, data->len, a->sri);
}

/*
 * sw.js at the site's top, the service worker: the hashed assets it
 * keeps, and a version that moves with them, before its code
 * (site-templates/sw.js).  Its own name cannot change: browsers look
 * for a new one at the same address.
 */
static int
assets_worker(struct build *b)
{
	struct buf	 js = { 0 }, code = { 0 };
	char		 path[4096], hex[17];
	size_t		 i;
	int		 rc = -1;

	if (path_join(path, sizeof(path), install_datadir(), SW_SRC) == -1 ||
	    file_read(path, ASSET_MAX, &code) == -1)
		goto out;
	sodium_bin2hex(hex, sizeof(hex), assets_fp, 8);
	buf_printf(&js, "// Made by cox build: the assets to keep.\n"
	    "const VERSION = \"%s\";\nconst ASSETS = [", hex);
	for (i = 0; i < A_COUNT; i++)
		buf_printf(&js, "%s\"assets/%s\"", i ? ", " : "",
		    assets[i].file);
	for (i = 0; i < nlang_words; i++)
		buf_printf(&js, ", \"assets/%s\"", lang_words[i].file);
	buf_puts(&js, "];\n\n");
	buf_add(&js, code.data, code.len);
	if (!buf_failed(&js) && sitefile_write(b, "sw.js", js.data, js.len) ==
	    OUT_OK)
		rc = 0;
out:
	buf_free(&js);
	buf_free(&code);
	return rc;
}

int
assets_build(struct build *b)
{
	crypto_generichash_state h;
	struct buf	 data = { 0 };
	char		 rel[80];
	int		 i, rc = -1;

	crypto_generichash_init(&h, NULL, 0, sizeof(assets_fp));
	/* the shell's templates and words: what a page names is theirs */
	crypto_generichash_update(&h, b->shell_in, sizeof(b->shell_in));
	for (i = 0; i < A_COUNT; i++) {
		buf_reset(&data);
		if (asset_bytes(i, &data) == -1)
			goto out;
		asset_name(&assets[i], &data);
		crypto_generichash_update(&h, (unsigned char *)assets[i].file,
		    strlen(assets[i].file) + 1);
		snprintf(rel, sizeof(rel), "assets/%s", assets[i].file);
		if (sitefile_write(b, rel, data.data, data.len) != OUT_OK)
			goto out;
	}
	for (nlang_words = 0; nlang_words < b->langs.n; nlang_words++) {
		struct asset *a = &lang_words[nlang_words];
		const char *code = b->langs.code[nlang_words];

		buf_reset(&data);
		snprintf(lang_name[nlang_words], sizeof(lang_name[0]),
		    "words-%s.js", code);
		memset(a, 0, sizeof(*a));
		a->name = lang_name[nlang_words];
		if (words_js(code, &data) == -1)
			goto out;
		asset_name(a, &data);
		crypto_generichash_update(&h, (unsigned char *)a->file,
		    strlen(a->file) + 1);
		snprintf(rel, sizeof(rel), "assets/%s", a->file);
		if (sitefile_write(b, rel, data.data, data.len) != OUT_OK)
			goto out;
	}
	crypto_generichash_final(&h, assets_fp, sizeof(assets_fp));
	crypto_generichash_update(&b->fp, assets_fp, sizeof(assets_fp));
	rc = assets_worker(b);
	if (rc == 0)
		rc = sitefile_write(b, "robots.txt", "User-agent: *\n"
		    "Disallow: /a/\nDisallow: /coach/\nDisallow: /l/\n"
		    "Disallow: /register/\n", 81);
	/* GitHub Pages runs Jekyll unless told not to, and Jekyll drops
	 * every path that starts with '_', as a random slug may */
	if (rc == 0)
		rc = sitefile_write(b, ".nojekyll", "", 0);
	if (rc == 0)
		rc = build_common_passwords(b);
out:
	buf_free(&data);
	return rc;
}

/*
 * Mixes what the shell of a gated page is made of (the assets' files,
 * the templates and the words) into fp, a page's fingerprint: a page
 * is written again when they change, its sealed payload as it was.
 */
void
assets_shell_fp(const unsigned char content[32], unsigned char fp[32])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, content, 32);
	crypto_generichash_update(&h, assets_fp, sizeof(assets_fp));
	crypto_generichash_final(&h, fp, 32);
}

/*
 * Removes from assets/ what this build did not write: the files of
 * assets since changed, which no page names once every page was
 * written again (the build does that when they change).  Called after
 * the pages.
 */
int
assets_prune(struct build *b)
{
	struct dirent	*de;
	char		 dir[4096], path[4096], rel[300];
	DIR		*d;
	size_t		 k = 0;
	int		 i, rc = 0;

	if (path_join(dir, sizeof(dir), b->site, "assets") == -1)
		return -1;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		for (i = 0; i < A_COUNT; i++)
			if (strcmp(de->d_name, assets[i].file) == 0)
				break;
		for (k = 0; i == A_COUNT && k < nlang_words; k++)
			if (strcmp(de->d_name, lang_words[k].file) == 0)
				break;
		if (i < A_COUNT || k < nlang_words || de->d_name[0] == '.' ||
		    strcmp(de->d_name, COMMON_FILE) == 0 ||
		    path_join(path, sizeof(path), dir, de->d_name) == -1 ||
		    unlink(path) == -1)
			continue;
		b->removed++;
		snprintf(rel, sizeof(rel), "assets/%s", de->d_name);
		if (sitefile_changed(b, rel) == -1)
			rc = -1;
	}
	closedir(d);
	return rc;
}

/* An asset's path from a page (root: to the site's top). */
static json_t *
asset_path(const char *root, int i)
{
	return json_sprintf("%sassets/%s", root, assets[i].file);
}

/*
 * The context every page template shares: the team, the assets' paths
 * and integrity, the import map (integrity of the modules the scripts
 * import; for a page in the language lang of b->langs, 1 + its index,
 * the words they import mapped to its own) and its hash for the CSP.
 */
json_t *
assets_page_ctx(const struct build *b, const char *root, int lang)
{
	static const int mods[] = { A_SODIUM, A_CORE, A_ACCOUNT, A_WORDS,
	    A_LAZY, A_PAKO, A_INFLATE, A_MYDATA };
	const struct asset *words = lang > 0 && (size_t)lang <= nlang_words ?
	    &lang_words[lang - 1] : NULL;
	struct buf	 map = { 0 };
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 maphash[64];
	json_t		*ctx = NULL;
	size_t		 i;

	buf_puts(&map, "{");
	/* a page in another language: its scripts import its words */
	if (words != NULL)
		buf_printf(&map, "\"imports\":{\"%sassets/%s\":\"%sassets/%s\"},",
		    root, assets[A_WORDS].file, root, words->file);
	buf_puts(&map, "\"integrity\":{");
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
		buf_printf(&map, "%s\"%sassets/%s\":\"%s\"", i ? "," : "",
		    root, assets[mods[i]].file, assets[mods[i]].sri);
	if (words != NULL)
		buf_printf(&map, ",\"%sassets/%s\":\"%s\"", root,
		    words->file, words->sri);
	buf_puts(&map, "}}");
	if (buf_failed(&map))
		goto out;
	crypto_hash_sha256(h, (unsigned char *)map.data, map.len);
	sodium_bin2base64(maphash, sizeof(maphash), h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
	ctx = json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:s, s:s}",
	    "root", root, "team", b->r->team, "css", asset_path(root, A_CSS),
	    "sri_css", assets[A_CSS].sri, "js_unlock", asset_path(root,
	    A_UNLOCK), "sri_unlock", assets[A_UNLOCK].sri, "js_open",
	    asset_path(root, A_OPEN), "sri_open", assets[A_OPEN].sri,
	    "importmap", map.data, "importmap_hash", maphash);
out:
	buf_free(&map);
	return ctx;
}

/*
 * register/ (and register/LANG/ for each language of b->langs): where
 * an invitation link lands, in the invited person's language
 * (invite_make()).  It posts to /register of cox sms serve, at [sms]
 * public_url.
 */
static int
register_page(struct build *b, int lang, const char *root, const char *rel,
    const char *url, const char *origin)
{
	struct buf	 html = { 0 };
	json_t		*ctx;
	int		 rc = -1;

	if ((ctx = assets_page_ctx(b, root, lang)) == NULL)
		return -1;
	json_object_set_new(ctx, "register_url", json_string(url));
	json_object_set_new(ctx, "register_origin", json_string(origin));
	json_object_set_new(ctx, "js_register", asset_path(root, A_REGISTER));
	json_object_set_new(ctx, "sri_register",
	    json_string(assets[A_REGISTER].sri));
	json_object_set_new(ctx, "site_id", json_string(b->site_id));
	if (tmpl_render(lang > 0 ? b->langs.tmpl[lang - 1] : b->tmpl,
	    "register.html", ctx, &html) == 0)
		rc = sitefile_write(b, rel, html.data, html.len);
	json_decref(ctx);
	buf_free(&html);
	return rc;
}

int
assets_register(struct build *b)
{
	struct buf	 url = { 0 };
	const char	*pub;
	char		 origin[256], rel[64];
	size_t		 i;
	int		 rc = -1;

	/* the origin goes into the page's CSP: rebuilt from parsed parts */
	origin[0] = '\0';
	pub = config_get(b->ws->conf, "sms", "public_url");
	if (url_origin(pub, origin, sizeof(origin)) == 0 &&
	    buf_printf(&url, "%s/register", pub) == -1)
		goto out;
	rc = register_page(b, 0, "../", "register/index.html",
	    url.data ? url.data : "", origin);
	for (i = 0; rc == 0 && i < b->langs.n; i++) {
		snprintf(rel, sizeof(rel), "register/%s/index.html",
		    b->langs.code[i]);
		rc = register_page(b, (int)i + 1, "../../", rel,
		    url.data ? url.data : "", origin);
	}
out:
	buf_free(&url);
	return rc;
}

/* The workspace's pages folder: each markdown file is a public page. */
int
assets_public(struct build *b)
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
		    (ctx = assets_page_ctx(b, "", 0)) == NULL) {
			rc = -1;
			break;
		}
		json_object_set_new(ctx, "body", json_string(body.data ?
		    body.data : ""));
		/* the home page: "Open my page" */
		if (strcmp(out, "index.html") == 0) {
			json_object_set_new(ctx, "open", json_true());
			json_object_set_new(ctx, "site_id",
			    json_string(b->site_id));
			json_object_set_new(ctx, "sms_number", json_string(
			    b->r->sms_number ? b->r->sms_number : ""));
		}
		rc = tmpl_render(b->tmpl, "public.html", ctx, &html);
		json_decref(ctx);
		if (rc == 0)
			rc = sitefile_write(b, out, html.data, html.len);
	}
	closedir(d);
	buf_free(&md);
	buf_free(&body);
	buf_free(&html);
	return rc;
}

/*
 * l/LOCATOR.json, what "Open my page" on the home page looks for: for
 * each registered key with a locator (a name the browser derived from
 * the site, the handle and the password), the page it opens, its public
 * key, and its secret key encrypted under a key from the same
 * derivation.  Nothing in it names anyone.  Written again only when
 * the keys changed; files of revoked keys go.
 */
int
assets_locators(struct build *b)
{
	sqlite3_stmt	*st;
	crypto_generichash_state h;
	struct strlist	 names = { 0 };
	struct dirent	*de;
	unsigned char	 fp[32];
	char		 hex[65], rel[128], dir[4096], path[4096], *old = NULL;
	char		*text;
	json_t		*e, *in;
	DIR		*d;
	size_t		 nrows = 0;
	int		 rc, row;

	crypto_generichash_init(&h, NULL, 0, sizeof(fp));
	st = db_query(b->ws->db, STMT_LOCATORS, "");
	while ((row = db_row(b->ws->db, st)) == OUT_ROW) {
		uint64_t len;
		int i;
		nrows++;
		for (i = 0; i < 4; i++) {
			len = (uint64_t)sqlite3_column_bytes(st, i);
			crypto_generichash_update(&h, (unsigned char *)&len,
			    sizeof(len));
			crypto_generichash_update(&h, sqlite3_column_blob(st,
			    i), (size_t)len);
		}
	}
	if (row == -1)
		return -1;
	crypto_generichash_final(&h, fp, sizeof(fp));
	sodium_bin2hex(hex, sizeof(hex), fp, sizeof(fp));
	if (db_meta_get(b->ws->db, "locators", &old) == -1)
		return -1;
	/* the same keys, and their files there (not a restored site) */
	rc = old != NULL && strcmp(old, hex) == 0 && !b->force &&
	    (nrows == 0 || (path_join(dir, sizeof(dir), b->site, "l") == 0 &&
	    file_exists(dir)));
	free(old);
	if (rc)
		return 0;

	rc = 0;
	st = db_query(b->ws->db, STMT_LOCATORS, "");
	while (rc == 0 && (row = db_row(b->ws->db, st)) == OUT_ROW) {
		unsigned char	 pk[32];
		char		 pk64[64];

		if (sqlite3_column_bytes(st, 2) != 32 ||
		    (in = json_loads(db_text(st, 3), 0, NULL)) == NULL)
			continue;
		memcpy(pk, sqlite3_column_blob(st, 2), 32);
		sodium_bin2base64(pk64, sizeof(pk64), pk, 32,
		    sodium_base64_VARIANT_ORIGINAL);
		e = json_pack("{s:i, s:o, s:s, s:O, s:O}", "version", 1,
		    "page", json_sprintf("a/%s/", db_text(st, 1)),
		    "public_key", pk64, "n", json_object_get(in, "n"), "c",
		    json_object_get(in, "c"));
		json_decref(in);
		if (e == NULL) {
			rc = -1;
			break;
		}
		snprintf(rel, sizeof(rel), "l/%s.json", db_text(st, 0));
		text = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(e);
		if (text == NULL || sitefile_write(b, rel, text,
		    strlen(text)) != OUT_OK || strlist_add(&names, rel + 2) ==
		    -1)
			rc = -1;
		free(text);
	}
	if (row == -1)
		rc = -1;
	if (rc == 0 && path_join(dir, sizeof(dir), b->site, "l") == 0 &&
	    (d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' || strlist_has(&names,
			    de->d_name) || path_join(path, sizeof(path), dir,
			    de->d_name) == -1)
				continue;
			if (unlink(path) == 0) {
				b->removed++;
				snprintf(path, sizeof(path), "l/%s", de->d_name);
				if (sitefile_changed(b, path) == -1)
					rc = -1;
			}
		}
		closedir(d);
		/* git keeps no empty folder: neither does the site */
		if (names.n == 0)
			rmdir(dir);
	}
	strlist_free(&names);
	if (rc == 0)
		rc = notes_meta(&b->notes, "locators", hex);
	return rc;
}
