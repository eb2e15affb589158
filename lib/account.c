/*
 * account.c - invites, registration and revocation (DESIGN.md §6 "Keys").
 *
 * An invite is a one-time token: the database keeps only its BLAKE2b
 * hash.  cox invite queues a message with "{link}" where the link
 * (/register/#t=TOKEN&k=LINK) goes, and the outbox makes the token
 * when it sends the message, so the token is never stored.
 * Registration takes what the browser made: a public key, and the
 * secret key wrapped under Argon2id(password).  Neither the password
 * nor the secret key ever reaches this side.  Registering again, or
 * being removed from the roster, revokes the old keys and rotates the
 * keys of the person's pages, so old passwords and links do not open
 * new builds.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"

STMT_SHARED(STMT_CONSENT_GIVE,
    "INSERT INTO consent (person_id, kind, given_at, channel, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (person_id, kind) DO "
    "UPDATE SET given_at = ?3, channel = ?4, version = ?5, "
    "withdrawn_at = NULL");
/* accounts: only a hash of an invite token is kept */
STMT(STMT_INVITE_INSERT,
    "INSERT INTO invite (person_id, token_hash, expires_at, "
    "created_at) VALUES (?, ?, ?, ?)");
STMT(STMT_INVITE_BY_HASH,
    "SELECT id, person_id, expires_at, coalesce(used_at, 0) "
    "FROM invite WHERE token_hash = ?");
STMT(STMT_INVITE_USE,
    "UPDATE invite SET used_at = ? WHERE id = ? AND used_at IS NULL");
/* one registration ends every invitation the person still has */
STMT(STMT_INVITE_BURN,
    "UPDATE invite SET used_at = ? "
    "WHERE person_id = ? AND used_at IS NULL");
STMT(STMT_INVITE_RECENT,
    "SELECT count(*) FROM message WHERE person_id = ? AND direction = "
    "'out' AND kind = 'invite' AND created_at > ?");
STMT(STMT_KEY_INSERT,
    "INSERT INTO person_key (person_id, public_key, wrapped_secret, "
    "created_at, locator, located) VALUES (?, ?, ?, ?, ?, ?)");
/* a locator names a published file: one key's at most (the
 * person's own are revoked as they register again) */
STMT(STMT_LOCATOR_TAKEN,
    "SELECT count(*) FROM person_key WHERE locator = ? AND "
    "person_id != ?");
/* a new handle: "Open my page" with the old one opens nothing */
STMT(STMT_LOCATOR_FORGET,
    "UPDATE person_key SET locator = NULL, located = NULL "
    "WHERE person_id = ? AND locator IS NOT NULL");
STMT(STMT_KEY_ACTIVE,
    "SELECT count(*) FROM person_key "
    "WHERE person_id = ? AND revoked_at IS NULL");
/* prepared once: group commit takes one per request */
STMT(STMT_ATTEMPT_GET,
    "SELECT window_start, count FROM attempt WHERE kind = ? AND key = ?");
STMT(STMT_ATTEMPT_SET,
    "INSERT OR REPLACE INTO attempt (kind, key, window_start, count) "
    "VALUES (?, ?, ?, ?)");
STMT(STMT_ATTEMPT_PRUNE, "DELETE FROM attempt WHERE window_start < ?");

/*
 * An invitation's token: 128 random bits, used once, within days, kept
 * only as a hash, each wrong one counted (account_attempt()), so that
 * the link of a text leaves room for words; links sent before with 256
 * bits (43 characters) still work.
 */
#define TOKEN_BYTES	16
#define TOKEN_B64_LEN	(sodium_base64_ENCODED_LEN(TOKEN_BYTES, \
	sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1)
#define WRAP_OPS_MIN	3
#define WRAP_MEM_MIN	(64UL << 20)
#define WRAP_OPS_MAX	16
#define WRAP_MEM_MAX	(1UL << 30)

static void
token_hash(const char *token, unsigned char h[32])
{
	crypto_generichash(h, 32, (const unsigned char *)token, strlen(token),
	    NULL, 0);
}

/* a link secret (32 bytes) in the link: URL-safe base64 */
#define LINK_B64_LEN	(sodium_base64_ENCODED_LEN(32, \
	sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1)
#define SMS_SEGMENT	160	/* GSM-7 characters in one SMS */

/* Whether p's handle goes in the link as it is (&h=). */
static int
link_has_handle(const struct person *p)
{
	return p->handle[0] != '\0' && strspn(p->handle,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.")
	    == strlen(p->handle);
}

/*
 * The folder of the register page in p's language ("fr/"), or "" for
 * the team's: the build makes one for each language it ships.
 */
static const char *
link_lang(const struct person *p, char out[16])
{
	out[0] = '\0';
	if (p->language != NULL && words_has(p->language) &&
	    strcmp(p->language, words_team()) != 0 &&
	    strlen(p->language) < 15)
		snprintf(out, 16, "%s/", p->language);
	return out;
}

/* How long invite_make()'s link for p under base_url will be. */
static size_t
link_length(const struct person *p, const char *base_url)
{
	char	 lang[16];
	size_t	 n = strlen(base_url);

	n += n > 0 && base_url[n - 1] == '/' ? 0 : 1;
	n += strlen("register/#t=") + TOKEN_B64_LEN + strlen("&k=") +
	    LINK_B64_LEN + strlen(link_lang(p, lang));
	if (link_has_handle(p))
		n += strlen("&h=") + strlen(p->handle);
	if (p->role != ROLE_ATHLETE)
		n += strlen("&c");
	return n;
}

/*
 * A new invite for person p, valid for days: appends the register link
 * (base_url ending in '/'; the register page in p's language) to link.
 * The caller holds a transaction.
 */
int
invite_make(struct db *db, const struct person *p, long days,
    const char *base_url, struct buf *link)
{
	unsigned char	 raw[TOKEN_BYTES], h[32];
	char		 token[64], secret[64], page[64], lang[16];
	struct page_keys k;
	int64_t		 now = (int64_t)time(NULL);
	int		 rc;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	token_hash(token, h);
	person_page(p, page, sizeof(page));
	if (db_exec(db, STMT_INVITE_INSERT, "ibii", p->id, h, sizeof(h),
	    now + days * 86400, now) == -1 ||
	    pagekey_get(db, page, p->id,
	    &k) == -1 || pagekey_link(&k, secret, sizeof(secret)) == -1)
		rc = -1;
	else
		rc = buf_printf(link, "%s%sregister/%s#t=%s&k=%s", base_url,
		    base_url[strlen(base_url) - 1] == '/' ? "" : "/",
		    link_lang(p, lang), token, secret);
	/* the handle, with which the password opens the page from the
	 * home page ("Open my page"): only one a URL carries as it is */
	if (rc == 0 && link_has_handle(p))
		rc = buf_printf(link, "&h=%s", p->handle);
	/* a coach's: the page asks no athlete's consents of them */
	if (rc == 0 && p->role != ROLE_ATHLETE)
		rc = buf_printf(link, "&c");
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(token, sizeof(token));
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

/* Invitations queued for person since since (for rate limits). */
int
invite_count_since(struct db *db, int64_t person, int64_t since)
{
	sqlite3_stmt	*st;
	int		 n;

	st = db_query(db, STMT_INVITE_RECENT, "ii", person, since);
	if (db_row(db, st) != OUT_ROW)
		return -1;
	n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

/*
 * The text without the secrets of any register or magic link in it
 * (what follows "#t=" or "#k=" up to a space), for the stored copy.
 * The caller frees it; NULL when out of memory.
 */
char *
account_redact(const char *text)
{
	struct buf	 b = { 0 };
	const char	*p = text, *hit;

	while ((hit = strstr(p, "#")) != NULL) {
		buf_add(&b, p, (size_t)(hit - p));
		if (hit[1] == 't' || hit[1] == 'k') {
			if (hit[2] == '=') {
				buf_puts(&b, "#(secret removed)");
				p = hit + strcspn(hit, " \t\r\n");
				continue;
			}
		}
		buf_add(&b, hit, 1);
		p = hit + 1;
	}
	buf_puts(&b, p);
	return buf_steal(&b);
}

/* Whether obj's fields[i] are base64 of exactly want[i] bytes each. */
static int
b64_fields(json_t *obj, const char *const *fields, const size_t *want,
    size_t n)
{
	unsigned char	 bin[128];
	size_t		 i, len;

	for (i = 0; i < n; i++) {
		const char *v = json_string_value(json_object_get(obj,
		    fields[i]));
		if (v == NULL || strlen(v) > 120 ||
		    sodium_base642bin(bin, sizeof(bin), v, strlen(v), NULL,
		    &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    len != want[i])
			return -1;
	}
	return 0;
}

/*
 * Checks the wrapped secret key the browser sent and writes it back as
 * canonical JSON into *out: {"alg","ops","mem","salt","n","c"}, with
 * Argon2id at no less than 3 passes and 64 MiB.  Returns 0, or -1 with
 * the reason in why.
 */
static int
wrapped_check(json_t *w, char **out, const char **why)
{
	const char	*alg, *fields[] = { "salt", "n", "c" };
	const size_t	 want[] = { crypto_pwhash_SALTBYTES,
	    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    crypto_box_SECRETKEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES };
	json_int_t	 ops, mem;
	json_t		*canon;

	*why = words_get(NULL, "page.register_wrapped");
	if (!json_is_object(w) || json_object_size(w) != 6)
		return -1;
	alg = json_string_value(json_object_get(w, "alg"));
	ops = json_integer_value(json_object_get(w, "ops"));
	mem = json_integer_value(json_object_get(w, "mem"));
	if (alg == NULL || strcmp(alg, "argon2id13") != 0)
		return -1;
	if (ops < WRAP_OPS_MIN || ops > WRAP_OPS_MAX ||
	    (unsigned long)mem < WRAP_MEM_MIN ||
	    (unsigned long)mem > WRAP_MEM_MAX) {
		*why = words_get(NULL, "page.register_weak");
		return -1;
	}
	if (b64_fields(w, fields, want, 3) == -1)
		return -1;
	canon = json_pack("{s:s, s:I, s:I, s:O, s:O, s:O}", "alg", alg,
	    "ops", ops, "mem", mem, "salt", json_object_get(w, "salt"),
	    "n", json_object_get(w, "n"), "c", json_object_get(w, "c"));
	*out = canon ? json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(canon);
	return *out == NULL ? -1 : 0;
}

/*
 * Checks the optional locator of "Open my page" (64 hex digits, the
 * name of its file under l/) and what that file keeps (the secret key
 * encrypted under a key from the same Argon2id: {"n","c"}), written
 * back as canonical JSON into *out.  Neither is there for an invitation
 * without a handle.  Returns 0, or -1 with the reason in why.
 */
static int
locator_check(json_t *j, const char **locator, char **out, const char **why)
{
	json_t		*loc = json_object_get(j, "locator");
	json_t		*in = json_object_get(j, "located");
	const char	*fields[] = { "n", "c" };
	const size_t	 want[] = { crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    crypto_box_SECRETKEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES };
	json_t		*canon;

	*locator = NULL;
	*out = NULL;
	if (loc == NULL && in == NULL)
		return 0;
	*why = words_get(NULL, "page.register_locator");
	*locator = json_string_value(loc);
	if (*locator == NULL || strlen(*locator) != 64 ||
	    strspn(*locator, "0123456789abcdef") != 64 ||
	    !json_is_object(in) || json_object_size(in) != 2)
		return -1;
	if (b64_fields(in, fields, want, 2) == -1)
		return -1;
	canon = json_pack("{s:O, s:O}", "n", json_object_get(in, "n"), "c",
	    json_object_get(in, "c"));
	*out = canon ? json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(canon);
	return *out == NULL ? -1 : 0;
}

/*
 * Whether pk is an X25519 public key a page can be sealed to: not one
 * of the points of small order (all zeros among them), whose shared
 * secret with any key is zero, so no box can be made to them.
 */
static int
key_usable(const unsigned char pk[crypto_box_PUBLICKEYBYTES])
{
	unsigned char	 n[crypto_scalarmult_SCALARBYTES];
	unsigned char	 q[crypto_scalarmult_BYTES];
	int		 ok;

	randombytes_buf(n, sizeof(n));
	ok = crypto_scalarmult(q, n, pk) == 0;
	sodium_memzero(n, sizeof(n));
	sodium_memzero(q, sizeof(q));
	return ok;
}

/*
 * The consents the register page's boxes give, {"consent": ["texts",
 * "wellness"]}: each kind at most once, nothing else.  *kinds gets a
 * bit per kind (1 texts, 2 wellness).  Returns 0, or -1 when malformed.
 */
static int
consent_check(json_t *j, unsigned *kinds)
{
	json_t		*v;
	size_t		 i;
	unsigned	 bit;

	*kinds = 0;
	if (j == NULL)
		return 0;
	if (!json_is_array(j) || json_array_size(j) > 2)
		return -1;
	json_array_foreach(j, i, v) {
		const char *k = json_string_value(v);

		bit = k == NULL ? 0 : !strcmp(k, "texts") ? 1 :
		    !strcmp(k, "wellness") ? 2 : 0;
		if (bit == 0 || (*kinds & bit))
			return -1;
		*kinds |= bit;
	}
	return 0;
}

/*
 * Registration: body is the JSON the register page posts, {"token",
 * "public_key", "wrapped"[, "locator", "located"][, "consent"]}.  In
 * the caller's transaction, burns the token, revokes earlier keys
 * (rotating the pages' keys) and stores the new ones, and records the
 * consents the person ticked (channel "web"; boxes left empty withdraw
 * nothing: setting a new password is not taking consent back).  Returns OUT_OK and sets
 * res->page (the page the person opens) and res->again (they had a key
 * before); OUT_BADINPUT when the request is refused, with the reason
 * the register page shows in *why; OUT_FAILED on a database error.
 */
enum outcome
account_register(struct db *db, const char *body, size_t len,
    struct account_result *res, const char **why)
{
	struct person	 p = { 0 };
	json_error_t	 jerr;
	json_t		*j;
	sqlite3_stmt	*st;
	unsigned char	 h[32], pk[crypto_box_PUBLICKEYBYTES];
	const char	*token, *pkb64, *locator = NULL;
	char		*wrapped = NULL, *located = NULL;
	int64_t		 invite, person, expires, used, now = (int64_t)time(NULL);
	size_t		 pklen;
	enum outcome	 rc = OUT_BADINPUT;
	int		 row, taken;
	unsigned	 kinds;
	size_t		 keys;

	memset(res, 0, sizeof(*res));
	*why = words_get(NULL, "page.register_malformed");
	if ((j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return OUT_BADINPUT;
	token = json_string_value(json_object_get(j, "token"));
	pkb64 = json_string_value(json_object_get(j, "public_key"));
	keys = json_object_size(j) - (json_object_get(j, "consent") != NULL);
	if (!json_is_object(j) || (keys != 3 && keys != 5) || token == NULL ||
	    (strlen(token) != TOKEN_B64_LEN && strlen(token) != 43) ||
	    pkb64 == NULL || strlen(pkb64) > 64 ||
	    sodium_base642bin(pk, sizeof(pk), pkb64, strlen(pkb64), NULL,
	    &pklen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    pklen != sizeof(pk) ||
	    wrapped_check(json_object_get(j, "wrapped"), &wrapped, why) == -1 ||
	    locator_check(j, &locator, &located, why) == -1 ||
	    (keys == 5) != (locator != NULL) ||
	    consent_check(json_object_get(j, "consent"), &kinds) == -1)
		goto out;
	if (!key_usable(pk)) {
		*why = words_get(NULL, "page.register_bad_key");
		goto out;
	}
	token_hash(token, h);
	st = db_query(db, STMT_INVITE_BY_HASH, "b", h, sizeof(h));
	if ((row = db_row(db, st)) == OUT_FAILED) {
		rc = OUT_FAILED;
		goto out;
	}
	if (row == 0) {
		*why = words_get(NULL, "page.register_unknown");
		res->bad_token = 1;
		goto out;
	}
	invite = sqlite3_column_int64(st, 0);
	person = sqlite3_column_int64(st, 1);
	expires = sqlite3_column_int64(st, 2);
	used = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	if (used != 0 || expires <= now) {
		*why = words_get(NULL, used ? "page.register_used" :
		    "page.register_expired");
		res->bad_token = 1;
		goto out;
	}
	rc = OUT_FAILED;
	if (person_load_row(db, person, &p) == -1)
		goto out;
	if (!p.active) {
		*why = words_get(NULL, "page.register_removed");
		rc = OUT_BADINPUT;
		goto out;
	}
	st = db_query(db, STMT_KEY_ACTIVE, "i", person);
	if (db_row(db, st) != OUT_ROW)
		goto out;
	res->again = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	/* a locator is a published file's name: refused, never a 5xx */
	if (locator != NULL) {
		st = db_query(db, STMT_LOCATOR_TAKEN, "ti", locator, person);
		if (db_row(db, st) != OUT_ROW)
			goto out;
		taken = sqlite3_column_int(st, 0) > 0;
		sqlite3_reset(st);
		if (taken) {
			*why = words_get(NULL, "page.register_locator_taken");
			rc = OUT_BADINPUT;	/* counted by the caller */
			goto out;
		}
	}
	if (db_exec(db, STMT_INVITE_USE, "ii", now, invite) == -1 ||
	    db_changes(db) != 1 ||
	    db_exec(db, STMT_INVITE_BURN, "ii", now, person) == -1 ||
	    (res->again && person_revoke(db, &p) == -1) ||
	    db_exec(db, STMT_KEY_INSERT, "ibtitt", person, pk, sizeof(pk),
	    wrapped, now, locator, located) == -1)
		goto out;
	if (((kinds & 1) && db_exec(db, STMT_CONSENT_GIVE, "ititt", person,
	    "texts", now, "web", "register page") == -1) ||
	    ((kinds & 2) && db_exec(db, STMT_CONSENT_GIVE, "ititt", person,
	    "wellness", now, "web", "register page") == -1))
		goto out;
	/* coaches' keys open every page: all of them are sealed again */
	if (p.role != ROLE_ATHLETE && db_exec(db, STMT_DIRTY_ALL, "") == -1)
		goto out;
	res->person = person;
	person_page(&p, res->page, sizeof(res->page));
	rc = OUT_OK;
out:
	person_clear(&p);
	free(wrapped);
	free(located);
	json_decref(j);
	return rc;
}

/*
 * After person's handle changed, in the caller's transaction: "Open my
 * page" with the old handle opens nothing any more (their locator files
 * go at the next build), and they are invited to set a password again,
 * which makes one for the new handle, from club ([team] name, or NULL).
 * *told is set when an invitation was queued.  Returns OUT_OK or OUT_FAILED.
 */
enum outcome
account_handle_changed(struct db *db, int64_t person, const char *club,
    int *told)
{
	struct invite_run r = { .db = db, .club = club, .days = 7,
	    .again = 1 };

	*told = 0;
	if (db_exec(db, STMT_LOCATOR_FORGET, "i", person) == -1)
		return OUT_FAILED;
	if (db_changes(db) == 0)
		return OUT_OK;	/* they had no password: nothing to redo */
	if (invite_queue(&r, person) == -1)
		return OUT_FAILED;
	*told = r.queued > 0;
	return OUT_OK;
}

/*
 * Whether SMS text, its "{link}" standing for a link of link
 * characters, fits one GSM-7 segment.
 */
static int
sms_fits(const char *text, size_t link)
{
	long	 n = gsm7_length(text);

	return n != -1 && (size_t)n - strlen("{link}") + link <= SMS_SEGMENT;
}

/*
 * The SMS invitation for p from who ("Alex Carter of Riverside Rowing
 * Club", or the club alone) into text: the first form, longest first,
 * that fits one segment with the link under r->base; the shortest when
 * none does.  Words are dropped in this order: the inviting coach, the
 * days the link works and the page; then the club's full name, the
 * shorter forms opening with its short name as every text cox starts
 * does (sms_lead()), and last the handle's words.  The club's short
 * name is never dropped: a text with a link and no sender reads as
 * phishing, so a long link makes two texts rather than an anonymous
 * one (cox doctor says when [team] short_name would make it one).
 */
static void
invite_sms(const struct invite_run *r, const struct person *p,
    const char *who, const char *club, struct buf *text)
{
	size_t	 link = link_length(p, r->base != NULL ? r->base : "");
	int	 form;

	for (form = 0; form < 4; form++) {
		buf_reset(text);
		if (form == 0)
			words_printf(text, NULL, "sms.invite", who, p->handle,
			    r->days);
		else if (form == 1)
			words_printf(text, NULL, "sms.invite_short", club,
			    p->handle);
		else {
			buf_puts(text, sms_lead());
			if (form == 2)
				words_printf(text, NULL, "sms.invite_shortest",
				    p->handle);
			else
				words_printf(text, NULL, "sms.invite_link",
				    p->handle);
		}
		if (buf_failed(text) || sms_fits(text->data, link))
			break;
	}
}

/*
 * Whether the SMS invitation to p, from the club, fits one text with its
 * link under r->base (as long as the one the outbox makes), in p's
 * words; its length with the link into *chars.  For cox doctor.
 */
int
invite_sms_fits(const struct invite_run *r, const struct person *p,
    size_t *chars)
{
	struct buf	 text = { 0 };
	const char	*was = words_reader(p->language);
	const char	*club = r->club != NULL ? r->club :
	    words_get(NULL, "mail.invite_team");
	size_t		 link = link_length(p, r->base != NULL ? r->base : "");
	long		 n;
	int		 fits;

	invite_sms(r, p, club, club, &text);
	n = buf_failed(&text) ? -1 : gsm7_length(text.data);
	*chars = n == -1 ? 0 : (size_t)n - strlen("{link}") + link;
	fits = n != -1 && sms_fits(text.data, link);
	words_reader(was);
	buf_free(&text);
	return fits;
}

/*
 * The invitation for p on m's channel into text (m's subject too): who
 * sends it (r->by, the coach, or the club) and p's handle in words, in
 * p's language.
 */
static int
invite_text(const struct invite_run *r, const struct person *p,
    struct message *m, struct buf *subject, struct buf *text)
{
	struct person	 by = { 0 };
	struct buf	 who = { 0 };
	const char	*was = words_reader(p->language);	/* theirs */
	const char	*club = r->club != NULL ? r->club :
	    words_get(NULL, "mail.invite_team");
	int		 rc = -1;

	if (r->by != 0 && person_load(r->db, r->by, &by) == -1)
		goto out;
	if (r->by != 0)
		words_printf(&who, NULL, "mail.invite_who", by.name, club);
	else
		buf_puts(&who, club);
	if (m->channel == CHANNEL_SMS)
		invite_sms(r, p, who.data, club, text);
	else {
		words_printf(subject, NULL, "mail.invite_subject", club);
		words_printf(text, NULL, "mail.invite", p->name, who.data,
		    p->handle, r->days);
		m->subject = subject->data;
	}
	rc = buf_failed(&who) || buf_failed(subject) || buf_failed(text) ?
	    -1 : 0;
out:
	words_reader(was);
	person_clear(&by);
	buf_free(&who);
	return rc;
}

/*
 * Queues an invitation for person id in the caller's transaction, or
 * counts in r why not (registered already, no way to reach them).
 * Returns 0, or -1 on a database error.
 */
int
invite_queue(struct invite_run *r, int64_t id)
{
	struct person	 p;
	struct buf	 text = { 0 }, subject = { 0 };
	struct message	 m = { 0 };
	sqlite3_stmt	*st;
	enum reach	 reach;
	int		 rc = -1, keys;

	if (person_load(r->db, id, &p) == -1)
		goto out;
	st = db_query(r->db, STMT_KEY_ACTIVE, "i", id);
	if (db_row(r->db, st) != OUT_ROW)
		goto out;
	keys = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	rc = 0;
	if (!p.active)
		goto out;
	if (keys > 0 && !r->again) {
		r->registered++;
		goto out;
	}
	m.channel = r->via != NULL && !strcmp(r->via, "sms") ? CHANNEL_SMS :
	    r->via != NULL || p.email != NULL ? CHANNEL_EMAIL : CHANNEL_SMS;
	m.person = p.id;
	m.kind = "invite";
	rc = -1;
	/* the outbox makes the token when it sends: see text_for() */
	if (invite_text(r, &p, &m, &subject, &text) == -1)
		goto out;
	m.body = text.data;
	if (message_queue(r->db, &m, &reach) != OUT_OK)
		goto out;
	rc = 0;
	if (reach == REACH_YES)
		r->queued++;
	else {
		r->unreachable++;
		log_warn("%s: no %s to send an invitation to (%s)", p.name,
		    m.channel == CHANNEL_EMAIL ? "email address" :
		    "phone that takes texts", message_reach_name(reach));
	}
out:
	buf_free(&text);
	buf_free(&subject);
	person_clear(&p);
	return rc;
}

/* The attempt table's key for kind and key: a hash, nothing in clear. */
static void
attempt_key(const char *kind, const char *key, unsigned char h[16])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 16);
	crypto_generichash_update(&st, (const unsigned char *)kind,
	    strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)key, strlen(key));
	crypto_generichash_final(&st, h, 16);
}

/*
 * How many refused attempts of kind ("address", "token") were counted
 * for key in the current window of window seconds, into *count.  The
 * caller holds a transaction.  Returns 0 or -1.
 */
int
account_attempts(struct db *db, const char *kind, const char *key,
    long window, int *count)
{
	sqlite3_stmt	*st;
	unsigned char	 h[16];
	int64_t		 now = (int64_t)time(NULL);
	int		 row;

	*count = 0;
	attempt_key(kind, key, h);
	st = db_query(db, STMT_ATTEMPT_GET, "tb", kind, h, sizeof(h));
	if ((row = db_row(db, st)) == OUT_FAILED)
		return -1;
	if (row == 1) {
		if (now - sqlite3_column_int64(st, 0) < window)
			*count = sqlite3_column_int(st, 1);
		sqlite3_reset(st);
	}
	return 0;
}

/*
 * Counts one more refused attempt for key (a new window when the last
 * is over), and forgets the windows that are over.  The caller holds a
 * transaction.  Returns 0 or -1.
 */
int
account_attempt(struct db *db, const char *kind, const char *key,
    long window)
{
	sqlite3_stmt	*st;
	unsigned char	 h[16];
	int64_t		 now = (int64_t)time(NULL), start = now;
	int		 row, n = 0;

	attempt_key(kind, key, h);
	st = db_query(db, STMT_ATTEMPT_GET, "tb", kind, h, sizeof(h));
	if ((row = db_row(db, st)) == OUT_FAILED)
		return -1;
	if (row == 1) {
		if (now - sqlite3_column_int64(st, 0) < window) {
			start = sqlite3_column_int64(st, 0);
			n = sqlite3_column_int(st, 1);
		}
		sqlite3_reset(st);
	}
	return db_exec(db, STMT_ATTEMPT_SET, "tbii", kind, h, sizeof(h), start,
	    (int64_t)n + 1) == -1 || db_exec(db, STMT_ATTEMPT_PRUNE, "i",
	    now - window) == -1 ? -1 : 0;
}

