/*
 * quote.c - what a coach's email holds that they did not write: the
 * message their reply quotes, a message they forward, their phone's
 * signature (quote_strip(), before anything is read); and the one
 * exception, the lines of a rating sheet cox sent them that they
 * filled in inside the quote (quote_sheet()).
 *
 * Quoted text is not read, so that an older email's scores, or what a
 * forward carries, never act as this coach's new ones (DESIGN.md §4
 * "A coach's email").  A coach who answers cox's sheet in Apple Mail
 * or Outlook may type the scores into the quoted sheet itself; those
 * lines are read when the email replies to that very email of cox's,
 * sent to that coach (found by its Message-ID in In-Reply-To or
 * References, as thread.c finds a reply), and only the lines of the
 * sheet's athletes that differ from what cox sent: everything else
 * quoted stays unread.  quote_lines() gives what was cut, so that an
 * email with nothing read can say that its quoted scores were not.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

/* the body of the email cox sent person ?2 as Message-ID ?1 */
STMT(STMT_SHEET_SENT,
    "SELECT body FROM message WHERE channel = 'email' AND "
    "direction = 'out' AND provider_id = ? AND person_id = ?");

#define SIG_WORDS	8	/* the most words of a phone's signature */

static int
starts_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
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
	if (text_words(t) > SIG_WORDS || strchr(t, ':') != NULL)
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
quote_strip(char *text)
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
 * The line at *s, its length in *len, and *s moved to the next; NULL
 * past the last (a text ending in a line break has no empty line
 * after it).
 */
static const char *
line_next(const char **s, size_t *len)
{
	const char	*l = *s;

	if (l == NULL || *l == '\0')
		return NULL;
	*len = strcspn(l, "\n");
	*s = l[*len] == '\n' ? l + *len + 1 : l + *len;
	return l;
}

/* Whether the len bytes at s are blank (spaces, tabs, a CR). */
static int
blank(const char *s, size_t len)
{
	return strspn(s, " \t\r") >= len;
}

/*
 * Line s (len bytes) as the message it quotes wrote it, into out: one
 * level of '>' taken off (Apple Mail, Gmail), or none (Outlook quotes
 * below a header without marks); "" for a line quoted twice, an older
 * message's.  Trimmed, its runs of white space made one space, so that
 * a line and the one it quotes compare equal.
 */
static void
unquoted(const char *s, size_t len, char *out, size_t size)
{
	size_t	 i = 0, o = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len && s[i] == '>') {
		for (i++; i < len && s[i] == ' '; i++)
			continue;
		if (i < len && s[i] == '>')
			i = len;	/* quoted twice */
	}
	for (; i < len && o + 1 < size; i++) {
		if (strchr(" \t\r", s[i]) != NULL) {
			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
		} else
			out[o++] = s[i];
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/*
 * The lines quote_strip() took out of orig, leaving stripped: each
 * line of orig that stripped has blank (or has not, past where it was
 * cut) as the message it quotes wrote it (unquoted()), the others
 * blank, so that line numbers stay orig's; every line ends in a line
 * break.  NULL when out of memory; the caller frees it.
 */
char *
quote_lines(const char *orig, const char *stripped)
{
	struct buf	 b = { 0 };
	char		 line[2048];
	const char	*o, *s;
	size_t		 olen, slen;

	while ((o = line_next(&orig, &olen)) != NULL) {
		s = line_next(&stripped, &slen);
		if (s != NULL && !blank(s, slen))
			line[0] = '\0';
		else
			unquoted(o, olen, line, sizeof(line));
		buf_printf(&b, "%s\n", line);
	}
	buf_puts(&b, "");
	return buf_steal(&b);
}

/*
 * The sheet in the body of an email cox sent: its athletes' lines
 * ("Jane Doe: _ _ _", only blanks after the ':'), each as unquoted()
 * writes it, and the order line above them.
 */
struct sheet {
	struct strlist	 lines;
	char		 order[2048];
};

static void
sheet_read(const char *body, struct sheet *sh)
{
	char		 line[2048], *colon;
	const char	*s;
	size_t		 len;

	while ((s = line_next(&body, &len)) != NULL) {
		unquoted(s, len, line, sizeof(line));
		if ((colon = strchr(line, ':')) == NULL || colon == line)
			continue;
		if (colon[1 + strspn(colon + 1, " _")] == '\0' &&
		    strchr(colon, '_') != NULL)
			strlist_add(&sh->lines, line);
		else {
			*colon = '\0';
			if (words_is("kw.order", trim(line)))
				unquoted(s, len, sh->order,
				    sizeof(sh->order));
		}
	}
}

/*
 * Whether line, as the quote writes it, is one of the sheet's lines
 * filled in: 1 when it names one of its athletes as the sheet does
 * (the same words before the ':') and differs from it; 2 when it is
 * the sheet's order line.
 */
static int
sheet_filled(const struct sheet *sh, const char *line)
{
	const char	*colon = strchr(line, ':');
	size_t		 i, n;

	if (colon == NULL)
		return 0;
	if (sh->order[0] != '\0' && strcmp(line, sh->order) == 0)
		return 2;
	n = (size_t)(colon - line) + 1;
	for (i = 0; i < sh->lines.n; i++)
		if (strncmp(sh->lines.v[i], line, n) == 0)
			return strcmp(sh->lines.v[i], line) != 0;
	return 0;
}

/*
 * The body of the email cox sent coach that m replies to (In-Reply-To
 * or References), if it holds a rating sheet, into sh.  Returns 1, 0
 * when it replies to no such email, -1 on a database error.
 */
static int
sheet_sent(struct db *db, int64_t coach, const struct mail_parts *m,
    struct sheet *sh)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	for (i = 0; i < m->refs.n; i++) {
		st = db_query(db, STMT_SHEET_SENT, "ti", m->refs.v[i], coach);
		if ((rc = db_row(db, st)) == OUT_FAILED)
			return -1;
		if (rc != OUT_ROW)
			continue;
		sheet_read(db_text(st, 0), sh);
		sqlite3_reset(st);
		if (sh->lines.n > 0)
			return 1;
	}
	return 0;
}

/*
 * Puts back into m->text (quote_strip()'s, of orig) the lines of the
 * sheet cox sent coach, which m replies to, that the coach filled in
 * inside the quote (sheet_filled()), where orig has them, with the
 * sheet's order line when quoted above them; their line numbers into
 * *lines, in order (the caller frees them), how many into *n.
 * Nothing else quoted is put back.  Returns 0, or -1 (out of memory,
 * a database error).
 */
int
quote_sheet(struct db *db, int64_t coach, struct mail_parts *m,
    const char *orig, unsigned long **lines, size_t *n)
{
	struct sheet	 sh = { 0 };
	struct buf	 b = { 0 };
	char		*q = NULL, *line, *nl;
	const char	*kept, *s;
	unsigned long	 i, count, order = 0, *v;
	size_t		 k, len;
	int		 rc = -1, f;

	*lines = NULL;
	*n = 0;
	if (m->text == NULL || orig == NULL || (rc = sheet_sent(db, coach, m,
	    &sh)) != 1)
		goto out;
	rc = -1;
	if ((q = quote_lines(orig, m->text)) == NULL)
		goto out;
	for (i = 1, line = q; *line != '\0'; i++, line = nl + 1) {
		nl = strchr(line, '\n');	/* quote_lines() ends each */
		*nl = '\0';
		if ((f = sheet_filled(&sh, line)) == 2 && *n == 0)
			order = i;
		if (f != 1)
			continue;
		if ((v = reallocarray(*lines, *n + 2, sizeof(*v))) == NULL)
			goto out;
		*lines = v;
		v[(*n)++] = i;
	}
	count = i - 1;
	rc = 0;
	if (*n == 0)
		goto out;
	/* the text again, the filled lines (and the order) put back */
	kept = m->text;
	for (i = 1, k = 0, line = q; i <= count; i++, line += strlen(line) + 1) {
		s = line_next(&kept, &len);
		if ((k < *n && (*lines)[k] == i) || i == order) {
			buf_puts(&b, line);
			k += i != order;
		} else if (s != NULL)
			buf_add(&b, s, len);
		buf_puts(&b, "\n");
	}
	if (buf_failed(&b)) {
		rc = -1;
		goto out;
	}
	free(m->text);
	m->text = buf_steal(&b);
out:
	if (rc == -1) {
		free(*lines);
		*lines = NULL;
		*n = 0;
	}
	buf_free(&b);
	free(q);
	strlist_free(&sh.lines);
	return rc;
}
