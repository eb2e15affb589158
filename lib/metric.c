/*
 * metric.c - the competencies coaches rate (technique, fitness...), each
 * with a scale and a rubric in markdown.
 *
 * A metric file (content/metrics/SLUG.md) starts with "key: value" lines
 * (name, scale), then a blank line, then the rubric:
 *
 *	name: Technique
 *	scale: 1-5
 *
 *	**1** Cannot yet hold the sequence together...
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"
#include "db.h"
#include "scores.h"

STMT(STMT_METRIC_BY_SLUG,
    "SELECT id, slug, name, scale_min, scale_max, rubric, position, "
    "kind, unit, erg FROM metric WHERE slug = ?");
STMT(STMT_METRIC_LIST,
    "SELECT id, slug, name, scale_min, scale_max, rubric, position, "
    "kind, unit, erg FROM metric WHERE active = 1 "
    "ORDER BY position, id");
STMT(STMT_METRIC_INSERT,
    "INSERT INTO metric (slug, name, scale_min, scale_max, rubric, "
    "position, created_at, kind, unit, erg) VALUES (?, ?, ?, ?, ?, "
    "(SELECT coalesce(max(position), 0) + 1 FROM metric), ?, ?, ?, "
    "?)");
STMT(STMT_METRIC_UPDATE,
    "UPDATE metric SET name = ?, scale_min = ?, scale_max = ?, "
    "rubric = ?, kind = ?, unit = ?, erg = ? WHERE id = ?");

#define METRIC_MAX_RUBRIC	(32 * 1024)

void
metric_clear(struct metric *m)
{
	if (m == NULL)
		return;
	free(m->slug);
	free(m->name);
	free(m->rubric);
	memset(m, 0, sizeof(*m));
}

/* "1-5", "1..10", "0 to 10" -> min, max; the range is 2 to 100 points. */
int
metric_scale_parse(const char *s, long *min, long *max)
{
	char		 lo[16], hi[16];
	const char	*sep;
	size_t		 n;

	if ((sep = strstr(s, "..")) != NULL)
		n = 2;
	else if ((sep = strstr(s, " to ")) != NULL)
		n = 4;
	else if ((sep = strchr(s + (*s == '-'), '-')) != NULL)
		n = 1;
	else
		return -1;
	if ((size_t)(sep - s) >= sizeof(lo) || strlen(sep + n) >= sizeof(hi))
		return -1;
	memcpy(lo, s, (size_t)(sep - s));
	lo[sep - s] = '\0';
	snprintf(hi, sizeof(hi), "%s", sep + n);
	if (parse_long(trim(lo), 0, 1000, min) == -1 ||
	    parse_long(trim(hi), 0, 1000, max) == -1 ||
	    *max <= *min || *max - *min > 100)
		return -1;
	return 0;
}

static const char *const kind_names[] = { "scale", "time", "number" };

const char *
metric_kind_name(enum metric_kind k)
{
	return kind_names[k];
}

/* "scale", "time" or "number" into *k; -1 when none. */
int
metric_kind_parse(const char *s, enum metric_kind *k)
{
	size_t	 i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum metric_kind)i;
			return 0;
		}
	return -1;
}

/* Whether a lower value is the better one: a time's. */
int
metric_lower_better(const struct metric *m)
{
	return m->kind == METRIC_TIME;
}

/*
 * Digits at *s, at most max of them, into *v; s moved past them.
 * Returns how many (0: none, or too many).
 */
static int
digits(const char **s, int max, long *v)
{
	int	 n = 0;

	*v = 0;
	while (isdigit((unsigned char)(*s)[n]) && n <= max)
		*v = *v * 10 + ((*s)[n++] - '0');
	if (n > max)
		return 0;
	*s += n;
	return n;
}

/*
 * A fraction after '.' (or ',') at *s in tenths, rounded: ".3" 3,
 * ".25" 3; none 0.  Returns -1 when malformed (over two digits).
 */
static int
tenth(const char **s, long *t)
{
	long	 f;
	int	 n;

	*t = 0;
	if (**s != '.' && **s != ',')
		return 0;
	(*s)++;
	if ((n = digits(s, 2, &f)) == 0)
		return -1;
	*t = n == 1 ? f : (f + 5) / 10;
	return 0;
}

/*
 * A value as a person writes it, into what is kept: for a time,
 * "6:45.3", "6:45" or seconds "405.3" (tenths of a second); for a
 * number "82.5" or "82,5" (tenths); for a scale a whole number.  No
 * bounds are checked here.  Returns 0, or -1 when it is not written so.
 * (A time reads every form a number has: seconds and tenths.)
 */
int
metric_value_parse(enum metric_kind kind, const char *s, long *kept)
{
	long	 a, b, t;
	int	 n;

	if ((n = digits(&s, kind == METRIC_NUMBER ? 7 : 5, &a)) == 0)
		return -1;
	if (kind == METRIC_SCALE) {
		*kept = a;
		return *s == '\0' ? 0 : -1;
	}
	if (kind == METRIC_TIME && *s == ':') {
		s++;
		if (n > 3 || digits(&s, 2, &b) != 2 || b > 59)
			return -1;
		a = a * 60 + b;
	}
	if (tenth(&s, &t) == -1 || *s != '\0')
		return -1;
	*kept = a * 10 + t;
	return 0;
}

/*
 * What is written for m, read (metric_value_parse()) and checked
 * against its bounds: 0 and *kept, -1 when not written as m's values
 * are, -2 when out of its range.
 */
int
metric_value_read(const struct metric *m, const char *written, long *kept)
{
	if (metric_value_parse(m->kind, written, kept) == -1)
		return -1;
	return *kept < m->scale_min || *kept > m->scale_max ? -2 : 0;
}

/*
 * A kept value as m's readers read it, into dst: "4", "6:45.3", "82.5
 * kg" (a whole number without ".0"); decimal is the mark the reader's
 * language writes ('.' or ',').
 */
void
metric_value_write(const struct metric *m, long kept, char decimal,
    char *dst, size_t size)
{
	long	 v = kept < 0 ? -kept : kept;
	const char *sign = kept < 0 ? "-" : "";

	switch (m->kind) {
	case METRIC_SCALE:
		snprintf(dst, size, "%ld", kept);
		break;
	case METRIC_TIME:
		snprintf(dst, size, "%s%ld:%02ld%c%ld", sign, v / 600,
		    v / 10 % 60, decimal, v % 10);
		break;
	case METRIC_NUMBER:
		if (v % 10 == 0)
			snprintf(dst, size, "%s%ld%s%s", sign, v / 10,
			    m->unit[0] ? " " : "", m->unit);
		else
			snprintf(dst, size, "%s%ld%c%ld%s%s", sign, v / 10,
			    decimal, v % 10, m->unit[0] ? " " : "", m->unit);
		break;
	}
}

/*
 * m's range as its values are written (metric_value_write(), decimal
 * the mark): "1-5", "5:30.0-8:00.0", "1,5-4,0", "40-150 kg".
 */
void
metric_range_write(const struct metric *m, char decimal, char *dst,
    size_t size)
{
	char	 lo[METRIC_VALUE_MAX], hi[METRIC_VALUE_MAX];
	struct metric bare = *m;

	bare.unit[0] = '\0';
	metric_value_write(&bare, m->scale_min, decimal, lo, sizeof(lo));
	metric_value_write(&bare, m->scale_max, decimal, hi, sizeof(hi));
	snprintf(dst, size, "%s-%s%s%s", lo, hi, m->unit[0] ? " " : "",
	    m->unit);
}

/*
 * A time's or a number's range, "5:30-8:00" or "40-150", into what is
 * kept (tenths); a scale's as metric_scale_parse().  -1 when malformed
 * or empty.
 */
int
metric_range_parse(enum metric_kind kind, const char *s, long *min,
    long *max)
{
	char		 lo[24], hi[24];
	const char	*sep;

	if (kind == METRIC_SCALE)
		return metric_scale_parse(s, min, max);
	if ((sep = strchr(s, '-')) == NULL || (size_t)(sep - s) >= sizeof(lo) ||
	    strlen(sep + 1) >= sizeof(hi))
		return -1;
	memcpy(lo, s, (size_t)(sep - s));
	lo[sep - s] = '\0';
	snprintf(hi, sizeof(hi), "%s", sep + 1);
	if (metric_value_parse(kind, trim(lo), min) == -1 ||
	    metric_value_parse(kind, trim(hi), max) == -1 || *max <= *min)
		return -1;
	return 0;
}

/* Lower-case letters, digits and '-', starting with a letter, <= 32. */
int
metric_slug_valid(const char *s)
{
	size_t	 n;

	if (!islower((unsigned char)s[0]))
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!islower((unsigned char)s[n]) &&
		    !isdigit((unsigned char)s[n]) && s[n] != '-')
			return 0;
	return n <= 32;
}

/*
 * Whether a valid slug also reads as one word in a text: it ends with
 * a letter.  In "erg2000 7:21" the digits would read as a score
 * ("erg2k" is one word).  Asked of new metrics only: one made before
 * can still be edited.
 */
int
metric_slug_textable(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && islower((unsigned char)s[n - 1]);
}

/* Fills name, scale and rubric of m from a metric file's text. */
int
metric_file_parse(const char *text, size_t len, struct metric *m,
    const char **why)
{
	struct buf	 copy = { 0 };
	char		*p, *nl, *colon, *key, *val;
	int		 rc = -1;

	*why = "out of memory";
	if (len > METRIC_MAX_RUBRIC) {
		*why = "the file is larger than 32 KiB";
		return -1;
	}
	if (!utf8_valid(text, len) || memchr(text, '\0', len) != NULL) {
		*why = "the file is not UTF-8 text";
		return -1;
	}
	if (buf_add(&copy, text, len) == -1)
		return -1;
	m->scale_min = 1;
	m->scale_max = 5;
	for (p = copy.data; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (*trim(p) == '\0') {
			p = nl;		/* the rubric follows the blank line */
			break;
		}
		if ((colon = strchr(p, ':')) == NULL) {
			*why = "expected 'name: ...' and 'scale: ...' lines, "
			    "then a blank line";
			goto out;
		}
		*colon = '\0';
		key = trim(p);
		val = trim(colon + 1);
		ascii_lower(key);
		if (strcmp(key, "name") == 0) {
			free(m->name);
			if ((m->name = xstrdup(val)) == NULL)
				goto out;
		} else if (strcmp(key, "scale") == 0) {
			m->kind = METRIC_SCALE;
			if (metric_scale_parse(val, &m->scale_min,
			    &m->scale_max) == -1) {
				*why = "the scale is not like '1-5' or '1-10'";
				goto out;
			}
		} else if (strcmp(key, "time") == 0) {
			m->kind = METRIC_TIME;
			if (metric_range_parse(METRIC_TIME, val, &m->scale_min,
			    &m->scale_max) == -1) {
				*why = "the time is not a range like '5:30-8:00'";
				goto out;
			}
		} else if (strcmp(key, "number") == 0) {
			m->kind = METRIC_NUMBER;
			if (metric_range_parse(METRIC_NUMBER, val,
			    &m->scale_min, &m->scale_max) == -1) {
				*why = "the number is not a range like '40-150'";
				goto out;
			}
		} else if (strcmp(key, "unit") == 0) {
			if (strlen(val) >= sizeof(m->unit) || !utf8_valid(val,
			    strlen(val)) || strpbrk(val, "<>&\"") != NULL) {
				*why = "the unit is over 16 bytes or holds <>&\"";
				goto out;
			}
			snprintf(m->unit, sizeof(m->unit), "%s", val);
		} else if (strcmp(key, "erg") == 0) {
			if (erg_piece_parse(val, &m->erg) == -1) {
				*why = "erg is one of 500m, 2k, 6k, 30min or "
				    "weight";
				goto out;
			}
		} else {
			*why = "only 'name', 'scale' (or 'time' or 'number', "
			    "and 'unit') go before the rubric";
			goto out;
		}
	}
	if (m->name == NULL || m->name[0] == '\0') {
		*why = "no 'name: ...' line";
		goto out;
	}
	if (m->unit[0] != '\0' && m->kind != METRIC_NUMBER) {
		*why = "only a 'number' metric has a unit";
		goto out;
	}
	if (!erg_fits(m, m->erg)) {
		*why = "an erg piece is a 'time' metric, the weight a "
		    "'number' in kg";
		goto out;
	}
	free(m->rubric);
	if ((m->rubric = xstrdup(p ? trim(p) : "")) == NULL)
		goto out;
	*why = NULL;
	rc = 0;
out:
	buf_free(&copy);
	return rc;
}

static int
metric_row(sqlite3_stmt *st, struct metric *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->slug = xstrdup(db_text(st, 1));
	m->name = xstrdup(db_text(st, 2));
	m->scale_min = sqlite3_column_int(st, 3);
	m->scale_max = sqlite3_column_int(st, 4);
	m->rubric = xstrdup(db_text(st, 5));
	m->position = sqlite3_column_int(st, 6);
	if (metric_kind_parse(db_text(st, 7), &m->kind) == -1)
		m->kind = METRIC_SCALE;
	snprintf(m->unit, sizeof(m->unit), "%s", db_text(st, 8));
	if (erg_piece_parse(db_text(st, 9), &m->erg) == -1)
		m->erg = ERG_NONE;
	return m->slug && m->name && m->rubric ? 0 : -1;
}

/* 1 and m filled when slug exists, 0 when not, -1 on error. */
int
metric_load(struct db *db, const char *slug, struct metric *m)
{
	sqlite3_stmt	*st = db_query(db, STMT_METRIC_BY_SLUG, "t", slug);
	int		 rc;

	memset(m, 0, sizeof(*m));
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc;
	rc = metric_row(st, m) == 0 ? 1 : -1;
	sqlite3_reset(st);
	return rc;
}

/* Inserts m (id 0) or updates it. */
int
metric_save(struct db *db, struct metric *m)
{
	if (m->id != 0)
		return db_exec(db, STMT_METRIC_UPDATE, "tiitttti", m->name,
		    (int64_t)m->scale_min, (int64_t)m->scale_max,
		    m->rubric ? m->rubric : "", metric_kind_name(m->kind),
		    m->unit, erg_piece_name(m->erg), m->id);
	if (db_exec(db, STMT_METRIC_INSERT, "ttiitittt", m->slug, m->name,
	    (int64_t)m->scale_min, (int64_t)m->scale_max,
	    m->rubric ? m->rubric : "", (int64_t)time(NULL),
	    metric_kind_name(m->kind), m->unit, erg_piece_name(m->erg)) == -1)
		return -1;
	m->id = db_last_id(db);
	return 0;
}

int
metric_list(struct db *db, int (*cb)(struct metric *, void *), void *arg)
{
	sqlite3_stmt	*st = db_query(db, STMT_METRIC_LIST, "");
	struct metric	 m;
	int		 rc;

	while ((rc = db_row(db, st)) == OUT_ROW) {
		memset(&m, 0, sizeof(m));
		if (metric_row(st, &m) == -1 || cb(&m, arg) == -1) {
			metric_clear(&m);
			sqlite3_reset(st);
			return -1;
		}
		metric_clear(&m);
	}
	return rc;
}

/* The metric whose slug or name is word, any case; NULL when none is. */
const struct metric *
metric_named(const struct metric *v, size_t n, const char *word)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(word, v[i].slug) || !strcasecmp(word, v[i].name))
			return &v[i];
	return NULL;
}

/*
 * The metric someone meant by word: its slug or name (any case), or
 * the start of exactly one slug or name; failing those, the start of
 * exactly one name with accents dropped from both (a phone's
 * "ergometro" for "Ergómetro 2000 m").  NULL when none or several
 * match; *hint is then the first (in page order) of those it starts,
 * else the slug closest to it, if that is close for a word its length.
 */
const struct metric *
metric_match(const struct metric *v, size_t n, const char *word,
    const char **hint)
{
	const struct metric	*found = NULL;
	char			 fw[256], fn[256];	/* a longer name: not folded */
	size_t			 i, len = strlen(word), best = SIZE_MAX, d;
	int			 matches = 0;

	*hint = NULL;
	if ((found = metric_named(v, n, word)) != NULL)
		return found;
	for (i = 0; len > 0 && i < n; i++)
		if (!strncasecmp(word, v[i].slug, len) ||
		    !strncasecmp(word, v[i].name, len)) {
			if (found == NULL)
				*hint = v[i].slug;
			found = &v[i];
			matches++;
		}
	if (matches == 0 && len > 0 && latin_fold(word, fw, sizeof(fw)) <
	    sizeof(fw))
		for (i = 0; i < n; i++)
			if (latin_fold(v[i].name, fn, sizeof(fn)) <
			    sizeof(fn) && !strncmp(fw, fn, strlen(fw))) {
				if (found == NULL)
					*hint = v[i].slug;
				found = &v[i];
				matches++;
			}
	if (matches == 1) {
		*hint = NULL;
		return found;
	}
	if (matches > 1)
		return NULL;
	for (i = 0; i < n; i++)
		if ((d = edit_distance(word, v[i].slug)) < best) {
			best = d;
			*hint = v[i].slug;
		}
	if (best > 3 || best > len / 2 + 1)
		*hint = NULL;	/* "t" is not a misspelt "erg" */
	return NULL;
}

/*
 * Whether one of the words of name (split at spaces, '-', '_', '/' and
 * brackets), accents and case dropped, is word (folded), or when not
 * whole starts with it.
 */
static int
name_word(const char *name, const char *word, int whole)
{
	char	 n[256], *w, *save = NULL;
	size_t	 len = strlen(word);

	if (latin_fold(name, n, sizeof(n)) >= sizeof(n))
		return 0;
	for (w = strtok_r(n, " -_/()", &save); w != NULL;
	    w = strtok_r(NULL, " -_/()", &save))
		if (whole ? strcmp(w, word) == 0 : strncmp(w, word, len) == 0)
			return 1;
	return 0;
}

/*
 * The metric a coach means by word, a word of its name or slug (or,
 * when not whole, a start of one) that no other metric's has: "2k" is
 * "Erg 2k", "score" "Erg score" (metric_match() knows a start of the
 * whole name).  NULL when none or several.
 */
const struct metric *
metric_word(const struct metric *v, size_t n, const char *word, int whole)
{
	const struct metric	*found = NULL;
	char			 fw[256];
	size_t			 i;

	if (*word == '\0' || latin_fold(word, fw, sizeof(fw)) >= sizeof(fw) ||
	    strpbrk(fw, " -_/()") != NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (name_word(v[i].name, fw, whole) ||
		    name_word(v[i].slug, fw, whole)) {
			if (found != NULL)
				return NULL;
			found = &v[i];
		}
	return found;
}

static int
metric_append(struct metric *m, void *arg)
{
	struct metric_set	*set = arg;
	struct metric		*v;

	if ((v = reallocarray(set->v, set->n + 1, sizeof(*v))) == NULL)
		return -1;
	set->v = v;
	set->v[set->n++] = *m;
	memset(m, 0, sizeof(*m));	/* the set owns the strings now */
	return 0;
}

/* Every active metric in page order; metric_set_free() undoes it. */
int
metric_set_load(struct db *db, struct metric_set *set)
{
	memset(set, 0, sizeof(*set));
	if (metric_list(db, metric_append, set) == -1) {
		metric_set_free(set);
		return -1;
	}
	return 0;
}

void
metric_set_free(struct metric_set *set)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		metric_clear(&set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/*
 * How m's values are written in a prompt: a scale's range "1-10", a
 * time's form "m:ss.t", a number's unit (or "0.0"), with the reader's
 * decimal mark ("m:ss,t" in French).
 */
const char *
metric_form(const struct metric *m, char *dst, size_t size)
{
	if (m->kind == METRIC_TIME)
		snprintf(dst, size, "m:ss%ct", words_decimal());
	else if (m->kind == METRIC_NUMBER && m->unit[0] == '\0')
		snprintf(dst, size, "0%c0", words_decimal());
	else if (m->kind == METRIC_NUMBER)
		snprintf(dst, size, "%s", m->unit);
	else
		snprintf(dst, size, "%ld-%ld", m->scale_min, m->scale_max);
	return dst;
}

/*
 * "erg 1-10, fitness 1-5": the metrics of ms (only those where only[j]
 * is set, when only is not NULL) with their scales, in ms's order, the
 * order every prompt, reply and page uses.  Returns how many.
 */
size_t
metric_scales(const struct metric_set *ms, const char *only, struct buf *out)
{
	char	 form[METRIC_VALUE_MAX * 2];
	size_t	 j, n = 0;

	for (j = 0; j < ms->n; j++)
		if (only == NULL || only[j])
			buf_printf(out, "%s%s %s", n++ ? ", " : "",
			    ms->v[j].slug, metric_form(&ms->v[j], form,
			    sizeof(form)));
	return n;
}

/* The middle of m's range, as kept: a scale's rounded up. */
long
metric_middle(const struct metric *m)
{
	return (m->scale_min + m->scale_max + 1) / 2;
}

/*
 * A reply of scores alone for those metrics, mid-scale: "6 3 3", a
 * time "7:00.0" with the reader's decimal mark; named, each after its
 * metric's name: "erg 6 technique 3".
 */
void
metric_example(const struct metric_set *ms, const char *only, int named,
    struct buf *out)
{
	size_t	 j, n = 0;

	for (j = 0; j < ms->n; j++)
		if (only == NULL || only[j]) {
			struct metric bare = ms->v[j];
			char	 v[METRIC_VALUE_MAX];

			bare.unit[0] = '\0';
			metric_value_write(&bare, metric_middle(&ms->v[j]),
			    words_decimal(), v, sizeof(v));
			buf_printf(out, "%s%s%s%s", n++ ? " " : "",
			    named ? ms->v[j].slug : "", named ? " " : "", v);
		}
}
