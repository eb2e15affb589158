/*
 * ratecheck_name.c - whom a name in a coach's rating line means, among
 * the athletes the coach rates (ratecheck.c resolves the rest): a
 * name, @handle or email on the roster, or a first name or surname
 * alone when it is unique among them; either without its accents when
 * none is written so; failing those, read by a guess the reply shows:
 * a letter for a word, "Tom H", or surname first, "Fletcher, Ben".
 * An athlete of another squad is nobody here.  And the index of the
 * roster's athletes and the team's metrics they are looked up in,
 * loaded once per batch of email.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

static int
index_person(struct person *p, void *arg)
{
	struct rm_index	*x = arg;
	struct person	*v;

	if (p->role != ROLE_ATHLETE || !p->active)
		return 0;
	if ((v = reallocarray(x->people, x->npeople + 1, sizeof(*v))) == NULL)
		return -1;
	x->people = v;
	x->people[x->npeople++] = *p;
	memset(p, 0, sizeof(*p));	/* the index owns it now */
	return 0;
}

/* The athletes and metrics resolve() needs; ratemail_index_free() it. */
struct rm_index *
ratemail_index(struct db *db)
{
	struct rm_index	*x;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	if (person_list(db, 0, index_person, x) == -1 ||
	    metric_set_load(db, &x->metrics) == -1) {
		ratemail_index_free(x);
		return NULL;
	}
	return x;
}

/* The team's metrics, as x has them. */
const struct metric_set *
ratemail_index_metrics(const struct rm_index *x)
{
	return &x->metrics;
}

void
ratemail_index_free(struct rm_index *x)
{
	size_t	 i;

	if (x == NULL)
		return;
	for (i = 0; i < x->npeople; i++)
		person_clear(&x->people[i]);
	metric_set_free(&x->metrics);
	free(x->people);
	free(x);
}

/* Bytes of a name folded (latin_fold()); a longer one matches nothing. */
#define FOLD_MAX	256

/* How a written name is compared with the roster's, in by_name(). */
enum how {
	HOW_PART,		/* some of its words, as written */
	HOW_FOLDED,		/* whole name, accents and case dropped */
	HOW_FOLDED_PART,	/* some of its words, so dropped */
	HOW_INITIAL		/* and a letter for a word: "Tom H" */
};

/*
 * The athlete coach meant, by roster lookup (a handle, an email, a
 * number, a whole name), or NULL with the closest name in *hint (NULL
 * when none is close).  Both are athletes coach rates: one of another
 * squad is nobody here, and no hint, so that a coach learns nothing of
 * the athletes of squads not theirs.  Returns -1 on a database error.
 */
int
ratemail_find(struct db *db, const struct rm_index *x, int64_t coach,
    const char *who, const char *country, const struct person **found,
    const char **hint)
{
	char		 w[FOLD_MAX], name[FOLD_MAX];
	size_t		 i, best = SIZE_MAX, d;
	int64_t		 id;
	int		 ok;

	*found = NULL;
	*hint = NULL;
	if (person_find(db, who, country, &id) == OUT_OK)
		for (i = 0; i < x->npeople; i++)
			if (x->people[i].id == id) {
				if ((ok = person_coaches(db, coach, id)) == 1)
					*found = &x->people[i];
				if (ok != 0)
					return ok == 1 ? 0 : -1;
				break;
			}
	/* without accents, so that "Jose Alvares" is close to "José
	 * Álvarez"; one too long is farther than any hint */
	if (latin_fold(who + (who[0] == '@'), w, sizeof(w)) >= sizeof(w))
		return 0;
	for (i = 0; i < x->npeople; i++) {
		d = latin_fold(x->people[i].name, name, sizeof(name)) <
		    sizeof(name) ? edit_distance(w, name) : SIZE_MAX;
		if (who[0] == '@' || d > edit_distance(w,
		    x->people[i].handle))
			d = edit_distance(w, x->people[i].handle);
		/* asked only of the closer: a few lookups, not one each */
		if (d < best && d <= 3 &&
		    (ok = person_coaches(db, coach, x->people[i].id)) != 0) {
			if (ok == -1)
				return -1;
			best = d;
			*hint = x->people[i].name;
		}
	}
	return 0;
}

/*
 * Whether the words of written are words of name, in its order, each
 * whole and case aside (ASCII's: callers fold accents first when they
 * would): "Martín" is José Álvarez Martín and Ana Martín Sánchez
 * alike, "Ana Martín" only her.  A written name of one word used to
 * be only a first name or the last word, so "Martín" was José's
 * alone, and Ana's scores went to him.  With initials, a word of one
 * letter ("H", "H.") is any word it begins: "Tom H" is Tom Harris.
 */
static int
name_part(const char *name, const char *written, int initials)
{
	const char	*w = written, *n = name;
	size_t		 wl, nl;
	int		 letter;

	while (*w != '\0') {
		wl = strcspn(w, " ");
		/* "H" or "H." for Harris, when initials may be */
		letter = initials && (wl == 1 || (wl == 2 && w[1] == '.')) &&
		    isalpha((unsigned char)w[0]);
		for (;; n += nl + (n[nl] == ' ')) {
			if (*n == '\0')
				return 0;
			nl = strcspn(n, " ");
			if (nl == wl && strncasecmp(n, w, wl) == 0)
				break;
			if (letter && nl > 0 && tolower((unsigned char)*n) ==
			    tolower((unsigned char)*w))
				break;
		}
		n += nl + (n[nl] == ' ');
		w += wl;
		w += strspn(w, " ");
	}
	return w != written;
}

/* Whether word (as written) names name (the roster's) the way how says. */
static int
name_is(const char *name, const char *word, enum how how)
{
	char	 n[FOLD_MAX], w[FOLD_MAX];

	if (strchr(word, '@') != NULL)
		return 0;
	if (how == HOW_PART)
		return name_part(name, word, 0);
	if (latin_fold(name, n, sizeof(n)) >= sizeof(n) ||
	    latin_fold(word, w, sizeof(w)) >= sizeof(w))
		return 0;
	return how == HOW_FOLDED ? strcmp(n, w) == 0 : name_part(n, w,
	    how == HOW_INITIAL);
}

/*
 * The athletes coach may rate (0: all of them) whom word names as how
 * says: *found the first, their names in names.  Returns how many, or
 * -1.
 */
static int
by_how(struct db *db, const struct rm_index *x, int64_t coach,
    const char *word, enum how how, const struct person **found,
    struct buf *names)
{
	size_t	 i;
	int	 n = 0, ok;

	for (i = 0; i < x->npeople; i++) {
		if (!name_is(x->people[i].name, word, how))
			continue;
		if ((ok = person_coaches(db, coach, x->people[i].id)) == -1)
			return -1;
		if (ok == 0)
			continue;
		if (n++ == 0)
			*found = &x->people[i];
		buf_printf(names, "%s%s", n > 1 ? ", " : "", x->people[i].name);
	}
	return n;
}

/* Whether s has no letter a phone might have left its accent off. */
static int
ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/*
 * The athletes word names when it is no name, handle or email as the
 * roster writes it: some of a name's words (a first name, a surname,
 * both: name_part()) unique among those coach rates; else, accents
 * and case dropped (a phone's keyboard leaves accents out), the whole
 * name of one they rate, then some of its words as before.  One
 * athlete whose words fit as written is no fit when others' fit
 * without accents and it has none: "Lucia" is Ana Lucia Gómez as
 * written and Lucía Fernández without the accent a phone leaves out,
 * so it names both ("Lucía" only her).  *found the first, their names
 * in names.  Returns how many, or -1.
 */
static int
by_words(struct db *db, const struct rm_index *x, int64_t coach,
    const char *word, const struct person **found, struct buf *names)
{
	const struct person	*also = NULL;
	struct buf		 more = { 0 };
	int			 n, m;

	if ((n = by_how(db, x, coach, word, HOW_PART, found, names)) == 1 &&
	    ascii(word)) {
		if ((m = by_how(db, x, coach, word, HOW_FOLDED_PART, &also,
		    &more)) > 1) {
			buf_reset(names);
			buf_puts(names, more.data);
			*found = also;
			n = m;
		} else if (m == -1)
			n = -1;
		buf_free(&more);
	}
	if (n != 0 || (n = by_how(db, x, coach, word, HOW_FOLDED, found,
	    names)) != 0)
		return n;
	return by_how(db, x, coach, word, HOW_FOLDED_PART, found, names);
}

/* Whether written has a word of one letter (and a '.') and another. */
static int
initialled(const char *written)
{
	const char	*w;
	size_t		 n;
	int		 letters = 0, words = 0;

	for (w = written; *(w += strspn(w, " ")) != '\0'; w += n) {
		n = strcspn(w, " ");
		words++;
		letters += n == 1 || (n == 2 && w[1] == '.');
	}
	return letters > 0 && words > letters;
}

/*
 * "Fletcher, Ben" as "Ben Fletcher", into out (size bytes): the words
 * either side of written's one comma swapped.  0 when it has none.
 */
static int
swapped(const char *written, char *out, size_t size)
{
	const char	*comma = strchr(written, ',');

	if (comma == NULL || strchr(comma + 1, ',') != NULL)
		return 0;
	return (size_t)snprintf(out, size, "%s %.*s", comma + 1 +
	    strspn(comma + 1, " "), (int)(comma - written), written) < size;
}

/*
 * The athletes word names (by_words()); failing that, its words with
 * a letter for one ("Tom H", "T. Harris": initialled()), and a name
 * written surname first, "Fletcher, Ben" (swapped()), each a reading
 * the reply shows the coach: *guess is set when one was read so.
 * *found the first, their names in names.  Returns how many, or -1.
 */
int
ratemail_by_name(struct db *db, const struct rm_index *x, int64_t coach,
    const char *word, const struct person **found, struct buf *names,
    int *guess)
{
	char	 other[FOLD_MAX];
	int	 n;

	*guess = 0;
	if ((n = by_words(db, x, coach, word, found, names)) != 0)
		return n;
	if (initialled(word) && (n = by_how(db, x, coach, word, HOW_INITIAL,
	    found, names)) != 0) {
		*guess = n == 1;
		return n;
	}
	if (!swapped(word, other, sizeof(other)))
		return 0;
	if ((n = by_words(db, x, coach, other, found, names)) == 0 &&
	    initialled(other))
		n = by_how(db, x, coach, other, HOW_INITIAL, found, names);
	*guess = n == 1;
	return n;
}

/*
 * The athlete a coach's command names by a name the roster does not
 * write so (ratemail_by_name(): "theo", "Theo Moreau" for Théo Moreau), as a
 * rating line's name is read.  OUT_OK with *id, OUT_AMBIGUOUS,
 * OUT_NOTFOUND, or OUT_FAILED.
 */
enum outcome
ratemail_who(struct db *db, const struct rm_index *x, int64_t coach,
    const char *who, int64_t *id)
{
	const struct person	*found = NULL;
	struct buf		 names = { 0 };
	int			 n, guess;

	n = ratemail_by_name(db, x, coach, who, &found, &names, &guess);
	buf_free(&names);
	if (n == 1)
		*id = found->id;
	return n == -1 ? OUT_FAILED : n == 0 ? OUT_NOTFOUND : n > 1 ?
	    OUT_AMBIGUOUS : OUT_OK;
}

/*
 * The athlete written names among those coach rates, read as a rating
 * line's name is (who_find(): a handle, an email, a number or a whole
 * name, then ratemail_by_name()), for what else names athletes as ratings do
 * (seatmail.c).  OUT_OK with *id, OUT_AMBIGUOUS, OUT_NOTFOUND, or
 * OUT_FAILED.
 */
enum outcome
ratemail_athlete(struct db *db, const struct rm_index *x, const char *country,
    int64_t coach, const char *written, int64_t *id)
{
	const struct person	*found = NULL;
	const char		*hint;

	if (ratemail_find(db, x, coach, written, country, &found, &hint) == -1)
		return OUT_FAILED;
	if (found != NULL) {
		*id = found->id;
		return OUT_OK;
	}
	return ratemail_who(db, x, coach, written, id);
}
