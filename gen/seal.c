/*
 * seal.c - page encryption (DESIGN.md §6 "Keys").
 *
 * Each gated page has a random 32-byte content key and a 32-byte link
 * secret, kept in the database (page_key), so rebuilding never needs a
 * password.  The page's HTML is padded (ISO/IEC 7816-4, to a bucket a
 * sixteenth of its power of two, at least 512 bytes) and encrypted with
 * XChaCha20-Poly1305 (IETF), the associated data binding the format
 * version, the site id and the page path, so a payload copied to
 * another page or site does not open.  The content key is then wrapped
 * in "entries": one under the link secret (the magic link carries it
 * in the URL fragment) and one crypto_box, from the site's sender key
 * (lib/pagekey.c), to each registered public key allowed to open the
 * page, which also carries that person's secret key wrapped under
 * Argon2id(password) (made in their browser), so the password alone
 * opens the page on any device.
 *
 * An athlete's page, and each of its pieces, is compressed (raw
 * DEFLATE, by libdeflate: seal_deflate()) before it is padded: its
 * plaintext's first byte says which (SEAL_PLAIN, SEAL_DEFLATE).
 * Compression before encryption lets whoever can put words into a page
 * and watch its size learn about the rest of it (the CRIME and BREACH
 * attacks); everyone who can put anything into an athlete's page (the
 * athlete, the athlete's coaches) can read all of it anyway, while the
 * coaches' pages hold athletes' texts beside what those athletes may
 * not read: so those are never compressed.
 *
 * The payload's format is written down in site-templates/payload.md,
 * which unlock.js follows too.
 *
 * Nonces of the content and link entries are derived from their key
 * and message (BLAKE2b; the content's from the page's fingerprint,
 * itself a keyed hash of the plaintext, and from the bytes encrypted,
 * compressed and padded, so that no change of the encoder can encrypt
 * other bytes under the same nonce), and the boxes' from the content
 * key and the reader's key (person_entry()), so the same page gives
 * the same bytes: an unchanged page is never rewritten, and a
 * workspace restored from a backup builds the very same site.
 */
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libdeflate.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "gen.h"

#define STRING(x)	#x
#define NUMBER(x)	STRING(x)

const char	 seal_format[] = "payload " NUMBER(SEAL_VERSION);

/*
 * libdeflate's levels (1 fastest, 9 the last before its slow optimal
 * parsing): LEVEL_OFTEN for what is sealed again and again (a page's
 * current period and the rest of it: what the site's history grows
 * by), LEVEL_ONCE for the periods that are over, written once in their
 * life but compressed by every full build, which they would slow most.
 * On a team of 2,000 with a season of data (306 MB compressed a full
 * build), 6 and 4 make the pieces 2.5 % smaller than the encoder
 * written here before, in 1.5 s of one processor where it took 0.95;
 * 6 for both, 4.9 % smaller in 2.0 s; 4 for both, 2.4 % larger.
 */
#define LEVEL_OFTEN	6
#define LEVEL_ONCE	4

/* Whether libcrypto's encoder, which counts in int, takes n bytes. */
static int
b64_fits(size_t n)
{
	if (n <= INT_MAX / 2)
		return 1;
	log_error("a page of %zu bytes is too large to seal", n);
	return 0;
}

/*
 * Base64 of what is public anyway (ciphertext, nonces, public keys):
 * libcrypto's encoder, several times faster than libsodium's, which
 * takes constant time for secrets.
 */
static int
b64(struct buf *out, const unsigned char *p, size_t n)
{
	size_t	 len = (n + 2) / 3 * 4 + 1;
	char	*at;

	if (!b64_fits(n) || (at = buf_reserve(out, len)) == NULL)
		return -1;
	out->len += (size_t)EVP_EncodeBlock((unsigned char *)at, p, (int)n);
	return 0;
}

/* The padding bucket for a plaintext of len bytes. */
size_t
seal_block(size_t len)
{
	size_t	 p = 1;

	while (p <= len / 2 && p < ((size_t)1 << 40))
		p <<= 1;
	return p / 16 > 512 ? p / 16 : 512;
}

/* A JSON string of the base64 of what is public (see b64()). */
static json_t *
b64_json(struct buf *tmp, const unsigned char *p, size_t n)
{
	buf_reset(tmp);
	if (b64(tmp, p, n) == -1)
		return NULL;
	return json_stringn_nocheck(tmp->data, tmp->len);
}

/*
 * The key the site's sender key shares with a reader's pk, which each
 * of their boxes is sealed under: one X25519 a reader, whatever the
 * pages they open, made once a build (gated.c).  -1 when pk is a key no box can be
 * sealed to (a point of small order).
 */
int
seal_shared(const struct site_sender *s, const unsigned char pk[32],
    unsigned char shared[crypto_box_BEFORENMBYTES])
{
	return crypto_box_beforenm(shared, pk, s->sk) == 0 ? 0 : -1;
}

/*
 * The entry of key: the content key in a crypto_box from the site's
 * sender key to its public key, with the person's wrapped secret key.
 * The box's nonce is a hash keyed with the content key of the reader's
 * key, so a page sealed again gives the same bytes and no two pages (no
 * two content keys) share one under a reader's shared key.
 */
static json_t *
person_entry(const struct page_keys *k, const struct seal_key *key,
    struct buf *tmp)
{
	static const unsigned char tag[] = "cox person box";
	crypto_generichash_state st;
	unsigned char	 box[crypto_box_NONCEBYTES + 32 + crypto_box_MACBYTES];
	json_t		*e;

	crypto_generichash_init(&st, k->content, 32, crypto_box_NONCEBYTES);
	crypto_generichash_update(&st, tag, sizeof(tag));
	crypto_generichash_update(&st, key->pk, 32);
	crypto_generichash_final(&st, box, crypto_box_NONCEBYTES);
	if (crypto_box_easy_afternm(box + crypto_box_NONCEBYTES, k->content,
	    32, box, key->shared) != 0)
		return NULL;
	e = json_pack("{s:s, s:o, s:o}", "type", "person", "public_key",
	    b64_json(tmp, key->pk, 32), "box", b64_json(tmp, box,
	    sizeof(box)));
	if (e != NULL && key->wrapped != NULL &&
	    json_object_set_new(e, "wrapped", json_loads(key->wrapped, 0,
	    NULL)) == -1) {
		json_decref(e);
		return NULL;
	}
	return e;
}

/*
 * The associated data of a page's ciphertexts: the format, the site and
 * the page's path (payload.md).
 */
static int
seal_ad(struct buf *ad, const char *site_id, const char *path)
{
	buf_printf(ad, "cox%d", SEAL_VERSION);
	buf_add(ad, "", 1);
	buf_puts(ad, site_id);
	buf_add(ad, "", 1);
	buf_puts(ad, path);
	return buf_failed(ad) ? -1 : 0;
}

/*
 * Writes the base64 of the page's ciphertext into the payload that
 * jansson dumped at out->data + from with "ciphertext":"" for it (the
 * first such field is the page's: jansson keeps the order fields were
 * set in).  Through jansson the largest string of a page would be
 * copied and scanned twice more, for escapes base64 never needs.
 */
static int
ciphertext_insert(struct buf *out, size_t from, const unsigned char *ct,
    size_t n)
{
	static const char mark[] = "\"ciphertext\":\"\"";
	char		*at, keep;
	size_t		 off, tail, len = (n + 2) / 3 * 4;

	if (!b64_fits(n))
		return -1;
	if ((at = memmem(out->data + from, out->len - from, mark,
	    sizeof(mark) - 1)) == NULL) {
		log_error("the payload has no empty \"ciphertext\" field");
		return -1;
	}
	off = (size_t)(at - out->data) + sizeof(mark) - 2;
	tail = out->len - off;
	if (buf_reserve(out, len + 1) == NULL)
		return -1;
	memmove(out->data + off + len, out->data + off, tail + 1);
	/* EVP_EncodeBlock writes a NUL after the base64: saved and put back */
	at = out->data + off + len;
	keep = *at;
	EVP_EncodeBlock((unsigned char *)out->data + off, ct, (int)n);
	*at = keep;
	out->len += len;
	return 0;
}

/*
 * What a compressor lets go is zeroed: its tables hold where a page
 * repeats itself, and what a later version of the library keeps there
 * is not ours to know.  The blocks are the library's own, from malloc().
 */
static void
squeeze_free(void *p)
{
	if (p == NULL)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

static void
squeeze_setup(void)
{
	libdeflate_set_memory_allocator(malloc, squeeze_free);
}

/*
 * Appends to out the raw DEFLATE (RFC 1951) of p[0..n), by sq's
 * compressor for what is sealed once or for what is sealed again and
 * again, made on its first use.  The same bytes in give the same
 * bytes out, whatever the compressor did before, so a page sealed again
 * is the same file; but only under one version of libdeflate, which
 * does not promise the same output from the next (the first build
 * after an upgrade may then write each page and piece once more, under
 * new names and nonces).  Returns 0, or -1 out of memory.
 */
int
seal_deflate(struct buf *out, const void *p, size_t n,
    struct seal_squeeze *sq, int once)
{
	static pthread_once_t set = PTHREAD_ONCE_INIT;
	struct libdeflate_compressor **c = once ? &sq->once : &sq->often;
	size_t		 bound, z;
	char		*at;

	if (*c == NULL) {
		pthread_once(&set, squeeze_setup);
		if ((*c = libdeflate_alloc_compressor(once ? LEVEL_ONCE :
		    LEVEL_OFTEN)) == NULL) {
			log_error("out of memory for a compressor");
			return -1;
		}
	}
	if (n > SIZE_MAX / 2) {
		log_error("%zu bytes are too many to compress", n);
		return -1;
	}
	bound = libdeflate_deflate_compress_bound(*c, n);
	if ((at = buf_reserve(out, bound)) == NULL)
		return -1;
	/* within the bound it cannot fail: 0 would be a broken library */
	if ((z = libdeflate_deflate_compress(*c, p, n, at, bound)) == 0) {
		log_error("libdeflate compressed %zu bytes to nothing", n);
		return -1;
	}
	out->len += z;
	out->data[out->len] = '\0';
	return 0;
}

/* Lets go of sq's compressors, which then are made again if used. */
void
seal_squeeze_free(struct seal_squeeze *sq)
{
	libdeflate_free_compressor(sq->often);
	libdeflate_free_compressor(sq->once);
	sq->often = sq->once = NULL;
}

/*
 * The plaintext of p[0..len) as sealed: its encoding's byte, then the
 * bytes, compressed by sq unless it is NULL (see above; by the
 * compressor for what is sealed once when once), into work; then room
 * after it for its padding and for a ciphertext as long.  Sets *n and
 * *block; returns the plaintext or NULL.
 */
static unsigned char *
seal_encode(struct buf *work, const char *p, size_t len,
    struct seal_squeeze *sq, int once, size_t *n, size_t *block)
{
	buf_reset(work);
	if (buf_putc(work, sq ? SEAL_DEFLATE : SEAL_PLAIN) == -1 ||
	    (sq ? seal_deflate(work, p, len, sq, once) :
	    buf_add(work, p, len)) == -1 || work->len > SIZE_MAX / 4)
		goto fail;
	*n = work->len;
	*block = seal_block(*n);
	if (buf_reserve(work, *block + *n + *block +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES) == NULL)
		goto fail;
	return (unsigned char *)work->data;
fail:
	if (work->data != NULL)		/* what of the page it holds */
		sodium_memzero(work->data, work->len);
	return NULL;
}

/*
 * Whether a file of size bytes can be the piece p sealed (its id made),
 * for a build that found it in the page's folder under p's name: a
 * power cut may leave a file empty (site files are not synced).
 */
int
seal_piece_whole(const struct piece *p, size_t size)
{
	size_t	 n = p->coded.len, block = seal_block(n);

	return size == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES + n + block - n % block;
}

/*
 * Encrypts html for page path and appends the payload to out: JSON as
 * site-templates/payload.md describes it, safe inside <script
 * type="application/json">.  Each of the nkeys keys gets an entry but
 * those the caller marked unusable (seal_shared() failed: the caller
 * says so); sender is the site's sender public key, which every box is
 * from.  html is compressed by squeeze unless it is NULL (an
 * athlete's page: see above).  fp is seal_fingerprint() of the same;
 * ps, unless NULL, the pieces html leaves out (their files' names are
 * listed); work is room to reuse from one page to the next.  Returns 0
 * or -1.
 */
int
seal_page(const char *site_id, const char *path, const struct page_keys *k,
    const unsigned char sender[32], const struct seal_key *keys,
    size_t nkeys, const char *html, size_t len,
    struct seal_squeeze *squeeze, const unsigned char fp[32],
    const struct pieces *ps, struct buf *work, struct buf *out)
{
	static const unsigned char tag[] = "cox content nonce";
	crypto_generichash_state st;
	unsigned char	 nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char	 wrapped[32 + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	unsigned char	*pt = NULL, *ct = NULL;
	struct buf	 ad = { 0 }, pad = { 0 }, tmp = { 0 };
	json_t		*payload = NULL, *entries, *e;
	size_t		 block = 0, n = 0, padded, i, size, from;
	unsigned long long ctlen;
	int		 rc = -1;

	if (seal_ad(&ad, site_id, path) == -1)
		goto out;
	/* the padded plaintext, then the ciphertext, in a reused buffer */
	if ((pt = seal_encode(work, html, len, squeeze, 0, &n, &block)) ==
	    NULL)
		goto out;
	ct = pt + n + block;
	if (sodium_pad(&padded, pt, n, block, n + block) != 0)
		goto out;
	/* the page's own ciphertext also binds the list of its pieces */
	if (buf_add(&pad, ad.data, ad.len) == -1 || buf_add(&pad, "", 1) == -1)
		goto out;
	for (i = 0; ps != NULL && i < ps->n; i++)
		if (buf_printf(&pad, "%s%s", i ? "," : "", ps->v[i].id) == -1)
			goto out;
	/* from all it binds and the bytes encrypted: another encoder, site
	 * or path never reuses it */
	crypto_generichash_init(&st, k->content, 32, sizeof(nonce));
	crypto_generichash_update(&st, tag, sizeof(tag));
	crypto_generichash_update(&st, fp, 32);
	crypto_generichash_update(&st, (unsigned char *)pad.data, pad.len);
	crypto_generichash_update(&st, pt, padded);
	crypto_generichash_final(&st, nonce, sizeof(nonce));
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &ctlen, pt, padded,
	    (unsigned char *)pad.data, pad.len, NULL, nonce, k->content);
	if ((payload = json_pack("{s:i, s:s, s:I, s:o, s:o, s:o, s:[]}",
	    "version", SEAL_VERSION, "site", site_id, "block",
	    (json_int_t)block, "nonce", b64_json(&tmp, nonce, sizeof(nonce)),
	    "ciphertext", json_string(""), "sender", b64_json(&tmp, sender, 32),
	    "keys")) == NULL)
		goto out;
	entries = json_object_get(payload, "keys");
	/* the link entry */
	crypto_generichash(nonce, sizeof(nonce), k->content, 32, k->link, 32);
	crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped, NULL, k->content,
	    32, (unsigned char *)ad.data, ad.len, NULL, nonce, k->link);
	if (json_array_append_new(entries, json_pack("{s:s, s:o, s:o}",
	    "type", "link", "nonce", b64_json(&tmp, nonce, sizeof(nonce)),
	    "ciphertext", b64_json(&tmp, wrapped, sizeof(wrapped)))) == -1)
		goto out;
	/* those no box can be sealed to are left out (gated.c says so) */
	for (i = 0; i < nkeys; i++)
		if (!keys[i].unusable && ((e = person_entry(k, &keys[i],
		    &tmp)) == NULL || json_array_append_new(entries, e) == -1))
			goto out;
	if (json_object_set_new(payload, "pieces", e = json_array()) == -1)
		goto out;
	for (i = 0; ps != NULL && i < ps->n; i++)
		if (json_array_append_new(e, json_string(ps->v[i].id)) == -1)
			goto out;
	/* the payload goes straight into out, at its end */
	from = out->len;
	if ((size = json_dumpb(payload, NULL, 0, JSON_COMPACT)) == 0 ||
	    buf_reserve(out, size) == NULL ||
	    json_dumpb(payload, out->data + out->len, size, JSON_COMPACT) !=
	    size)
		goto out;
	out->len += size;
	out->data[out->len] = '\0';
	if (ciphertext_insert(out, from, ct, (size_t)ctlen) == -1)
		goto out;
	rc = 0;
out:
	if (pt != NULL)
		sodium_memzero(pt, n + block);
	json_decref(payload);
	buf_free(&ad);
	buf_free(&pad);
	buf_free(&tmp);
	return rc;
}

/*
 * The manifest hash of a page: a keyed hash (the page's content key) of
 * its plaintext, cut (ps: what stays in the page and the names of its
 * pieces, seal_piece_id(), themselves keyed hashes of the rest), the
 * public keys it is sealed to.  An unchanged hash means the published
 * file can stay as it is: not the site's sender key, which changes
 * whenever any content key is dropped (lib/schema.c, v30), while a
 * page sealed from the one before still opens for each of its readers.
 */
void
seal_fingerprint(const struct page_keys *k, const struct seal_key *keys,
    size_t nkeys, const struct pieces *ps, unsigned char out[32])
{
	crypto_generichash_state st;
	size_t		 i;

	crypto_generichash_init(&st, k->content, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)seal_format,
	    sizeof(seal_format));	/* a new format rewrites every page */
	crypto_generichash_update(&st, (const unsigned char *)ps->live.data,
	    ps->live.len);
	for (i = 0; i < ps->n; i++)
		crypto_generichash_update(&st, (const unsigned char *)
		    ps->v[i].id, sizeof(ps->v[i].id));
	crypto_generichash_update(&st, k->link, 32);
	for (i = 0; i < nkeys; i++) {
		crypto_generichash_update(&st, keys[i].pk, 32);
		if (keys[i].wrapped != NULL)
			crypto_generichash_update(&st, (const unsigned char *)
			    keys[i].wrapped, strlen(keys[i].wrapped) + 1);
	}
	crypto_generichash_final(&st, out, 32);
}

/*
 * Encodes piece p as it is sealed (its first byte, then its plaintext
 * compressed by squeeze unless it is NULL, by the compressor for what
 * is sealed once when its period is over) into p->coded, and names its
 * file: the hex of a hash of those bytes keyed with the page's content
 * key, so it changes when the piece does, or the encoder (a new
 * libdeflate may compress the same bytes otherwise), and tells nobody
 * without the key what is in it.  The bytes are hashed compressed: a
 * sixth as many.  Returns 0 or -1.
 */
int
seal_piece_id(const struct page_keys *k, struct piece *p,
    struct seal_squeeze *squeeze)
{
	static const unsigned char tag[] = "cox piece id";
	crypto_generichash_state st;
	unsigned char	 h[16];
	size_t		 n, block;

	if (seal_encode(&p->coded, p->plain.data, p->plain.len, squeeze,
	    pieces_closed(p), &n, &block) == NULL)
		return -1;
	crypto_generichash_init(&st, k->content, 32, sizeof(h));
	crypto_generichash_update(&st, tag, sizeof(tag));
	crypto_generichash_update(&st, (const unsigned char *)seal_format,
	    sizeof(seal_format));	/* a new format, new files */
	crypto_generichash_update(&st, (const unsigned char *)p->coded.data,
	    n);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(p->id, sizeof(p->id), h, sizeof(h));
	return 0;
}

/*
 * A piece's file, into out: the nonce, then p->coded (seal_piece_id())
 * padded and encrypted with the page's content key, the associated data
 * the page's and the file's name (payload.md).  The nonce comes from
 * the name, itself a keyed hash of those bytes, and from the bytes, so
 * the same piece is the same file.  p->coded is wiped.
 */
int
seal_piece(const char *site_id, const char *path, const struct page_keys *k,
    struct piece *p, struct buf *out)
{
	static const unsigned char tag[] = "cox piece nonce";
	crypto_generichash_state st;
	unsigned char	 nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char	*pt = (unsigned char *)p->coded.data, *ct;
	struct buf	 ad = { 0 };
	size_t		 n = p->coded.len, block = seal_block(n), padded;
	int		 rc = -1;

	buf_reset(out);
	if (seal_ad(&ad, site_id, path) == -1 || buf_add(&ad, "", 1) == -1 ||
	    buf_puts(&ad, p->id) == -1 ||
	    (ct = (unsigned char *)buf_reserve(out, sizeof(nonce) + n +
	    block + crypto_aead_xchacha20poly1305_ietf_ABYTES)) == NULL)
		goto out;
	if (sodium_pad(&padded, pt, n, block, n + block) != 0)
		goto out;
	crypto_generichash_init(&st, k->content, 32, sizeof(nonce));
	crypto_generichash_update(&st, tag, sizeof(tag));
	/* the site, the path and the piece's id, and the bytes encrypted */
	crypto_generichash_update(&st, (unsigned char *)ad.data, ad.len);
	crypto_generichash_update(&st, pt, padded);
	crypto_generichash_final(&st, nonce, sizeof(nonce));
	memcpy(ct, nonce, sizeof(nonce));
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct + sizeof(nonce), NULL,
	    pt, padded, (unsigned char *)ad.data, ad.len, NULL, nonce,
	    k->content);
	out->len = sizeof(nonce) + padded +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES;
	rc = 0;
out:
	sodium_memzero(pt, n + block);	/* the padded copy; room for it */
	p->coded.len = 0;
	buf_free(&ad);
	return rc;
}
