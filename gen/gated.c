/*
 * gated.c - one gated page of cox build: its page keys, the keys it is
 * sealed to (its person's, their squads' coaches' and the head
 * coaches') and whose they are, for the page to say so; sealing its
 * plaintext into the page's shell (seal.c), writing it (sitefile.c)
 * unless the manifest's fingerprint says it is unchanged, noting it for
 * the manifest once it is on disk, and removing the page of someone
 * who no longer has one.  gated_write() reads no database, so workers
 * call it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gen.h"

STMT(STMT_MANIFEST_GET, "SELECT hash FROM manifest WHERE path = ?");
STMT(STMT_PERSON_KEYS,
    "SELECT person_id, public_key, wrapped_secret FROM person_key "
    "WHERE person_id = ? AND revoked_at IS NULL ORDER BY id");

void
gated_keys_free(struct seal_key *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].wrapped);
	if (v != NULL)
		sodium_memzero(v, n * sizeof(*v));
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
int
gated_keys_add(struct build *b, sqlite3_stmt *st, struct seal_key **keys,
    size_t *n)
{
	struct seal_key	*more;
	int		 rc;

	while ((rc = db_row(b->ws->db, st)) == OUT_ROW) {
		if (sqlite3_column_bytes(st, 1) != 32)
			continue;
		if ((more = reallocarray(*keys, *n + 1, sizeof(*more))) ==
		    NULL) {
			sqlite3_reset(st);
			return -1;
		}
		*keys = more;
		memset(&more[*n], 0, sizeof(*more));
		memcpy(more[*n].pk, sqlite3_column_blob(st, 1), 32);
		more[*n].person = sqlite3_column_int64(st, 0);
		more[(*n)++].wrapped = wrapped_json(db_text(st, 2));
	}
	return rc;
}

/*
 * The keys of a page, from the build's snapshot.  The build made the
 * missing ones before it took it (build.c): one missing was dropped
 * since (keys revoked, which marks the pages again).  Returns OUT_OK,
 * OUT_NOTFOUND when missing (the page is left to the next build), or
 * OUT_FAILED.
 */
enum outcome
gated_key(struct build *b, const char *page, struct page_keys *k)
{
	int	 rc = pagekey_read(b->ws->db, page, k);

	if (rc == 1)
		log_info("%s: its keys were dropped while the build ran; the "
		    "next build makes it with new ones", page);
	return rc == 0 ? OUT_OK : rc == 1 ? OUT_NOTFOUND : OUT_FAILED;
}

/*
 * Keys of the people allowed to open a page: who's first (the unlock
 * script tries them in order), then readers' rows (the coaches of
 * who's squads, or of the squad whose part of the dashboard it is),
 * then, when heads, the head coaches'.
 */
static int
page_keys_for(struct build *b, int64_t who, sqlite3_stmt *readers, int heads,
    struct seal_key **keys, size_t *n)
{
	struct seal_key	*more;
	size_t		 i;

	*keys = NULL;
	*n = 0;
	if (who != 0 && gated_keys_add(b, db_query(b->ws->db, STMT_PERSON_KEYS,
	    "i", who), keys, n) == -1)
		return -1;
	if (readers != NULL && gated_keys_add(b, readers, keys, n) == -1)
		return -1;
	if (!heads || b->nhead == 0)
		return 0;
	if ((more = reallocarray(*keys, *n + b->nhead, sizeof(*more))) ==
	    NULL)
		return -1;
	*keys = more;
	for (i = 0; i < b->nhead; i++, (*n)++) {
		memset(&more[*n], 0, sizeof(*more));
		memcpy(more[*n].pk, b->head[i].pk, 32);
		more[*n].person = b->head[i].person;
		if (b->head[i].wrapped != NULL && (more[*n].wrapped =
		    xstrdup(b->head[i].wrapped)) == NULL)
			return -1;
	}
	return 0;
}

static void
readers_free(struct readers *rd)
{
	size_t	 i;

	for (i = 0; i < rd->n; i++)
		free(rd->v[i].name);
	free(rd->v);
	buf_free(&rd->own);
}

/*
 * Notes key k in g->readers.own when it is the page's own person's, so
 * that the page can tell its person from the others who open it.
 */
static int
own_add(struct gated *g, const struct seal_key *k, int64_t who)
{
	char	 b64[sodium_base64_ENCODED_LEN(32,
		    sodium_base64_VARIANT_ORIGINAL)];

	if (who == 0 || k->person != who)
		return 0;
	sodium_bin2base64(b64, sizeof(b64), k->pk, 32,
	    sodium_base64_VARIANT_ORIGINAL);
	if (g->readers.own.len > 0)
		buf_putc(&g->readers.own, ' ');
	buf_puts(&g->readers.own, b64);
	return buf_failed(&g->readers.own) ? -1 : 0;
}

/* Where person's search starts among nslot slots (a power of two). */
static size_t
seen_hash(int64_t person, size_t nslot)
{
	return (size_t)(((uint64_t)person * 0x9e3779b97f4a7c15ull) >> 32) &
	    (nslot - 1);
}

/* The first free one of nslot slots from person's place: never full. */
static size_t
seen_free(const uint32_t *slot, size_t nslot, int64_t person)
{
	size_t	 h;

	for (h = seen_hash(person, nslot); slot[h] != 0; h = (h + 1) &
	    (nslot - 1))
		continue;
	return h;
}

/* Room for one more in sn: both arrays twice as large, the old wiped. */
static int
seen_grow(struct readers_seen *sn)
{
	struct reader_seen	*v;
	uint32_t		*slot;
	size_t			 cap = sn->cap ? sn->cap * 2 : 64, i;

	if (cap > UINT32_MAX / 2 || (v = calloc(cap, sizeof(*v))) == NULL)
		return -1;
	if ((slot = calloc(cap * 2, sizeof(*slot))) == NULL) {
		free(v);
		return -1;
	}
	for (i = 0; i < sn->n; i++) {
		v[i] = sn->v[i];
		slot[seen_free(slot, cap * 2, v[i].person)] = (uint32_t)i + 1;
	}
	if (sn->v != NULL)
		sodium_memzero(sn->v, sn->cap * sizeof(*sn->v));
	free(sn->v);
	free(sn->slot);
	sn->v = v;
	sn->slot = slot;
	sn->cap = cap;
	return 0;
}

/*
 * The build's record of key's person: whether a box can be sealed to
 * their key (seal_page() leaves it out otherwise) and the key it shares
 * with the site's sender key, their name and role, made and read once a
 * build, not once a page they can open (a squad's coaches open forty).
 * NULL when out of memory or unreadable.
 */
static const struct reader_seen *
reader_seen(struct build *b, const struct seal_key *key)
{
	struct readers_seen	*sn = &b->seen;
	struct reader_seen	*r;
	struct person		 p = { 0 };
	size_t			 h;

	if (sn->cap > 0)
		for (h = seen_hash(key->person, sn->cap * 2); sn->slot[h] != 0;
		    h = (h + 1) & (sn->cap * 2 - 1)) {
			r = &sn->v[sn->slot[h] - 1];
			if (r->person == key->person &&
			    memcmp(r->pk, key->pk, 32) == 0)
				return r;
		}
	if (person_load_row(b->ws->db, key->person, &p) == -1 ||
	    (sn->n == sn->cap && seen_grow(sn) == -1)) {
		person_clear(&p);
		return NULL;
	}
	sn->slot[seen_free(sn->slot, sn->cap * 2, key->person)] =
	    (uint32_t)sn->n + 1;
	r = &sn->v[sn->n++];
	r->person = key->person;
	memcpy(r->pk, key->pk, 32);
	r->ok = seal_shared(&b->sender, key->pk, r->shared) == 0;
	r->name = p.name;
	r->role = p.role;
	p.name = NULL;
	person_clear(&p);
	return r;
}

void
readers_seen_free(struct readers_seen *sn)
{
	size_t	 i;

	for (i = 0; i < sn->n; i++)
		free(sn->v[i].name);
	if (sn->v != NULL)
		sodium_memzero(sn->v, sn->cap * sizeof(*sn->v));
	free(sn->v);
	free(sn->slot);
	memset(sn, 0, sizeof(*sn));
}

/*
 * Readies g->keys[i] for sealing (the key it shares with the site, or
 * unusable) and adds its person to g->readers, unless they are there
 * already or no box can be sealed to that key (seal_page() leaves it
 * out too).  who is the person whose page it is.
 */
static int
reader_add(struct build *b, struct gated *g, size_t i, int64_t who)
{
	struct seal_key		*key = &g->keys[i];
	const struct reader_seen *seen;
	struct readers		*rd = &g->readers;
	struct reader		*more;
	size_t			 j;

	if ((seen = reader_seen(b, key)) == NULL)
		return -1;
	key->unusable = !seen->ok;
	if (!seen->ok)
		return 0;
	memcpy(key->shared, seen->shared, sizeof(key->shared));
	for (j = 0; j < rd->n; j++)
		if (rd->v[j].person == key->person)
			return 0;
	if ((more = reallocarray(rd->v, rd->n + 1, sizeof(*more))) == NULL)
		return -1;
	rd->v = more;
	if ((more[rd->n].name = strdup(seen->name != NULL ? seen->name :
	    "")) == NULL)
		return -1;
	more[rd->n].person = key->person;
	more[rd->n].role = seen->role;
	more[rd->n++].own = key->person == who;
	return 0;
}

/*
 * Reads what g's page needs from the database: the keys it is sealed to
 * (see page_keys_for()), who they are, and the manifest's fingerprint
 * of it.  who is the person whose page it is, or 0 for a part of the
 * dashboard.  g->k is read already.  gated_clear() frees.
 */
int
gated_prepare(struct build *b, struct gated *g, int64_t who,
    sqlite3_stmt *readers, int heads)
{
	sqlite3_stmt	*st;
	char		 file[4096];
	size_t		 i;
	int		 row;

	if (page_keys_for(b, who, readers, heads, &g->keys, &g->nkeys) == -1)
		return -1;
	for (i = 0; i < g->nkeys; i++)
		if (reader_add(b, g, i, who) == -1 ||
		    own_add(g, &g->keys[i], who) == -1)
			return -1;
	g->readers.link = g->k.created;
	snprintf(file, sizeof(file), "%sindex.html", g->page);
	st = db_query(b->ws->db, STMT_MANIFEST_GET, "t", file);
	if ((row = db_row(b->ws->db, st)) == OUT_FAILED)
		return -1;
	if (row == 1) {
		g->has_old = sqlite3_column_bytes(st, 0) == 32;
		if (g->has_old)
			memcpy(g->old, sqlite3_column_blob(st, 0), 32);
		sqlite3_reset(st);
	}
	return 0;
}

void
gated_clear(struct gated *g)
{
	gated_keys_free(g->keys, g->nkeys);
	readers_free(&g->readers);
	strlist_free(&g->files);
	sodium_memzero(g, sizeof(*g));
}

/*
 * An empty scratch whose buffers that hold a page before it is sealed
 * (the page, its pieces, their compressed forms) zero what they let go.
 */
void
scratch_init(struct scratch *s)
{
	size_t	 i;

	memset(s, 0, sizeof(*s));
	buf_wipe(&s->plain);
	buf_wipe(&s->work);
	buf_wipe(&s->pieces.live);
	for (i = 0; i < PIECES_MAX; i++) {
		buf_wipe(&s->pieces.v[i].plain);
		buf_wipe(&s->pieces.v[i].coded);
	}
}

void
scratch_free(struct scratch *s)
{
	buf_free(&s->plain);
	buf_free(&s->payload);
	buf_free(&s->html);
	buf_free(&s->work);
	seal_squeeze_free(&s->squeeze);
	buf_free(&s->there);
	buf_free(&s->dents);
	pieces_free(&s->pieces);
	json_decref(s->shell);
	s->shell = NULL;
}

/*
 * The shell's context of a page at root in language lang, for the
 * caller to add to and free: the same for every page of a depth and
 * language, so made once a worker and copied.
 */
static json_t *
shell_ctx(const struct build *b, struct scratch *s, const char *root,
    int lang)
{
	if (s->shell == NULL || s->shell_lang != lang ||
	    strcmp(s->shell_root, root) != 0) {
		json_decref(s->shell);
		s->shell = NULL;
		if (strlen(root) >= sizeof(s->shell_root))
			return assets_page_ctx(b, root, lang);
		if ((s->shell = assets_page_ctx(b, root, lang)) == NULL)
			return NULL;
		memcpy(s->shell_root, root, strlen(root) + 1);
		s->shell_lang = lang;
	}
	return json_copy(s->shell);
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

/* rel gets PAGE/ID.bin, the file of a page's piece under the site. */
static int
piece_rel(const char *page, const char *id, char *rel, size_t size)
{
	return snprintf(rel, size, "%s%s.bin", page, id) >= (int)size ? -1 : 0;
}

/* Whether name is that of a piece's file: 32 hex digits and ".bin". */
static int
piece_name(const char *name)
{
	return strlen(name) == 36 && strspn(name, "0123456789abcdef") == 32 &&
	    strcmp(name + 32, ".bin") == 0;
}

/*
 * The ids of the pieces whose files are in page's folder, into
 * s->there (32 characters each, one after the other): a folder that
 * does not exist has none.  getdents64() into a buffer kept from page
 * to page rather than opendir(), which allocates one for every folder.
 */
static int
pieces_list(const char *site, const char *page, struct scratch *s)
{
	struct dirent64	*de;
	char		 dir[4096], *room;
	ssize_t		 got, off;
	int		 fd, rc = 0;

	buf_reset(&s->there);
	if (path_join(dir, sizeof(dir), site, page) == -1)
		return -1;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		log_error("%s: %s", dir, strerror(errno));
		return -1;
	}
	if ((room = buf_reserve(&s->dents, 32768)) == NULL) {
		close(fd);
		return -1;
	}
	while (rc == 0 && (got = getdents64(fd, room, 32768)) > 0)
		for (off = 0; rc == 0 && off < got; off += de->d_reclen) {
			de = (struct dirent64 *)(room + off);
			if (piece_name(de->d_name))
				rc = buf_add(&s->there, de->d_name, 32);
		}
	if (rc == 0 && got == -1) {
		log_error("%s: %s", dir, strerror(errno));
		rc = -1;
	}
	close(fd);
	return rc;
}

/* Whether s->there lists the file of a piece named id. */
static int
piece_listed(const struct scratch *s, const char *id)
{
	size_t	 i;

	for (i = 0; i + 32 <= s->there.len; i += 32)
		if (memcmp(s->there.data + i, id, 32) == 0)
			return 1;
	return 0;
}

/*
 * Whether piece p's file, at path, is there: listed (its name says
 * what it holds) and whole by its size (a power cut may leave a file
 * empty: site files are not synced).
 */
static int
piece_there(const struct scratch *s, const char *path, const struct piece *p)
{
	struct stat	 st;

	return piece_listed(s, p->id) && stat(path, &st) == 0 &&
	    seal_piece_whole(p, (size_t)st.st_size);
}

/* Whether every piece of ps has its file in the page's folder. */
static int
pieces_there(const struct build *b, const struct gated *g,
    const struct scratch *s)
{
	const struct pieces	*ps = &s->pieces;
	char			 rel[200], path[4096];
	size_t			 i;

	for (i = 0; i < ps->n; i++)
		if (piece_rel(g->page, ps->v[i].id, rel, sizeof(rel)) == -1 ||
		    path_join(path, sizeof(path), b->site, rel) == -1 ||
		    !piece_there(s, path, &ps->v[i]))
			return 0;
	return 1;
}

/*
 * Seals and writes the pieces whose file is not there yet (a file
 * there is that piece: its name is a hash of it), noting each in
 * g->files.  out is room for a piece's bytes.
 */
static int
pieces_write(const struct build *b, struct gated *g, struct scratch *s)
{
	struct pieces		*ps = &s->pieces;
	char			 rel[200], path[4096];
	size_t			 i;
	int			 wrote;

	for (i = 0; i < ps->n; i++) {
		if (piece_rel(g->page, ps->v[i].id, rel, sizeof(rel)) == -1 ||
		    path_join(path, sizeof(path), b->site, rel) == -1)
			return -1;
		if (piece_there(s, path, &ps->v[i]))
			continue;
		if (seal_piece(b->site_id, g->page, &g->k, &ps->v[i],
		    &s->html) == -1 ||
		    sitefile_put(b->site, rel, s->html.data, s->html.len,
		    &wrote) != OUT_OK ||
		    (wrote && strlist_add(&g->files, rel) == -1))
			return -1;
	}
	return 0;
}

/*
 * Removes the files of page's pieces that s->there lists and keep
 * (NULL: none) does not, a piece that changed having a new name; the
 * removed go into gone, as paths under the site.
 */
static int
pieces_prune(const char *site, const char *page, const struct scratch *s,
    const struct pieces *keep, struct strlist *gone)
{
	char		 rel[200], path[4096];
	size_t		 i, k;

	for (k = 0; k + 32 <= s->there.len; k += 32) {
		for (i = 0; keep != NULL && i < keep->n; i++)
			if (memcmp(keep->v[i].id, s->there.data + k, 32) == 0)
				break;
		if (keep != NULL && i < keep->n)
			continue;
		if (snprintf(rel, sizeof(rel), "%s%.32s.bin", page,
		    s->there.data + k) >= (int)sizeof(rel) ||
		    path_join(path, sizeof(path), site, rel) == -1)
			return -1;
		if (unlink(path) == -1 && errno != ENOENT) {
			log_error("%s: %s", path, strerror(errno));
			return -1;
		}
		if (strlist_add(gone, rel) == -1)
			return -1;
	}
	return 0;
}

/*
 * Encrypts plaintext into the page's shell and its pieces (pieces.c)
 * and writes them, unless the manifest says the page is unchanged and
 * every piece is there; then removes the pieces it no longer lists.
 * Reads no database: workers call it.
 */
int
gated_write(const struct build *b, struct gated *g, struct buf *plain,
    struct scratch *s)
{
	struct buf	*payload = &s->payload, *html = &s->html;
	struct pieces	*ps = &s->pieces;
	unsigned char	 content[32];
	char		 file[4096], rel[200];
	json_t		*ctx = NULL;
	size_t		 i;
	int		 rc = -1;

	if (snprintf(rel, sizeof(rel), "%sindex.html", g->page) >=
	    (int)sizeof(rel) || path_join(file, sizeof(file), b->site, rel)
	    == -1 || pieces_cut(ps, plain->data, plain->len) == -1 ||
	    pieces_list(b->site, g->page, s) == -1)
		goto out;
	for (i = 0; i < ps->n; i++)
		if (seal_piece_id(&g->k, &ps->v[i], g->squeeze ? &s->squeeze :
		    NULL) == -1)
			goto out;
	/* the payload's nonce comes from content alone: new assets rewrite
	 * the shell around the same ciphertext */
	seal_fingerprint(&g->k, g->keys, g->nkeys, ps, content);
	assets_shell_fp(content, g->fp);
	if (g->has_old && memcmp(g->old, g->fp, 32) == 0 &&
	    file_exists(file) && pieces_there(b, g, s)) {
		/* a build that died after its pieces may have left some */
		rc = pieces_prune(b->site, g->page, s, ps, &g->files);
		goto out;
	}
	if (pieces_write(b, g, s) == -1)
		goto out;
	buf_reset(payload);
	buf_reset(html);
	if (seal_page(b->site_id, g->page, &g->k, b->sender.pk, g->keys,
	    g->nkeys, ps->live.data, ps->live.len, g->squeeze ? &s->squeeze :
	    NULL, content, ps, &s->work, payload) == -1 ||
	    (ctx = shell_ctx(b, s, g->root, g->lang)) == NULL)
		goto out;
	json_object_set_new(ctx, "path", json_string(g->page));
	json_object_set_new(ctx, "kind", json_string(g->kind));
	if (tmpl_render(g->lang > 0 ? b->langs.tmpl[g->lang - 1] : b->tmpl,
	    "shell.html", ctx, html) == -1 ||
	    payload_insert(html, payload) == -1 ||
	    sitefile_put(b->site, rel, html->data, html->len, &g->written) !=
	    OUT_OK || pieces_prune(b->site, g->page, s, ps, &g->files) == -1)
		goto out;
	g->sealed = 1;
	rc = 0;
out:
	json_decref(ctx);
	pieces_reset(ps);
	if (plain->data != NULL)
		sodium_memzero(plain->data, plain->len);
	return rc;
}

/*
 * Says, once a build, whose registered key no page could be sealed to
 * (the pages were sealed to everyone else's), and counts it: the build
 * then ends in failure, after writing everything else.
 */
static int
gated_unusable(struct build *b, const struct seal_key *key)
{
	struct person	 p = { 0 };
	char		 id[24], pk[sodium_base64_ENCODED_LEN(32,
			    sodium_base64_VARIANT_ORIGINAL)];

	snprintf(id, sizeof(id), "%lld", (long long)key->person);
	if (strlist_has(&b->unusable, id))
		return 0;
	if (strlist_add(&b->unusable, id) == -1 ||
	    person_load(b->ws->db, key->person, &p) == -1) {
		person_clear(&p);
		return -1;
	}
	sodium_bin2base64(pk, sizeof(pk), key->pk, 32,
	    sodium_base64_VARIANT_ORIGINAL);
	log_error("%s (@%s): no page can be sealed to their registered key "
	    "%s; their pages were sealed without it, so they cannot open "
	    "them with their password until they register again "
	    "(cox invite --again @%s)", p.name, p.handle, pk, p.handle);
	person_clear(&p);
	return 0;
}

/* Notes a page's file for the manifest once it is on disk. */
int
gated_note(struct build *b, const struct gated *g)
{
	char	 file[200];
	size_t	 i;

	for (i = 0; i < g->nkeys; i++)
		if (g->keys[i].unusable && gated_unusable(b, &g->keys[i]) == -1)
			return -1;
	for (i = 0; i < g->files.n; i++)
		if (sitefile_changed(b, g->files.v[i]) == -1)
			return -1;
	snprintf(file, sizeof(file), "%sindex.html", g->page);
	if (g->written) {
		b->written++;
		if (sitefile_changed(b, file) == -1)
			return -1;
	} else
		b->unchanged++;
	if (!g->sealed)
		return 0;
	return notes_page(&b->notes, file, g->fp);
}

/* Removes a page folder that should no longer exist, pieces and all. */
int
gated_remove(struct build *b, const char *page)
{
	struct strlist	 gone = { 0 };
	struct scratch	 s;
	char		 file[4096], dir[4096];
	size_t		 i;
	int		 rc;

	scratch_init(&s);
	snprintf(file, sizeof(file), "%sindex.html", page);
	if (notes_unlisted(&b->notes, file) == -1)
		return -1;
	if ((rc = pieces_list(b->site, page, &s)) == 0)
		rc = pieces_prune(b->site, page, &s, NULL, &gone);
	for (i = 0; rc == 0 && i < gone.n; i++)
		rc = sitefile_changed(b, gone.v[i]);
	strlist_free(&gone);
	scratch_free(&s);
	if (rc == -1)
		return -1;
	if (snprintf(dir, sizeof(dir), "%s/%s", b->site, page) >=
	    (int)sizeof(dir) || snprintf(file, sizeof(file), "%sindex.html",
	    dir) >= (int)sizeof(file))
		return -1;
	if (unlink(file) == 0) {
		b->removed++;
		rmdir(dir);
		snprintf(file, sizeof(file), "%sindex.html", page);
		if (sitefile_changed(b, file) == -1)
			return -1;
	} else if (errno != ENOENT) {
		log_error("%s: %s", file, strerror(errno));
		return -1;
	}
	return 0;
}
