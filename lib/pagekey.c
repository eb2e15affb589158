/*
 * pagekey.c - each gated page's keys (DESIGN.md §6 "Keys"): a random
 * 32-byte content key and a 32-byte link secret, made on first use and
 * kept in the database (page_key), so a rebuild never needs anyone's
 * password.  The build seals pages with them (gen/seal.c); magic links
 * and invitations carry the link secret.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"

STMT(STMT_PAGE_KEY_GET,
    "SELECT content_key, link_secret, created_at FROM page_key "
    "WHERE page = ?");
/*
 * a content key goes by DELETE (or UPDATE), never REPLACE: those
 * fire schema.c's v30 triggers, which drop the sender key with it
 */
STMT(STMT_PAGE_KEY_INSERT,
    "INSERT INTO page_key (page, person_id, content_key, link_secret, "
    "created_at) VALUES (?, nullif(?, 0), ?, ?, ?)");

/*
 * The page's keys as stored, without making any (cox build reads them
 * from a read snapshot).  Returns 0, 1 when the page has none, or -1
 * (logged).
 */
int
pagekey_read(struct db *db, const char *page, struct page_keys *k)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_query(db, STMT_PAGE_KEY_GET, "t", page);
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == 0 ? 1 : -1;
	rc = sqlite3_column_bytes(st, 0) == 32 &&
	    sqlite3_column_bytes(st, 1) == 32 ? 0 : -1;
	if (rc == 0) {
		memcpy(k->content, sqlite3_column_blob(st, 0), 32);
		memcpy(k->link, sqlite3_column_blob(st, 1), 32);
		k->created = sqlite3_column_int64(st, 2);
	} else
		log_error("page %s: damaged key in the database", page);
	sqlite3_reset(st);
	return rc;
}

/*
 * The page's keys, made and stored on first use, at clock_now() (a site
 * built as of a day dates its links that day).  Caller holds a tx.
 */
int
pagekey_get(struct db *db, const char *page, int64_t person,
    struct page_keys *k)
{
	int	 rc;

	if ((rc = pagekey_read(db, page, k)) != 1)
		return rc;
	randombytes_buf(k->content, sizeof(k->content));
	randombytes_buf(k->link, sizeof(k->link));
	k->created = (int64_t)clock_now();
	return db_exec(db, STMT_PAGE_KEY_INSERT, "tibbi", page, person,
	    k->content, sizeof(k->content), k->link, sizeof(k->link),
	    k->created);
}

/*
 * The site's sender key pair (meta sender_key, the secret's hex), made
 * and stored on first use.  A person's entry on a page is a crypto_box
 * from it to their key (gen/seal.c): the key it shares with each reader
 * is one X25519 a build, not one a page.  The secret is kept beside the
 * pages' content keys and goes whenever one of them does (lib/schema.c,
 * v30), so that nothing kept opens what a dropped key sealed.  Caller
 * holds a tx.  Returns 0 or -1 (logged).
 */
int
pagekey_sender(struct db *db, struct site_sender *s)
{
	char	*hex = NULL, made[65];
	size_t	 n = 0;
	int	 rc = -1;

	if (db_meta_get(db, "sender_key", &hex) == -1)
		return -1;
	if (hex == NULL) {
		randombytes_buf(s->sk, sizeof(s->sk));
		sodium_bin2hex(made, sizeof(made), s->sk, sizeof(s->sk));
		rc = db_meta_set(db, "sender_key", made);
		sodium_memzero(made, sizeof(made));
	} else if (sodium_hex2bin(s->sk, sizeof(s->sk), hex, strlen(hex),
	    NULL, &n, NULL) == 0 && n == sizeof(s->sk))
		rc = 0;
	else
		log_error("the site's sender key in the database is damaged "
		    "(meta sender_key); delete that row and build again: "
		    "the build makes a new one, and pages sealed before "
		    "still open for their readers");
	if (hex != NULL) {
		sodium_memzero(hex, strlen(hex));
		free(hex);
	}
	if (rc == 0 && crypto_scalarmult_base(s->pk, s->sk) != 0)
		rc = -1;
	if (rc == -1)
		sodium_memzero(s, sizeof(*s));
	return rc;
}

/* The fragment of a magic link: base64url of the link secret. */
int
pagekey_link(const struct page_keys *k, char *dst, size_t size)
{
	if (size < sodium_base64_ENCODED_LEN(32,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	sodium_bin2base64(dst, size, k->link, 32,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}
