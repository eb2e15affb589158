/*
 * fuzz_ratemail.c - libFuzzer harness for the coach's rating format:
 * the same bytes as a body (stripped of quotes and signature, then
 * parsed) and as a CSV attachment.  Invariants: every parsed line has
 * an athlete, a metric or a place in the order, and a line number
 * within the text; no score is beyond the parser's bounds (a whole
 * number's, a time's or a number's tenths); every span
 * and problem is within the text.  What a refusal quotes back of the
 * text (every athlete refused) is written without fault.
 *
 * The body is then checked against a roster and metrics of the
 * harness's own (an in-memory database made once), as the head coach
 * and as an assistant of one squad, and what that stores must be what
 * some line says: every score within its metric's range, every one
 * for an athlete whom a line it was read from names (named()), and an
 * assistant's for their own squad's athletes alone; no refusal names
 * an athlete the assistant does not coach but as the email wrote them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../ingest/mail/mail.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

#define HEAD	100
#define ASST	101

static struct db	*db;
static struct rm_index	*x;
static const char *const roster[][3] = {	/* name, handle, squad */
	{ "Ben Fletcher", "bfletcher", "1" },
	{ "Tom Harris", "tharris", "1" },
	{ "Tom Bennett", "tbennett", "1" },
	{ "Oliver Grant", "ogrant", "1" },
	{ "Zoé Bernard", "zbernard", "1" },
	{ "Dupont, Marie", "mdupont", "1" },
	{ "Sean O'Brien", "sobrien", "1" },
	{ "Ellie Park", "epark", "2" },
	{ "Mia Chen", "mchen", "2" },
	{ "Mia Chen", "mchen2", "1" },
};
#define NROSTER	(sizeof(roster) / sizeof(roster[0]))

static void
check(const struct rm_parse *p, unsigned long lines)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].athlete[0] == '\0' || (p->v[i].metric[0] == '\0' &&
		    p->v[i].pos <= 0) || p->v[i].line == 0 ||
		    p->v[i].line > lines || p->v[i].score < 0 ||
		    (p->v[i].max >= 0 && (p->v[i].score > 9999999 ||
		    p->v[i].max > 1000)) || (p->v[i].max < 0 &&
		    ((p->v[i].max != RM_TENTHS && p->v[i].max != RM_TIME) ||
		    p->v[i].score > 1000000)))
			abort();
	for (i = 0; i < p->nspans; i++)
		if (p->spans[i].first > p->spans[i].last ||
		    p->spans[i].last > lines || p->spans[i].head > lines)
			abort();
	for (i = 0; i < p->errors.n; i++)
		if (p->errors.v[i].line > lines || p->errors.v[i].what == NULL)
			abort();
}

/* The refusal of every athlete of p, quoted from text. */
static void
quote_all(const char *text, const struct rm_parse *p)
{
	struct rm_result r = { .errors = p->errors };
	struct buf	 out = { 0 };

	if ((r.refused = malloc(p->nspans + 1)) == NULL)
		return;
	memset(r.refused, 1, p->nspans + 1);
	if (rateanswer_refusals(text, p, &r, &out) == -1 && !buf_failed(&out))
		abort();
	free(r.refused);
	buf_free(&out);
}

/* The roster and metrics, once: 0, or -1 when they cannot be made. */
static int
setup(void)
{
	struct buf	 sql = { 0 };
	size_t		 i;
	int		 rc;

	if (db != NULL)
		return 0;
	buf_puts(&sql,
	    "INSERT INTO squad (id, name) VALUES (1, 'Seniors'), (2, 'Juniors');"
	    "INSERT INTO person (id, role, name, handle, slug, email,"
	    " created_at, updated_at) VALUES"
	    " (100, 'head_coach', 'Alex Carter', 'acarter', 'c0',"
	    "  'alex@example.org', 1, 1),"
	    " (101, 'coach', 'Priya Shah', 'pshah', 'c1', 'priya@example.org',"
	    "  1, 1);"
	    "INSERT INTO membership (person_id, squad_id) VALUES (101, 2);"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " kind, unit, created_at) VALUES"
	    " (1, 'technique', 'Technique', 1, 5, 1, 'scale', '', 1),"
	    " (2, 'fitness', 'Fitness', 1, 10, 2, 'scale', '', 1),"
	    " (3, 'erg', 'Erg 2k', 3300, 5400, 3, 'time', '', 1),"
	    " (4, 'weight', 'Weight', 400, 1500, 4, 'number', 'kg', 1);");
	/* the names hold no quote but O'Brien's, doubled for SQL */
	for (i = 0; i < NROSTER; i++)
		buf_printf(&sql, "INSERT INTO person (id, name, handle, slug,"
		    " created_at, updated_at) VALUES (%zu, '%s', '%s', 'a%zu',"
		    " 1, 1); INSERT INTO membership VALUES (%zu, %s);", i + 1,
		    strcmp(roster[i][0], "Sean O'Brien") == 0 ?
		    "Sean O''Brien" : roster[i][0], roster[i][1], i + 1, i + 1,
		    roster[i][2]);
	rc = buf_failed(&sql) || db_open(":memory:", &db) == -1 ||
	    sqlite3_exec(db_handle(db), sql.data, NULL, NULL, NULL) !=
	    SQLITE_OK || (x = ratemail_index(db)) == NULL ? -1 : 0;
	buf_free(&sql);
	return rc;
}

/*
 * Whether written (as a line of the email writes an athlete) can name
 * roster entry i, by a check of the harness's own, looser than
 * ratecheck.c's and independent of it: its handle or its address;
 * else each word of it (at spaces and a comma, a '.' after it and an
 * '@' before it dropped; accents and case aside) is the start of a
 * word of the name, no word twice.
 */
static int
named(const char *written, size_t i)
{
	char	 w[512], n[512], *tok, *save = NULL, *word[16];
	size_t	 k, nw = 0, len;
	int	 used[16] = { 0 };

	if (strcasecmp(written + (written[0] == '@'), roster[i][1]) == 0)
		return 1;
	if (latin_fold(written, w, sizeof(w)) >= sizeof(w) ||
	    latin_fold(roster[i][0], n, sizeof(n)) >= sizeof(n))
		return 0;
	for (tok = strtok_r(n, " ,", &save); tok != NULL && nw < 16;
	    tok = strtok_r(NULL, " ,", &save))
		word[nw++] = tok;
	save = NULL;
	for (tok = strtok_r(w, " ,", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,", &save)) {
		if (*tok == '@')
			tok++;
		len = strlen(tok);
		if (len > 0 && tok[len - 1] == '.')
			tok[--len] = '\0';
		if (len == 0)
			continue;
		for (k = 0; k < nw; k++)
			if (!used[k] && strncmp(word[k], tok, len) == 0)
				break;
		if (k == nw)
			return 0;
		used[k] = 1;
	}
	return 1;
}

/* Whether an athlete of the assistant's squad has name. */
static int
juniors(const char *name)
{
	size_t	 k;

	for (k = 0; k < NROSTER; k++)
		if (strcmp(roster[k][2], "2") == 0 &&
		    strcmp(roster[k][0], name) == 0)
			return 1;
	return 0;
}

/*
 * What resolving p as coach stored, against the invariants of the
 * file's opening comment; text is the body the parse read.
 */
static void
resolved(const char *text, const struct rm_parse *p, int64_t coach)
{
	const struct metric_set	*ms = ratemail_index_metrics(x);
	struct rm_result	 r;
	struct buf		 out = { 0 };
	size_t			 i, j, k;

	if (ratemail_resolve(db, x, "GB", coach, p, &r) == -1)
		abort();
	for (i = 0; i < r.n; i++) {
		for (k = 0; k < ms->n && ms->v[k].id != r.v[i].metric; k++)
			continue;
		if (k == ms->n || r.v[i].score < ms->v[k].scale_min ||
		    r.v[i].score > ms->v[k].scale_max ||
		    r.v[i].athlete < 1 || (size_t)r.v[i].athlete > NROSTER)
			abort();
		k = (size_t)r.v[i].athlete - 1;
		if (coach == ASST && strcmp(roster[k][2], "2") != 0)
			abort();	/* not the assistant's to rate */
		for (j = 0; j < p->n; j++)
			if (p->v[j].line == r.v[i].line &&
			    named(p->v[j].athlete, k))
				break;
		if (j == p->n)
			abort();	/* no line names whom it went to */
	}
	for (i = 0; coach == ASST && i < r.errors.n; i++)
		for (k = 0; k < NROSTER; k++)
			if (!juniors(roster[k][0]) &&
			    strstr(r.errors.v[i].what, roster[k][0]) != NULL &&
			    strstr(text, roster[k][0]) == NULL)
				abort();	/* told of another squad's */
	if (rateanswer_refusals(text, p, &r, &out) == -1 ||
	    rateanswer_readings(text, &r, &out) == -1)
		abort();
	buf_free(&out);
	ratemail_result_free(&r);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct rm_parse	 p = { 0 };
	char		*text;
	unsigned long	 lines = 1, csv_lines = 1;
	size_t		 i;

	log_setup("fuzz_ratemail", 0, LOGL_SILENT);
	if (setup() == -1)
		abort();
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* the text splits at LF; CSV also at a lone CR (old Mac exports) */
	for (i = 0; i < size; i++) {
		lines += data[i] == '\n';
		csv_lines += data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n'));
	}
	quote_strip(text);
	ratemail_parse_text(text, &p);
	check(&p, lines);
	quote_all(text, &p);
	ratemail_free(&p);
	/* again, knowing the team's metrics ("erg 7:21"), then checked */
	p.metrics = ratemail_index_metrics(x);
	p.now = 1795435200;
	ratemail_parse_text(text, &p);
	check(&p, lines);
	resolved(text, &p, HEAD);
	resolved(text, &p, ASST);
	ratemail_free(&p);
	ratemail_parse_csv((const char *)data, size, &p);
	check(&p, csv_lines);
	ratemail_free(&p);
	free(text);
	return 0;
}
