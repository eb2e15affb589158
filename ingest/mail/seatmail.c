/*
 * seatmail.c - seat racing in one email (cox-mail(8), SEAT RACING;
 * DESIGN.md §4 "A coach's email").  An email whose subject, or whose
 * first line, says "seat racing" (kw.seat and kw.race, or one word of
 * kw.seatrace, in any shipped language) is the pieces of a seat race:
 *
 *	Seat racing
 *	stroke: Ana, Bea            the sides, when they matter
 *	bow: Cai, Dee
 *	1: Ana, Cai 7:02.3 v Bea, Dee 7:05.1    one piece a line: a crew,
 *	2. Ana, Dee 7:04.0  Bea, Cai 7:03.2     its time, the other crew,
 *	                                        its time (m:ss.t, or
 *	                                        seconds "421.3")
 *	Race<TAB>Ana<TAB>Bea<TAB>Cai<TAB>Dee<TAB>R<TAB>Q     or a sheet
 *	1<TAB>R<TAB>Q<TAB>R<TAB>Q<TAB>7:02.3<TAB>7:05.1      pasted: a
 *	                 column a rower, each row the boat they were in,
 *	                 the boats' columns their times (tabs, '|' or
 *	                 runs of spaces between cells, as mail clients
 *	                 paste them; other columns, "Margin", are passed
 *	                 over)
 *
 * A crew's names are split at ',' (or, when the crew has any, at ';',
 * '+', '&', '/', a tab or a run of spaces, so that "Fletcher, Ben" is
 * one name), each read as a rating line's name (ratemail_athlete()).
 * Prose without a time (a greeting, a sign-off) is passed over; a line
 * with one time, or three, is refused with its line.  Parsing is pure,
 * and is this file's; seatmail_act() (seatmail_answer.c) resolves the
 * names, refuses the whole race on any mistake, and otherwise works it
 * out, keeps it and writes the answer.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"

#define SM_MAX_CELLS	64
#define SM_MAX_WORDS	8	/* of a line that says "seat racing" */
#define SM_MAX_PROBLEMS	20	/* a refusal's marks: then no more is read */

/*
 * Whether the line s (len bytes) says "seat racing": kw.seatrace as a
 * word, or kw.seat followed by kw.race, in a line of a few words.
 */
static int
marker(const char *s, size_t len)
{
	char	 w[SM_MAX_WORDS][32];
	size_t	 n = 0, i = 0, k;

	while (i < len) {
		for (k = 0; i + k < len && (isalpha((unsigned char)s[i + k]) ||
		    (unsigned char)s[i + k] >= 0x80); k++)
			continue;
		if (k == 0) {
			i++;
			continue;
		}
		if (n == SM_MAX_WORDS)
			return 0;
		snprintf(w[n], sizeof(w[n]), "%.*s", (int)k, s + i);
		if (words_is("kw.seatrace", w[n]) || (n > 0 &&
		    words_is("kw.seat", w[n - 1]) && words_is("kw.race", w[n])))
			return 1;
		n++;
		i += k;
	}
	return 0;
}

/* Whether the email (its subject, or its first line) is a seat race. */
int
seatmail_is(const char *subject, const char *text)
{
	const char	*s;

	if (subject != NULL && marker(subject, strlen(subject)))
		return 1;
	if (text == NULL)
		return 0;
	s = text + strspn(text, " \t\r\n");
	return marker(s, strcspn(s, "\r\n"));
}

void
seatmail_free(struct seat_mail *sm)
{
	size_t	 i, k;
	int	 c;

	if (sm == NULL)
		return;
	for (i = 0; i < sm->n; i++)
		for (c = 0; c < 2; c++)
			for (k = 0; k < sm->v[i].n[c]; k++)
				free(sm->v[i].name[c][k]);
	free(sm->v);
	for (c = 0; c < 3; c++)
		strlist_free(&sm->side[c]);
	ratemail_problems_free(&sm->errors);
	memset(sm, 0, sizeof(*sm));
}

/* Whether tok (len bytes) is a crew's time: "7:02.3", "421.3". */
static int
time_token(const char *tok, size_t len, long *tenths)
{
	char	 t[16];
	size_t	 i;
	int	 mark = 0;

	if (len == 0 || len >= sizeof(t) || !isdigit((unsigned char)tok[0]))
		return 0;
	for (i = 1; i + 1 < len; i++)
		mark |= tok[i] == ':' || ((tok[i] == '.' || tok[i] == ',') &&
		    isdigit((unsigned char)tok[i - 1]) &&
		    isdigit((unsigned char)tok[i + 1]));
	memcpy(t, tok, len);
	t[len] = '\0';
	return mark && metric_value_parse(METRIC_TIME, t, tenths) == 0 &&
	    *tenths > 0;
}

/*
 * Splits s at tabs, '|' and runs of two spaces or more (single: at any
 * space) into at most max trimmed cells, an empty one kept between two
 * tabs, none at the end.  Returns how many.
 */
static int
cells(char *s, char **cell, int max, int single)
{
	int	 n = 0, i;
	char	*e;

	s = trim(s);
	if (*s == '|')
		s++;
	while (n < max) {
		for (e = s; *e != '\0' && *e != '\t' && *e != '|' &&
		    !(*e == ' ' && (single || e[1] == ' ')); e++)
			continue;
		cell[n++] = s;
		if (*e == '\0')
			break;
		if (*e == ' ')
			while (*e == ' ')
				*e++ = '\0';
		else
			*e++ = '\0';
		s = e;
	}
	for (i = 0; i < n; i++)
		cell[i] = trim(cell[i]);
	while (n > 0 && cell[n - 1][0] == '\0')
		n--;
	return n;
}

/* Adds problem name (with its one %s, s) on line to sm's.  0 or -1. */
static int
problem(struct seat_mail *sm, unsigned long line, const char *name,
    const char *s)
{
	return ratemail_problem(&sm->errors, line, NULL, name, s);
}

/*
 * The names of crew text s into p's crew c: split at ';', '+', '&',
 * '/', tabs and runs of spaces when s has any, else at ','.
 * Returns 0 or -1.
 */
static int
crew_names(struct seat_mail *sm, struct seat_written *p, int c, char *s)
{
	const char	*seps;
	char		*name, *save = NULL, *sp;

	/* a run of spaces is a tab's cell boundary, as a sheet pastes */
	while ((sp = strstr(s, "  ")) != NULL)
		*sp = '\t';
	seps = strpbrk(s, ";+&/\t") != NULL ? ";+&/\t" : ",";
	for (name = strtok_r(s, seps, &save); name != NULL;
	    name = strtok_r(NULL, seps, &save)) {
		name = trim(name);
		if (*name == '\0')
			continue;
		if (p->n[c] == SEAT_MAX_CREW)
			return problem(sm, p->line, "mail.seat_err_crew", name);
		if ((p->name[c][p->n[c]] = xstrdup(name)) == NULL)
			return -1;
		p->n[c]++;
	}
	return 0;
}

/* A new piece on line, in sm, or NULL (out of memory, or too many). */
static struct seat_written *
piece_new(struct seat_mail *sm, unsigned long line)
{
	struct seat_written	*v;

	if (sm->n == SEAT_MAX_PIECES) {
		/* said once, at the first piece too many */
		if (!sm->full++)
			problem(sm, line, "mail.seat_err_pieces", "");
		return NULL;
	}
	if ((v = reallocarray(sm->v, sm->n + 1, sizeof(*v))) == NULL)
		return NULL;
	sm->v = v;
	v = &sm->v[sm->n++];
	memset(v, 0, sizeof(*v));
	v->line = line;
	return v;
}

/*
 * s past a piece's label: "1:", "2.", "3)", "#4", "Race 5:", "piece
 * 6" (kw.piece) followed by more.
 */
static char *
unlabelled(char *s)
{
	char	*p = s, *w;
	size_t	 k;

	k = strcspn(p, " \t:.)#0123456789");
	if (k > 0 && k < 32) {
		char word[32];
		snprintf(word, sizeof(word), "%.*s", (int)k, p);
		if (words_is("kw.piece", word))
			p += k;
	}
	p += strspn(p, " \t#");
	if (!isdigit((unsigned char)*p))
		return s;
	w = p + strspn(p, "0123456789");
	if (*w != '\0' && strchr(":.) \t", *w) == NULL)
		return s;
	w += strspn(w, ":.)");
	return w + strspn(w, " \t");
}

/* s without the words or marks between two crews: "v", "vs", "-". */
static char *
unversed(char *s)
{
	char	 word[16];
	size_t	 k;

	s += strspn(s, " \t|-:");
	k = strcspn(s, " \t");
	if (k > 0 && k < sizeof(word)) {
		snprintf(word, sizeof(word), "%.*s", (int)k, s);
		if (words_is("kw.versus", word) || (k == 1 && (*s == '-' ||
		    *s == '|')))
			s += k;
	}
	return s + strspn(s, " \t|-:");
}

/*
 * pre (text before the first time) cut in two at a word of kw.versus,
 * for "Ana, Cai v Bea, Dee  7:02.3  7:05.1".  Returns the second crew,
 * pre ending at the first; NULL when there is no such word.
 */
static char *
versus_split(char *pre)
{
	char	*p = pre, word[16];
	size_t	 k;

	while (*(p += strspn(p, " \t")) != '\0') {
		k = strcspn(p, " \t");
		if (p > pre && k < sizeof(word)) {
			snprintf(word, sizeof(word), "%.*s", (int)k, p);
			if (words_is("kw.versus", word)) {
				p[-1] = '\0';
				return p + k;
			}
		}
		p += k;
	}
	return NULL;
}

/*
 * A line of one piece, "CREW TIME [v] CREW TIME" (or "CREW v CREW TIME
 * TIME"), into sm: 1 when it had two times, 0 when none (prose), or
 * -1 out of memory; a line of one time or three is a problem.
 */
static int
piece_line(struct seat_mail *sm, const char *text, unsigned long line)
{
	char			 s[SM_MAX_LINE + 1], *pre, *mid;
	struct seat_written	*p;
	size_t			 at[3], end[3], i = 0, k;
	long			 t[3];
	int			 n = 0;

	snprintf(s, sizeof(s), "%s", text);
	while (s[i] != '\0') {
		i += strspn(s + i, " \t|");
		k = strcspn(s + i, " \t|");
		while (k > 0 && strchr(",;)", s[i + k - 1]) != NULL)
			k--;
		if (k > 0 && time_token(s + i, k, &t[n < 3 ? n : 2])) {
			if (n < 3)
				at[n] = i, end[n] = i + k;
			n++;
		}
		i += k + strspn(s + i + k, ",;)");
	}
	if (n == 0)
		return 0;
	if (n != 2)
		return problem(sm, line, "mail.seat_err_times", "") == -1 ?
		    -1 : 1;
	s[at[0]] = '\0';
	s[at[1]] = '\0';
	pre = unlabelled(trim(s));
	mid = trim(unversed(s + end[0]));
	if (*mid == '\0')
		mid = versus_split(pre);
	if (mid == NULL || *trim(pre) == '\0' || *trim(mid) == '\0')
		return problem(sm, line, "mail.seat_err_crews", "") == -1 ?
		    -1 : 1;
	if ((p = piece_new(sm, line)) == NULL)
		return sm->n == SEAT_MAX_PIECES ? 1 : -1;
	p->tenths[0] = t[0];
	p->tenths[1] = t[1];
	if (crew_names(sm, p, 0, pre) == -1 || crew_names(sm, p, 1, mid) == -1)
		return -1;
	/* separators alone (", ,") are no crew */
	if (p->n[0] == 0 || p->n[1] == 0)
		return problem(sm, line, "mail.seat_err_crews", "") == -1 ?
		    -1 : 1;
	return 1;
}

/*
 * A row of a pasted sheet under header head (nh cells): 1 when it is
 * one (two columns whose heads are the boats the rowers' cells name,
 * holding their times), 0 when not, -1 out of memory.
 */
static int
table_row(struct seat_mail *sm, char *const *head, int nh, const char *text,
    unsigned long line)
{
	char			 s[SM_MAX_LINE + 1], *cell[SM_MAX_CELLS];
	struct seat_written	*p;
	int			 n, i, j, boat[2] = { -1, -1 }, nb = 0, c;
	long			 t;

	snprintf(s, sizeof(s), "%s", text);
	if ((n = cells(s, cell, SM_MAX_CELLS, 0)) < 4)
		n = cells(s, cell, SM_MAX_CELLS, 1);
	if (n > nh)
		return 0;
	for (j = 0; j < n && nb < 2; j++) {
		if (head[j][0] == '\0' ||
		    !time_token(cell[j], strlen(cell[j]), &t))
			continue;
		for (i = 0; i < n; i++)
			if (i != j && strcasecmp(cell[i], head[j]) == 0)
				break;
		if (i < n)
			boat[nb++] = j;
	}
	if (nb < 2)
		return 0;
	if ((p = piece_new(sm, line)) == NULL)
		return sm->n == SEAT_MAX_PIECES ? 1 : -1;
	for (c = 0; c < 2; c++)
		time_token(cell[boat[c]], strlen(cell[boat[c]]),
		    &p->tenths[c]);
	for (i = 0; i < n; i++)
		for (c = 0; c < 2; c++) {
			/* a column with no name in the header is no one */
			if (strcasecmp(cell[i], head[boat[c]]) != 0 ||
			    i == boat[0] || i == boat[1] || head[i][0] == '\0')
				continue;
			if (p->n[c] == SEAT_MAX_CREW)
				return problem(sm, line, "mail.seat_err_crew",
				    head[i]) == -1 ? -1 : 1;
			if ((p->name[c][p->n[c]] = xstrdup(head[i])) == NULL)
				return -1;
			p->n[c]++;
		}
	/* a boat whose rowers' columns are all unnamed is no crew */
	if (p->n[0] == 0 || p->n[1] == 0)
		return problem(sm, line, "mail.seat_err_crews", "") == -1 ?
		    -1 : 1;
	return 1;
}

/*
 * "stroke: Ana, Bea" / "bow side: Cai, Dee" into sm; 1, 0 not, -1.  A
 * side of more rowers than a race holds is a problem at the first too
 * many, the rest not kept: each name is looked up when acted on.
 */
static int
side_line(struct seat_mail *sm, const char *text, unsigned long line)
{
	char		 s[SM_MAX_LINE + 1], word[32], *p, *name, *save = NULL;
	const char	*seps;
	size_t		 k;
	enum seat_side	 side;

	snprintf(s, sizeof(s), "%s", text);
	k = strcspn(s, " \t:");
	if (k == 0 || k >= sizeof(word))
		return 0;
	snprintf(word, sizeof(word), "%.*s", (int)k, s);
	if (words_is("kw.stroke", word))
		side = SIDE_STROKE;
	else if (words_is("kw.bow", word))
		side = SIDE_BOW;
	else
		return 0;
	p = s + k + strspn(s + k, " \t");
	k = strcspn(p, " \t:");
	snprintf(word, sizeof(word), "%.*s", (int)(k < 31 ? k : 31), p);
	if (*p != ':' && words_is("kw.side", word))
		p += k + strspn(p + k, " \t");
	if (*p != ':')
		return 0;
	sm->side_line[side] = line;
	seps = strpbrk(p + 1, ";+&/\t") != NULL ? ";+&/\t" : ",";
	for (name = strtok_r(p + 1, seps, &save); name != NULL;
	    name = strtok_r(NULL, seps, &save)) {
		if (*(name = trim(name)) == '\0')
			continue;
		if (sm->side[side].n == SEAT_MAX_ROWERS)
			return problem(sm, line, "mail.seat_err_rowers",
			    name) == -1 ? -1 : 1;
		if (strlist_add(&sm->side[side], name) == -1)
			return -1;
	}
	return 1;
}

/*
 * Reads the pieces of a seat race from text (after quote_strip()) into
 * sm, which seatmail_free() frees.  Returns 0, or -1 out of memory;
 * what is wrong is in sm->errors, by line.  Past SM_MAX_PROBLEMS
 * mistakes nothing more is read: the race is refused whatever follows,
 * and an email of thousands of bad lines would otherwise be answered
 * with each of them quoted.
 */
int
seatmail_parse(const char *text, struct seat_mail *sm)
{
	char		 s[SM_MAX_LINE + 1], head[SM_MAX_LINE + 1];
	char		*hcell[SM_MAX_CELLS];
	const char	*at, *end;
	unsigned long	 line = 0;
	long		 t;
	int		 nh = 0, rc, i;

	memset(sm, 0, sizeof(*sm));
	for (at = text; at != NULL && *at != '\0'; at = *end ? end + 1 : NULL) {
		if (sm->errors.n >= SM_MAX_PROBLEMS)
			return ratemail_problem(&sm->errors, 0, NULL,
			    "mail.seat_err_stop", SM_MAX_PROBLEMS);
		end = at + strcspn(at, "\n");
		line++;
		snprintf(s, sizeof(s), "%.*s", (int)(end - at), at);
		trim(s);
		if (s[0] == '\0' || s[0] == '>' || strncmp(s, "(!)", 3) == 0 ||
		    marker(s, strlen(s)))
			continue;
		if ((rc = side_line(sm, s, line)) != 0) {
			if (rc == -1)
				return -1;
			continue;
		}
		if (nh > 0 && (rc = table_row(sm, hcell, nh, s, line)) != 0) {
			if (rc == -1)
				return -1;
			continue;
		}
		if ((rc = piece_line(sm, s, line)) == -1)
			return -1;
		if (rc == 1)
			continue;
		/* no time: a sheet's header, or prose */
		snprintf(head, sizeof(head), "%s", s);
		if ((nh = cells(head, hcell, SM_MAX_CELLS, 0)) < 4) {
			snprintf(head, sizeof(head), "%s", s);
			nh = cells(head, hcell, SM_MAX_CELLS, 1);
		}
		for (i = 0; i < nh; i++)
			if (time_token(hcell[i], strlen(hcell[i]), &t))
				nh = 0;
		if (nh < 4)
			nh = 0;
	}
	return 0;
}
