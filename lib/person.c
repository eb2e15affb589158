/*
 * person.c - athletes and coaches: their phones, squads and flags.
 *
 * A person is never deleted: removal deactivates, so ratings and
 * messages keep their author.  person_save() writes one person with
 * their phones and squads; the caller holds the transaction.  Who
 * must consent, who is a minor and who their guardian copies are
 * person_consent.c's.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"

#define PERSON_COLS \
	"id, role, name, handle, email, slug, opted_out, blocked, active, " \
	"created_at, channel, language, guardian_name, guardian_phone, " \
	"guardian_email, birth_date, minor, guardian_opted_out"

STMT(STMT_PERSON_BY_ID,
    "SELECT " PERSON_COLS " FROM person WHERE id = ?");
STMT(STMT_PERSON_BY_EMAIL, "SELECT id FROM person WHERE email = ?");
STMT(STMT_PERSON_BY_PHONE,
    "SELECT person_id FROM phone WHERE e164 = ?");
STMT(STMT_PERSON_BY_HANDLE, "SELECT id FROM person WHERE handle = ?");
STMT(STMT_PERSON_BY_SLUG, "SELECT id FROM person WHERE slug = ?");
STMT(STMT_PERSON_BY_NAME,
    "SELECT id FROM person WHERE name = ? COLLATE NOCASE "
    "ORDER BY active DESC, id");
STMT(STMT_PERSON_INSERT,
    "INSERT INTO person (role, name, handle, email, slug, opted_out, "
    "blocked, active, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
STMT(STMT_PERSON_UPDATE,
    "UPDATE person SET role = ?, name = ?, handle = ?, email = ?, "
    "opted_out = ?, blocked = ?, active = ?, updated_at = ?, "
    "removed_at = CASE WHEN ? THEN NULL ELSE removed_at END "
    "WHERE id = ?");
/* a guardian's STOP is their number's: another number, no STOP */
STMT(STMT_PERSON_SET_GUARDIAN,
    "UPDATE person SET guardian_name = ?1, guardian_phone = ?2, "
    "guardian_email = ?3, birth_date = ?4, minor = ?5, "
    "guardian_opted_out = guardian_opted_out AND guardian_phone "
    "IS ?2 WHERE id = ?6");
STMT(STMT_PERSON_DEACTIVATE,
    "UPDATE person SET active = 0, removed_at = ?, updated_at = ? "
    "WHERE id = ? AND active = 1");
STMT_SHARED(STMT_PERSON_LIST,
    "SELECT id FROM person WHERE active = 1 OR ? "
    "ORDER BY created_at DESC, id DESC");
STMT(STMT_PHONE_LIST,
    "SELECT e164 FROM phone WHERE person_id = ? ORDER BY position");
STMT(STMT_PHONE_DELETE_ALL, "DELETE FROM phone WHERE person_id = ?");
STMT(STMT_PHONE_INSERT,
    "INSERT INTO phone (e164, person_id, position) VALUES (?, ?, ?)");
STMT_SHARED(STMT_SQUAD_GET, "SELECT id FROM squad WHERE name = ?");
STMT(STMT_SQUAD_INSERT,
    "INSERT INTO squad (name, slug) "
    "VALUES (?, lower(hex(randomblob(12))))");
STMT(STMT_MEMBERSHIP_LIST,
    "SELECT s.name FROM membership m JOIN squad s ON s.id = m.squad_id "
    "WHERE m.person_id = ? ORDER BY s.name COLLATE NOCASE");
STMT(STMT_MEMBERSHIP_DELETE_ALL,
    "DELETE FROM membership WHERE person_id = ?");
STMT(STMT_MEMBERSHIP_INSERT,
    "INSERT OR IGNORE INTO membership (person_id, squad_id) "
    "VALUES (?, ?)");
STMT_SHARED(STMT_ATHLETE_IDS,
    "SELECT id FROM person WHERE active = 1 AND role = 'athlete' "
    "ORDER BY id");
STMT_SHARED(STMT_DIRTY_ALL,
    "INSERT OR IGNORE INTO dirty SELECT id FROM person "
    "UNION ALL SELECT 0");
STMT_SHARED(STMT_DIRTY_ADD, "INSERT OR IGNORE INTO dirty VALUES (?)");
/* the pages that list coach ? among who opens them (gen/gated.c) */
STMT(STMT_DIRTY_SQUADMATES,
    "INSERT OR IGNORE INTO dirty SELECT ma.person_id FROM membership ma "
    "JOIN membership mc ON mc.squad_id = ma.squad_id "
    "WHERE mc.person_id = ?");
/* the parts of the dashboard person ?1 may open */
STMT(STMT_PERSON_PARTS,
    "SELECT 'coach/' || s.slug || '/' FROM squad s JOIN person p ON "
    "p.id = ?1 WHERE p.active AND (p.role = 'head_coach' OR "
    "(p.role = 'coach' AND s.id IN (SELECT squad_id FROM membership "
    "WHERE person_id = ?1))) UNION ALL SELECT 'coach/team/' FROM "
    "person WHERE id = ?1 AND active AND role = 'head_coach'");
STMT(STMT_PAGE_KEY_DROP_DASHBOARDS,
    "DELETE FROM page_key WHERE page LIKE 'coach/%'");
STMT_SHARED(STMT_PERSON_SET_OPTOUT,
    "UPDATE person SET opted_out = ?, updated_at = ? WHERE id = ?");
/* a revoked key's locator is free again: the same password may
 * come back in a reset */
STMT(STMT_KEY_REVOKE,
    "UPDATE person_key SET revoked_at = ?, locator = NULL "
    "WHERE person_id = ? AND revoked_at IS NULL");
/* new content and link keys at the next build */
STMT(STMT_PAGE_KEY_DROP, "DELETE FROM page_key WHERE page = ?");
/* the athletes whose pages a reader of dashboard part ?1 opens */
STMT(STMT_PART_ATHLETE_PAGES,
    "SELECT id, 'a/' || slug || '/' FROM person WHERE role = "
    "'athlete' AND (?1 = 'coach/team/' OR id IN (SELECT m.person_id "
    "FROM membership m JOIN squad s ON s.id = m.squad_id "
    "WHERE 'coach/' || s.slug || '/' = ?1))");
/* whether coach ?1 coaches ?2, an athlete (a coach is nobody's; head
 * coaches coach all) */
STMT(STMT_COACHES_ATHLETE,
    "SELECT 1 FROM person c WHERE c.id = ?1 AND c.active AND "
    "EXISTS (SELECT 1 FROM person a WHERE a.id = ?2 AND "
    "a.role = 'athlete') AND "
    "(c.role = 'head_coach' OR (c.role = 'coach' AND EXISTS (SELECT 1 "
    "FROM membership mc JOIN membership ma ON ma.squad_id = mc.squad_id "
    "WHERE mc.person_id = c.id AND ma.person_id = ?2)))");
/*
 * Commands a coach emails (ingest/command.c): whom coach ?1 may
 * command is CMD_COACHES.
 */
/* squad ?2 by name, any case, and whether coach ?1 has it */
STMT_SHARED(STMT_CMD_SQUAD,
    "SELECT s.id, s.name, EXISTS (SELECT 1 FROM person c "
    "WHERE c.id = ?1 AND c.active AND c.role = 'head_coach') OR "
    "EXISTS (SELECT 1 FROM membership mc WHERE mc.squad_id = s.id AND "
    "mc.person_id = ?1) FROM squad s WHERE s.name = ?2 COLLATE NOCASE "
    "ORDER BY s.id LIMIT 1");
/* WhatsApp (v18): a person's channel, NULL following [sms] channel */
STMT(STMT_PERSON_SET_CHANNEL,
    "UPDATE person SET channel = ? WHERE id = ?");
STMT(STMT_PERSON_SET_LANGUAGE,
    "UPDATE person SET language = ? WHERE id = ?");
STMT(STMT_PERSON_LANGUAGE, "SELECT language FROM person WHERE id = ?");

static const char *const roles[] = {
	[ROLE_ATHLETE] = "athlete",
	[ROLE_COACH] = "coach",
	[ROLE_HEAD_COACH] = "head_coach",
};

/* The name stored, in the roster's CSV and on the command line. */
const char *
role_name(enum role r)
{
	return roles[r];
}

/* The words a coach reads for r on the dashboard (page.role_ entries). */
const char *
role_words(enum role r)
{
	static const char *const words[] = {
		[ROLE_ATHLETE] = "page.role_athlete",
		[ROLE_COACH] = "page.role_coach",
		[ROLE_HEAD_COACH] = "page.role_head_coach",
	};

	return (size_t)r < sizeof(words) / sizeof(words[0]) ?
	    words_get(NULL, words[r]) : "";
}

/*
 * Accepts "athlete", "Coach", "Head coach", "head-coach", "rower"... in
 * any language shipped (kw.role_*: "entraîneur principal", "Athletin").
 */
int
role_parse(const char *s, enum role *out)
{
	char	 norm[64];

	/* the names stored first: every person read from the database */
	if (roster_squash(s, norm, sizeof(norm)) == 0 ||
	    strcmp(norm, "athlete") == 0)
		*out = ROLE_ATHLETE;
	else if (strcmp(norm, "coach") == 0)
		*out = ROLE_COACH;
	else if (strcmp(norm, "headcoach") == 0)
		*out = ROLE_HEAD_COACH;
	else if (words_is("kw.role_athlete", norm))
		*out = ROLE_ATHLETE;
	else if (words_is("kw.role_coach", norm))
		*out = ROLE_COACH;
	else if (words_is("kw.role_head_coach", norm))
		*out = ROLE_HEAD_COACH;
	else
		return -1;
	return 0;
}

void
person_clear(struct person *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->handle);
	free(p->email);
	free(p->slug);
	free(p->channel);
	free(p->language);
	free(p->guardian_name);
	free(p->guardian_phone);
	free(p->guardian_email);
	free(p->birth_date);
	strlist_free(&p->phones);
	strlist_free(&p->squads);
	memset(p, 0, sizeof(*p));
}

static int
collect(struct db *db, sqlite3_stmt *st, struct strlist *out)
{
	int	 rc;

	while ((rc = db_row(db, st)) == OUT_ROW)
		if (strlist_add(out, db_text(st, 0)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	return rc;
}

/* Fills p (which the caller clears) from the row with this id. */
/* The person's own row, without phones and squads. */
int
person_load_row(struct db *db, int64_t id, struct person *p)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(p, 0, sizeof(*p));
	st = db_query(db, STMT_PERSON_BY_ID, "i", id);
	if ((rc = db_row(db, st)) != OUT_ROW) {
		if (rc == 0)
			log_error("no person with id %lld", (long long)id);
		return -1;
	}
	p->id = sqlite3_column_int64(st, 0);
	role_parse(db_text(st, 1), &p->role);
	p->name = xstrdup(db_text(st, 2));
	p->handle = xstrdup(db_text(st, 3));
	p->email = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL :
	    xstrdup(db_text(st, 4));
	p->slug = xstrdup(db_text(st, 5));
	p->opted_out = sqlite3_column_int(st, 6);
	p->blocked = sqlite3_column_int(st, 7);
	p->active = sqlite3_column_int(st, 8);
	p->created_at = sqlite3_column_int64(st, 9);
	p->channel = sqlite3_column_type(st, 10) == SQLITE_NULL ? NULL :
	    xstrdup(db_text(st, 10));
	p->language = sqlite3_column_type(st, 11) == SQLITE_NULL ? NULL :
	    xstrdup(db_text(st, 11));
	p->guardian_name = sqlite3_column_type(st, 12) == SQLITE_NULL ?
	    NULL : xstrdup(db_text(st, 12));
	p->guardian_phone = sqlite3_column_type(st, 13) == SQLITE_NULL ?
	    NULL : xstrdup(db_text(st, 13));
	p->guardian_email = sqlite3_column_type(st, 14) == SQLITE_NULL ?
	    NULL : xstrdup(db_text(st, 14));
	p->birth_date = sqlite3_column_type(st, 15) == SQLITE_NULL ? NULL :
	    xstrdup(db_text(st, 15));
	p->minor = sqlite3_column_int(st, 16);
	p->guardian_opted_out = sqlite3_column_int(st, 17);
	sqlite3_reset(st);
	return p->name == NULL || p->handle == NULL || p->slug == NULL ?
	    -1 : 0;
}

int
person_load(struct db *db, int64_t id, struct person *p)
{
	if (person_load_row(db, id, p) == -1)
		return -1;
	if (collect(db, db_query(db, STMT_PHONE_LIST, "i", id),
	    &p->phones) == -1 ||
	    collect(db, db_query(db, STMT_MEMBERSHIP_LIST, "i", id),
	    &p->squads) == -1)
		return -1;
	return 0;
}

/*
 * Whether coach (an active coach's id, or 0 for nobody) coaches athlete:
 * a head coach all athletes, a coach those of their squads, nobody a
 * coach.  What a command, a rating line and an answer to a note may
 * touch.  1, 0, or -1 on a database error.
 */
int
person_coaches(struct db *db, int64_t coach, int64_t athlete)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;

	st = db_query(db, STMT_COACHES_ATHLETE, "ii", coach, athlete);
	if ((rc = db_row(db, st)) == OUT_FAILED)
		return -1;
	sqlite3_reset(st);
	return rc == OUT_ROW;
}

static enum outcome
find_one(struct db *db, const struct stmt *q, const char *key, int64_t *id)
{
	sqlite3_stmt	*st = db_query(db, q, "t", key);
	int		 rc;

	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_OK ? OUT_NOTFOUND : OUT_FAILED;
	*id = sqlite3_column_int64(st, 0);
	if ((rc = db_row(db, st)) == OUT_OK)
		return OUT_OK;
	sqlite3_reset(st);
	return rc == OUT_ROW ? OUT_AMBIGUOUS : OUT_FAILED;
}

/*
 * Finds whose number who is, and nothing else: a text's sender, which a
 * handle, page or name must not match (a stranger's number that
 * libphonenumber does not know, as 07700 999xxx, read every name on the
 * roster, a scan any sender could make each text cost).  Numbers are
 * stored as E.164: one already so (every text's From) is looked up as
 * it is first, without libphonenumber's parse, which cost the webhook
 * more than the rest of a text.  Returns as person_find().
 */
enum outcome
person_find_number(struct db *db, const char *who, const char *country,
    int64_t *id)
{
	char		 e164[PHONE_MAX];
	const char	*why;
	enum outcome	 rc;

	if (phone_e164_shaped(who) && (rc = find_one(db, STMT_PERSON_BY_PHONE,
	    who, id)) != OUT_NOTFOUND)
		return rc;
	if (phone_normalize(who, country, e164, &why) == -1 ||
	    strcmp(e164, who) == 0)
		return OUT_NOTFOUND;
	return find_one(db, STMT_PERSON_BY_PHONE, e164, id);
}

/*
 * Finds who: "@handle", "handle", an email address, a phone number (read
 * in country), a page slug or a full name, case-insensitively.
 * Returns OUT_OK and sets *id when found, OUT_NOTFOUND when nobody
 * matches, OUT_AMBIGUOUS when several people do, OUT_FAILED on a
 * database error.
 */
enum outcome
person_find(struct db *db, const char *who, const char *country, int64_t *id)
{
	char		 e164[PHONE_MAX];
	const char	*why;
	enum outcome	 rc;

	if (who[0] == '@')
		return find_one(db, STMT_PERSON_BY_HANDLE, who + 1, id);
	if (strchr(who, '@') != NULL)
		return find_one(db, STMT_PERSON_BY_EMAIL, who, id);
	if (phone_e164_shaped(who) && (rc = find_one(db, STMT_PERSON_BY_PHONE,
	    who, id)) != OUT_NOTFOUND)
		return rc;
	if ((who[0] == '+' || isdigit((unsigned char)who[0])) &&
	    phone_normalize(who, country, e164, &why) == 0)
		return find_one(db, STMT_PERSON_BY_PHONE, e164, id);
	if ((rc = find_one(db, STMT_PERSON_BY_HANDLE, who, id)) != OUT_NOTFOUND)
		return rc;
	if ((rc = find_one(db, STMT_PERSON_BY_SLUG, who, id)) != OUT_NOTFOUND)
		return rc;
	return find_one(db, STMT_PERSON_BY_NAME, who, id);
}

/*
 * A short, unique handle for SMS and email: "Jane Doe" -> "jdoe",
 * then "jdoe2", "jdoe3"...  Accents are dropped ("Ødegård" ->
 * "odegard"); other letters outside ASCII are left out.
 */
int
handle_make(struct db *db, const char *name, char *out, size_t size)
{
	char		 base[24] = "", folded[256];
	const char	*last, *p;
	size_t		 n = 0;
	int64_t		 id;
	int		 i, rc;

	/* a name too long for folded is cut, which a handle does not mind */
	latin_fold(name, folded, sizeof(folded));
	last = folded;
	for (p = folded; *p != '\0'; p++)
		if (isspace((unsigned char)*p) && p[1] != '\0' &&
		    !isspace((unsigned char)p[1]))
			last = p + 1;
	if (last != folded && isalpha((unsigned char)folded[0]))
		base[n++] = folded[0];
	for (p = last; *p != '\0' && n + 1 < sizeof(base); p++)
		if (isalnum((unsigned char)*p))
			base[n++] = *p;
	base[n] = '\0';
	if (n < 2)
		snprintf(base, sizeof(base), "member");
	for (i = 1; i < 1000; i++) {
		if (i == 1)
			snprintf(out, size, "%s", base);
		else
			snprintf(out, size, "%s%d", base, i);
		if ((rc = find_one(db, STMT_PERSON_BY_HANDLE, out, &id)) ==
		    OUT_NOTFOUND)
			return 0;
		if (rc == OUT_FAILED)
			return -1;
	}
	log_error("no free handle for '%s'", name);
	return -1;
}

/* A plausible single mailbox: local@domain.tld, no spaces or brackets. */
int
email_valid(const char *s)
{
	const char	*at = strchr(s, '@'), *p;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strlen(s) > 254 || strchr(at, '.') == NULL ||
	    at[1] == '.' || s[strlen(s) - 1] == '.')
		return 0;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>()[],;:\"\\", *p))
			return 0;
	return 1;
}

/*
 * addr as a reply to a text may show it, into dst (EMAIL_MASKED_MAX):
 * its first character, "***" and the domain, the domain's end alone
 * when it is long, so that "jdoe@example.org" reads "j***@example.org".
 * Whoever holds the phone learns where the mail went, and nobody who
 * sees the reply learns the address.
 */
void
email_masked(const char *addr, char dst[EMAIL_MASKED_MAX])
{
	const char	*at = strrchr(addr, '@'), *dom;
	size_t		 keep = EMAIL_MASKED_MAX - 10;

	if (at == NULL || at == addr || (unsigned char)*addr >= 0x80) {
		snprintf(dst, EMAIL_MASKED_MAX, "***");
		return;
	}
	dom = at + 1;
	if (strlen(dom) > keep) {
		dom += strlen(dom) - keep;
		snprintf(dst, EMAIL_MASKED_MAX, "%c***@***%s", *addr, dom);
	} else
		snprintf(dst, EMAIL_MASKED_MAX, "%c***@%s", *addr, dom);
}

/*
 * A number as a log may show it, into dst (PHONE_MASKED_MAX): a
 * channel's prefix ("whatsapp:") and the "+" kept, the first two and
 * the last three digits, stars between, so that "+447700900123" reads
 * "+44********123": an operator tells numbers apart, a log that leaks
 * gives none away.  Anything shorter than six digits is all stars.
 */
void
phone_masked(const char *number, char dst[PHONE_MASKED_MAX])
{
	const char	*colon = strchr(number, ':'), *d = number;
	size_t		 n, i, o = 0;

	if (colon != NULL && (size_t)(colon - number) < 16) {
		o = (size_t)(colon - number) + 1;
		memcpy(dst, number, o);
		d = colon + 1;
	}
	if (*d == '+')
		dst[o++] = *d++;
	n = strlen(d);
	if (n > PHONE_MASKED_MAX - o - 1)
		n = PHONE_MASKED_MAX - o - 1;
	for (i = 0; i < n; i++)
		dst[o++] = n < 6 || (i >= 2 && i + 3 < n) ? '*' : d[i];
	dst[o] = '\0';
}

static int
person_write_links(struct db *db, const struct person *p)
{
	sqlite3_stmt	*st;
	int64_t		 squad;
	size_t		 i;
	int		 rc;

	if (db_exec(db, STMT_PHONE_DELETE_ALL, "i", p->id) == -1 ||
	    db_exec(db, STMT_MEMBERSHIP_DELETE_ALL, "i", p->id) == -1)
		return -1;
	for (i = 0; i < p->phones.n; i++)
		if (db_exec(db, STMT_PHONE_INSERT, "tid", p->phones.v[i],
		    p->id, (int)i) == -1)
			return -1;
	for (i = 0; i < p->squads.n; i++) {
		st = db_query(db, STMT_SQUAD_GET, "t", p->squads.v[i]);
		if ((rc = db_row(db, st)) == OUT_FAILED)
			return -1;
		if (rc == 1) {
			squad = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		} else {
			if (db_exec(db, STMT_SQUAD_INSERT, "t",
			    p->squads.v[i]) == -1)
				return -1;
			squad = db_last_id(db);
		}
		if (db_exec(db, STMT_MEMBERSHIP_INSERT, "ii", p->id,
		    squad) == -1)
			return -1;
	}
	return 0;
}

static int
parts_of(struct db *db, int64_t id, struct strlist *out)
{
	return collect(db, db_query(db, STMT_PERSON_PARTS, "i", id), out);
}

/*
 * A new content key and link secret for page, which is marked for the
 * next build: someone who could open it no longer may, and may have
 * kept its key in a browser ("remember me") or its magic link (a
 * coach's dashboard links to every athlete's page).  Its person gets a
 * new link by texting LINK, or opens it with their password.
 */
static int
page_rekey(struct db *db, const char *page, int64_t person)
{
	return db_exec(db, STMT_PAGE_KEY_DROP, "t", page) == -1 ||
	    db_exec(db, STMT_DIRTY_ADD, "i", person) == -1 ? -1 : 0;
}

/* The athletes' pages a reader of dashboard part opened: page_rekey(). */
static int
part_rekey(struct db *db, const char *part)
{
	struct strlist	 pages = { 0 };
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	st = db_query(db, STMT_PART_ATHLETE_PAGES, "t", part);
	while ((rc = db_row(db, st)) == OUT_ROW)
		if (strlist_addf(&pages, "%lld %s", (long long)
		    sqlite3_column_int64(st, 0), db_text(st, 1)) == -1) {
			sqlite3_reset(st);
			rc = -1;
			break;
		}
	for (i = 0; rc == 0 && i < pages.n; i++)
		rc = page_rekey(db, strchr(pages.v[i], ' ') + 1,
		    (int64_t)strtoll(pages.v[i], NULL, 10));
	strlist_free(&pages);
	return rc == OUT_FAILED ? -1 : rc;
}

/*
 * A coach who leaves a squad (or the role, or the head coach's, or the
 * team) knew the parts' keys and links: those parts get new ones at the
 * next build, sealed to who may open them now, and so do the pages of
 * their athletes (part_rekey()).  before is what person id opened.
 */
static int
parts_left(struct db *db, int64_t id, const struct strlist *before)
{
	struct strlist	 now = { 0 };
	size_t		 i;
	int		 rc;

	rc = parts_of(db, id, &now);
	for (i = 0; rc == 0 && i < before->n; i++)
		if (!strlist_has(&now, before->v[i]) && (db_exec(db,
		    STMT_PAGE_KEY_DROP, "t", before->v[i]) == -1 ||
		    part_rekey(db, before->v[i]) == -1))
			rc = -1;
	strlist_free(&now);
	return rc;
}

/*
 * An athlete who leaves a squad leaves its coaches, who could open
 * their page: it gets new keys (page_rekey()).  before is the squads
 * they were in, as stored; they are compared with the squads stored
 * now, so "juniors" for "Juniors" (names ignore case) leaves nothing.
 */
static int
squads_left(struct db *db, const struct person *p,
    const struct strlist *before)
{
	struct strlist	 now = { 0 };
	char		 page[64];
	size_t		 i;
	int		 rc;

	if (p->role != ROLE_ATHLETE)
		return 0;
	rc = collect(db, db_query(db, STMT_MEMBERSHIP_LIST, "i", p->id), &now);
	for (i = 0; rc == 0 && i < before->n; i++)
		if (!strlist_has(&now, before->v[i])) {
			person_page(p, page, sizeof(page));
			rc = page_rekey(db, page, p->id);
			break;
		}
	strlist_free(&now);
	return rc;
}

/*
 * The pages that name coach p among who opens them (gen/gated.c): those
 * of the athletes of p's squads, or every page for a head coach.  They
 * are marked for the next build when what they say of p may have
 * changed: p's name or role, or a squad p joined (one left gives them
 * new keys: parts_left()).  old is p's row and before p's squads, as
 * they were stored.
 */
static int
readers_named(struct db *db, const struct person *p, const struct person *old,
    const struct strlist *before)
{
	struct strlist	 now = { 0 };
	size_t		 i;
	int		 moved;

	if (p->role == ROLE_ATHLETE && old->role == ROLE_ATHLETE)
		return 0;
	if (collect(db, db_query(db, STMT_MEMBERSHIP_LIST, "i", p->id),
	    &now) == -1)
		return -1;
	moved = strcmp(p->name, old->name) != 0 || p->role != old->role;
	for (i = 0; !moved && i < now.n; i++)
		moved = !strlist_has(before, now.v[i]);
	strlist_free(&now);
	if (!moved)
		return 0;
	if (p->role == ROLE_HEAD_COACH || old->role == ROLE_HEAD_COACH)
		return db_exec(db, STMT_DIRTY_ALL, "");
	return db_exec(db, STMT_DIRTY_SQUADMATES, "i", p->id);
}

/* p's guardian and what says whether p is a minor. */
static int
guardian_save(struct db *db, const struct person *p)
{
	return db_exec(db, STMT_PERSON_SET_GUARDIAN, "ttttdi",
	    p->guardian_name, p->guardian_phone, p->guardian_email,
	    p->birth_date, p->minor, p->id);
}

/*
 * Inserts p (id 0: a handle and a page slug are made when missing) or
 * updates it, phones and squads included.
 */
int
person_save(struct db *db, struct person *p)
{
	struct strlist	 before = { 0 }, squads = { 0 };
	struct person	 old = { 0 };
	int64_t		 now = (int64_t)time(NULL);
	char		 handle[32], slug[32];
	int		 rc = 0;

	if (p->id == 0) {
		if (p->handle == NULL) {
			if (handle_make(db, p->name, handle,
			    sizeof(handle)) == -1 ||
			    (p->handle = xstrdup(handle)) == NULL)
				return -1;
		}
		if (random_token(slug, sizeof(slug), 12) == -1 ||
		    (p->slug = xstrdup(slug)) == NULL)
			return -1;
		if (db_exec(db, STMT_PERSON_INSERT, "tttttddii",
		    role_name(p->role), p->name, p->handle, p->email, p->slug,
		    p->opted_out, p->blocked, now, now) == -1)
			return -1;
		p->id = db_last_id(db);
		p->active = 1;
		p->created_at = now;
		if ((p->channel != NULL && db_exec(db, STMT_PERSON_SET_CHANNEL,
		    "ti", p->channel, p->id) == -1) || (p->language != NULL &&
		    db_exec(db, STMT_PERSON_SET_LANGUAGE, "ti", p->language,
		    p->id) == -1) || guardian_save(db, p) == -1)
			return -1;
		return person_write_links(db, p);
	}
	if (parts_of(db, p->id, &before) == -1 ||
	    collect(db, db_query(db, STMT_MEMBERSHIP_LIST, "i", p->id),
	    &squads) == -1 || person_load_row(db, p->id, &old) == -1 ||
	    db_exec(db, STMT_PERSON_UPDATE, "ttttdddidi", role_name(p->role),
	    p->name, p->handle, p->email, p->opted_out, p->blocked, p->active,
	    now, p->active, p->id) == -1 || db_exec(db,
	    STMT_PERSON_SET_CHANNEL, "ti", p->channel, p->id) == -1 ||
	    db_exec(db, STMT_PERSON_SET_LANGUAGE, "ti", p->language,
	    p->id) == -1 || guardian_save(db, p) == -1 ||
	    person_write_links(db, p) == -1 ||
	    parts_left(db, p->id, &before) == -1 ||
	    squads_left(db, p, &squads) == -1 ||
	    readers_named(db, p, &old, &squads) == -1)
		rc = -1;
	person_clear(&old);
	strlist_free(&before);
	strlist_free(&squads);
	return rc;
}

/*
 * Makes what this thread writes next speak person id's language
 * (words_reader(); the team's when they have none, or on an error).
 * Returns the language it replaces, for words_reader() when done.
 */
const char *
person_reader(struct db *db, int64_t id)
{
	sqlite3_stmt	*st = db_query(db, STMT_PERSON_LANGUAGE, "i", id);
	const char	*was;

	if (db_row(db, st) == OUT_ROW && sqlite3_column_type(st, 0) !=
	    SQLITE_NULL)
		was = words_reader(db_text(st, 0));
	else
		was = words_reader(NULL);
	sqlite3_reset(st);
	return was;
}

/* Whether s names a way to reach a number: sms, whatsapp or both. */
int
person_channel_valid(const char *s)
{
	return s != NULL && (strcmp(s, "sms") == 0 ||
	    strcmp(s, "whatsapp") == 0 || strcmp(s, "both") == 0);
}

int
person_deactivate(struct db *db, int64_t id)
{
	struct strlist	 before = { 0 };
	int64_t		 now = (int64_t)time(NULL);
	int		 rc;

	if (parts_of(db, id, &before) == -1 ||
	    db_exec(db, STMT_PERSON_DEACTIVATE, "iii", now, now, id) == -1)
		rc = -1;
	else if ((rc = db_changes(db) > 0 ? 1 : 0) == 1 &&
	    parts_left(db, id, &before) == -1)
		rc = -1;
	strlist_free(&before);
	return rc;
}

/* Calls cb for every person, newest first; cb returns -1 to stop. */
int
person_list(struct db *db, int include_inactive,
    int (*cb)(struct person *, void *), void *arg)
{
	struct person	 p;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	int		 rc;

	rc = db_ids(db, db_query(db, STMT_PERSON_LIST, "d", include_inactive),
	    &ids, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		if (person_load(db, ids[i], &p) == -1 || cb(&p, arg) == -1)
			rc = -1;
		person_clear(&p);
	}
	free(ids);
	return rc;
}

/*
 * The page a person opens: an athlete's ratings, or a coach's list of
 * the parts of the dashboard they open.
 */
void
person_page(const struct person *p, char *page, size_t size)
{
	snprintf(page, size, "a/%s/", p->slug);
}

/*
 * The magic link that opens person p's page (a coach's: the dashboard)
 * under base, into dst: BASE/a/SLUG/#k=SECRET.  The caller holds a
 * transaction.  Returns 0, or -1 (logged).
 */
int
person_url(struct db *db, const struct person *p, const char *base,
    char *dst, size_t size)
{
	struct page_keys k;
	char		 page[64], secret[64];
	int		 rc = -1;

	person_page(p, page, sizeof(page));
	if (pagekey_get(db, page, p->id,
	    &k) == 0 && pagekey_link(&k, secret, sizeof(secret)) == 0)
		rc = snprintf(dst, size, "%s%s%s#k=%s", base,
		    base[0] != '\0' && base[strlen(base) - 1] == '/' ? "" : "/",
		    page, secret) < (int)size ? 0 : -1;
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

/*
 * Revokes person's registered keys and drops their page's keys, so the
 * next build encrypts it afresh: old passwords and links do not open
 * it.  A coach's page links to parts of the dashboard with their magic
 * links, and pages were sealed to their key: the parts get new keys,
 * so do the pages of the athletes they read (part_rekey(); a removed
 * coach's were given them by person_deactivate()), and everything is
 * rebuilt.  The caller holds a transaction.
 */
int
person_revoke(struct db *db, const struct person *p)
{
	char	 page[64];

	person_page(p, page, sizeof(page));
	if (db_exec(db, STMT_KEY_REVOKE, "ii", (int64_t)time(NULL),
	    p->id) == -1 || db_exec(db, STMT_PAGE_KEY_DROP, "t", page) == -1)
		return -1;
	if (p->role != ROLE_ATHLETE) {
		struct strlist	 parts = { 0 };
		size_t		 i;
		int		 rc = parts_of(db, p->id, &parts);

		for (i = 0; rc == 0 && i < parts.n; i++)
			rc = part_rekey(db, parts.v[i]);
		strlist_free(&parts);
		return rc == -1 || db_exec(db, STMT_PAGE_KEY_DROP_DASHBOARDS,
		    "") == -1 ? -1 : db_exec(db, STMT_DIRTY_ALL, "");
	}
	return db_exec(db, STMT_DIRTY_ADD, "i", p->id);
}
