/*
 * words.c - the catalogue of words: every sentence a coach, an athlete
 * or an operator reads in a text, an email or a page, looked up by name
 * in lib/words/LANG.txt (one file per language, English the reference).
 *
 * A file holds one entry a line, "name = text"; a line that starts with
 * white space continues the entry above it after one space; "#" starts
 * a comment line.  In a text, "\n" is a newline and "\\" a backslash;
 * a text written in double quotes keeps the spaces at its ends.  Texts
 * used by C are printf formats; texts used by page templates are
 * template source ({{name}} escaped as everywhere).  An entry of another
 * language whose conversions (%s, %ld, ...) differ from English's is
 * refused at load, so a translation can never hand printf the wrong
 * arguments: English is used for it instead.  A sentence with a count
 * is a plural, one entry a form ("name.one", "name.other"): C passes the
 * count and the language's rule picks the form (words_plural()).
 *
 * Every file of the folder is read once, at the first look-up, and kept
 * for the life of the process (threads may look up at any time): each
 * entry's name and text are cut out of the file's bytes where they lie,
 * so a language is one block and its table, not two strings an entry
 * (every command reads some 8,000 entries before it does anything, and
 * a leak check at its exit looks through every block still held).
 */
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"

#define WORDS_LANGS	32		/* languages at the most */
#define WORDS_FILE_MAX	(1024 * 1024)	/* one language's file */
#define WORDS_REF	"en"
#define KW_WORD_MAX	64		/* bytes of a keyword, in lower case */

struct entry {
	char	*name;
	char	*text;
};

struct lang {
	char		 code[16];
	char		*data;		/* the file, which v points into */
	struct entry	*v;		/* sorted by name */
	size_t		 n;
	size_t		 cap;		/* entries v has room for */
};

/* A word of a keyword entry (kw.*) of some language, in lower case. */
struct kw {
	const char	*name;
	const char	*word;		/* utf8_lower() of it, in cat.kw_words */
};

static struct {
	struct lang	 v[WORDS_LANGS];
	size_t		 n;
	struct kw	*kw;		/* every language's, by word and name */
	size_t		 nkw;
	char		*kw_words;	/* their words, one after another */
	const struct lang *ref;		/* English: NULL when not loaded */
	char		 dflt[16];	/* the team's language */
	char		 codes[WORDS_LANGS * 8];	/* "en, de, es, fr" */
} cat;

/*
 * The language of whoever this thread writes to now (words_reader()),
 * which a look-up naming none uses before the team's.
 */
static _Thread_local const char *reader;

static pthread_once_t	 cat_once = PTHREAD_ONCE_INIT;

/*
 * The entries this thread found last, by the address of the name asked
 * and the language: a page asks a few dozen names thousands of times
 * (every date, every row), a binary search of some 900 each time.  The
 * catalogue never changes once read, so an entry found stays right.
 */
#define FOUND		64
struct found {
	const struct lang *lang;
	const char	*name;
	const struct entry *e;
};
static _Thread_local struct found found[FOUND];

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

/* The next word of a keyword entry's text from p, ending at *end. */
static const char *
word_at(const char *p, const char **end)
{
	while (*p == ' ')
		p++;
	for (*end = p; **end != '\0' && **end != ' '; (*end)++)
		continue;
	return p;
}

static int
kw_cmp(const void *a, const void *b)
{
	const struct kw	*x = a, *y = b;
	int		 c;

	return (c = strcmp(x->word, y->word)) != 0 ? c :
	    strcmp(x->name, y->name);
}

static int
kw_word_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kw *)a)->word,
	    ((const struct kw *)b)->word);
}

/*
 * The keyword entries the word this thread asked about last is a word
 * of: a reader asks whether one texted word is each of a list of
 * keywords in turn (kw.num_0 to kw.num_10, the days of the week), so
 * the word is lowered and found once, and each keyword after is a look
 * through the few entries that have it (none, mostly).
 */
static _Thread_local struct {
	char		 word[KW_WORD_MAX];	/* as asked; "" none yet */
	size_t		 lo, hi;		/* its entries in cat.kw */
} kw_last;

static const struct entry *
lang_find(const struct lang *l, const char *name)
{
	struct entry	 key = { (char *)name, NULL };

	if (l == NULL || l->n == 0)
		return NULL;
	return bsearch(&key, l->v, l->n, sizeof(*l->v), entry_cmp);
}

static const struct lang *
lang_get(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < cat.n; i++)
		if (strcmp(cat.v[i].code, code) == 0)
			return &cat.v[i];
	return NULL;
}

/*
 * The printf conversions of a text, in order, as "s ld zu": what a
 * translation must keep.  Returns -1 when they do not fit in out.
 */
int
words_conversions(const char *text, char *out, size_t size)
{
	size_t	 len = 0;
	const char *p;

	out[0] = '\0';
	for (p = text; (p = strchr(p, '%')) != NULL; ) {
		if (*++p == '%') {
			p++;
			continue;
		}
		while (*p != '\0' && strchr("-+ #0123456789.*", *p) != NULL)
			p++;
		while (*p != '\0' && strchr("hlzjt", *p) != NULL) {
			if (len + 2 >= size)
				return -1;
			out[len++] = *p++;
		}
		if (*p == '\0' || len + 3 >= size)
			return -1;
		out[len++] = *p++;
		out[len++] = ' ';
		out[len] = '\0';
	}
	return 0;
}

/* Decodes one text in place: quotes, "\n" and "\\". */
static char *
text_decode(char *s)
{
	char	*r, *w;
	size_t	 len = strlen(s);

	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s[len - 1] = '\0';
		s++;
	}
	for (r = w = s; *r != '\0'; r++) {
		if (*r == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else if (*r == '\\' && r[1] == '\\') {
			*w++ = '\\';
			r++;
		} else
			*w++ = *r;
	}
	*w = '\0';
	return s;
}

/* Adds "name = text" (text still encoded, decoded in place) to l. */
static int
lang_add(struct lang *l, const char *file, unsigned long line, char *name,
    char *text)
{
	struct entry	*v;

	name = trim(name);
	if (!name_valid(name, "_.")) {
		log_error("%s: line %lu: '%s' is not a name (a-z, 0-9, _ .)",
		    file, line, name);
		return -1;
	}
	/* room doubles: grown by one entry at a time, a catalogue of two
	 * thousand was copied whole at each line, and every command that
	 * reads one paid for it (twice the time under AddressSanitizer,
	 * whose realloc always copies) */
	if (l->n == l->cap) {
		if ((v = reallocarray(l->v, l->cap ? 2 * l->cap : 256,
		    sizeof(*v))) == NULL) {
			log_error("out of memory");
			return -1;
		}
		l->v = v;
		l->cap = l->cap ? 2 * l->cap : 256;
	}
	l->v[l->n].name = name;
	l->v[l->n].text = text_decode(trim(text));
	l->n++;
	return 0;
}

/*
 * Parses one language's file into l, in place: names and texts end
 * where they are in data.  A continuation line is joined to its entry
 * with one space, moved down over the line break and the indentation
 * it replaces, so a joined text never outgrows the bytes it came from.
 */
static int
lang_parse(struct lang *l, const char *file, char *data)
{
	char		*line, *next, *eq, *name = NULL, *text = NULL, *end = NULL;
	unsigned long	 no = 0, at = 0;
	size_t		 i, len;
	int		 rc = 0;

	for (line = data; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		no++;
		if (name != NULL && (*line == ' ' || *line == '\t') &&
		    *(line = trim(line)) != '\0') {
			len = strlen(line);
			*end++ = ' ';
			memmove(end, line, len + 1);
			end += len;
			continue;
		}
		if (name != NULL && lang_add(l, file, at, name, text) == -1)
			return -1;
		name = NULL;
		if (*trim(line) == '\0' || *trim(line) == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			log_error("%s: line %lu: expected 'name = text'", file, no);
			return -1;
		}
		*eq = '\0';
		name = line;
		text = eq + 1;
		end = text + strlen(text);
		at = no;
	}
	if (name != NULL && lang_add(l, file, at, name, text) == -1)
		return -1;
	qsort(l->v, l->n, sizeof(*l->v), entry_cmp);
	for (i = 1; i < l->n; i++)
		if (strcmp(l->v[i - 1].name, l->v[i].name) == 0) {
			log_error("%s: '%s' is there twice", file, l->v[i].name);
			rc = -1;
		}
	return rc;
}

/* Reads lib/words/CODE.txt under the data folder into a new language. */
static int
lang_load(const char *dir, const char *code)
{
	struct lang	*l;
	struct buf	 data = { 0 };
	char		 path[4096];
	int		 rc = -1;

	if (cat.n == WORDS_LANGS || strlen(code) >= sizeof(l->code)) {
		log_error("%s/%s.txt: too many languages or too long a name",
		    dir, code);
		return -1;
	}
	l = &cat.v[cat.n];
	memset(l, 0, sizeof(*l));
	snprintf(l->code, sizeof(l->code), "%s", code);
	if (snprintf(path, sizeof(path), "%s/%s.txt", dir, code) >=
	    (int)sizeof(path) || file_read(path, WORDS_FILE_MAX, &data) == -1)
		goto out;
	if (lang_parse(l, path, data.data) == -1)
		goto out;
	l->data = data.data;	/* kept: the entries are in it */
	cat.n++;
	return 0;
out:
	free(l->v);
	buf_free(&data);
	return rc;
}

/*
 * The words of every language's keyword entries (kw.*), each in lower
 * case, sorted, so that words_is() finds a texted word in one search
 * rather than by comparing it with each word of each language: the
 * webhook asks for every word of every text.  Counted first, so that
 * the table and the words are one block each.  Out of memory, the index
 * is left out and words_is() compares as before.
 */
static void
kw_index(void)
{
	const struct entry *e;
	struct kw	*v = NULL;
	const char	*p, *end;
	char		*words = NULL, low[KW_WORD_MAX];
	size_t		 i, j, len, n = 0, size = 0, at = 0;
	int		 fill;

	for (fill = 0; fill < 2; fill++) {
		if (fill) {
			v = reallocarray(NULL, n, sizeof(*v));
			words = malloc(size);
			if (v == NULL || words == NULL) {
				free(v);
				free(words);
				return;
			}
			n = 0;
		}
		for (i = 0; i < cat.n; i++)
			for (j = 0; j < cat.v[i].n; j++) {
				e = &cat.v[i].v[j];
				if (strncmp(e->name, "kw.", 3) != 0)
					continue;
				for (p = e->text; *(p = word_at(p, &end)) !=
				    '\0'; p = end) {
					if ((len = utf8_lower(p, (size_t)(end - p),
					    low, sizeof(low))) >= sizeof(low))
						continue;	/* none texted is this long */
					if (fill) {
						v[n].name = e->name;
						v[n].word = memcpy(words + at, low,
						    len + 1);
						at += len + 1;
					} else
						size += len + 1;
					n++;
				}
			}
	}
	qsort(v, n, sizeof(*v), kw_cmp);
	cat.kw = v;
	cat.nkw = n;
	cat.kw_words = words;
}

/*
 * Drops the entries of l whose conversions are not English's: a
 * translation may reword, never change what printf is handed.
 */
static void
lang_check(struct lang *l)
{
	const struct entry *ref;
	char		 a[128], b[128];
	size_t		 i, kept = 0;

	for (i = 0; i < l->n; i++) {
		ref = lang_find(cat.ref, l->v[i].name);
		if (ref != NULL && (words_conversions(ref->text, a,
		    sizeof(a)) == -1 || words_conversions(l->v[i].text, b,
		    sizeof(b)) == -1 || strcmp(a, b) != 0)) {
			log_error("words: %s '%s' has conversions '%s', "
			    "English '%s': English is used", l->code,
			    l->v[i].name, b, a);
			continue;
		}
		l->v[kept++] = l->v[i];
	}
	l->n = kept;
}

static void
cat_load(void)
{
	char		 dir[4096], code[16];
	struct dirent	*de;
	DIR		*d;
	size_t		 i, len;

	if (path_join(dir, sizeof(dir), install_datadir(), WORDS_DIR) == -1)
		return;
	if (lang_load(dir, WORDS_REF) == -1)
		return;
	cat.ref = &cat.v[0];
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || len - 4 >= sizeof(code) ||
		    strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		snprintf(code, sizeof(code), "%.*s", (int)(len - 4), de->d_name);
		if (strcmp(code, WORDS_REF) != 0 && lang_get(code) == NULL)
			lang_load(dir, code);
	}
	closedir(d);
	for (i = 1; i < cat.n; i++)
		lang_check(&cat.v[i]);
	for (i = 0; i < cat.n; i++)
		snprintf(cat.codes + strlen(cat.codes), sizeof(cat.codes) -
		    strlen(cat.codes), "%s%s", i ? ", " : "", cat.v[i].code);
	kw_index();
}

/*
 * OUT_OK when the English catalogue is loaded; else it has been logged
 * and every look-up answers with the entry's name.  Daemons ask at start.
 */
enum outcome
words_ready(void)
{
	pthread_once(&cat_once, cat_load);
	return cat.ref != NULL ? OUT_OK : OUT_CONFIG;
}

/*
 * Sets the language used when a look-up names none ([team] language).
 * Call before any thread starts.  Returns -1 for a language not shipped.
 */
int
words_default(const char *code)
{
	words_ready();
	if (code == NULL || lang_get(code) == NULL) {
		log_error("no words for language '%s' in %s/%s",
		    code ? code : "", install_datadir(), WORDS_DIR);
		return -1;
	}
	snprintf(cat.dflt, sizeof(cat.dflt), "%s", code);
	return 0;
}

/* The team's language: what a look-up naming none falls back on. */
const char *
words_team(void)
{
	words_ready();
	return cat.dflt[0] != '\0' ? cat.dflt : WORDS_REF;
}

/* Whether a language is shipped. */
int
words_has(const char *code)
{
	words_ready();
	return lang_get(code) != NULL;
}

/* The shipped languages' codes, "en, de, es, fr", for a message. */
const char *
words_codes(void)
{
	words_ready();
	return cat.codes;
}

/*
 * Until the next call, look-ups naming no language in this thread use
 * code's (a person's language, NULL or not shipped: the team's), so
 * that what is written to a person is in their words.  Returns the
 * language it replaces, for the caller to put back when done.
 */
const char *
words_reader(const char *code)
{
	const char	*was = reader;

	words_ready();
	reader = code != NULL && lang_get(code) != NULL ?
	    lang_get(code)->code : NULL;
	return was;
}

/*
 * The language words_get(NULL, ...) speaks now, as a code whose
 * address stays the same: what a cache of words may be keyed on.
 */
const char *
words_lang(void)
{
	const struct lang	*l;

	words_ready();
	if (reader != NULL)
		return reader;
	l = lang_get(cat.dflt[0] != '\0' ? cat.dflt : WORDS_REF);
	return l != NULL ? l->code : WORDS_REF;
}

/*
 * The text of name in lang (NULL: the reader's, else the team's
 * language), else English's;
 * NULL when English has no such entry.  The string lives as long as the
 * process.
 */
const char *
words_find(const char *lang, const char *name)
{
	const struct lang *l;
	const struct entry *e;
	struct found	*f;

	words_ready();
	if (lang == NULL)
		lang = reader != NULL ? reader : cat.dflt[0] != '\0' ?
		    cat.dflt : WORDS_REF;
	l = lang_get(lang);
	f = &found[((uintptr_t)name >> 3 ^ (uintptr_t)l >> 4) % FOUND];
	/* the same address may hold another name by now: compared */
	if (f->name == name && f->lang == l && f->e != NULL &&
	    strcmp(f->e->name, name) == 0)
		return f->e->text;
	if ((e = lang_find(l, name)) != NULL ||
	    (e = lang_find(cat.ref, name)) != NULL) {
		f->lang = l;
		f->name = name;
		f->e = e;
		return e->text;
	}
	return NULL;
}

/* As words_find(), but never NULL: a missing entry is logged and named. */
const char *
words_get(const char *lang, const char *name)
{
	const char	*text;

	if ((text = words_find(lang, name)) != NULL)
		return text;
	log_error("words: no entry '%s'", name);
	return name;
}

/* Finds word's entries in cat.kw, for kw_last; -1 when it has none. */
static int
kw_range(const char *word, size_t len)
{
	const struct kw	*hit;
	struct kw	 key;
	char		 low[KW_WORD_MAX];
	size_t		 lo, hi;

	kw_last.word[0] = '\0';
	kw_last.lo = kw_last.hi = 0;
	if (utf8_lower(word, len, low, sizeof(low)) >= sizeof(low))
		return -1;
	key.name = NULL;
	key.word = low;
	if ((hit = bsearch(&key, cat.kw, cat.nkw, sizeof(*cat.kw),
	    kw_word_cmp)) != NULL) {
		lo = hi = (size_t)(hit - cat.kw);
		while (lo > 0 && strcmp(cat.kw[lo - 1].word, low) == 0)
			lo--;
		while (hi < cat.nkw && strcmp(cat.kw[hi].word, low) == 0)
			hi++;
		kw_last.lo = lo;
		kw_last.hi = hi;
	}
	memcpy(kw_last.word, word, len + 1);
	return 0;
}

/*
 * Whether word is one of the space-separated aliases of entry name (a
 * keyword, "kw.stop") in any shipped language, the case of Latin
 * letters ignored ("SÍ", "ARRÊT"): an athlete may text the words of any
 * language the team has.
 */
int
words_is(const char *name, const char *word)
{
	const struct entry *e;
	const char	*p, *end;
	size_t		 i, len = strlen(word);

	words_ready();
	if (len == 0)
		return 0;
	if (cat.kw != NULL && strncmp(name, "kw.", 3) == 0) {
		if (len >= sizeof(kw_last.word))
			return 0;	/* no keyword is this long */
		if (strcmp(word, kw_last.word) != 0 &&
		    kw_range(word, len) == -1)
			return 0;
		for (i = kw_last.lo; i < kw_last.hi; i++)
			if (strcmp(cat.kw[i].name, name) == 0)
				return 1;
		return 0;
	}
	for (i = 0; i < cat.n; i++) {
		if ((e = lang_find(&cat.v[i], name)) == NULL)
			continue;
		for (p = e->text; *(p = word_at(p, &end)) != '\0'; p = end)
			if (utf8_caseeq(p, (size_t)(end - p), word, len))
				return 1;
	}
	return 0;
}

/*
 * The alias of keyword name, in any shipped language, nearest word as
 * typed (edit_distance(), in lower case), into best; returns its
 * distance, SIZE_MAX when there is none to compare.  What a mistyped
 * command was meant to be: "relancr" is one from "relancer".
 */
size_t
words_nearest(const char *name, const char *word, char *best, size_t size)
{
	const struct entry *e;
	const char	*p, *end;
	char		 low[KW_WORD_MAX], alias[KW_WORD_MAX];
	size_t		 i, d, min = SIZE_MAX;

	words_ready();
	if (utf8_lower(word, strlen(word), low, sizeof(low)) >= sizeof(low))
		return SIZE_MAX;
	for (i = 0; i < cat.n; i++) {
		if ((e = lang_find(&cat.v[i], name)) == NULL)
			continue;
		for (p = e->text; *(p = word_at(p, &end)) != '\0'; p = end) {
			if (utf8_lower(p, (size_t)(end - p), alias,
			    sizeof(alias)) >= sizeof(alias))
				continue;
			if ((d = edit_distance(low, alias)) < min) {
				min = d;
				snprintf(best, size, "%s", alias);
			}
		}
	}
	return min;
}

/*
 * The plural category of the count n in the language code: "one" or
 * "other", by the Unicode CLDR's rules for cardinal numbers ("Language
 * Plural Rules", cldr.unicode.org): English, German, Spanish, Italian,
 * Dutch and the Nordic languages say "one" for 1 only, French and
 * Portuguese for 0 and 1.  A language with more forms (CLDR's few,
 * many) is not shipped; until one is, its counts take "other" except 1.
 */
static const char *
plural_category(const char *code, unsigned long n)
{
	static const char *const zero_one[] = { "fr", "pt" };
	size_t		 i;

	for (i = 0; i < sizeof(zero_one) / sizeof(zero_one[0]); i++)
		if (strcmp(code, zero_one[i]) == 0)
			return n <= 1 ? "one" : "other";
	return n == 1 ? "one" : "other";
}

/*
 * The form of name for the count n in lang (NULL: the reader's or the
 * team's): the entry "name.one" or "name.other" the language's rule
 * picks, its "name.other" when it has no entry for that form, English's
 * by English's rule when it has neither.  Never NULL: a missing entry
 * is logged and named, as words_get() does.
 */
const char *
words_plural(const char *lang, const char *name, unsigned long n)
{
	const struct lang *l;
	const struct entry *e;
	char		 key[128];

	words_ready();
	if (lang == NULL)
		lang = reader != NULL ? reader : cat.dflt[0] != '\0' ?
		    cat.dflt : WORDS_REF;
	if ((l = lang_get(lang)) == NULL)
		l = cat.ref, lang = WORDS_REF;
	snprintf(key, sizeof(key), "%s.%s", name, plural_category(lang, n));
	if ((e = lang_find(l, key)) != NULL)
		return e->text;
	snprintf(key, sizeof(key), "%s.other", name);
	if ((e = lang_find(l, key)) != NULL)
		return e->text;
	snprintf(key, sizeof(key), "%s.%s", name,
	    plural_category(WORDS_REF, n));
	if ((e = lang_find(cat.ref, key)) != NULL)
		return e->text;
	log_error("words: no entry '%s.other'", name);
	return name;
}

/*
 * Appends the form of name for the count n (words_plural()), a printf
 * format, with the arguments (n among them where the text shows it).
 */
int
words_printf_n(struct buf *b, const char *lang, const char *name,
    unsigned long n, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, n);
	rc = buf_vprintf(b, words_plural(lang, name, n), ap);
	va_end(ap);
	return rc;
}

/* Appends name's text in lang, a printf format, with the arguments. */
int
words_printf(struct buf *b, const char *lang, const char *name, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, name);
	rc = buf_vprintf(b, words_get(lang, name), ap);
	va_end(ap);
	return rc;
}

/*
 * Calls cb for every entry of lang (NULL: the team's), English's where
 * lang has none, in name order; stops at the first non-zero answer.
 */
int
words_each(const char *lang, int (*cb)(const char *, const char *, void *),
    void *arg)
{
	const struct lang *l;
	size_t		 i;
	int		 rc;

	words_ready();
	if (cat.ref == NULL)
		return -1;
	l = lang_get(lang != NULL ? lang : cat.dflt[0] ? cat.dflt : WORDS_REF);
	for (i = 0; i < cat.ref->n; i++) {
		const char *name = cat.ref->v[i].name;
		const struct entry *e = lang_find(l, name);

		rc = cb(name, e != NULL ? e->text : cat.ref->v[i].text, arg);
		if (rc != 0)
			return rc;
	}
	return 0;
}
