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

#include "lib.h"

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
			if (metric_scale_parse(val, &m->scale_min,
			    &m->scale_max) == -1) {
				*why = "the scale is not like '1-5' or '1-10'";
				goto out;
			}
		} else {
			*why = "only 'name' and 'scale' go before the rubric";
			goto out;
		}
	}
	if (m->name == NULL || m->name[0] == '\0') {
		*why = "no 'name: ...' line";
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
		return db_exec(db, STMT_METRIC_UPDATE, "tiiti", m->name,
		    (int64_t)m->scale_min, (int64_t)m->scale_max,
		    m->rubric ? m->rubric : "", m->id);
	if (db_exec(db, STMT_METRIC_INSERT, "ttiiti", m->slug, m->name,
	    (int64_t)m->scale_min, (int64_t)m->scale_max,
	    m->rubric ? m->rubric : "", (int64_t)time(NULL)) == -1)
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

/*
 * The metric someone meant by word: its slug or name (any case), or
 * the start of exactly one slug or name.  NULL when none or several
 * match; *hint is then the first (in page order) of those it starts,
 * else the slug closest to it, if that is close for a word its length.
 */
const struct metric *
metric_match(const struct metric *v, size_t n, const char *word,
    const char **hint)
{
	const struct metric	*found = NULL;
	size_t			 i, len = strlen(word), best = SIZE_MAX, d;
	int			 matches = 0;

	*hint = NULL;
	for (i = 0; i < n; i++)
		if (!strcasecmp(word, v[i].slug) || !strcasecmp(word, v[i].name))
			return &v[i];
	for (i = 0; len > 0 && i < n; i++)
		if (!strncasecmp(word, v[i].slug, len) ||
		    !strncasecmp(word, v[i].name, len)) {
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
 * "erg 1-10, fitness 1-5": the metrics of ms (only those where only[j]
 * is set, when only is not NULL) with their scales, in ms's order, the
 * order every prompt, reply and page uses.  Returns how many.
 */
size_t
metric_scales(const struct metric_set *ms, const char *only, struct buf *out)
{
	size_t	 j, n = 0;

	for (j = 0; j < ms->n; j++)
		if (only == NULL || only[j])
			buf_printf(out, "%s%s %ld-%ld", n++ ? ", " : "",
			    ms->v[j].slug, ms->v[j].scale_min,
			    ms->v[j].scale_max);
	return n;
}

/* A reply of scores alone for those metrics, mid-scale: "6 3 3". */
void
metric_example(const struct metric_set *ms, const char *only,
    struct buf *out)
{
	size_t	 j, n = 0;

	for (j = 0; j < ms->n; j++)
		if (only == NULL || only[j])
			buf_printf(out, "%s%ld", n++ ? " " : "",
			    (ms->v[j].scale_min + ms->v[j].scale_max + 1) / 2);
}
