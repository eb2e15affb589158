/*
 * ratemail.c - the formats coaches email ratings in (DESIGN.md §4
 * "A coach's email"), read without the roster (ratecheck.c resolves
 * what is read):
 *
 *	date: 2026-11-20            (optional)
 *
 *	Jane Doe:                   the block format: a line ending in ':'
 *	  technique 4  Catch timing is improving.    names an athlete, each
 *	  fitness 3/5                                following line is
 *	                                             "metric score[/max]
 *	                                             [comment]"
 *	order: technique fitness    the order scores alone are in (the
 *	                            team's metric order when none is given)
 *	Jane Doe: 4 _ 3             scores alone; '_' leaves a metric out
 *	Sam: technique 4, fitness 3 great week
 *	                            pairs, split at ',' or ';', each comment
 *	                            running to the next split (a piece with
 *	                            no digit carries on the comment before)
 *	Name<TAB>technique<TAB>fitness     a table pasted in: tab-, '|'-,
 *	Jane Doe<TAB>4<TAB>3               semicolon- or comma-separated,
 *	                                   its header row (optional) naming
 *	                                   the metrics, its name column's
 *	                                   in any language (kw.col_athlete)
 *
 * Prose that does not look like a rating is ignored before the first
 * athlete (a greeting) and after a blank line (a sign-off); inside an
 * athlete's lines it is an error.  Lines starting "(!)" are the marks
 * a refusal put under the lines it quoted back, and are skipped.
 * Quoted replies, forwarded messages and signatures are cut off first
 * (ratemail_strip).  The same data may come as a CSV attachment, long
 * (athlete, metric, score, comment) or wide (athlete, then a column per
 * metric).
 *
 * Parsing is pure (and fuzzed): every problem is kept with its line
 * and, where there is one, the athlete it refuses.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"

#define RM_MAX_LINES	5000
#define RM_MAX_LINE	2000
#define RM_MAX_CELLS	64	/* of a table's row, or scores on a line */
#define SIG_WORDS	8	/* the most words of a phone's signature */
#define NAME_WORDS	5	/* the most words of an athlete's name */
#define METRIC_WORDS	3	/* of a metric's, in a line of pairs */

/*
 * Adds catalogue entry name (a printf format: lib/words/) with the
 * arguments to the problems, on line (0: none) about athlete (NULL:
 * none).  Returns 0 or -1.
 */
int
ratemail_problem(struct rm_problems *ps, unsigned long line,
    const char *athlete, const char *name, ...)
{
	struct rm_problem	*v;
	struct buf		 b = { 0 };
	va_list			 ap;

	va_start(ap, name);
	buf_vprintf(&b, words_get(NULL, name), ap);
	va_end(ap);
	if (buf_failed(&b) || (v = reallocarray(ps->v, ps->n + 1,
	    sizeof(*v))) == NULL) {
		buf_free(&b);
		return -1;
	}
	ps->v = v;
	v = &ps->v[ps->n];
	memset(v, 0, sizeof(*v));
	v->line = line;
	v->what = buf_steal(&b);
	if (athlete != NULL && (v->athlete = xstrdup(athlete)) == NULL) {
		free(v->what);
		return -1;
	}
	ps->n++;
	return 0;
}

void
ratemail_problems_free(struct rm_problems *ps)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].athlete);
		free(ps->v[i].what);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

void
ratemail_free(struct rm_parse *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].athlete);
		free(p->v[i].metric);
		free(p->v[i].comment);
	}
	for (i = 0; i < p->nspans; i++)
		free(p->spans[i].athlete);
	free(p->v);
	free(p->spans);
	ratemail_problems_free(&p->errors);
	memset(p, 0, sizeof(*p));
}

static int
starts_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* How many words, separated by spaces, s has. */
static size_t
word_count(const char *s)
{
	const char	*p;
	size_t		 n = 0;

	for (p = s; *p != '\0'; p++)
		if (*p != ' ' && (p == s || p[-1] == ' '))
			n++;
	return n;
}

/* Whether s, less trailing spaces and CR, ends in tail. */
static int
ends_ci(const char *s, const char *tail)
{
	size_t	 n = strlen(s), t = strlen(tail);

	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	return n >= t && strncasecmp(s + n - t, tail, t) == 0;
}

/*
 * The line a mail app writes above the message it quotes, by lead,
 * tail and (when the lead is not enough) a word inside: Gmail, Apple
 * Mail and Thunderbird in English, French, Spanish, German, Italian
 * and Dutch.  It may be wrapped over two lines, Gmail's French between
 * "a" and "écrit", and French puts a space before the colon, which may
 * be a no-break one (U+00A0, U+202F).
 */
static const struct {
	const char	*lead, *word, *tail;
} attributions[] = {
	{ "On ", NULL, "wrote:" },
	{ "Le ", NULL, "écrit :" },
	{ "Le ", NULL, "écrit:" },
	{ "Le ", NULL, "écrit\xc2\xa0:" },
	{ "Le ", NULL, "écrit\xe2\x80\xaf:" },
	{ "El ", NULL, "escribió:" },
	{ "Am ", " schrieb ", ":" },
	{ "Il ", NULL, "scritto:" },
	{ "Op ", NULL, "geschreven:" },
	{ "Op ", " schreef ", ":" },
};

/*
 * The header a mail app writes above the message it quotes or forwards
 * when no line says so in words we know: a From line (Outlook, Gmail,
 * Apple Mail, Thunderbird, in the sender's language), then, past blank
 * lines, the line of its date or its subject.  Cut from the From line
 * on.  A label is followed by ':', a space or a no-break space before
 * it in French, and may be bold ("*From:*").
 */
static const char *const header_from[] = { "From", "De", "Von", "Da",
    "Van", "Från", "Fra", "Od", "От" };
static const char *const header_next[] = { "Sent", "Date", "Subject",
    "Envoyé", "Envoyé le", "Objet", "Enviado", "Enviado el", "Enviado em",
    "Enviada em", "Fecha", "Asunto", "Assunto", "Gesendet", "Datum",
    "Betreff", "Inviato", "Data", "Oggetto", "Verzonden", "Onderwerp",
    "Skickat", "Ämne", "Sendt", "Dato", "Emne", "Wysłano", "Temat",
    "Дата", "Тема" };

/*
 * Whether t is in the catalogue's list name (phrases separated by '|'):
 * its first len bytes are one, in any case, when len is not 0; else it
 * starts with one, a whole word.
 */
static int
listed(const char *name, const char *t, size_t len)
{
	const char	*p = words_get(NULL, name), *e;
	size_t		 n;

	for (; *p != '\0'; p = *e ? e + 1 : e) {
		p += strspn(p, " ");
		e = p + strcspn(p, "|");
		for (n = (size_t)(e - p); n > 0 && p[n - 1] == ' '; n--)
			continue;
		if (n > 0 && (len != 0 ? utf8_caseeq(t, len, p, n) :
		    strncasecmp(t, p, n) == 0 && strchr(" .\r", t[n]) != NULL))
			return 1;
	}
	return 0;
}

/*
 * Whether line t (trimmed at the front) is what a phone's mail app
 * writes below the coach's words: it starts with one of the catalogue's
 * mail.signatures ("Sent from my", "Get Outlook for", ... and their
 * translations, separated by '|'), a whole word, and has at most
 * SIG_WORDS words and no ':'.  quote_start() says where it may be.
 */
static int
signature(const char *t)
{
	char		 line[256], *lt;
	size_t		 n;

	/* "Get Outlook for iOS<https://aka.ms/o0ukef>": the link goes */
	snprintf(line, sizeof(line), "%s", t);
	for (n = strlen(line); n > 0 && strchr(" \r", line[n - 1]); n--)
		line[n - 1] = '\0';
	if (n > 0 && line[n - 1] == '>' && (lt = strrchr(line, '<')) != NULL)
		*lt = '\0';
	t = line;
	if (word_count(t) > SIG_WORDS || strchr(t, ':') != NULL)
		return 0;
	return listed("mail.signatures", t, 0);
}

/*
 * Whether line t (trimmed at the front) is a coach's sign-off alone:
 * one of the catalogue's mail.closings ("Cheers", "Kind regards",
 * "Cordialement", "Viele Grüße", ... separated by '|'), in any case,
 * a ',', '.' or '!' after it.  What follows is their name, role and
 * numbers ("M: 07700 900001"), not ratings.
 */
static int
closing(const char *t)
{
	size_t	 len = strlen(t);

	while (len > 0 && strchr(" \r,.!", t[len - 1]) != NULL)
		len--;
	return len > 0 && listed("mail.closings", t, len);
}

/* Whether word is in the line that starts at line (not past its end). */
static int
line_has(const char *line, const char *word)
{
	return memmem(line, strcspn(line, "\n"), word, strlen(word)) != NULL;
}

/*
 * Whether line t (or prev, the line above it, with t: wrapped) is an
 * attribution; 2 when it needs prev.
 */
static int
attribution(const char *prev, const char *t)
{
	size_t	 i;

	for (i = 0; i < sizeof(attributions) / sizeof(attributions[0]); i++) {
		if (!ends_ci(t, attributions[i].tail))
			continue;
		if (starts_ci(t, attributions[i].lead) &&
		    (attributions[i].word == NULL ||
		    strstr(t, attributions[i].word) != NULL))
			return 1;
		if (prev != NULL && starts_ci(prev, attributions[i].lead) &&
		    (attributions[i].word == NULL ||
		    line_has(prev, attributions[i].word) ||
		    strstr(t, attributions[i].word) != NULL))
			return 2;
	}
	return 0;
}

/*
 * Moves *s past the rule at its start (dashes, underscores or '=', en or
 * em dashes or horizontal bars, spaces between); how many it passed.
 */
static size_t
dashes(const char **s)
{
	size_t	 n = 0;

	for (;; n++) {
		if (**s == '-' || **s == '_' || **s == '=')
			*s += 1;
		else if (strncmp(*s, "\xe2\x80", 2) == 0 &&
		    (unsigned char)(*s)[2] >= 0x93 &&
		    (unsigned char)(*s)[2] <= 0x95)
			*s += 3;
		else
			return n;
		*s += strspn(*s, " ");
	}
}

/*
 * Whether line t (trimmed at the front) is what a mail app writes above
 * a message it forwards, or quotes whole below a reply: one of the
 * catalogue's mail.forwards alone on the line, between dashes or
 * followed by ':' ("-------- Forwarded Message --------", Thunderbird's;
 * "Begin forwarded message:", Apple Mail's; "-----Ursprüngliche
 * Nachricht-----", Outlook's).  Between dashes, words may follow ("-----
 * Forwarded message from Alex <a@example.org> -----", mutt's).
 */
static int
forward_line(const char *t)
{
	const char	*e = t + strlen(t), *r;
	size_t		 lead, trail = 0;

	lead = dashes(&t);
	while (e > t && strchr(" \t\r:*", e[-1]) != NULL)
		e--;
	/* the rule after, read backwards: ASCII dashes, or a UTF-8 one */
	for (;;) {
		while (e > t && e[-1] == ' ')
			e--;
		for (r = e; r > t && strchr("-_=", r[-1]) != NULL; r--)
			continue;
		if (r == e && e - t >= 3 && strncmp(e - 3, "\xe2\x80", 2) == 0 &&
		    (unsigned char)e[-1] >= 0x93 && (unsigned char)e[-1] <= 0x95)
			r = e - 3;
		if (r == e)
			break;
		trail++;
		e = r;
	}
	/* a no-break space before the colon, as French writes it */
	if (e - t >= 2 && strncmp(e - 2, "\xc2\xa0", 2) == 0)
		e -= 2;
	else if (e - t >= 3 && strncmp(e - 3, "\xe2\x80\xaf", 3) == 0)
		e -= 3;
	if (e == t)
		return 0;
	return listed("mail.forwards", t, (size_t)(e - t)) ||
	    (lead > 0 && trail > 0 && listed("mail.forwards", t, 0));
}

/*
 * Whether line t starts with one of the n labels of v and a colon
 * (header_from[], header_next[]).
 */
static int
header_label(const char *t, const char *const *v, size_t n)
{
	const char	*p;
	size_t		 i, len;

	if (*t == '*')
		t++;
	for (i = 0; i < n; i++) {
		len = strlen(v[i]);
		if (!utf8_caseeq(t, strnlen(t, len), v[i], len))
			continue;
		for (p = t + len; *p == ' ' || strncmp(p, "\xc2\xa0", 2) == 0 ||
		    strncmp(p, "\xe2\x80\xaf", 3) == 0; )
			p += *p == ' ' ? 1 : *p == '\xc2' ? 2 : 3;
		if (*p == ':')
			return 1;
	}
	return 0;
}

/*
 * Whether line t (trimmed), then next, starts a quoted message or a
 * signature: a phone's, on a line of its own, after a blank line
 * (after_blank), or with no digit, so that it cannot be a rating; or a
 * sign-off (closing()).
 */
static int
quote_start(const char *t, const char *next, int after_blank)
{
	size_t	 n;

	if (starts_ci(t, "________________________________") ||
	    forward_line(t) ||
	    ((after_blank || strpbrk(t, "0123456789") == NULL) &&
	    signature(t)) || closing(t))
		return 1;
	if (next == NULL || !header_label(t, header_from,
	    sizeof(header_from) / sizeof(header_from[0])))
		return 0;
	/* the next line with words, a few blank ones on at most: an email
	 * of blank lines is no quadratic walk */
	for (n = 0; n < 64 && (*next == ' ' || *next == '\t' ||
	    *next == '\r' || *next == '\n'); n++)
		next++;
	return header_label(next, header_next,
	    sizeof(header_next) / sizeof(header_next[0]));
}

/*
 * Cuts quoted replies and signatures out of text, in place, keeping
 * line numbers.  Quoted lines ('>') and the attribution above them
 * ("On ... wrote:", also wrapped over two lines, and its translations)
 * become blank, so text written below or between the quotes (as
 * Thunderbird, Apple Mail and mutt users reply) is read; everything
 * from a signature ("-- ", a phone's), a forwarded message's first line
 * (forward_line(), in any client's words) or the header of a message
 * quoted or forwarded (From, then Sent or Date) on is dropped: the
 * coach did not write it, so it commands and rates nothing.  Returns the
 * length left.
 */
size_t
ratemail_strip(char *text)
{
	char	*line = text, *nl, *t, *prev = NULL, save;
	size_t	 len;
	int	 a, after_blank = 1;

	for (; *line != '\0'; line = nl ? nl + 1 : line + strlen(line)) {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		save = line[len];
		line[len] = '\0';
		t = line;
		while (*t == ' ' || *t == '\t')
			t++;
		if (strcmp(line, "-- ") == 0 || strcmp(line, "-- \r") == 0 ||
		    strcmp(line, "--") == 0 || strcmp(line, "--\r") == 0 ||
		    quote_start(t, nl ? nl + 1 : NULL, after_blank)) {
			*line = '\0';
			return (size_t)(line - text);
		}
		if (*t == '>' || (a = attribution(prev, t)) == 1)
			memset(t, ' ', len - (size_t)(t - line));
		else if (a == 2) {
			memset(t, ' ', len - (size_t)(t - line));
			memset(prev, ' ', strcspn(prev, "\n"));
		}
		line[len] = save;
		prev = *t != '\0' && *t != ' ' ? t : NULL;
		after_blank = strspn(line, " \t\r") == len;
		if (nl == NULL)
			break;
	}
	return strlen(text);
}

/*
 * Past the unit a coach writes after a value ("72,5 kg", "88,4 Kilo",
 * "6:31,2 min" when time is set): the metric knows its own, and it is
 * no comment.  *comment is trimmed at the front.
 */
static void
unit_past(char **comment, int time)
{
	char	 w[16];
	size_t	 n = strcspn(*comment, " \t,;");

	if (n == 0 || n >= sizeof(w))
		return;
	memcpy(w, *comment, n);
	w[n] = '\0';
	if (words_is("kw.units", w) || (time && words_is("kw.minutes", w)))
		*comment = trim(*comment + n);
}

/*
 * A score token: "4", "4/5", "4." (a sentence's end), or a time or a
 * number with tenths, "6:45.3", "82.5", "82,5": then *score is in tenths and
 * *max is RM_TENTHS (or RM_TIME when written with minutes, which only a
 * time metric reads; ratecheck.c says).  Returns 1 and fills score/max.
 */
static int
score_token(const char *tok, long *score, long *max)
{
	char	 buf[24];
	char	*slash;
	size_t	 n;

	if ((n = strlen(tok)) >= sizeof(buf) || !isdigit((unsigned char)tok[0]))
		return 0;
	snprintf(buf, sizeof(buf), "%s", tok);
	/* "88,4kg": the metric knows its unit */
	for (n = 0; buf[n] != '\0' && !isalpha((unsigned char)buf[n]); n++)
		continue;
	if (buf[n] != '\0' && words_is("kw.units", buf + n))
		buf[n] = '\0';
	if ((n = strlen(buf)) > 0 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
	*max = 0;
	/* a time with its tenths, as an erg shows it: "7:30" alone is the
	 * hour of a training in a sentence */
	if (strpbrk(buf, ":.,") != NULL) {
		*max = strchr(buf, ':') != NULL ? RM_TIME : RM_TENTHS;
		return strpbrk(buf, ".,") != NULL &&
		    metric_value_parse(METRIC_TIME, buf, score) == 0;
	}
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash = '\0';
		if (parse_long(slash + 1, 1, 1000, max) == -1)
			return 0;
	}
	/* as many digits as a number metric reads ("distance 12500"); a
	 * scale's range is checked with the metric's (rate_line()) */
	return parse_long(buf, 0, 9999999, score) == 0;
}

/*
 * A name as the roster writes it: the curly apostrophe a phone types
 * ("O\xe2\x80\x99Brien") made straight, in place.  Comments keep theirs.
 */
static void
name_straight(char *s)
{
	static const char *const curly[] = { "\xe2\x80\x99", "\xe2\x80\x98",
	    "\xca\xbc" };
	char	*w = s;
	size_t	 i, n;

	while (*s != '\0') {
		for (i = 0; i < sizeof(curly) / sizeof(curly[0]); i++)
			if (strncmp(s, curly[i], n = strlen(curly[i])) == 0)
				break;
		if (i < sizeof(curly) / sizeof(curly[0])) {
			*w++ = '\'';
			s += n;
		} else
			*w++ = *s++;
	}
	*w = '\0';
}

/* A blank, a score left out: "_" (or more of them). */
static int
blank_token(const char *tok)
{
	return tok[0] == '_' && tok[strspn(tok, "_")] == '\0';
}

static int
rm_add(struct rm_parse *p, unsigned long line, const char *athlete,
    const char *metric, long score, long max, const char *comment)
{
	struct rm_line	*v;

	if (p->n >= RM_MAX_LINES) {
		ratemail_problem(&p->errors, line, NULL, "mail.err_too_many",
		    RM_MAX_LINES);
		return -1;
	}
	if ((v = reallocarray(p->v, p->n + 1, sizeof(*v))) == NULL)
		return -1;
	p->v = v;
	v = &p->v[p->n];
	memset(v, 0, sizeof(*v));
	v->line = line;
	v->athlete = xstrdup(athlete);
	v->metric = xstrdup(metric);
	v->comment = xstrdup(comment);
	v->score = score;
	v->max = max;
	if (v->athlete == NULL || v->metric == NULL || v->comment == NULL) {
		free(v->athlete);
		free(v->metric);
		free(v->comment);
		return -1;
	}
	name_straight(v->athlete);
	p->n++;
	return 0;
}

/*
 * Notes that athlete is written on line (to line, for a block) under
 * the order or header of line head (0: none).  Returns 0 or -1.
 */
static int
span_add(struct rm_parse *p, const char *athlete, unsigned long line,
    unsigned long head)
{
	struct rm_span	*v;

	if ((v = reallocarray(p->spans, p->nspans + 1, sizeof(*v))) == NULL)
		return -1;
	p->spans = v;
	v = &p->spans[p->nspans];
	if ((v->athlete = xstrdup(athlete)) == NULL)
		return -1;
	name_straight(v->athlete);
	v->first = v->last = line;
	v->head = head;
	p->nspans++;
	return 0;
}

/*
 * The length of the separator s starts with: '-', ':', '=', or the en
 * or em dash a phone's keyboard makes of "--"; 0 when none.
 */
static size_t
dash(const char *s)
{
	if (*s != '\0' && strchr("-:=", *s) != NULL)
		return 1;
	if (strncmp(s, "\xe2\x80\x93", 3) == 0 ||
	    strncmp(s, "\xe2\x80\x94", 3) == 0)
		return 3;
	return 0;
}

/* The length of the separator s ends with (len bytes), as dash(). */
static size_t
dash_end(const char *s, size_t len)
{
	if (len >= 1 && dash(s + len - 1) == 1)
		return 1;
	if (len >= 3 && dash(s + len - 3) == 3)
		return 3;
	return 0;
}

/* s trimmed, without the separators it ends with ("technique: "). */
static char *
dashless(char *s)
{
	size_t	 n;

	s = trim(s);
	while ((n = dash_end(s, strlen(s))) > 0) {
		s[strlen(s) - n] = '\0';
		s = trim(s);
	}
	return s;
}

/*
 * A time without its tenths, "7:21" (or "7:21." ending a sentence),
 * right after words (len bytes of them) that name one of the team's
 * time metrics (p->metrics): "ergo2k 7:21", "erg - 7:21".  Elsewhere
 * "7:30" is an hour and stays prose.  Returns 1 and fills score (in
 * tenths) and max (RM_TIME).
 */
static int
bare_time(const struct rm_parse *p, const char *words, size_t len,
    const char *tok, long *score, long *max)
{
	const struct metric	*m;
	const char		*hint;
	char			 name[128], t[8], *w;
	size_t			 n = strspn(tok, "0123456789");

	if (p->metrics == NULL || n == 0 || n > 2 || tok[n] != ':' ||
	    strspn(tok + n + 1, "0123456789") != 2 ||
	    (tok[n + 3] != '\0' && strcmp(tok + n + 3, ".") != 0) ||
	    len >= sizeof(name))
		return 0;
	memcpy(name, words, len);
	name[len] = '\0';
	w = dashless(name);
	/* a name, or a start of one three letters or more ("erg" of
	 * "erg2k"): "a 7:30" is no metric's */
	if ((m = metric_match(p->metrics->v, p->metrics->n, w,
	    &hint)) == NULL || m->kind != METRIC_TIME || (strlen(w) < 3 &&
	    metric_named(p->metrics->v, p->metrics->n, w) == NULL))
		return 0;
	snprintf(t, sizeof(t), "%.*s", (int)n + 3, tok);
	if (metric_value_parse(METRIC_TIME, t, score) == -1)
		return 0;
	*max = RM_TIME;
	return 1;
}

/*
 * Splits "erg score 7/10 - New PB" into metric "erg score", score 7,
 * max 10, comment "New PB".  Returns 0 when there is no score.
 */
static int
rating_split(const struct rm_parse *rp, char *s, char **metric, long *score,
    long *max, char **comment)
{
	char	*p = s, *tok, *end;
	size_t	 n;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		tok = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		end = p;
		if (*p != '\0')
			p++;
		*end = '\0';
		if (score_token(tok, score, max) ||
		    bare_time(rp, s, (size_t)(tok - s), tok, score, max)) {
			*tok = '\0';
			/* "technique: 4", "technique = 4", "technique – 4" */
			*metric = dashless(s);
			*comment = trim(p);
			unit_past(comment, *max == RM_TIME);
			while ((n = dash(*comment)) > 0)
				*comment = trim(*comment + n);
			return **metric != '\0';
		}
		if (end != p)
			end[0] = ' ';	/* put the word back */
	}
}

/*
 * The line of the day the scores are for: kw.date in any language the
 * team has ("date", "Datum", "fecha"), a ':' (a space before it, as
 * French writes it) and the day: 2026-11-23, or as the team's country
 * writes it (day_read(): 23/11, 23.11.2026, 11/23 in the United
 * States), p->month_first saying which.  A phone's "Fecha 25/11/2026"
 * without its ':' is the day too, when the rest is one (it was passed
 * over, and the scores stored for the day the email came).  1 with
 * p->date set; -1 when the day after a ':' is not one (the coach is
 * told, and nothing is stored for a day guessed); 0 for any other line.
 */
static int
date_line(const char *s, struct rm_parse *p)
{
	char	 word[32], day[11];
	size_t	 n = strcspn(s, " \t:");
	int	 colon;

	if (n == 0 || n >= sizeof(word))
		return 0;
	memcpy(word, s, n);
	word[n] = '\0';
	s += n;
	s += strspn(s, " \t");
	if (!words_is("kw.date", word))
		return 0;
	if ((colon = *s == ':'))
		s++;
	s += strspn(s, " \t");
	if (*s == '\0')
		return colon ? -1 : 0;
	if (day_read(s, p->now ? p->now : time(NULL), p->month_first,
	    day) == -1)
		return colon ? -1 : 0;
	memcpy(p->date, day, sizeof(day));
	return 1;
}

/* The parser's state from one line of a text to the next. */
struct rm_state {
	struct rm_parse	*p;
	unsigned long	 n;		/* the line read */
	char		 athlete[256];	/* the block's, or "" */
	int		 blank;		/* a blank line since its last */
	struct strlist	 order;		/* from "order:" or a table header */
	unsigned long	 head;		/* the line that gave it */
	int		 named;		/* the header's first cell: names? */
};

/*
 * Splits s at sep (a tab, '|', ',' or ' ' for any run of spaces, tabs,
 * commas and semicolons) into at most max trimmed cells; a '|' at
 * either end of a row (markdown) makes no cell.  Where the team writes
 * decimals with a comma, one comma between two digits stays in its
 * cell: "62,5" and "6:58,4" are one score each ("4,3" may be two, as
 * ratecheck.c says by the metric at its place).  Returns how many.
 */
static int
cells_split(char *s, int sep, char **cell, int max)
{
	int	 n = 0;
	char	*e;

	if (sep == '|') {
		s = trim(s);
		if (*s == '|')
			s++;
		if (*s != '\0' && s[strlen(s) - 1] == '|')
			s[strlen(s) - 1] = '\0';
	}
	while (n < max) {
		if (sep == ' ') {
			s += strspn(s, " \t,;");
			if (*s == '\0')
				break;
			e = s + strcspn(s, " \t,;");
			if (*e == ',' && e > s &&
			    isdigit((unsigned char)e[-1]) &&
			    isdigit((unsigned char)e[1]) &&
			    words_decimal() == ',')
				e += 1 + strcspn(e + 1, " \t,;");
			if (*e == '\0')
				e = NULL;	/* the last cell */
		} else
			e = strchr(s, sep);
		if (e != NULL)
			*e = '\0';
		cell[n++] = trim(s);
		if (e == NULL)
			break;
		s = e + 1;
	}
	return n;
}

/*
 * Notes in l that the score written s, "4,3" (digits, a comma, digits),
 * is also two whole scores.
 */
static void
whole_pair(struct rm_line *l, const char *s)
{
	char	 head[24], *comma;

	snprintf(head, sizeof(head), "%s", s);
	if ((comma = strchr(head, ',')) == NULL)
		return;
	*comma = '\0';
	l->split = strspn(head, "0123456789") == strlen(head) &&
	    parse_long(head, 0, 1000, &l->whole[0]) == 0 &&
	    strspn(comma + 1, "0123456789") == strlen(comma + 1) &&
	    parse_long(comma + 1, 0, 1000, &l->whole[1]) == 0;
}

/*
 * A score among scores: a score token, or a time without its tenths
 * ("1:58", as a coach types an erg's split on a phone), which alone in
 * a sentence is an hour but among scores is a time (RM_TIME: only a
 * time metric reads it).
 */
static int
cell_score(const char *tok, long *score, long *max)
{
	char	 t[8];
	size_t	 n = strspn(tok, "0123456789");

	if (score_token(tok, score, max))
		return 1;
	/* "1:58", or "1:58." at a sentence's end */
	if (n == 0 || n > 2 || tok[n] != ':' ||
	    strspn(tok + n + 1, "0123456789") != 2 ||
	    (tok[n + 3] != '\0' && strcmp(tok + n + 3, ".") != 0))
		return 0;
	snprintf(t, sizeof(t), "%.*s", (int)n + 3, tok);
	if (metric_value_parse(METRIC_TIME, t, score) == -1)
		return 0;
	*max = RM_TIME;
	return 1;
}

/* Whether every cell is a score, a blank or empty: how many scores, or -1. */
static int
scores_only(char *const *cell, int n)
{
	long	 score, max;
	int	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (cell_score(cell[i], &score, &max))
			k++;
		else if (cell[i][0] != '\0' && !blank_token(cell[i]))
			return -1;
	}
	return k;
}

/*
 * Adds the scores in cell[0..n) for athlete, on line, in the order of
 * the state (order[skip..]) or, with none, the team's (checked by
 * ratecheck.c, each score saying its place; exact: all places must be
 * written, on a line of scores alone, where "4,3" may also be two
 * scores by the metric at its place).  Returns 0 or -1.
 */
static int
scores_add(struct rm_state *st, const char *athlete, char *const *cell,
    int n, int skip, int exact)
{
	struct rm_parse	*p = st->p;
	size_t		 have = st->order.n - (size_t)skip;
	long		 score, max;
	int		 i;

	if (st->order.n > 0 && ((size_t)n > have || (exact &&
	    (size_t)n != have)))
		return ratemail_problem(&p->errors, st->n, athlete,
		    "mail.err_count", n, have);
	for (i = 0; i < n; i++) {
		/* a blank, or a column whose header names no metric */
		if (!cell_score(cell[i], &score, &max) || (st->order.n > 0 &&
		    st->order.v[i + skip][0] == '\0'))
			continue;
		if (rm_add(p, st->n, athlete, st->order.n > 0 ?
		    st->order.v[i + skip] : "", score, max, "") == -1)
			return -1;
		if (st->order.n == 0) {
			p->v[p->n - 1].pos = i + 1;
			p->v[p->n - 1].of = exact ? n : 0;
			if (exact)
				whole_pair(&p->v[p->n - 1], cell[i]);
		}
	}
	return 0;
}

/* An "order: technique fitness ..." line; 0 when s is not one. */
static int
order_line(struct rm_state *st, const char *s)
{
	char	 line[RM_MAX_LINE + 1], *colon, *cell[RM_MAX_CELLS];
	int	 i, n;

	snprintf(line, sizeof(line), "%s", s);
	if ((colon = strchr(line, ':')) == NULL)
		return 0;
	*colon = '\0';
	if (!words_is("kw.order", trim(line)))
		return 0;
	strlist_free(&st->order);
	n = cells_split(colon + 1, ' ', cell, RM_MAX_CELLS);
	for (i = 0; i < n; i++)
		if (strlist_add(&st->order, cell[i]) == -1)
			return -1;
	st->head = n > 0 ? st->n : 0;
	st->named = 0;
	return 1;
}

/*
 * Whether a header cell names the athletes' column: empty, or a word of
 * kw.col_athlete in any language the team has ("Name", "Nom").
 */
static int
name_header(const char *h)
{
	return *h == '\0' || words_is("kw.col_athlete", h);
}

/*
 * A row of a table pasted in (cells at sep): a header of metric names
 * (kept as the order), a row of an athlete's scores, or a markdown
 * rule.  Returns 1 when it was one of these, 0 when not, -1.
 */
static int
table_row(struct rm_state *st, const char *s, int sep)
{
	char	 line[RM_MAX_LINE + 1], *cell[RM_MAX_CELLS];
	int	 i, n, k, skip;

	if (strspn(s, "|-: \t") == strlen(s))
		return 1;	/* |---|:--| */
	snprintf(line, sizeof(line), "%s", s);
	if ((n = cells_split(line, sep, cell, RM_MAX_CELLS)) < 2)
		return 0;
	if ((k = scores_only(cell + 1, n - 1)) > 0 && cell[0][0] != '\0') {
		if (st->athlete[0] != '\0' && !st->blank && k == 1 &&
		    st->order.n == 0)
			return 0;	/* "technique<TAB>4" in a block */
		st->athlete[0] = '\0';
		/* a header without a name cell, over rows with one */
		skip = st->named || (st->head != 0 &&
		    (size_t)n == st->order.n);
		if (span_add(st->p, cell[0], st->n, st->head) == -1)
			return -1;
		return scores_add(st, cell[0], cell + 1, n - 1, skip, 0) ==
		    -1 ? -1 : 1;
	}
	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)cell[i][0]))
			return 0;	/* neither scores nor a header */
	if ((sep == ',' || sep == ';') && !name_header(cell[0]))
		return 0;
	strlist_free(&st->order);
	st->named = name_header(cell[0]);
	for (i = 0; i < n; i++)
		if (strlist_add(&st->order, cell[i]) == -1)
			return -1;
	st->head = st->n;
	st->athlete[0] = '\0';
	return 1;
}

/*
 * Whether s, before a ':', can be an athlete: a name, @handle or email;
 * not prose ("Hi all, see below", "Training at 7").
 */
static int
name_like(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n >= 256 || word_count(s) > NAME_WORDS ||
	    strpbrk(s, "\t,;") != NULL)
		return 0;
	/* "@jdoe", an address; not "technique 4 @HYPERLINK(\"http" */
	if (strchr(s, '@') != NULL)
		return strpbrk(s, " \t") == NULL;
	return strpbrk(s, "0123456789") == NULL;
}

/*
 * Whether s is only "metric score" pairs: "fitness 3 erg score 7", or
 * "technique 3 ergo2k 7:21" with a time metric's score (bare_time()).
 */
static int
pairs_only(const struct rm_parse *p, const char *s)
{
	const char	*run = NULL;	/* the words since the last score */
	char		 tok[24];
	long		 score, max;
	size_t		 n;
	int		 words = 0, pairs = 0;

	for (; *(s += strspn(s, " \t")) != '\0'; s += n) {
		n = strcspn(s, " \t");
		snprintf(tok, sizeof(tok), "%.*s", (int)(n < sizeof(tok) ? n :
		    sizeof(tok) - 1), s);
		if (n < sizeof(tok) && (score_token(tok, &score, &max) ||
		    (run != NULL && bare_time(p, run, (size_t)(s - run), tok,
		    &score, &max)))) {
			if (words == 0)
				return 0;
			words = 0;
			run = NULL;
			pairs++;
		} else {
			if (run == NULL)
				run = s;
			words++;
		}
	}
	return pairs > 0 && words == 0;
}

/*
 * Adds a pair of a line for athlete, and the pairs its comment is made
 * of alone, as athletes text them ("technique 4 fitness 3", without
 * commas).  Returns 0 or -1.
 */
static int
pair_add(struct rm_state *st, const char *athlete, char *metric, long score,
    long max, char *comment)
{
	while (pairs_only(st->p, comment)) {
		if (rm_add(st->p, st->n, athlete, metric, score, max, "") == -1)
			return -1;
		if (!rating_split(st->p, comment, &metric, &score, &max,
		    &comment))
			return 0;	/* pairs_only() says it is one */
	}
	return rm_add(st->p, st->n, athlete, metric, score, max, comment);
}

/* Adds ", more" (sep is the one the coach wrote) to the last comment. */
static int
comment_more(struct rm_parse *p, char sep, const char *more)
{
	struct buf	 b = { 0 };
	char		*c = p->v[p->n - 1].comment;

	if (*more == '\0')
		return 0;
	if (c[0] != '\0')
		buf_printf(&b, "%s%c ", c, sep);
	buf_puts(&b, more);
	if (buf_failed(&b)) {
		buf_free(&b);
		return -1;
	}
	free(c);
	p->v[p->n - 1].comment = buf_steal(&b);
	return 0;
}

/*
 * Where the pair at s ends: its ',' or ';', but not a comma between
 * digits, the decimal mark of "weight 82,5"; NULL at the line's end.
 */
static char *
pair_end(char *s)
{
	char	*e = s;

	while ((e = strpbrk(e, ",;")) != NULL && *e == ',' && e > s &&
	    isdigit((unsigned char)e[-1]) && isdigit((unsigned char)e[1]))
		e++;
	return e;
}

/*
 * "Jane Doe: technique 4, fitness 3 great week": pairs, split at ','
 * or ';' (or, with no comment, at each score: pair_add()).  A comment
 * may hold a comma: a later piece with no digit, or whose "metric" is
 * longer than any metric's name, carries on the comment before it; in
 * "..., really led the boat. Technique 3" the sentence goes to the
 * comment and "Technique 3" is the pair.  A first piece that is not a
 * pair is a problem.
 */
static int
pairs_line(struct rm_state *st, const char *athlete, char *rest)
{
	struct rm_parse	*p = st->p;
	char		 whole[RM_MAX_LINE + 1];
	char		*piece, *e, *metric, *comment, *dot, *d, sep = ',', before;
	long		 score, max;
	size_t		 first = p->n;

	for (piece = rest; piece != NULL; piece = e ? e + 1 : NULL) {
		before = sep;
		if ((e = pair_end(piece)) != NULL) {
			sep = *e;
			*e = '\0';
		}
		snprintf(whole, sizeof(whole), "%s", trim(piece));
		if (rating_split(p, piece, &metric, &score, &max, &comment)) {
			if (p->n > first && (dot = strstr(metric, ". ")) !=
			    NULL) {
				while ((d = strstr(dot + 1, ". ")) != NULL)
					dot = d;	/* the last sentence */
				dot[1] = '\0';
				if (comment_more(p, before, metric) == -1)
					return -1;
				metric = trim(dot + 2);
			} else if (p->n > first &&
			    word_count(metric) > METRIC_WORDS) {
				if (comment_more(p, before, whole) == -1)
					return -1;
				continue;
			}
			if (pair_add(st, athlete, metric, score, max,
			    comment) == -1)
				return -1;
			continue;
		}
		if (p->n == first || strpbrk(whole, "0123456789") != NULL)
			return ratemail_problem(&p->errors, st->n, athlete,
			    "mail.err_expected_pair", whole);
		if (comment_more(p, before, whole) == -1)
			return -1;
	}
	return 0;
}

/*
 * A line "X: rest" where X may be an athlete: a block's start (no
 * rest), scores alone, or pairs.  Inside a block, "erg: 7 - New PB"
 * is the block's rating.  Returns 1 when read, 0 when not, -1.
 */
static int
named_line(struct rm_state *st, const char *s)
{
	char	 line[RM_MAX_LINE + 1], copy[RM_MAX_LINE + 1];
	char	*colon, *name, *rest, *cell[RM_MAX_CELLS];
	int	 n, k, inblock = st->athlete[0] != '\0' && !st->blank;
	long	 score, max;

	snprintf(line, sizeof(line), "%s", s);
	if ((colon = strchr(line, ':')) == NULL)
		return 0;
	*colon = '\0';
	name = trim(line);
	rest = trim(colon + 1);
	if (!name_like(name))
		return 0;
	if (*rest == '\0') {
		snprintf(st->athlete, sizeof(st->athlete), "%s", name);
		st->blank = 0;
		return span_add(st->p, name, st->n, 0) == -1 ? -1 : 1;
	}
	snprintf(copy, sizeof(copy), "%s", rest);
	n = cells_split(copy, ' ', cell, RM_MAX_CELLS);
	k = n < RM_MAX_CELLS ? scores_only(cell, n) : -1;
	if (inblock && ((k == 1 && n == 1) || (k == -1 &&
	    score_token(cell[0], &score, &max))))
		return 0;	/* "fitness: 3" in a block */
	if (k == -1 && (strpbrk(rest, "0123456789") == NULL ||
	    score_token(cell[0], &score, &max)))
		return 0;	/* prose: "Note: well done all", "Note: 2 sick" */
	st->athlete[0] = '\0';
	if (span_add(st->p, name, st->n, k >= 0 ? st->head : 0) == -1)
		return -1;
	if (k >= 0)
		return k == 0 ? 1 : scores_add(st, name, cell, n, st->named,
		    1) == -1 ? -1 : 1;
	return pairs_line(st, name, rest) == -1 ? -1 : 1;
}

/*
 * Whether s is an athlete's name and scores without the ':' between,
 * "Anna 3 4 7 1:58.0": words that can be a name, then two or more
 * numbers or blanks and nothing else.  The name (without a dash after
 * it) goes to name, *rest points at the first number.
 */
static int
colonless(const char *s, char name[256], const char **rest)
{
	const char	*p = s;
	size_t		 n, k = 0;

	*rest = NULL;
	for (; *(p += strspn(p, " \t")) != '\0'; p += n) {
		n = strcspn(p, " \t");
		if (isdigit((unsigned char)*p) || *p == '_') {
			if (*rest == NULL)
				*rest = p;
			k++;
		} else if (*rest != NULL)
			return 0;	/* a word after a number: prose */
	}
	if (*rest == NULL || k < 2 || (n = (size_t)(*rest - s)) >= 256 ||
	    memchr(s, ':', n) != NULL)
		return 0;
	memcpy(name, s, n);	/* s is trimmed: so is the name's start */
	name[n] = '\0';
	n = strlen(trim(name));
	name[n - dash_end(name, n)] = '\0';
	return name_like(trim(name));
}

/*
 * Whether s is "Name: rest" with a name that is no metric of the team
 * (p->metrics), whose rest was not read as scores ("Zoé Bernard: 4
 * sept 1:59,0"): the name into name, *rest at the rest.  The name is
 * two words or more, a @handle or an address, as an athlete is written
 * ("Note: 4 missing" is not one).  Not said of a misspelt metric
 * ("Techniqe: 4"), which is one before any athlete.
 */
static int
athlete_unread(const struct rm_parse *p, const char *s, char name[256],
    const char **rest)
{
	const char	*colon = strchr(s, ':'), *hint;
	size_t		 n;

	if (p->metrics == NULL || colon == NULL ||
	    (n = (size_t)(colon - s)) >= 256)
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	memmove(name, trim(name), strlen(trim(name)) + 1);
	*rest = colon + 1 + strspn(colon + 1, " \t");
	return name_like(name) && **rest != '\0' &&
	    (strpbrk(name, " \t@") != NULL) &&
	    metric_match(p->metrics->v, p->metrics->n, name, &hint) == NULL &&
	    hint == NULL;
}

/*
 * A line s (as written) of scores before any athlete, refused and
 * quoted back whole: a name and its scores without the ':' ("Anna 3 4
 * 7 1:58.0") refuses that athlete and is shown with it; any other
 * ("technique 4", metric and score) is told to name its athlete above,
 * its line quoted as no athlete's.
 */
static int
stray_line(struct rm_state *st, const char *s, const char *metric, long score)
{
	struct rm_parse	*p = st->p;
	char		 name[256];
	const char	*rest;

	if (colonless(s, name, &rest)) {
		name_straight(name);	/* as the span writes it */
		if (span_add(p, name, st->n, st->head) == -1)
			return -1;
		return ratemail_problem(&p->errors, st->n, name,
		    "mail.err_colon", name, rest);
	}
	if (athlete_unread(p, s, name, &rest)) {
		name_straight(name);
		if (span_add(p, name, st->n, st->head) == -1)
			return -1;
		return ratemail_problem(&p->errors, st->n, name,
		    "mail.err_expected_pair", rest);
	}
	if (ratemail_problem(&p->errors, st->n, NULL,
	    "mail.err_before_athlete", metric, score) == -1)
		return -1;
	p->errors.v[p->errors.n - 1].quote = 1;
	return 0;
}

/*
 * A line of a block, or prose: "metric score [comment]" under the
 * athlete of the block.
 */
static int
block_line(struct rm_state *st, char *s)
{
	struct rm_parse	*p = st->p;
	char		 whole[RM_MAX_LINE + 1];
	char		*metric, *comment;
	long		 score, max;

	snprintf(whole, sizeof(whole), "%s", s);
	if (!rating_split(p, s, &metric, &score, &max, &comment)) {
		/*
		 * Prose before the first athlete, or after a blank line
		 * ("Thanks,"), is not ratings; inside a block it is a
		 * mistake worth telling the coach about.
		 */
		if (st->athlete[0] != '\0' && !st->blank) {
			p->spans[p->nspans - 1].last = st->n;
			return ratemail_problem(&p->errors, st->n,
			    st->athlete, strpbrk(s, "0123456789") == NULL ?
			    "mail.err_expected_name" : "mail.err_expected",
			    st->athlete);
		}
		st->athlete[0] = '\0';
		return 0;
	}
	st->blank = 0;
	if (st->athlete[0] == '\0')
		return stray_line(st, whole, metric, score);
	p->spans[p->nspans - 1].last = st->n;
	/* "technique 4, fitness 3": pairs, as after "Jane Doe:" (no
	 * metric's name holds a ',' or a ';') */
	if (strpbrk(metric, ",;") != NULL)
		return pairs_line(st, st->athlete, whole);
	return rm_add(p, st->n, st->athlete, metric, score, max, comment);
}

/* Reads one line (normalised, trimmed, not empty) of a text. */
static int
text_line(struct rm_state *st, char *s)
{
	int	 d, rc, sep;

	if (strncmp(s, "(!)", 3) == 0)
		return 0;	/* a mark under a line quoted back */
	if ((d = date_line(s, st->p)) != 0) {
		if (d == -1 && ratemail_problem(&st->p->errors, st->n, NULL,
		    "mail.err_date") == 0)
			st->p->errors.v[st->p->errors.n - 1].whole = 1;
		return 0;
	}
	if ((rc = order_line(st, s)) != 0)
		return rc == -1 ? -1 : 0;
	/* ';' before ',': a spreadsheet where ',' is the decimal mark
	 * writes "Jane Doe;82,5;4" */
	sep = strchr(s, '\t') ? '\t' : strchr(s, '|') ? '|' :
	    strchr(s, ':') ? 0 : strchr(s, ';') ? ';' :
	    strchr(s, ',') ? ',' : 0;
	if (sep != 0 && (rc = table_row(st, s, sep)) != 0)
		return rc == -1 ? -1 : 0;
	if ((rc = named_line(st, s)) != 0)
		return rc == -1 ? -1 : 0;
	return block_line(st, s);
}

/*
 * Parses a text body (already stripped) into p.  Returns 0, or -1 when
 * out of memory or too long; problems are in p->errors.
 */
int
ratemail_parse_text(const char *text, struct rm_parse *p)
{
	struct rm_state	 st = { .p = p };
	char		*copy, *line, *nl, *s;
	int		 rc = 0;

	if ((copy = xstrdup(text)) == NULL)
		return -1;
	for (line = copy; line != NULL && rc == 0; line = nl) {
		st.n++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (strlen(line) > RM_MAX_LINE) {
			rc = ratemail_problem(&p->errors, st.n, st.athlete[0] ?
			    st.athlete : NULL, "mail.err_long_line",
			    RM_MAX_LINE);
			continue;
		}
		text_plain(line, 0);
		s = trim(line);
		if (*s == '\0') {
			st.blank = 1;
			continue;
		}
		rc = text_line(&st, s);
	}
	strlist_free(&st.order);
	free(copy);
	return rc;
}

enum { CC_ATHLETE, CC_METRIC, CC_SCORE, CC_COMMENT, CC_OTHER };

static int
csv_col(const char *h)
{
	char	 word[64];
	size_t	 n;

	/* the cell's first word: "Score (1-5)", "Name:" */
	h += strspn(h, " \t\"'");
	for (n = 0; h[n] != '\0' && !strchr(" \t\"':(", h[n]) &&
	    n + 1 < sizeof(word); n++)
		word[n] = h[n];
	word[n] = '\0';
	if (words_is("kw.col_athlete", word))
		return CC_ATHLETE;
	if (words_is("kw.col_metric", word))
		return CC_METRIC;
	if (words_is("kw.col_score", word))
		return CC_SCORE;
	if (words_is("kw.col_comment", word))
		return CC_COMMENT;
	return CC_OTHER;
}

/*
 * Parses a CSV attachment: long (athlete, metric, score[, comment]) when
 * it has metric and score columns, else wide (athlete, one column per
 * metric holding scores).  Line numbers are the file's.
 */
int
ratemail_parse_csv(const char *data, size_t len, struct rm_parse *p)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	struct strlist		 head = { 0 };
	int			 cols[CSV_MAX_FIELDS], wide, rc = 0, got;
	int			 a = -1, m = -1, s = -1, c = -1;
	long			 score, max;
	size_t			 i;

	if ((r = csv_open(data, len)) == NULL)
		return -1;
	if ((got = csv_read(r, &rec)) != 1) {
		if (got == 0)
			ratemail_problem(&p->errors, 0, NULL, "mail.err_csv_empty");
		else
			ratemail_problem(&p->errors, 0, NULL, "mail.err_csv",
			    csv_error(r));
		csv_close(r);
		return 0;
	}
	for (i = 0; i < rec->nfields; i++) {
		cols[i] = csv_col(rec->fields[i]);
		strlist_add(&head, trim(rec->fields[i]));
		if (cols[i] == CC_ATHLETE && a == -1) a = (int)i;
		if (cols[i] == CC_METRIC && m == -1) m = (int)i;
		if (cols[i] == CC_SCORE && s == -1) s = (int)i;
		if (cols[i] == CC_COMMENT && c == -1) c = (int)i;
	}
	wide = m == -1 || s == -1;
	if (a == -1)
		a = 0;	/* wide sheets often leave the first header empty */
	while (rc == 0 && (got = csv_read(r, &rec)) == 1) {
		const char *who = (size_t)a < rec->nfields ?
		    trim(rec->fields[a]) : "";
		if (*who == '\0')
			continue;
		if ((rc = span_add(p, who, 0, 0)) == -1)
			break;
		/* cells past the header have no metric (or column) name */
		for (i = 0; rc == 0 && i < rec->nfields && i < head.n; i++) {
			const char *v = trim(rec->fields[i]);
			const char *metric = wide ? head.v[i] :
			    (size_t)m < rec->nfields ? trim(rec->fields[m]) : "";
			/* wide: a column without a header names no metric */
			if (wide ? ((int)i == a || cols[i] == CC_COMMENT ||
			    *v == '\0' || *metric == '\0') : (int)i != s)
				continue;
			if (*metric == '\0') {
				rc = ratemail_problem(&p->errors, 0, who,
				    "mail.err_csv_no_metric", rec->line, v);
				continue;
			}
			if (!score_token(v, &score, &max)) {
				rc = ratemail_problem(&p->errors, 0, who,
				    "mail.err_csv_score", rec->line, v, metric);
				continue;
			}
			rc = rm_add(p, rec->line, who, metric, score, max,
			    !wide && c >= 0 && (size_t)c < rec->nfields ?
			    trim(rec->fields[c]) : "");
		}
	}
	if (got == -1)
		ratemail_problem(&p->errors, 0, NULL, "mail.err_csv",
		    csv_error(r));
	strlist_free(&head);
	csv_close(r);
	return rc;
}

