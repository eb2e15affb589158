/*
 * erase_names.c - what names an erased person in words that stay:
 * others' emails and texts, comments, notes and plans, and the kept
 * copies of mail (struct erase_names), found line by line, and in
 * cox.db replaced by "[erased]" once the person's own rows are gone
 * (erase.c).  SQL asks through erase_named() and erase_redact().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"
#include "workspace.h"

/* whom an entry of a coach's email can name but person ?1, and
 * what it rates */
STMT(STMT_ERASE_OTHERS,
    "SELECT name, handle FROM person WHERE id != ?1");
STMT(STMT_ERASE_METRICS, "SELECT slug, name FROM metric");
/* a text and the answer it was given, counted once */
STMT(STMT_ERASE_REDACT_BODY,
    "UPDATE message SET body = erase_redact(body, (SELECT how FROM "
    "temp.erase_rated r WHERE r.id = message.id)), answer = "
    "erase_redact(answer) WHERE erase_named(body, (SELECT how FROM "
    "temp.erase_rated r WHERE r.id = message.id)) OR "
    "erase_named(answer)");
STMT(STMT_ERASE_REDACT_SUBJECT,
    "UPDATE message SET subject = erase_redact(subject) "
    "WHERE erase_named(subject)");
STMT(STMT_ERASE_REDACT_ERROR,
    "UPDATE message SET error = erase_redact(error) "
    "WHERE erase_named(error)");
STMT(STMT_ERASE_REDACT_INGEST,
    "UPDATE ingest SET reason = erase_redact(reason) "
    "WHERE erase_named(reason)");
STMT(STMT_ERASE_REDACT_COMMENT,
    "UPDATE rating SET comment = erase_redact(comment) "
    "WHERE comment != '' AND erase_named(comment)");
STMT(STMT_ERASE_REDACT_CHANGE,
    "UPDATE rating_change SET comment = erase_redact(comment) "
    "WHERE erase_named(comment)");
STMT(STMT_ERASE_REDACT_NOTE,
    "UPDATE wellness SET note = erase_redact(note) "
    "WHERE note != '' AND erase_named(note)");
STMT(STMT_ERASE_REDACT_PLAN,
    "UPDATE planned_session SET description = "
    "erase_redact(description) WHERE erase_named(description)");
/* after the messages: those now saying "[erased]" (a scan with
 * no folding, and an earlier erasure's only renders one more) */
STMT(STMT_ERASE_REDACT_DIRTY,
    "INSERT OR IGNORE INTO dirty SELECT coalesce(person_id, 0) "
    "FROM message WHERE instr(body, '[erased]') > 0 "
    "OR instr(subject, '[erased]') > 0 "
    "UNION SELECT person_id FROM fragment WHERE erase_named(body)");
STMT(STMT_ERASE_REDACT_FRAGMENT,
    "DELETE FROM fragment WHERE erase_named(body)");

/*
 * What names an erased person in words that stay, others' (a coach's
 * email of ratings, a teammate's note, a digest sent to a coach):
 *
 *   anywhere, as whole words: their name when it has two words or more,
 *   "@handle"; their address; their page's folder; a number of theirs
 *   by its last eight digits however it is spaced ("07700 900206" is
 *   +447700900206);
 *   starting a line as an athlete's entry does ("znovak: 4", "Mei 4
 *   3"), not as prose, or after a coach's command that takes one
 *   person ("remind znovak"): their bare handle and a one-word name,
 *   which can be anyone's word ("train", "Mei"); and, in a message
 *   that gave them scores, their first or last name when nobody
 *   else's is that word (a coach may write "Zoe:" then, as
 *   ratecheck.c reads it).
 *
 * Text is compared as latin_fold() leaves it, after text_plain() and
 * with the entities of HTML undone, so "ZOE NOVAK", "Zoé Novák",
 * "Zoe Novak’s" and "Zoe Novak :" (a French space) are her too.  A
 * first name in a message that gave her nothing names nobody: others
 * share it.
 */
#define NAMED_DIGITS	8
#define ERASED_LINE	"[erased]"

struct named {
	struct strlist	 words;		/* whole words, anywhere */
	struct strlist	 addresses;	/* an address's bounds, anywhere */
	struct strlist	 parts;		/* anywhere */
	struct strlist	 heads;		/* an entry's name, starting a line */
	struct strlist	 rated;		/* those too, in a message of scores */
	struct strlist	 numbers;	/* last NAMED_DIGITS digits */
	struct strlist	 others;	/* what names anyone else in an entry */
	struct strlist	 metrics;	/* slugs and names */
};

static void
named_free(struct named *n)
{
	strlist_free(&n->words);
	strlist_free(&n->addresses);
	strlist_free(&n->parts);
	strlist_free(&n->heads);
	strlist_free(&n->rated);
	strlist_free(&n->numbers);
	strlist_free(&n->others);
	strlist_free(&n->metrics);
}

/*
 * s (len bytes) as it is compared, in a new string, or NULL (out of
 * memory): the five entities of escaped HTML undone (a rendered row),
 * plain characters (text_plain()), folded; a spreadsheet's separators
 * (a CSV's "Zoe","Novak") and runs of spaces are one space, and there
 * is none at either end.
 */
static char *
folded(const char *s, size_t len)
{
	static const char *const ent[][2] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" },
	};
	char	*t, *out, *r, *w;
	size_t	 need, i, k, e;

	if ((t = malloc(len + 1)) == NULL)
		return NULL;
	for (i = k = 0; i < len; k++) {
		for (e = 0; e < sizeof(ent) / sizeof(ent[0]); e++)
			if (strlen(ent[e][0]) <= len - i &&
			    strncmp(s + i, ent[e][0], strlen(ent[e][0])) == 0)
				break;
		if (e < sizeof(ent) / sizeof(ent[0])) {
			t[k] = ent[e][1][0];
			i += strlen(ent[e][0]);
		} else
			t[k] = s[i++];
	}
	t[k] = '\0';
	text_plain(t, 1);
	need = latin_fold(t, NULL, 0) + 1;
	if ((out = malloc(need)) != NULL) {
		latin_fold(t, out, need);
		for (r = w = out; *r != '\0'; r++) {
			if (strchr(",;\t\"|\r", *r) != NULL)
				*r = ' ';
			if (*r != ' ' || (w > out && w[-1] != ' '))
				*w++ = *r;
		}
		if (w > out && w[-1] == ' ')
			w--;
		*w = '\0';
	}
	free(t);
	return out;
}

/* Adds s folded to l unless it is shorter than min bytes; -1 on no memory. */
static int
named_add(struct strlist *l, const char *s, size_t min)
{
	char	*f;
	int	 rc = 0;

	if (s == NULL || strlen(s) < min)
		return 0;
	if ((f = folded(s, strlen(s))) == NULL)
		return -1;
	if (strlen(f) >= min && !strlist_has(l, f))
		rc = strlist_add(l, f);
	free(f);
	return rc;
}

/* Adds the last NAMED_DIGITS digits of number, if it has that many. */
static int
named_number(struct named *n, const char *number)
{
	char	 d[64];
	size_t	 k = 0;

	for (; number != NULL && *number != '\0' && k + 1 < sizeof(d);
	    number++)
		if (isdigit((unsigned char)*number))
			d[k++] = *number;
	d[k] = '\0';
	if (k < NAMED_DIGITS || strlist_has(&n->numbers,
	    d + k - NAMED_DIGITS))
		return 0;
	return strlist_add(&n->numbers, d + k - NAMED_DIGITS);
}

/* Adds "@handle" to l (none for a NULL handle); -1 on no memory. */
static int
named_add_at(struct strlist *l, const char *handle)
{
	struct buf	 at = { 0 };
	int		 rc;

	if (handle == NULL)
		return 0;
	rc = buf_printf(&at, "@%s", handle) == -1 ? -1 :
	    named_add(l, at.data, 3);
	buf_free(&at);
	return rc;
}

/*
 * Adds to l what name (folded) and handle name someone by in an entry:
 * the whole name, its first and last words (with ends, those alone),
 * the handle bare and with '@'.  -1 on no memory.
 */
static int
entry_names(struct strlist *l, const char *name, const char *handle,
    int ends)
{
	char		*f, *last;
	int		 rc;

	if ((f = folded(name, strlen(name))) == NULL)
		return -1;
	rc = named_add(l, f, 2) | named_add(l, handle, 2);
	if (ends && (last = strrchr(f, ' ')) != NULL) {
		rc |= named_add(l, last + 1, 2);
		f[strcspn(f, " ")] = '\0';
		rc |= named_add(l, f, 2);
	}
	free(f);
	return rc == 0 ? named_add_at(l, handle) : rc;
}

/*
 * n for person p, in db (after p's rows went: everyone left is someone
 * else).  -1 on no memory or a database error.
 */
static int
named_make(struct db *db, const struct person *p, struct named *n)
{
	sqlite3_stmt	*st;
	struct strlist	 ends = { 0 };
	char		*name;
	size_t		 i;
	int		 rc = 0, step = OUT_OK;

	memset(n, 0, sizeof(*n));
	if ((name = folded(p->name, strlen(p->name))) == NULL)
		return -1;
	rc |= named_add_at(&n->words, p->handle);
	rc |= named_add(strchr(name, ' ') != NULL ? &n->words : &n->heads,
	    name, 2) | named_add(&n->heads, p->handle, 2) |
	    named_add(&n->addresses, p->email, 3) |
	    named_add(&n->parts, p->slug, 8);
	for (i = 0; i < p->phones.n; i++)
		rc |= named_number(n, p->phones.v[i]);
	/* everyone else, and the metrics, as an entry names them */
	st = db_query(db, STMT_ERASE_OTHERS, "i", p->id);
	while (rc == 0 && (step = db_row(db, st)) == OUT_ROW)
		rc = entry_names(&n->others, db_text(st, 0), db_text(st, 1),
		    1);
	if (rc != 0 && st != NULL)
		sqlite3_reset(st);	/* left with a row: not running on */
	else if (step != OUT_OK)
		rc = -1;
	st = db_query(db, STMT_ERASE_METRICS, "");
	while (rc == 0 && (step = db_row(db, st)) == OUT_ROW)
		rc = named_add(&n->metrics, db_text(st, 0), 1) |
		    named_add(&n->metrics, db_text(st, 1), 1);
	if (rc != 0 && st != NULL)
		sqlite3_reset(st);
	else if (step != OUT_OK)
		rc = -1;
	/* their first and last name, where nobody else's is that word */
	if (rc == 0 && (rc = entry_names(&ends, p->name, NULL, 1)) == 0)
		for (i = 0; i < ends.n && rc == 0; i++)
			if (strchr(ends.v[i], ' ') == NULL &&
			    !strlist_has(&n->others, ends.v[i]))
				rc = strlist_add(&n->rated, ends.v[i]);
	strlist_free(&ends);
	free(name);
	return rc != 0 ? -1 : 0;
}

/* The UTF-8 character at s, its length into *len (a stray byte: 1). */
static long
char_at(const char *s, size_t *len)
{
	const unsigned char	*u = (const unsigned char *)s;
	long			 c = u[0];
	int			 n = 0, i;

	if (c >= 0xf0)
		n = 3, c &= 0x07;
	else if (c >= 0xe0)
		n = 2, c &= 0x0f;
	else if (c >= 0xc0)
		n = 1, c &= 0x1f;
	for (i = 1; i <= n; i++) {	/* a NUL is no continuation */
		if ((u[i] & 0xc0) != 0x80) {
			*len = 1;
			return u[0];
		}
		c = c << 6 | (u[i] & 0x3f);
	}
	*len = (size_t)n + 1;
	return c;
}

/*
 * Whether c is of a word: a letter, digit or '_', and beyond ASCII
 * whatever is not a space, punctuation, symbol or emoji of the blocks
 * a phone types them from ("Zoe Novak👏", "Zoe Novak—", "Zoe Novak，").
 */
static int
word_char(long c)
{
	if (c < 0x80)
		return isalnum((int)c) || c == '_';
	return !(c < 0xc0 || c == 0xd7 || c == 0xf7 ||
	    (c >= 0x2000 && c < 0x2c00) || (c >= 0x3000 && c < 0x3040) ||
	    (c >= 0xe000 && c < 0xf900) || (c >= 0xfe00 && c < 0xfe10) ||
	    (c >= 0xfe30 && c < 0xfe70) || (c >= 0xff00 && c < 0xff10) ||
	    (c >= 0xff1a && c < 0xff21) || (c >= 0xff3b && c < 0xff41) ||
	    (c >= 0xff5b && c < 0xff66) || (c >= 0x1f000 && c < 0x1fc00));
}

/*
 * Whether a word goes on past p (at p's end, after) or before it: a
 * word's character, or '-' or '.' joining two ("Chen-Lee",
 * "@a.novak.2").
 */
static int
joined_after(const char *p)
{
	size_t	 len;

	if (*p == '\0')
		return 0;
	if (word_char(char_at(p, &len)))
		return 1;
	return (*p == '-' || *p == '.') && p[1] != '\0' &&
	    word_char(char_at(p + 1, &len));
}

/* The character ending just before p (past f), or -1 at f. */
static long
char_before(const char *f, const char *p)
{
	size_t	 len;
	int	 k;

	for (k = 0; k < 4 && p > f; k++)
		if ((*--p & 0xc0) != 0x80)
			return char_at(p, &len);
	return -1;
}

static int
joined_before(const char *f, const char *p)
{
	long	 c = char_before(f, p);

	if (c == -1)
		return 0;
	if (word_char(c))
		return 1;
	return (c == '-' || c == '.') && word_char(char_before(f, p - 1));
}

/* Whether w is in f where no word goes on either side of it. */
static int
has_word(const char *f, const char *w)
{
	const char	*at;
	size_t		 len = strlen(w);

	for (at = f; (at = strstr(at, w)) != NULL; at++)
		if (!joined_before(f, at) && !joined_after(at + len))
			return 1;
	return 0;
}

/*
 * Whether f starts with w as an entry's name does: then nothing, ':',
 * or a score ("Mei 4 3"), not prose ("Train at 7").
 */
static int
has_entry(const char *f, const char *w)
{
	size_t	 len = strlen(w);

	if (strncmp(f, w, len) != 0 || joined_after(f + len))
		return 0;
	f += len + strspn(f + len, " ");
	return *f == '\0' || *f == ':' || isdigit((unsigned char)*f);
}

/* Whether address a is in f, not inside a longer one. */
static int
has_address(const char *f, const char *a)
{
	const char	*at;
	size_t		 len = strlen(a);

	for (at = f; (at = strstr(at, a)) != NULL; at++)
		if ((at == f || (!joined_before(f, at) &&
		    strchr("._%+-", at[-1]) == NULL)) &&
		    !joined_after(at + len))
			return 1;
	return 0;
}

/*
 * Folded line f past the marks of a list or a quote, and the label
 * before its first ':' or digit (trimmed) into label (f's length).
 */
static const char *
entry_label(const char *f, char *label)
{
	const char	*head = f + strspn(f, "-*> ");
	size_t		 n = strcspn(head, ":0123456789");

	while (n > 0 && head[n - 1] == ' ')
		n--;
	memcpy(label, head, n);
	label[n] = '\0';
	return head;
}

/*
 * Whether folded line f is a score of a block ("tech 4", "erg score:
 * 7", "4 3"): a metric's name, slug or a prefix of three letters, or
 * nothing, then a score.  label has room for f's length.
 */
static int
score_line(const struct named *n, const char *f, char *label)
{
	const char	*head = entry_label(f, label);
	size_t		 i, len = strlen(label);

	if (head[len + strspn(head + len, " :")] == '\0')
		return 0;	/* no score */
	if (len == 0)
		return 1;
	for (i = 0; i < n->metrics.n; i++)
		if (strcmp(n->metrics.v[i], label) == 0 || (len >= 3 &&
		    strncmp(n->metrics.v[i], label, len) == 0))
			return 1;
	return 0;
}

/*
 * Whether folded line f starts another's entry ("Mei Chen:", "mchen 4
 * 3", "@mchen: tech 4"): its label names someone else.
 */
static int
entry(const struct named *n, const char *f, char *label)
{
	(void)entry_label(f, label);
	return *label != '\0' && strlist_has(&n->others, label);
}

/*
 * Whether f (n bytes) is a coach's command that can take a person, in
 * any language ("remind", "pause", "relancer"): then a bare handle as
 * the next word names them, as ingest/command.c reads one ("remind
 * znovak"; "pause znovak knee" names nobody there, and goes all the
 * same).
 */
static int
command_word(const char *f, size_t n)
{
	static const char *const takes[] = { "kw.remind", "kw.send",
	    "kw.sheet", "kw.invite", "kw.number", "kw.pause", "kw.resume" };
	char	 w[32];
	size_t	 i;

	if (n == 0 || n >= sizeof(w))
		return 0;
	memcpy(w, f, n);
	w[n] = '\0';
	for (i = 0; i < sizeof(takes) / sizeof(takes[0]); i++)
		if (words_is(takes[i], w))
			return 1;
	return 0;
}

/*
 * Whether the folded line f names n's person (rated: in a message that
 * gave them scores, 1, where an entry starting a line names them, or
 * 2, a seat race's, where its pieces and its sheet's header name them
 * anywhere in a line: "1: Ana, Okafor 7:02.3 v ..."); d has room for
 * f's length.
 */
static int
line_named(const struct named *n, const char *f, int rated, char *d)
{
	const char	*head = f + strspn(f, "-*> "), *next;
	size_t		 i, k = 0;

	for (i = 0; i < n->parts.n; i++)
		if (strstr(f, n->parts.v[i]) != NULL)
			return 1;
	for (i = 0; i < n->addresses.n; i++)
		if (has_address(f, n->addresses.v[i]))
			return 1;
	for (i = 0; i < n->words.n; i++)
		if (has_word(f, n->words.v[i]))
			return 1;
	for (i = 0; i < n->heads.n; i++)
		if (has_entry(head, n->heads.v[i]))
			return 1;
	/* a command's target: "remind znovak", "pause znovak knee" */
	if ((next = strchr(head, ' ')) != NULL &&
	    command_word(head, (size_t)(next - head)))
		for (i = 0, next++; i < n->heads.n; i++)
			if (strncmp(next, n->heads.v[i],
			    strlen(n->heads.v[i])) == 0 &&
			    !joined_after(next + strlen(n->heads.v[i])))
				return 1;
	for (i = 0; rated && i < n->rated.n; i++)
		if (has_entry(head, n->rated.v[i]) || (rated == 2 &&
		    has_word(f, n->rated.v[i])))
			return 1;
	for (; *f != '\0'; f++)		/* the line's digits in a row */
		if (isdigit((unsigned char)*f))
			d[k++] = *f;
	d[k] = '\0';
	for (i = 0; i < n->numbers.n; i++)
		if (strstr(d, n->numbers.v[i]) != NULL)
			return 1;
	return 0;
}

/* Whether folded line f is a block's header: "Zoe Novak:". */
static int
header(const char *f)
{
	size_t	 n = strlen(f);

	return n > 1 && f[n - 1] == ':';
}

/*
 * Whether folded line f is a problem a reply marks under the line it is
 * about ("(!) '4 4 3 5 7 knee' is not ...", mail.err_mark in every
 * language; quoted back in a coach's reply too): it quotes that line's
 * words, so it is about whom that line is.
 */
static int
problem_mark(const char *f)
{
	return strncmp(f + strspn(f, "> "), "(!)", 3) == 0;
}

/*
 * The lines of s that name n's person (rated: s is a message that gave
 * them scores): counted, and when out is not NULL, s into out with each
 * of them replaced by ERASED_LINE.  A line that names them as a header
 * ("Zoe Novak:", a coach's block of their scores and comments) takes
 * the lines under it with it, as ratemail.c reads them: up to another's
 * entry, or past a blank line to what is no score; and any line that
 * names them takes the problems a reply marked under it (problem_mark(),
 * their words without their name).  Returns the count, or -1 when out
 * of memory.
 */
static int
text_named(const struct named *n, const char *s, int rated, struct buf *out)
{
	const char	*line, *end;
	char		*f, *d;
	size_t		 len;
	int		 named = 0, hit = 0, block = 0, blank = 0, was;

	for (line = s; ; line = end + 1) {
		end = strchr(line, '\n');
		len = end != NULL ? (size_t)(end - line) : strlen(line);
		if ((f = folded(line, len)) == NULL ||
		    (d = malloc(strlen(f) + 1)) == NULL) {
			free(f);
			return -1;
		}
		if (block && *f == '\0')
			blank = 1;
		else if (block && (entry(n, f, d) || (blank &&
		    !score_line(n, f, d))))
			block = 0;	/* the block under a header ends */
		was = hit;
		hit = (block && *f != '\0') || line_named(n, f, rated, d) ||
		    (was && problem_mark(f));
		if (hit && header(f))
			block = 1, blank = 0;
		free(d);
		free(f);
		named += hit;
		if (out != NULL) {
			if (hit)	/* a CRLF line keeps its CR */
				buf_puts(out, len > 0 && line[len - 1] ==
				    '\r' ? ERASED_LINE "\r" : ERASED_LINE);
			else
				buf_add(out, line, len);
			if (end != NULL)
				buf_putc(out, '\n');
		}
		if (end == NULL)
			break;
	}
	return out != NULL && buf_failed(out) ? -1 : named;
}

/*
 * A call's text and whether it is a message that gave them scores (1)
 * or a seat race (2): line_named()'s rated.  NULL is neither.
 */
static const char *
sql_args(int argc, sqlite3_value **argv, int *rated)
{
	*rated = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
	return argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
}

/* SQL's erase_named(text [, rated]): whether a line of it names them. */
static void
sql_named(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char	*s;
	int		 named, rated;

	if ((s = sql_args(argc, argv, &rated)) == NULL) {
		sqlite3_result_int(cx, 0);
		return;
	}
	if ((named = text_named(sqlite3_user_data(cx), s, rated, NULL)) == -1)
		sqlite3_result_error_nomem(cx);
	else
		sqlite3_result_int(cx, named > 0);
}

/* SQL's erase_redact(text [, rated]): it with the lines naming them replaced. */
static void
sql_redact(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char	*s;
	struct buf	 b = { 0 };
	int		 rated;

	if ((s = sql_args(argc, argv, &rated)) == NULL) {
		sqlite3_result_null(cx);
		return;
	}
	if (text_named(sqlite3_user_data(cx), s, rated, &b) == -1) {
		buf_free(&b);
		sqlite3_result_error_nomem(cx);
		return;
	}
	sqlite3_result_text(cx, b.data ? b.data : "", -1, SQLITE_TRANSIENT);
	buf_free(&b);
}

/*
 * erase_named() and erase_redact() on db's connection for n (NULL:
 * taken away again, so that nothing keeps a pointer to it).  Returns 0
 * or -1 (said).
 */
static int
named_functions(struct db *db, struct named *n)
{
	sqlite3	*h = db_handle(db);
	int	 flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;

	if (sqlite3_create_function_v2(h, "erase_named", -1, flags, n,
	    n ? sql_named : NULL, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(h, "erase_redact", -1, flags, n,
	    n ? sql_redact : NULL, NULL, NULL, NULL) != SQLITE_OK) {
		log_error("database: %s", sqlite3_errmsg(h));
		if (n != NULL)	/* none left pointing at n */
			(void)named_functions(db, NULL);
		return -1;
	}
	return 0;
}

/*
 * In others' words left after the person's rows went, each line that
 * names them reads ERASED_LINE, and the rendered rows that named them
 * are rendered again; *texts counts the texts changed.
 */
int
erase_names_redact(struct db *db, const struct person *p, size_t *texts)
{
	/* the texts people read first: what they change is counted */
	static const struct stmt *const texts_st[] = { STMT_ERASE_REDACT_BODY,
	    STMT_ERASE_REDACT_SUBJECT, STMT_ERASE_REDACT_ERROR,
	    STMT_ERASE_REDACT_INGEST, STMT_ERASE_REDACT_COMMENT,
	    STMT_ERASE_REDACT_CHANGE, STMT_ERASE_REDACT_NOTE,
	    STMT_ERASE_REDACT_PLAN };
	static const struct stmt *const built_st[] = { STMT_ERASE_REDACT_DIRTY,
	    STMT_ERASE_REDACT_FRAGMENT };
	struct named	 n;
	size_t		 i;
	int		 rc = -1;

	*texts = 0;
	if (named_make(db, p, &n) == -1 || named_functions(db, &n) == -1) {
		named_free(&n);
		return -1;
	}
	for (i = 0; i < sizeof(texts_st) / sizeof(texts_st[0]); i++) {
		if (db_exec(db, texts_st[i], "") == -1)
			goto out;
		*texts += (size_t)db_changes(db);
	}
	for (i = 0; i < sizeof(built_st) / sizeof(built_st[0]); i++)
		if (db_exec(db, built_st[i], "") == -1)
			goto out;
	rc = 0;
out:
	if (named_functions(db, NULL) == -1)
		rc = -1;
	named_free(&n);
	return rc;
}

/*
 * What names a person in words outside cox.db: the kept copies of mail
 * (ingest/intake.c, intake_erase()).  Made before their rows go, as
 * afterwards: everyone else is someone else.
 */
struct erase_names {
	struct named	 n;
};

/* What names person, or NULL (said); erase_names_free() frees it. */
struct erase_names *
erase_names_new(struct db *db, int64_t person)
{
	struct erase_names *x;
	struct person	 p = { 0 };

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		log_error("out of memory");
		return NULL;
	}
	if (person_load(db, person, &p) == -1 ||
	    named_make(db, &p, &x->n) == -1) {
		erase_names_free(x);
		x = NULL;
	}
	person_clear(&p);
	return x;
}

void
erase_names_free(struct erase_names *x)
{
	if (x == NULL)
		return;
	named_free(&x->n);
	free(x);
}

/* Whether a line of s names them: 1, 0, or -1 (out of memory). */
int
erase_names_text(const struct erase_names *x, const char *s)
{
	int	 n = text_named(&x->n, s, 0, NULL);

	return n == -1 ? -1 : n > 0;
}

/*
 * erase_named() and erase_redact() on db's connection for x, or taken
 * away again for NULL: erase_mail_find() asks SQL which mail names
 * them between the two.  0 or -1 (said).
 */
int
erase_names_sql(struct db *db, struct erase_names *x)
{
	return named_functions(db, x != NULL ? &x->n : NULL);
}
