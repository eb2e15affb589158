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
 * in the URL fragment) and one crypto_box_seal per registered public
 * key allowed to open the page, which also carries that person's
 * secret key wrapped under Argon2id(password) (made in their browser),
 * so the password alone opens the page on any device.
 *
 * Nonces of the content and link entries are derived from their key
 * and message (BLAKE2b; the content's from the page's fingerprint,
 * itself a keyed hash of the plaintext, so the plaintext is hashed
 * once), so the same page gives the same bytes and an unchanged page
 * is never rewritten.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "gen.h"

#define SEAL_VERSION	1

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

	if (n > INT_MAX / 2) {
		log_error("a page of %zu bytes is too large to seal", n);
		return -1;
	}
	if ((at = buf_reserve(out, len)) == NULL)
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

/*
 * Encrypts html for page path and appends the payload (JSON, safe to
 * put inside <script type="application/json">) to out.  Each of the
 * nkeys keys gets an entry.  fp is seal_fingerprint() of the same;
 * work is room to reuse from one page to the next.
 */
int
seal_page(const char *site_id, const char *path, const struct page_keys *k,
    const struct seal_key *keys, size_t nkeys, const char *html,
    size_t len, const unsigned char fp[32], struct buf *work,
    struct buf *out)
{
	static const unsigned char tag[] = "cox content nonce";
	crypto_generichash_state st;
	unsigned char	 nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char	 wrapped[32 + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	unsigned char	 sealed[32 + crypto_box_SEALBYTES];
	unsigned char	*pt = NULL, *ct = NULL;
	struct buf	 ad = { 0 };
	size_t		 block = seal_block(len), padded, i;
	unsigned long long ctlen;
	int		 rc = -1;

	if (buf_printf(&ad, "cox%d", SEAL_VERSION) == -1 ||
	    buf_add(&ad, "", 1) == -1 || buf_puts(&ad, site_id) == -1 ||
	    buf_add(&ad, "", 1) == -1 || buf_puts(&ad, path) == -1)
		goto out;
	/* the padded plaintext, then the ciphertext, in a reused buffer */
	buf_reset(work);
	if (len > SIZE_MAX / 4 || (pt = (unsigned char *)buf_reserve(work,
	    2 * (len + block) + crypto_aead_xchacha20poly1305_ietf_ABYTES)) ==
	    NULL)
		goto out;
	ct = pt + len + block;
	memcpy(pt, html, len);
	if (sodium_pad(&padded, pt, len, block, len + block) != 0)
		goto out;
	crypto_generichash_init(&st, k->content, 32, sizeof(nonce));
	crypto_generichash_update(&st, tag, sizeof(tag));
	crypto_generichash_update(&st, fp, 32);
	crypto_generichash_final(&st, nonce, sizeof(nonce));
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &ctlen, pt, padded,
	    (unsigned char *)ad.data, ad.len, NULL, nonce, k->content);
	/* site_id is checked to be base64url by the caller: no escaping */
	if (buf_printf(out, "{\"v\":%d,\"s\":\"%s\",\"b\":%zu,\"n\":\"",
	    SEAL_VERSION, site_id, block) == -1 || b64(out, nonce, sizeof(nonce)) == -1 ||
	    buf_puts(out, "\",\"c\":\"") == -1 ||
	    b64(out, ct, (size_t)ctlen) == -1)
		goto out;
	/* the link entry */
	crypto_generichash(nonce, sizeof(nonce), k->content, 32, k->link, 32);
	crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped, NULL, k->content,
	    32, (unsigned char *)ad.data, ad.len, NULL, nonce, k->link);
	if (buf_puts(out, "\",\"k\":[{\"t\":\"l\",\"n\":\"") == -1 ||
	    b64(out, nonce, sizeof(nonce)) == -1 ||
	    buf_puts(out, "\",\"c\":\"") == -1 ||
	    b64(out, wrapped, sizeof(wrapped)) == -1 ||
	    buf_puts(out, "\"}") == -1)
		goto out;
	for (i = 0; i < nkeys; i++) {
		if (crypto_box_seal(sealed, k->content, 32, keys[i].pk) != 0 ||
		    buf_puts(out, ",{\"t\":\"p\",\"pk\":\"") == -1 ||
		    b64(out, keys[i].pk, 32) == -1 ||
		    buf_puts(out, "\",\"c\":\"") == -1 ||
		    b64(out, sealed, sizeof(sealed)) == -1 ||
		    buf_puts(out, "\"") == -1 ||
		    (keys[i].wrapped != NULL && (buf_puts(out, ",\"w\":") ==
		    -1 || buf_puts(out, keys[i].wrapped) == -1)) ||
		    buf_puts(out, "}") == -1)
			goto out;
	}
	if (buf_puts(out, "]}") == -1)
		goto out;
	rc = 0;
out:
	if (pt != NULL)
		sodium_memzero(pt, len + block);
	buf_free(&ad);
	return rc;
}

/*
 * The manifest hash of a page: a keyed hash (the page's content key) of
 * its plaintext and the public keys it is sealed to.  An unchanged hash
 * means the published file can stay as it is.
 */
void
seal_fingerprint(const struct page_keys *k, const struct seal_key *keys,
    size_t nkeys, const char *html, size_t len, unsigned char out[32])
{
	crypto_generichash_state st;
	size_t		 i;

	crypto_generichash_init(&st, k->content, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)html, len);
	crypto_generichash_update(&st, k->link, 32);
	for (i = 0; i < nkeys; i++) {
		crypto_generichash_update(&st, keys[i].pk, 32);
		if (keys[i].wrapped != NULL)
			crypto_generichash_update(&st, (const unsigned char *)
			    keys[i].wrapped, strlen(keys[i].wrapped) + 1);
	}
	crypto_generichash_final(&st, out, 32);
}
