/*
 * plan.c - the sessions a coach plans by email (DESIGN.md §4
 * "A coach's email"), one a line among the commands (command.c), with
 * the effort they intend:
 *
 *	session 2026-11-24 am Senior Men: 90 min, rpe 4, steady state
 *	Session Tue am: 90' rpe 4 steady
 *	session tomorrow all: 1h30 rpe 6
 *	Sat am all: 2h rpe 6 long row	(a day first needs no keyword)
 *	Sun: rest, rest Sunday		a rest day: nothing planned
 *	cancel Sat am all		the plan taken back
 *
 * Before the ':' the day (a date; a weekday name: its next occurrence
 * not yet over, in an email about next week next week's; today,
 * tomorrow), am or pm if said, and the squad (its name, "all" for
 * every squad the coach has, or nothing for the coach's only squad).
 * After it the minutes (90, 90 min, 90', 1h30, 1:30, 2 h) and the
 * intended RPE (rpe 4, rpe 4/10) in either order; the other words are
 * the session's description.  The same rows may come as a CSV
 * attachment (date, slot, squad, minutes, rpe, description), each read
 * as the line it stands for.
 *
 * A rest day stores nothing: the day's plan, if there was one, is taken
 * away (as cancel does), so that no athlete's effort that day is set
 * against a session that will not happen; a day with no plan is what
 * the pages show for rest.  Cancel and rest with no squad named act on
 * every squad of the coach's.
 *
 * Parsing is pure: plan_parse() says why a line cannot be read;
 * plan_act() resolves the day and the squad, refuses a day that is
 * over (its efforts show on the coach's part by then: the plan would
 * not be blind) and stores the plan (lib/load.c), a later one for the
 * same squad, day and slot replacing it; each answered in the reply,
 * with how a weekday was read when it was not the plain next one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shared.h"

#define PLAN_TOKENS	64	/* words of a line's part after the ':' */
#define DESC_MAX	200	/* bytes of a description kept */

/* The weekdays' keywords, by tm_wday. */
static const char *const weekdays[] = { "kw.sunday", "kw.monday",
    "kw.tuesday", "kw.wednesday", "kw.thursday", "kw.friday",
    "kw.saturday" };

void
plan_line_free(struct plan_line *pl)
{
	free(pl->description);
	pl->description = NULL;
}

/*
 * The day when names, seen at now, into out: a date (day_read(): the
 * day and month in the country's order, month_first, and without a
 * year the nearest), today, tomorrow, or a weekday: its next occurrence
 * not yet over (today, unless slot is "am" and the morning is over),
 * or, in an email about next week (next_week), that day of the week
 * after this one, its weeks from Monday.  Returns 0, 1 when a weekday
 * was read as a later one than its next ("Sat" on a Saturday: next
 * Saturday), which the answer says, or -1 when when is no day.
 */
int
plan_day(const char *when, time_t now, int month_first, const char *slot,
    int next_week, char out[11])
{
	struct tm	 tm;
	int		 i, ahead, later;

	if (day_read(when, now, month_first, out) == 0)
		return 0;
	if (words_is("kw.today", when) || words_is("kw.tomorrow", when)) {
		day_before(now, -words_is("kw.tomorrow", when), out);
		return 0;
	}
	localtime_r(&now, &tm);
	for (i = 0; i < 7 && !words_is(weekdays[i], when); i++)
		continue;
	if (i == 7)
		return -1;
	ahead = (i - tm.tm_wday + 7) % 7;
	later = ahead;
	if (next_week)
		later = 7 - (tm.tm_wday + 6) % 7 + (i + 6) % 7;
	else if (ahead == 0 && slot != NULL && strcmp(slot, "am") == 0 &&
	    tm.tm_hour >= 12)
		later = 7;
	day_before(now, -later, out);
	return later != ahead;
}

/*
 * Whether text is about next week: a line of it with no digit (a
 * heading, a subject; not a rating's comment) where a word of kw.week
 * has one of kw.next at most a word away ("Plan for next week", "la
 * semaine prochaine", "la semana que viene").
 */
int
plan_next_week(const char *text)
{
	char		 w[8][32];
	const char	*p, *end;
	size_t		 n, len, i, j;
	int		 digit;

	for (p = text; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\n");
		for (digit = 0, i = 0; p + i < end; i++)
			digit |= isdigit((unsigned char)p[i]);
		for (n = 0, i = 0; !digit && p + i < end; ) {
			/* a word: letters, or any byte of a UTF-8 one */
			for (len = 0; p + i + len < end && (isalpha(
			    (unsigned char)p[i + len]) || (unsigned char)
			    p[i + len] >= 0x80); len++)
				continue;
			if (len > 0 && len < sizeof(w[0])) {
				memcpy(w[n % 8], p + i, len);
				w[n % 8][len] = '\0';
				for (j = n >= 2 ? n - 2 : 0; j < n; j++)
					if ((words_is("kw.week", w[n % 8]) &&
					    words_is("kw.next", w[j % 8])) ||
					    (words_is("kw.next", w[n % 8]) &&
					    words_is("kw.week", w[j % 8])))
						return 1;
				n++;
			}
			i += len > 0 ? len : 1;
		}
	}
	return 0;
}

/* A word of what follows the ':', and whether it was read as a value. */
struct ptok {
	char	 s[33];
	int	 used;
	int	 field;	/* a ',' or ';' before it: a new part of the line */
};

/* Splits s at blanks, ',' and ';' into tok; the count, -1 if too many. */
static int
plan_tokens(const char *s, struct ptok tok[], int max)
{
	size_t	 len, gap;
	int	 n = 0;

	for (;;) {
		gap = strspn(s, " \t\r,;");
		if (s[gap] == '\0')
			return n;
		if (n == max)
			return -1;
		tok[n].field = strcspn(s, ",;") < gap;
		s += gap;
		len = strcspn(s, " \t\r,;");
		snprintf(tok[n].s, sizeof(tok[n].s), "%.*s", (int)len, s);
		tok[n++].used = 0;
		s += len;
	}
}

/*
 * Whether w is a word for minutes; not a lone "m", which in a rowing
 * plan is metres ("4 x 500m").
 */
static int
minutes_word(const char *w)
{
	return w[0] != '\0' && w[1] != '\0' && words_is("kw.minutes", w);
}

/*
 * The minutes under an hour that tok[i] writes after hours ("1 h 15
 * min", "1h 15'"), with its unit: 0 when none; *took says how many
 * words it was.
 */
static int
minutes_after(const struct ptok tok[], int n, int i, int *took)
{
	char	*end;
	long	 v;

	*took = 0;
	/* "1 h, 20 min warm-up": a part of its own, not the hour's */
	if (i >= n || tok[i].used || tok[i].field ||
	    !isdigit((unsigned char)tok[i].s[0]) ||
	    (v = strtol(tok[i].s, &end, 10)) < 1 || v > 59)
		return 0;
	if (*end == '\0' && i + 1 < n && !tok[i + 1].used &&
	    minutes_word(tok[i + 1].s))
		*took = 2;
	else if (!strcmp(end, "'") || !strcmp(end, "\xe2\x80\x99") ||
	    !strcmp(end, "\xe2\x80\xb2") || minutes_word(end))
		*took = 1;
	return *took ? (int)v : 0;
}

/*
 * The minutes that tok[i] writes alone: "90'", "90’", "90min",
 * "1h30", "2h", "1:30"; or with its unit in the next word, "90 min",
 * "2 h"; hours with minutes after them, "1 h 15 min", "1h 15'"; or,
 * when bare, a number alone.  0 when it writes none; *took says how
 * many words it was.
 */
static int
minutes_of(const struct ptok tok[], int n, int i, int bare, int *took)
{
	const char	*w = tok[i].s, *next;
	char		*end;
	long		 v = strtol(w, &end, 10), m;
	int		 more;

	next = i + 1 < n && !tok[i + 1].used ? tok[i + 1].s : NULL;
	*took = 1;
	if (!isdigit((unsigned char)*w) || v > 999)
		return 0;
	if (*end == '\0') {
		if (next != NULL && words_is("kw.hours", next)) {
			m = minutes_after(tok, n, i + 2, &more);
			*took = 2 + more;
			return (int)(v * 60 + m);
		}
		if (next != NULL && minutes_word(next)) {
			*took = 2;
			return (int)v;
		}
		return bare ? (int)v : 0;
	}
	if (!strcmp(end, "'") || !strcmp(end, "\xe2\x80\x99") ||
	    !strcmp(end, "\xe2\x80\xb2") || minutes_word(end))
		return (int)v;
	if (words_is("kw.hours", end)) {
		m = minutes_after(tok, n, i + 1, &more);
		*took = 1 + more;
		return (int)(v * 60 + m);
	}
	if ((*end == 'h' || *end == 'H' || *end == ':') &&
	    strlen(end + 1) == 2 && isdigit((unsigned char)end[1]) &&
	    isdigit((unsigned char)end[2]) && (m = atol(end + 1)) < 60)
		return (int)(v * 60 + m);
	return 0;
}

/* The intended RPE at tok[i]: "rpe 4" or "rpe 4/10".  Words taken, or 0. */
static int
rpe_of(const struct ptok tok[], int n, int i, int *rpe)
{
	char	*end;
	long	 v;

	if (!words_is("kw.rpe", tok[i].s) || i + 1 == n ||
	    !isdigit((unsigned char)tok[i + 1].s[0]))
		return 0;
	v = strtol(tok[i + 1].s, &end, 10);
	if ((*end != '\0' && strcmp(end, "/10") != 0) || v > 99)
		return 0;
	*rpe = (int)v;
	return 2;
}

/*
 * Reads the part of a plan line after the ':' into pl: the intended
 * RPE, the minutes (a length with its unit first, else the first bare
 * number), the rest as the description.  Returns 0, or -1 with pl->why.
 */
static int
plan_body(const char *s, struct plan_line *pl)
{
	struct ptok	 tok[PLAN_TOKENS];
	struct buf	 desc = { 0 };
	int		 n, i, took, pass;

	if ((n = plan_tokens(s, tok, PLAN_TOKENS)) == -1) {
		pl->why = "mail.plan_how_long";
		return -1;
	}
	for (i = 0; i < n; i++)
		if (pl->rpe < 0 && (took = rpe_of(tok, n, i, &pl->rpe)) > 0)
			tok[i].used = tok[i + 1].used = 1;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n && pl->minutes == 0; i++) {
			if (tok[i].used)
				continue;
			pl->minutes = minutes_of(tok, n, i, pass, &took);
			while (pl->minutes > 0 && took-- > 0)
				tok[i + took].used = 1;
		}
	for (i = 0; i < n; i++)
		if (!tok[i].used)
			buf_printf(&desc, "%s%s", desc.len ? " " : "", tok[i].s);
	if (buf_failed(&desc) || (pl->description = xstrdup(desc.data ?
	    desc.data : "")) == NULL) {
		buf_free(&desc);
		return -1;
	}
	buf_free(&desc);
	if (strlen(pl->description) > DESC_MAX)
		pl->why = "mail.plan_how_long";
	else if (pl->minutes < 1 || pl->minutes > SESSION_MINUTES_MAX)
		pl->why = "mail.plan_how_minutes";
	else if (pl->rpe < 0 || pl->rpe > RPE_MAX)
		pl->why = "mail.plan_how_rpe";
	return pl->why ? -1 : 0;
}

/*
 * s from its time of day on, when articles and prepositions lead to it
 * ("por la mañana", "in the morning", "le matin"); else s.  Only those
 * words: a squad called "Dev Morning" keeps its name.
 */
static char *
slot_words(char *s)
{
	static const char *const lead[] = { "por", "la", "el", "en", "in",
	    "the", "le", "au", "am", "im", "de", "del", NULL };
	char	 w[32], *p = s;
	size_t	 n, i;
	int	 skip;

	for (skip = 0; skip < 3 && *p != '\0'; skip++) {
		n = strcspn(p, " \t");
		if (n == 0 || n >= sizeof(w))
			return s;
		memcpy(w, p, n);
		w[n] = '\0';
		if (skip > 0 && (words_is("kw.am", w) || words_is("kw.pm", w)))
			return p;
		for (i = 0; lead[i] != NULL && strcasecmp(lead[i], w) != 0;
		    i++)
			continue;
		if (lead[i] == NULL)
			return s;
		p += n;
		p += strspn(p, " \t");
	}
	return s;
}

/*
 * Reads a plan line's head (before the ':'; trimmed, writable): the
 * day, am or pm, and the squad in c->who (NULL: not said) or c->all.
 * Returns 0, or -1 with c->plan.why saying what to fix (or out of
 * memory, why NULL).
 */
static int
plan_head(char *head, struct cmd_line *c)
{
	struct plan_line *pl = &c->plan;
	char		 scratch[11], *w, *rest;
	time_t		 now;

	w = head;
	rest = w + strcspn(w, " \t");
	if (*rest != '\0')
		*rest++ = '\0';
	snprintf(pl->when, sizeof(pl->when), "%s", w);
	/* the country's order is known when it is acted on: either here */
	now = clock_now();
	if (strlen(w) >= sizeof(pl->when) ||
	    (plan_day(pl->when, now, 0, NULL, 0, scratch) == -1 &&
	    plan_day(pl->when, now, 1, NULL, 0, scratch) == -1)) {
		pl->why = "mail.plan_how_date";
		return -1;
	}
	rest = slot_words(trim(rest));
	w = rest + strcspn(rest, " \t");
	if (*w != '\0')
		*w++ = '\0';
	if (words_is("kw.am", rest) || words_is("kw.pm", rest)) {
		snprintf(pl->slot, sizeof(pl->slot), "%s",
		    words_is("kw.am", rest) ? "am" : "pm");
		rest = trim(w);
	} else if (*w != '\0')
		w[-1] = ' ';	/* the squad's name had more words */
	if (*rest != '\0' && words_is("kw.all", rest))
		c->all = 1;
	else if (*rest != '\0' && (c->who = xstrdup(rest)) == NULL)
		return -1;
	return 0;
}

/*
 * Whether a plan's part after the ':' says a rest day: its first word
 * one of kw.rest ("rest", "off", "repos"), and no number after it.
 */
static int
rest_body(const char *s)
{
	char	 w[32];
	size_t	 n;

	s += strspn(s, " \t");
	n = strcspn(s, " \t,.;!");
	if (n == 0 || n >= sizeof(w) || strpbrk(s, "0123456789") != NULL)
		return 0;
	memcpy(w, s, n);
	w[n] = '\0';
	return words_is("kw.rest", w);
}

/*
 * Reads a plan line's words after "session" (args, trimmed, writable)
 * into c: c->plan, and the squad in c->who (NULL: not said) or c->all;
 * after the ':' a rest day (c->plan.rest) or the session.  Returns 0,
 * or -1 with c->plan.why saying what to fix (or out of memory, why
 * NULL).
 */
int
plan_parse(char *args, struct cmd_line *c)
{
	struct plan_line *pl = &c->plan;
	char		*body;

	pl->rpe = -1;
	if ((body = strchr(args, ':')) == NULL) {
		pl->why = "mail.plan_how_colon";
		return -1;
	}
	*body++ = '\0';
	if (plan_head(trim(args), c) == -1)
		return -1;
	if (rest_body(body)) {
		pl->rest = 1;
		return (pl->description = xstrdup("")) == NULL ? -1 : 0;
	}
	return plan_body(body, pl);
}

/*
 * Reads the day a cancel or a rest day names (args after the keyword,
 * trimmed, writable: "sat am all", "session Sat am all: 2h rpe 6" as
 * the plan was written) into c as plan_head() does.  Returns 0, or -1
 * with c->plan.why.
 */
int
plan_parse_day(char *args, struct cmd_line *c)
{
	size_t	 n = strcspn(args, " \t:");
	char	 w[32];

	c->plan.rpe = -1;
	if (n > 0 && n < sizeof(w)) {
		memcpy(w, args, n);
		w[n] = '\0';
		if (words_is("kw.session", w))
			args = trim(args + n);
	}
	args[strcspn(args, ":")] = '\0';
	if (*trim(args) == '\0' || plan_head(trim(args), c) == -1) {
		if (c->plan.why != NULL)
			c->plan.why = "mail.plan_how_cancel";
		return -1;
	}
	return (c->plan.description = xstrdup("")) == NULL ? -1 : 0;
}

/*
 * A line of no keyword that a day starts (line, n bytes, trimmed):
 * "Sat am all: 2h rpe 6 long row", "Sun: rest".  Read into c as a plan
 * line when it is one whole (an RPE said, or a rest day) and its day a
 * word of three letters or more (no "Do:" or "Sa:", which name people
 * too).  Returns 1 (c filled), 0 (not a plan line) or -1 when out of
 * memory.
 */
int
plan_parse_bare(const char *line, size_t n, struct cmd_line *c)
{
	char	*copy;
	size_t	 w = strcspn(line, " \t:");
	int	 rc;

	if (w < 3 || w >= n || memchr(line, ':', n) == NULL)
		return 0;
	if ((copy = malloc(n + 1)) == NULL)
		return -1;
	memcpy(copy, line, n);
	copy[n] = '\0';
	memset(c, 0, sizeof(*c));
	c->verb = CMD_SESSION;
	c->on = c->at = -1;
	rc = plan_parse(copy, c);
	free(copy);
	if (rc == 0)
		return 1;
	free(c->who);
	c->who = NULL;
	plan_line_free(&c->plan);
	return c->plan.why == NULL ? -1 : 0;
}

/* Normalised header h: lower case, letters and digits only. */
static void
header_of(const char *h, char *out, size_t size)
{
	size_t	 n = 0;

	for (; *h != '\0' && n + 1 < size; h++)
		if (isalnum((unsigned char)*h))
			out[n++] = (char)tolower((unsigned char)*h);
	out[n] = '\0';
}

/*
 * Which columns of a CSV's header row head are a plan's: cols[k] the
 * index of date, slot, squad, minutes, rpe and description (-1: not
 * there), by their English names squashed ("Intended RPE") or a word
 * of any shipped language (kw.plan_col_*: "créneau", "Gruppe").
 * Returns 1 when it is a plan (date, minutes and rpe are there), else
 * 0: a rating CSV, which ratemail.c reads.
 */
int
plan_csv_columns(const struct csv_record *head, int cols[PLAN_CSV_COLS])
{
	static const char *const names[PLAN_CSV_COLS] = { "date day",
	    "slot ampm time", "squad group crew", "minutes mins min duration",
	    "rpe intendedrpe intended effort", "description desc what notes" };
	static const char *const words[PLAN_CSV_COLS] = { "kw.plan_col_date",
	    "kw.plan_col_slot", "kw.plan_col_squad", "kw.plan_col_minutes",
	    "kw.plan_col_rpe", "kw.plan_col_desc" };
	char	 h[32], w[64];
	size_t	 i, k, n;

	for (k = 0; k < PLAN_CSV_COLS; k++)
		cols[k] = -1;
	for (i = 0; i < head->nfields; i++) {
		header_of(head->fields[i], h, sizeof(h));
		snprintf(w, sizeof(w), "%s", head->fields[i]);
		n = strlen(h);
		for (k = 0; n > 0 && k < PLAN_CSV_COLS; k++) {
			const char *p = strstr(names[k], h);
			if (cols[k] == -1 && ((p != NULL && (p == names[k] ||
			    p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) ||
			    words_is(words[k], trim(w))))
				cols[k] = (int)i;
		}
	}
	return cols[0] != -1 && cols[3] != -1 && cols[4] != -1;
}

/* Field k of rec by cols, trimmed of blanks; "" when absent. */
static const char *
csv_field(const struct csv_record *rec, const int cols[], int k)
{
	const char	*f;

	if (cols[k] < 0 || (size_t)cols[k] >= rec->nfields)
		return "";
	f = rec->fields[cols[k]];
	return f + strspn(f, " \t");
}

/*
 * The plan line a CSV row stands for, into line ("" when the row has
 * no date): "session DATE SLOT SQUAD: MINUTES min, rpe RPE,
 * DESCRIPTION", read then as any line.  Returns 0 or -1.
 */
int
plan_csv_line(const struct csv_record *rec, const int cols[PLAN_CSV_COLS],
    struct buf *line)
{
	const char	*min = csv_field(rec, cols, 3);

	buf_reset(line);
	if (*csv_field(rec, cols, 0) == '\0')
		return 0;
	/* bare minutes get their unit: a number in the description
	 * must not be read as them */
	words_printf(line, NULL, "mail.plan_csv_line", csv_field(rec, cols, 0),
	    csv_field(rec, cols, 1), csv_field(rec, cols, 2), min,
	    *min != '\0' && strspn(min, "0123456789") == strlen(min) ?
	    words_get(NULL, "mail.plan_csv_min") : "", csv_field(rec, cols, 4),
	    csv_field(rec, cols, 5));
	return buf_failed(line) ? -1 : 0;
}

/*
 * The squads line c plans for, of coach's (a head coach's: every
 * squad): its squad by name, "all" of them, or with none named the
 * coach's only one (a cancel's or a rest day's, any: every one of
 * theirs).  Into ids and names (at most *n, then how many).  Returns
 * 0, 1 when refused (the reason in reply), or -1.  avail.c asks its
 * squads so too.
 */
int
plan_squads(struct db *db, int64_t coach, const struct cmd_line *c, int any,
    int64_t ids[], struct strlist *names, size_t *n, struct buf *reply)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;
	size_t		 max = *n;

	*n = 0;
	if (c->who != NULL) {
		st = db_query(db, STMT_CMD_SQUAD, "it", coach, c->who);
		if ((rc = db_row(db, st)) == OUT_FAILED)
			return -1;
		if (rc != OUT_ROW)
			return words_printf(reply, NULL, "mail.plan_no_squad",
			    c->who) == -1 ? -1 : 1;
		ids[(*n)++] = sqlite3_column_int64(st, 0);
		rc = sqlite3_column_int(st, 2) ? OUT_OK : OUT_BADINPUT;
		if (strlist_add(names, db_text(st, 1)) == -1)
			rc = OUT_FAILED;
		sqlite3_reset(st);
		if (rc == OUT_FAILED)
			return -1;
		if (rc != OUT_OK)
			return words_printf(reply, NULL,
			    "mail.cmd_not_your_squad", names->v[0]) == -1 ? -1 : 1;
		return 0;
	}
	st = db_query(db, STMT_PLAN_SQUADS, "i", coach);
	while ((rc = db_row(db, st)) == OUT_ROW)
		if (*n < max) {
			ids[(*n)++] = sqlite3_column_int64(st, 0);
			if (strlist_add(names, db_text(st, 1)) == -1) {
				sqlite3_reset(st);
				return -1;
			}
		}
	if (rc == OUT_FAILED)
		return -1;
	if (*n == 0)
		return buf_puts(reply, words_get(NULL,
		    "mail.plan_no_squads")) == -1 ? -1 : 1;
	if (*n > 1 && !c->all && !any)
		return words_printf(reply, NULL, "mail.plan_which_squad",
		    (int)*n) == -1 ? -1 : 1;
	return 0;
}

#define PLAN_SQUADS_MAX	64	/* squads "all" plans for at once */

/* What plan_act() does for each squad of a line. */
struct plan_run {
	struct db	*db;
	int64_t		 coach;
	time_t		 now;
	const struct cmd_line *c;
	struct plan	 p;		/* its day and slot, what it plans */
	const char	*when;		/* the day and slot in words */
	struct buf	*reply;
	size_t		 gone;		/* plans taken away */
};

/*
 * Cancel or rest for squad (its name): its plans of the day (and slot)
 * taken away, each said with the line that plans it again.  Returns 0
 * or -1.
 */
static int
plan_drop(struct plan_run *r, int64_t squad, const char *name)
{
	struct plan_gone gone[PLAN_SLOTS];
	char		 day[WORDS_DATE_MAX + 32], date[WORDS_DATE_MAX];
	size_t		 i, n;

	if (plan_cancel(r->db, squad, r->p.day, r->p.slot, gone, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		snprintf(day, sizeof(day), "%s%s%s", words_date(r->p.day,
		    date), *gone[i].slot ? " " : "", words_slot(gone[i].slot));
		words_printf(r->reply, NULL, "mail.plan_cancelled", name, day,
		    gone[i].minutes, gone[i].rpe, *gone[i].description ?
		    ", " : "", gone[i].description);
		words_printf(r->reply, NULL, "mail.plan_again", r->p.day,
		    *gone[i].slot ? " " : "", gone[i].slot, name,
		    gone[i].minutes, gone[i].rpe, *gone[i].description ?
		    ", " : "", gone[i].description);
	}
	r->gone += n;
	return buf_failed(r->reply) ? -1 : 0;
}

/* The plan of the line for squad (its name), stored and said. */
static int
plan_put(struct plan_run *r, int64_t squad, const char *name)
{
	int	 replaced;

	r->p.squad = squad;
	if (plan_store(r->db, &r->p, r->coach, (int64_t)r->now,
	    &replaced) == -1)
		return -1;
	return words_printf(r->reply, NULL, replaced ? "mail.plan_replaced" :
	    "mail.plan_stored", name, r->when, r->p.minutes, r->p.rpe,
	    *r->p.description ? ", " : "", r->p.description);
}

/*
 * After a line's squads: a rest day said for them all, a cancel that
 * found nothing said, and a weekday read as next week's (moved) said
 * with why and how else to write it, once an email when its email is
 * about next week (pm).  Returns 0 or -1.
 */
static int
plan_said(struct plan_run *r, const struct strlist *names, int moved,
    struct plan_mail *pm)
{
	struct buf	 all = { 0 };
	char		 date[WORDS_DATE_MAX];
	size_t		 i;
	int		 rc = 0;

	if (r->c->plan.rest) {
		for (i = 0; i < names->n; i++)
			buf_printf(&all, "%s%s", i ? ", " : "", names->v[i]);
		rc = words_printf(r->reply, NULL, "mail.plan_rest", r->when,
		    all.data != NULL ? all.data : "");
		buf_free(&all);
	} else if (r->c->verb == CMD_CANCEL && r->gone == 0)
		rc = words_printf(r->reply, NULL, "mail.plan_cancel_none",
		    r->when);
	/* said once an email: its other lines are read alike */
	if (rc == 0 && moved && pm->told++ == 0)
		rc = words_printf(r->reply, NULL, pm->next_week ?
		    "mail.plan_read_next_week" : "mail.plan_read_over",
		    r->c->plan.when, words_date(r->p.day, date));
	return rc;
}

/*
 * Acts on plan line c (read by plan_parse() or plan_parse_day()) from
 * coach, in the email pm says, for each squad it names, in the
 * caller's transaction: a plan stored (in place of an earlier one of
 * that squad, day and slot), or the day's plans taken away (cancel, a
 * rest day); each said in reply, or refused and why.  Returns 0
 * (refusals included) or -1 on a database error.
 */
int
plan_act(struct db *db, int64_t coach, const struct cmd_line *c,
    struct plan_mail *pm, struct buf *reply)
{
	time_t		 now = pm->now;
	const struct plan_line *pl = &c->plan;
	struct plan_run	 r = { .db = db, .coach = coach, .now = now, .c = c,
	    .reply = reply, .p = { .minutes = pl->minutes, .rpe = pl->rpe,
	    .description = pl->description } };
	struct strlist	 names = { 0 };
	int64_t		 ids[PLAN_SQUADS_MAX];
	char		 today[11], date[WORDS_DATE_MAX];
	char		 when[WORDS_DATE_MAX + 32];
	size_t		 i, n = PLAN_SQUADS_MAX;
	int		 rc, moved, drop = c->verb == CMD_CANCEL || pl->rest;

	day_string(now, today);
	/* "11/28" passed plan_parse() in the other order of day and month */
	if ((moved = plan_day(pl->when, now, pm->month_first, pl->slot,
	    pm->next_week, r.p.day)) == -1)
		return words_printf(reply, NULL, "mail.cmd_bad",
		    words_get(NULL, "mail.plan_how_date")) == -1 ? -1 : 0;
	if (strcmp(r.p.day, today) < 0)
		return words_printf(reply, NULL, "mail.plan_past",
		    pl->when) == -1 ? -1 : 0;
	snprintf(r.p.slot, sizeof(r.p.slot), "%s", pl->slot);
	snprintf(when, sizeof(when), "%s%s%s", words_date(r.p.day, date),
	    *r.p.slot ? " " : "", words_slot(r.p.slot));
	r.when = when;
	if ((rc = plan_squads(db, coach, c, drop, ids, &names, &n,
	    reply)) != 0) {
		strlist_free(&names);
		return rc == -1 ? -1 : 0;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = drop ? plan_drop(&r, ids[i], names.v[i]) :
		    plan_put(&r, ids[i], names.v[i]);
	if (rc == 0)
		rc = plan_said(&r, &names, moved, pm);
	strlist_free(&names);
	return rc;
}
