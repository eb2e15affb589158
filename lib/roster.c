/*
 * roster.c - a roster spreadsheet (CSV) merged into the people table.
 *
 * Columns are found by their header, loosely and in any language shipped
 * ("Full name", "E-mail", "Mobile", "Squad(s)", "Role", "Channel": sms,
 * whatsapp or both; or "First name" + "Surname"; "Courriel", "Vorname"),
 * and the columns not read are named in the report.  Each row is matched to an existing
 * person by email, then by phone, then (for rows with neither) by name,
 * and the person is added or updated.  The whole import is one
 * transaction: with any bad row nothing is written unless the caller
 * asked to skip bad rows.  Every bad row is reported with its line.
 * A cell's day or yes is read by roster_cell.c; what the roster then
 * leaves uncovered is roster_check.c's to say.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"


#define ROSTER_MAX_ROWS	20000

enum column { COL_IGNORE, COL_NAME, COL_FIRST, COL_LAST, COL_EMAIL,
	COL_PHONE, COL_SQUAD, COL_ROLE, COL_HANDLE, COL_CHANNEL, COL_LANGUAGE,
	COL_GUARDIAN_NAME, COL_GUARDIAN_PHONE, COL_GUARDIAN_EMAIL,
	COL_BIRTH_DATE, COL_MINOR, COL_CONSENT_TEXTS, COL_CONSENT_WELLNESS,
	COL_CONSENT_GUARDIAN, COL_CONSENT_VERSION };

/* The consents a sheet's columns give, in that order (cox roster consent). */
static const char *const consent_kinds[3] = { "texts", "wellness",
    "guardian" };

/*
 * Each column and the catalogue's words for its header (kw.roster_*,
 * lib/words/), in every language shipped: a French sheet's "Courriel"
 * and "Téléphone portable" are read as an English one's "Email" and
 * "Mobile".  A header is looked up squashed (roster_squash()): "Full
 * name" is "fullname", "E-mail" "email".
 */
static const struct {
	const char	*words;
	enum column	 col;
} headers[] = {
	{ "kw.roster_name", COL_NAME }, { "kw.roster_first", COL_FIRST },
	{ "kw.roster_last", COL_LAST }, { "kw.roster_email", COL_EMAIL },
	{ "kw.roster_phone", COL_PHONE }, { "kw.roster_squad", COL_SQUAD },
	{ "kw.roster_role", COL_ROLE }, { "kw.roster_handle", COL_HANDLE },
	{ "kw.roster_channel", COL_CHANNEL },
	{ "kw.roster_language", COL_LANGUAGE },
	{ "kw.roster_guardian_name", COL_GUARDIAN_NAME },
	{ "kw.roster_guardian_phone", COL_GUARDIAN_PHONE },
	{ "kw.roster_guardian_email", COL_GUARDIAN_EMAIL },
	{ "kw.roster_birth_date", COL_BIRTH_DATE },
	{ "kw.roster_minor", COL_MINOR },
	{ "kw.roster_consent_texts", COL_CONSENT_TEXTS },
	{ "kw.roster_consent_wellness", COL_CONSENT_WELLNESS },
	{ "kw.roster_consent_guardian", COL_CONSENT_GUARDIAN },
	{ "kw.roster_consent_version", COL_CONSENT_VERSION },
};

struct import {
	struct db		*db;
	const char		*country;
	enum day_order		 order;		/* of its birth dates */
	struct roster_report	*rep;
	enum column		 cols[CSV_MAX_FIELDS];
	size_t			 ncols;
	int			 has_squad;
	int			 has_role;
	int			 has_minor;
	char			 consent[3][11];	/* the row's days, or "" */
	char			 version[65];		/* and their notice's */
	struct strlist		 seen;		/* "key\tline" of this file */
};

static enum column
column_of(const char *header)
{
	char	 norm[64];
	size_t	 i;

	if (roster_squash(header, norm, sizeof(norm)) == 0)
		return COL_IGNORE;
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (words_is(headers[i].words, norm))
			return headers[i].col;
	/* "Squad(s)", "Phone (mobile)" */
	if (strncmp(norm, "phone", 5) == 0 || strncmp(norm, "mobile", 6) == 0)
		return COL_PHONE;
	if (strncmp(norm, "squad", 5) == 0)
		return COL_SQUAD;
	if (strncmp(norm, "email", 5) == 0)
		return COL_EMAIL;
	return COL_IGNORE;
}

static int
import_header(struct import *im, const struct csv_record *rec)
{
	int	 name = 0, first = 0, last = 0;
	size_t	 i;

	im->ncols = rec->nfields;
	for (i = 0; i < rec->nfields; i++) {
		im->cols[i] = column_of(rec->fields[i]);
		name |= im->cols[i] == COL_NAME;
		first |= im->cols[i] == COL_FIRST;
		last |= im->cols[i] == COL_LAST;
		if (im->cols[i] == COL_IGNORE && rec->fields[i][0] != '\0')
			strlist_addf(&im->rep->unread, "column %zu, '%s'",
			    i + 1, rec->fields[i]);
	}
	/*
	 * "Prénom;Nom", "Vorname;Name": beside a first name, the name is
	 * the family's; "Nombre;Apellidos", "Name;Surname": beside a family
	 * name, it is the first
	 */
	for (i = 0; first != last && i < rec->nfields; i++)
		if (im->cols[i] == COL_NAME) {
			im->cols[i] = first ? COL_LAST : COL_FIRST;
			name = 0;
			first = last = 1;
		}
	for (i = 0; i < rec->nfields; i++) {
		im->has_squad |= im->cols[i] == COL_SQUAD;
		im->has_role |= im->cols[i] == COL_ROLE;
		im->has_minor |= im->cols[i] == COL_MINOR;
	}
	if (!name && !(first && last)) {
		strlist_addf(&im->rep->problems, "line %lu: the header has no "
		    "Name column (nor First name and Last name)", rec->line);
		return -1;
	}
	return 0;
}

/* Remembers key for this file; returns the earlier line holding it. */
static unsigned long
seen_before(struct import *im, const char *kind, const char *key,
    unsigned long line)
{
	char	 prefix[300];
	size_t	 i, n;

	n = (size_t)snprintf(prefix, sizeof(prefix), "%s:%s\t", kind, key);
	if (n >= sizeof(prefix))
		return 0;
	for (i = 0; i < im->seen.n; i++)
		if (strncasecmp(im->seen.v[i], prefix, n) == 0)
			return strtoul(im->seen.v[i] + n, NULL, 10);
	strlist_addf(&im->seen, "%s%lu", prefix, line);
	return 0;
}

static int
split_squads(const char *cell, struct strlist *out)
{
	char	*copy, *tok, *save = NULL;
	int	 rc = 0;

	if ((copy = xstrdup(cell)) == NULL)
		return -1;
	for (tok = strtok_r(copy, ",;/\n", &save); tok != NULL;
	    tok = strtok_r(NULL, ",;/\n", &save)) {
		tok = trim(tok);
		if (*tok != '\0' && !strlist_has(out, tok) &&
		    (rc = strlist_add(out, tok)) == -1)
			break;
	}
	free(copy);
	return rc;
}

#define BAD(...) do { strlist_addf(&im->rep->problems, __VA_ARGS__); \
	bad++; } while (0)

/*
 * Reads one data row into p.  Returns the number of problems found
 * (each already reported), or -1 on an internal error.
 */
static int
import_row(struct import *im, const struct csv_record *rec, struct person *p)
{
	struct strlist	 raw = { 0 };
	struct buf	 name = { 0 }, last = { 0 };
	char		 e164[PHONE_MAX], dwhy[DAY_WHY_MAX], *v;
	const char	*why;
	unsigned long	 line = rec->line, other;
	size_t		 i, j;
	int		 bad = 0;

	memset(im->consent, 0, sizeof(im->consent));
	im->version[0] = '\0';
	for (i = 0; i < rec->nfields && i < im->ncols; i++) {
		v = trim(rec->fields[i]);
		if (!utf8_valid(v, strlen(v))) {
			BAD("line %lu: not UTF-8 text; save the sheet as "
			    "\"CSV UTF-8\"", line);
			goto out;
		}
		switch (im->cols[i]) {
		case COL_NAME:
		case COL_FIRST:
			if (*v != '\0')
				buf_printf(&name, "%s%s", name.len ? " " : "",
				    v);
			break;
		case COL_LAST:
			if (*v != '\0')
				buf_printf(&last, "%s%s", last.len ? " " : "",
				    v);
			break;
		case COL_EMAIL:
			if (*v == '\0')
				break;
			if (!email_valid(v))
				BAD("line %lu: email '%s' is not an address",
				    line, v);
			else if ((other = seen_before(im, "email", v, line)))
				BAD("line %lu: email %s is also on line %lu",
				    line, v, other);
			else if (p->email == NULL)
				p->email = xstrdup(v);
			break;
		case COL_PHONE:
			phone_split(v, im->country, &raw);
			break;
		case COL_SQUAD:
			split_squads(v, &p->squads);
			break;
		case COL_ROLE:
			if (role_parse(v, &p->role) == -1)
				BAD("line %lu: role '%s' is not athlete, "
				    "coach or head coach", line, v);
			break;
		case COL_HANDLE:
			v += *v == '@';
			for (j = 0; v[j] != '\0'; j++)
				if (!isalnum((unsigned char)v[j]) &&
				    v[j] != '_' && v[j] != '.')
					break;
			if (v[j] != '\0' || j > 30)
				BAD("line %lu: handle '%s' may only have "
				    "letters, digits, '_' and '.'", line, v);
			else if (*v != '\0')
				p->handle = xstrdup(v);
			break;
		case COL_CHANNEL:
			ascii_lower(v);
			if (*v != '\0' && !person_channel_valid(v))
				BAD("line %lu: channel '%s' is not sms, "
				    "whatsapp or both", line, v);
			else if (*v != '\0')
				p->channel = xstrdup(v);
			break;
		case COL_LANGUAGE:
			ascii_lower(v);
			if (*v != '\0' && !words_has(v))
				BAD("line %lu: language '%s' is not one cox "
				    "speaks (%s)", line, v, words_codes());
			else if (*v != '\0')
				p->language = xstrdup(v);
			break;
		case COL_GUARDIAN_NAME:
			if (*v != '\0')
				p->guardian_name = xstrdup(v);
			break;
		case COL_GUARDIAN_PHONE:
			if (*v == '\0')
				break;
			if (phone_normalize(v, im->country, e164, &why) == -1)
				BAD("line %lu: guardian's phone '%s' %s", line,
				    v, why);
			else
				p->guardian_phone = xstrdup(e164);
			break;
		case COL_GUARDIAN_EMAIL:
			if (*v != '\0' && !email_valid(v))
				BAD("line %lu: guardian's email '%s' is not an "
				    "address", line, v);
			else if (*v != '\0')
				p->guardian_email = xstrdup(v);
			break;
		case COL_BIRTH_DATE:
			if (*v != '\0' && roster_birth_date(v, im->order,
			    &p->birth_date, dwhy) == -1)
				BAD("line %lu: birth date '%s' %s", line, v,
				    dwhy);
			break;
		case COL_MINOR:
			ascii_lower(v);
			if (*v != '\0' && roster_yes_no(v, &p->minor) == -1)
				BAD("line %lu: minor '%s' is not yes or no",
				    line, v);
			break;
		case COL_CONSENT_TEXTS:
		case COL_CONSENT_WELLNESS:
		case COL_CONSENT_GUARDIAN:
			j = (size_t)(im->cols[i] - COL_CONSENT_TEXTS);
			if (*v != '\0' && day_parse(v, im->consent[j]) == -1)
				BAD("line %lu: consent day '%s' is not a day "
				    "written YYYY-MM-DD", line, v);
			break;
		case COL_CONSENT_VERSION:
			if (strlen(v) > 64)
				BAD("line %lu: a consent version of more than "
				    "64 characters", line);
			else
				snprintf(im->version, sizeof(im->version),
				    "%s", v);
			break;
		case COL_IGNORE:
			break;
		}
	}
	if (last.len > 0 && !buf_failed(&last))
		buf_printf(&name, "%s%s", name.len ? " " : "", last.data);
	if (buf_failed(&name) || buf_failed(&last)) {
		bad = -1;	/* out of memory */
		goto out;
	}
	if (name.len == 0)
		BAD("line %lu: no name", line);
	else if (name.len > 200)
		BAD("line %lu: the name is longer than 200 bytes", line);
	else
		p->name = buf_steal(&name);
	for (i = 0; i < raw.n; i++) {
		if (phone_normalize(raw.v[i], im->country, e164, &why) == -1)
			BAD("line %lu: phone '%s' %s", line, raw.v[i], why);
		else if ((other = seen_before(im, "phone", e164, line)))
			BAD("line %lu: phone %s is also on line %lu", line,
			    raw.v[i], other);
		else if (!strlist_has(&p->phones, e164))
			strlist_add(&p->phones, e164);
	}
out:
	strlist_free(&raw);
	buf_free(&name);
	buf_free(&last);
	return bad;
}

/*
 * Finds the existing person this row describes.  Returns 1 with *id,
 * 0 for a new person, OUT_BADINPUT after reporting a conflict in the
 * row, OUT_FAILED on a database error.
 */
static int
import_match(struct import *im, const struct person *p, unsigned long line,
    int64_t *id)
{
	int64_t	 found = 0, other;
	size_t	 i;
	int	 rc;

	if (p->email != NULL) {
		rc = person_find(im->db, p->email, im->country, &found);
		if (rc == OUT_FAILED)
			return -1;
	}
	for (i = 0; i < p->phones.n; i++) {
		other = 0;
		if (person_find(im->db, p->phones.v[i], im->country,
		    &other) == OUT_FAILED)
			return -1;
		if (other != 0 && found != 0 && other != found) {
			strlist_addf(&im->rep->problems, "line %lu: phone %s "
			    "belongs to someone else than the row's email",
			    line, p->phones.v[i]);
			return OUT_BADINPUT;
		}
		if (other != 0)
			found = other;
	}
	if (found == 0 && p->email == NULL && p->phones.n == 0) {
		rc = person_find(im->db, p->name, im->country, &found);
		if (rc == OUT_FAILED)
			return -1;
		if (rc == OUT_AMBIGUOUS) {
			strlist_addf(&im->rep->problems, "line %lu: several "
			    "people are called '%s'; add an email or phone",
			    line, p->name);
			return OUT_BADINPUT;
		}
		if (rc == OUT_NOTFOUND)
			found = 0;
	}
	*id = found;
	return found != 0;
}

static int
lists_equal(const struct strlist *a, const struct strlist *b)
{
	size_t	 i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!strlist_has(b, a->v[i]))
			return 0;
	return 1;
}

static const char *
squads_text(const struct strlist *s, char *dst, size_t size)
{
	size_t	 i, n = 0;

	dst[0] = '\0';
	for (i = 0; i < s->n && n < size; i++)
		n += (size_t)snprintf(dst + n, size - n, "%s%s",
		    i ? ", " : "", s->v[i]);
	return s->n ? dst : "no squad";
}

/* A field of the sheet's row into old's when given and not the same. */
static int
guardian_merge(char **old, const char *row)
{
	if (row == NULL || (*old != NULL && strcmp(*old, row) == 0))
		return 0;
	free(*old);
	*old = xstrdup(row);
	return 1;
}

/* Folds the row into the existing person old; returns 1 if it changed. */
static int
import_merge(struct import *im, struct person *old, struct person *row,
    struct buf *what)
{
	if (strcmp(old->name, row->name) != 0) {
		free(old->name);
		old->name = xstrdup(row->name);
		buf_puts(what, " name");
	}
	if (row->email != NULL && (old->email == NULL ||
	    strcmp(old->email, row->email) != 0)) {
		free(old->email);
		old->email = xstrdup(row->email);
		buf_puts(what, " email");
	}
	if (row->phones.n > 0 && !lists_equal(&old->phones, &row->phones)) {
		strlist_free(&old->phones);
		old->phones = row->phones;
		memset(&row->phones, 0, sizeof(row->phones));
		buf_puts(what, " phone");
	}
	if (im->has_squad && !lists_equal(&old->squads, &row->squads)) {
		strlist_free(&old->squads);
		old->squads = row->squads;
		memset(&row->squads, 0, sizeof(row->squads));
		buf_puts(what, " squad");
	}
	if (im->has_role && old->role != row->role) {
		old->role = row->role;
		buf_puts(what, " role");
	}
	if (row->channel != NULL && (old->channel == NULL ||
	    strcmp(old->channel, row->channel) != 0)) {
		free(old->channel);
		old->channel = xstrdup(row->channel);
		buf_puts(what, " channel");
	}
	if (row->language != NULL && (old->language == NULL ||
	    strcmp(old->language, row->language) != 0)) {
		free(old->language);
		old->language = xstrdup(row->language);
		buf_puts(what, " language");
	}
	if (guardian_merge(&old->guardian_name, row->guardian_name) +
	    guardian_merge(&old->guardian_phone, row->guardian_phone) +
	    guardian_merge(&old->guardian_email, row->guardian_email) +
	    guardian_merge(&old->birth_date, row->birth_date) > 0 ||
	    (im->has_minor && old->minor != row->minor)) {
		old->minor = im->has_minor ? row->minor : old->minor;
		buf_puts(what, " guardian");
	}
	if (row->handle != NULL && strcmp(old->handle, row->handle) != 0) {
		free(old->handle);
		old->handle = xstrdup(row->handle);
		buf_puts(what, " handle");
	}
	if (!old->active) {
		old->active = 1;
		buf_puts(what, " back-on-roster");
	}
	return what->len > 0;
}

/*
 * The consents the row's columns give person id, those not in force
 * yet (given on the sheet's day, on paper): how many, or -1.
 */
static int
import_consents(struct import *im, int64_t id)
{
	struct tm	 tm;
	size_t		 k;
	int		 n = 0, has;

	for (k = 0; k < 3; k++) {
		if (im->consent[k][0] == '\0')
			continue;
		if ((has = person_consent(im->db, id, consent_kinds[k])) == -1)
			return -1;
		if (has)
			continue;
		memset(&tm, 0, sizeof(tm));
		if (strptime(im->consent[k], "%Y-%m-%d", &tm) == NULL ||
		    db_exec(im->db, STMT_CONSENT_GIVE, "ititt", id,
		    consent_kinds[k], (int64_t)timegm(&tm) + 12 * 3600,
		    "paper", im->version) == -1)
			return -1;
		n++;
	}
	return n;
}

/*
 * A guardian's consent on a row whose person has no guardian, on the
 * row nor (old, for someone on the roster already) there: refused, as
 * cox roster consent --guardian refuses it.  1 after saying so, or 0.
 */
static int
consent_alone(struct import *im, const struct person *row,
    const struct person *old, unsigned long line)
{
	if (im->consent[2][0] == '\0' || person_has_guardian(row) ||
	    (old != NULL && person_has_guardian(old)))
		return 0;
	strlist_addf(&im->rep->problems, "line %lu: a guardian's consent, but "
	    "%s has no guardian on the roster: add the guardian's phone or "
	    "email to the row", line, row->name);
	return 1;
}

/*
 * Adds or updates one good row: 0, or OUT_BADINPUT (a conflict, said
 * in the report), OUT_FAILED.
 */
static int
import_apply(struct import *im, struct person *row, unsigned long line)
{
	struct person	 old;
	struct buf	 what = { 0 };
	char		 sq[256];
	int64_t		 id;
	int		 rc;

	if ((rc = import_match(im, row, line, &id)) < 0)
		return rc;
	if (rc == 0) {
		if (consent_alone(im, row, NULL, line))
			return OUT_BADINPUT;
		if (person_save(im->db, row) == -1 ||
		    import_consents(im, row->id) == -1)
			return -1;
		im->rep->added++;
		strlist_addf(&im->rep->changes, "+ %s (%s; %s)", row->name,
		    role_name(row->role), squads_text(&row->squads, sq,
		    sizeof(sq)));
		return 0;
	}
	if (person_load(im->db, id, &old) == -1) {
		person_clear(&old);
		return -1;
	}
	if (consent_alone(im, row, &old, line)) {
		person_clear(&old);
		return OUT_BADINPUT;
	}
	if ((rc = import_consents(im, old.id)) == -1) {
		person_clear(&old);
		return -1;
	}
	if (rc > 0)
		buf_puts(&what, " consent");
	if (import_merge(im, &old, row, &what) || rc > 0) {
		rc = person_save(im->db, &old);
		if (rc == -1 && sqlite3_extended_errcode(db_handle(im->db)) ==
		    SQLITE_CONSTRAINT_UNIQUE) {
			strlist_addf(&im->rep->problems, "line %lu: the "
			    "handle or email is already someone else's", line);
			rc = OUT_BADINPUT;
		} else if (rc == 0 && buf_failed(&what)) {
			rc = -1;
		} else if (rc == 0) {
			im->rep->updated++;
			strlist_addf(&im->rep->changes, "~ %s:%s", old.name,
			    what.data);
		}
	} else {
		im->rep->unchanged++;
		rc = 0;
	}
	buf_free(&what);
	person_clear(&old);
	return rc;
}

static int
row_empty(const struct csv_record *rec)
{
	size_t	 i;
	char	*v;

	for (i = 0; i < rec->nfields; i++) {
		v = rec->fields[i];
		while (isspace((unsigned char)*v))
			v++;
		if (*v != '\0')
			return 0;
	}
	return 1;
}

static int
import_rows(struct import *im, struct csv_reader *csv)
{
	struct csv_record	*rec;
	struct person		 row;
	unsigned long		 rows = 0;
	int			 rc, bad;

	while ((rc = csv_read(csv, &rec)) == 1) {
		if (row_empty(rec))
			continue;
		if (++rows > ROSTER_MAX_ROWS) {
			strlist_addf(&im->rep->problems, "line %lu: more than "
			    "%d rows", rec->line, ROSTER_MAX_ROWS);
			im->rep->bad++;
			return 0;
		}
		log_progress("rows", (long)rows, 0);
		memset(&row, 0, sizeof(row));
		if ((bad = import_row(im, rec, &row)) == 0) {
			/* A row that fails half-way leaves nothing behind. */
			if (db_savepoint(im->db) == -1)
				bad = -1;
			else if ((bad = import_apply(im, &row,
			    rec->line)) == 0)
				bad = db_release(im->db);
			else
				db_rollback_savepoint(im->db);
		}
		person_clear(&row);
		if (bad == OUT_FAILED)
			return -1;
		if (bad != 0)
			im->rep->bad++;
	}
	if (rc == -1) {
		strlist_addf(&im->rep->problems, "%s", csv_error(csv));
		im->rep->bad++;
	}
	return 0;
}

/*
 * Imports the CSV in data inside the caller's transaction.  Returns 0
 * when the import ran (rep->bad counts the bad rows, which wrote
 * nothing), -1 on an internal error.  Whether to commit with bad rows,
 * or at all on a dry run, is the caller's choice.
 */
int
roster_import(struct db *db, const char *data, size_t len,
    const char *country, struct roster_report *rep)
{
	struct import		 im;
	struct csv_reader	*csv;
	struct csv_record	*rec;
	int			 rc = -1;

	memset(&im, 0, sizeof(im));
	im.db = db;
	im.country = country;
	im.order = roster_day_order(country, words_team());
	im.rep = rep;
	if ((csv = csv_open(data, len)) == NULL)
		return -1;
	switch (csv_read(csv, &rec)) {
	case 1:
		if (import_header(&im, rec) == -1)
			rep->bad++;
		else if (import_rows(&im, csv) == -1)
			goto out;
		break;
	case 0:
		strlist_add(&rep->problems, "the file is empty");
		rep->bad++;
		break;
	default:
		strlist_addf(&rep->problems, "%s", csv_error(csv));
		rep->bad++;
		break;
	}
	rc = 0;
out:
	log_progress_end();
	csv_close(csv);
	strlist_free(&im.seen);
	return rc;
}

void
roster_report_free(struct roster_report *rep)
{
	strlist_free(&rep->changes);
	strlist_free(&rep->problems);
	strlist_free(&rep->unread);
}
