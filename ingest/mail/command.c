/*
 * command.c - what a coach runs by email: one command a line, in the
 * body of any authentic coach email or reply, each line starting with
 * its keyword (the catalogue's kw.NAME, any case):
 *
 *	help			the commands
 *	sheet [SQUAD]		the rating sheet back (lib/sheet.c)
 *	sheet on|off		the sheet with each morning digest
 *	remind @h|SQUAD|all	texts those with something to answer now
 *	send @h|SQUAD: TEXT	a text from the coach
 *	resend [ID]		texts that failed, again
 *	archive [ID]		inbox items filed away
 *	invite @h		an invitation again (lib/account.c)
 *	number WHO NUMBER	a number added to an athlete
 *	pause @h, resume @h	no reminders or check-ins while injured
 *	digest on|off|at HH:MM	the morning digest (coach_pref)
 *	session DAY [am|pm] [SQUAD]: MIN, rpe N [words]
 *				a planned session (plan.c); several a
 *				mail, or a CSV attachment of them; a
 *				line a day starts needs no keyword
 *	cancel DAY [am|pm] [SQUAD], rest DAY [am|pm] [SQUAD]
 *				the day's plan taken back (plan.c)
 *	add NAME NUMBER [EMAIL] [SQUAD]	a new athlete, invited (enrol.c)
 *	move WHO [to] SQUAD	an athlete into another squad
 *	remove WHO		an athlete off the roster (head coach)
 *	injured WHO [AREA], ill WHO	an episode opened, the athlete out
 *	stage WHO out|modified|full|cleared [training]
 *				the episode moved on (lib/health.c)
 *	avail, who, attended, absent, attend-by-default
 *				who is coming to a session (avail.c)
 *	erg METRIC PIECE	a time metric read as an erg piece (500m,
 *				2k, 6k, 30min), a number in kg as the
 *				weight, or none (head coach; lib/erg.c)
 *
 * WHO is an athlete as every command names one: @handle, or a name as
 * a rating line writes it.  A polite word around a command ("pls",
 * "please", "thanks", "merci") is no part of it.
 *
 * command.c owns the reading of the lines and the registry of the
 * families of commands; each family is a file with a table of its
 * commands (keyword, how its words are read, what it does), placed in
 * the registry by CMD_FAMILY(table, order) in that file, over
 * command_args.c (a line's words) and command_target.c (whom a command
 * names).  The order keys are hundreds, room left between; those
 * taken, in order (test_registry checks this list):
 *
 *	100 command_settings	command_setting.c	help, sheet, digest,
 *							erg
 *	200 command_messages	command_message.c	remind, send, resend,
 *							archive
 *	300 command_roster	command_roster.c	invite, number, add,
 *							move, remove
 *	400 command_health	command_health.c	pause, resume, injured,
 *							ill, stage
 *	500 plan_commands	command_plan.c		session, cancel, rest
 *	600 avail_commands	command_avail.c		avail, who, attended,
 *							absent,
 *							attend-by-default
 *
 * command_parse() is pure: it takes the command lines out of the text
 * (blanked, so the ratings parser's line numbers stay) into a list;
 * command_act() carries them out in the caller's transaction, each
 * answered in the reply with what was done or why not.  A coach
 * commands the people of their squads, a head coach everyone; a
 * removed coach, and an address of [mail] coaches no roster entry has
 * (intake.c quarantines its mail), nothing.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"




#define CMD_MAX		20		/* acted on in one email */
#define ECHO_MAX	200		/* bytes of a line quoted back */
#define PLAN_MAX	100		/* plan lines in one email */

/*
 * The families of commands, each a table in its own file placed here
 * with CMD_FAMILY() (command.h), so that a new family is its file
 * alone (and its verbs in enum cmd_verb, shared.h).  The linker
 * gathers them (section cox_commands); registry_table()
 * (lib/registry.c) gives them by order key, sorted at first use.
 * Which keyword a line starts with is tried in the order of enum
 * cmd_verb, not of the families, so that the first verb whose words
 * match wins, and a typo as near two keywords is the first's; the
 * families' order would decide only which of two tables giving one
 * verb acts (none do).
 */
REGISTRY_DEFINE(cmd_families, cox_commands);

/* The command of verb v, as its family registered it; NULL: none. */
static const struct cmd_def *
command_of(enum cmd_verb v)
{
	const struct cmd_def	*cm;
	size_t			 i;

	for (i = 0; (cm = registry_table(&cmd_families, i)) != NULL; i++)
		for (; cm->kw != NULL; cm++)
			if (cm->verb == v)
				return cm;
	return NULL;
}

/*
 * Whether the last words of s, from b to e, are polite words, joined
 * as one ("thank you", "s'il vous plaît": their apostrophes left out).
 */
static int
polite_words(const char *s, size_t b, size_t e)
{
	char	 w[48];
	size_t	 n = 0;

	for (; b < e; b++) {
		if (isspace((unsigned char)s[b]) || s[b] == '\'')
			continue;
		/* a right single quote, as phones write the apostrophe */
		if (e - b >= 3 && memcmp(s + b, "\xe2\x80\x99", 3) == 0) {
			b += 2;
			continue;
		}
		if (n + 1 == sizeof(w))
			return 0;
		w[n++] = s[b];
	}
	w[n] = '\0';
	return n > 0 && words_is("kw.polite", w);
}

/*
 * The length of s (n bytes, trimmed) without what ends it politely:
 * the polite words ("pls", "thanks!", "thank you", "merci") and the
 * stops, commas and blanks before them; n when nothing else would be
 * left.
 */
static size_t
polite_end(const char *s, size_t n)
{
	size_t	 e = n, b, k, cut;

	for (;;) {
		while (e > 0 && strchr(" \t,.!;", s[e - 1]) != NULL)
			e--;
		/* one, two or three words from the end, as one */
		for (cut = 0, b = e, k = 0; k < 3 && cut == 0; k++) {
			while (b > 0 && isspace((unsigned char)s[b - 1]))
				b--;
			while (b > 0 && !isspace((unsigned char)s[b - 1]) &&
			    s[b - 1] != ',')
				b--;
			if (polite_words(s, b, e))
				cut = b + 1;
		}
		if (cut == 0)
			break;
		e = cut - 1;
	}
	while (e > 0 && strchr(" \t,.!;", s[e - 1]) != NULL)
		e--;
	return e > 0 ? e : n;
}

/*
 * How many bytes of s (n, trimmed) a polite word and the blanks and
 * commas after it take at its start ("Please remind Juniors", "pls,
 * sheet"); 0 when none, or when nothing would be left.
 */
static size_t
polite_start(const char *s, size_t n)
{
	size_t	 w = 0, k;

	while (w < n && !isspace((unsigned char)s[w]) && s[w] != ',')
		w++;
	if (!polite_words(s, 0, w))
		return 0;
	for (k = w; k < n && (isspace((unsigned char)s[k]) || s[k] == ',');
	    k++)
		continue;
	return k < n ? k : 0;
}

/*
 * Whether a line (n bytes) of no command's keyword was meant as one:
 * its first word (w bytes) a typo away from a command's keyword
 * ("relancr", "feuile", "Seánce": one letter off from five letters
 * on, two from eight, counted in letters, not bytes), and no digit in
 * the line, which a rating always has.  A keyword with an ending
 * ("Sessions were hard", "Invited Jane") is prose unless an @handle
 * follows ("reminder @jdoe").  Sets c's verb and near.
 */
static int
mistyped(const char *s, size_t w, size_t n, struct cmd_line *c)
{
	const struct cmd_def *cm;
	char		 word[32], near[32];
	size_t		 i, d, best = SIZE_MAX, letters;

	if (w >= sizeof(word))
		return 0;
	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return 0;
	memcpy(word, s, w);
	word[w] = '\0';
	if ((letters = utf8_chars(word)) < 5)
		return 0;
	for (i = 0; i < CMD__MAX; i++)
		if ((cm = command_of((enum cmd_verb)i)) != NULL &&
		    (d = words_nearest(cm->kw, word, near,
		    sizeof(near))) <= (letters >= 8 ? 2u : 1u) && d < best) {
			best = d;
			c->verb = (enum cmd_verb)i;
			memcpy(c->near, near, sizeof(near));
		}
	if (best != SIZE_MAX && strncasecmp(word, c->near,
	    strlen(c->near)) == 0) {
		for (i = w; i + 1 < n; i++)	/* " @x" */
			if (s[i] == '@' && isspace((unsigned char)s[i - 1]) &&
			    isalnum((unsigned char)s[i + 1]))
				return 1;
		return 0;
	}
	return best != SIZE_MAX;
}

/* What c holds of its arguments, freed: nothing half read acts. */
static void
args_free(struct cmd_line *c)
{
	free(c->who);
	free(c->text);
	free(c->email);
	free(c->squad);
	c->who = c->text = c->email = c->squad = NULL;
	plan_line_free(&c->plan);
}

static void
command_clear(struct cmd_line *c)
{
	free(c->line);
	args_free(c);
	memset(c, 0, sizeof(*c));
}

/*
 * Reads one line (n bytes, trimmed) into c when it starts with a
 * command's keyword, followed by a blank or nothing, or with a typo of
 * one (c->typo, its word in c->text), or when a day starts it and it
 * reads as a plan ("Sun: rest": plan.c); a polite word before or after
 * it left out.  Returns 1 (c filled, c->bad when its arguments were
 * not understood), 0 (not a command), or -1 when out of memory.
 */
static int
parse_line(const char *s, size_t n, struct cmd_line *c)
{
	const struct cmd_def *cm = NULL;
	const char	*line = s;
	char		*a;
	size_t		 w = 0, i, len = n, lead;
	int		 rc;

	lead = polite_start(s, n);
	s += lead;
	n -= lead;
	while (w < n && !isspace((unsigned char)s[w]))
		w++;
	for (i = 0; i < CMD__MAX; i++)
		if ((cm = command_of((enum cmd_verb)i)) != NULL &&
		    command_word(s, w, cm->kw))
			break;
	if (i == CMD__MAX) {
		if ((rc = plan_parse_bare(s, n, c)) != 0) {
			if (rc == 1 &&
			    (c->line = command_trimmed(line, len)) == NULL)
				rc = -1;
			if (rc == -1)
				command_clear(c);
			return rc;
		}
		memset(c, 0, sizeof(*c));
		if (!mistyped(s, w, n, c))
			return 0;
		c->bad = c->typo = 1;
		if ((c->line = command_trimmed(line, len)) == NULL ||
		    (c->text = command_trimmed(s, w)) == NULL) {
			free(c->line);
			return -1;
		}
		return 1;
	}
	memset(c, 0, sizeof(*c));
	c->verb = (enum cmd_verb)i;
	c->on = c->at = -1;
	/* a send's text is the coach's own, its "thanks" included */
	if (!(cm->flags & CMD_OWN_WORDS))
		n = polite_end(s, n);
	if ((c->line = command_trimmed(line, len)) == NULL ||
	    (a = command_trimmed(s + w, n - w)) == NULL) {
		free(c->line);
		return -1;
	}
	c->bad = cm->read(a, c) == -1;
	if (c->bad)
		args_free(c);
	if (c->bad && cm->prose != NULL && cm->prose(a)) {
		free(a);
		command_clear(c);
		return 0;
	}
	free(a);
	return 1;
}

/*
 * Keeps c in out, taking what it owns; past what one email may carry
 * (CMD_MAX commands, PLAN_MAX plan lines, and one more of each kind to
 * answer for the rest) only counts it and frees it.  Returns 1 when
 * kept, 0 when counted, -1 when out of memory (c freed).
 */
static int
list_add(struct cmd_list *out, struct cmd_line *c)
{
	struct cmd_line	*nv;
	int		 plan = CMD_PLANS(c->verb);

	if (plan ? out->nplans > PLAN_MAX : out->n - out->nplans > CMD_MAX) {
		command_clear(c);
		*(plan ? &out->more_plans : &out->more) += 1;
		return 0;
	}
	if ((nv = reallocarray(out->v, out->n + 1, sizeof(*nv))) == NULL) {
		command_clear(c);
		return -1;
	}
	out->v = nv;
	out->v[out->n++] = *c;
	out->nplans += plan;
	return 1;
}

/*
 * Takes the command lines out of text (the email's words above any
 * quote), blanking them where they were, into out (emptied first;
 * command_free() frees it).  out->first says whether the first line
 * with words was one: what follows it may be a signature;
 * out->next_week whether a heading says the email is about next week
 * (the subject may say so too: intake.c).  Returns how many it found,
 * or -1 when out of memory.
 */
int
command_parse(char *text, struct cmd_list *out)
{
	struct cmd_line	 c;
	char		*p, *end, *s, *e;
	int		 rc, seen = 0;

	memset(out, 0, sizeof(*out));
	/* "Plan for next week": what its weekdays mean (plan.c) */
	out->next_week = plan_next_week(text);
	for (p = text; *p != '\0'; p = *end == '\0' ? end : end + 1) {
		end = p + strcspn(p, "\n");
		for (s = p; s < end && isspace((unsigned char)*s); s++)
			continue;
		for (e = end; e > s && isspace((unsigned char)e[-1]); e--)
			continue;
		if (s == e)
			continue;
		if ((rc = parse_line(s, (size_t)(e - s), &c)) == 1) {
			/* kept or past the limit, it is no rating: blanked */
			memset(p, ' ', (size_t)(end - p));
			if ((rc = list_add(out, &c)) == 1)
				out->first |= !seen;
		}
		if (rc == -1) {
			command_free(out);
			return -1;
		}
		seen = 1;
	}
	return (int)out->n;
}

/*
 * Reads a CSV attachment as plan lines into out, after the text's,
 * when its header is a plan's (plan_csv_columns()): each row as the
 * line it stands for.  Returns 1 when it was one, 0 when not (a
 * rating CSV, which ratemail.c reads), -1 when out of memory.
 */
int
command_parse_csv(const char *data, size_t len, struct cmd_list *out)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	struct cmd_line		 c;
	struct buf		 line = { 0 };
	int			 cols[PLAN_CSV_COLS], got, rc = -1;

	if ((r = csv_open(data, len)) == NULL)
		return -1;
	if (csv_read(r, &rec) != 1 || !plan_csv_columns(rec, cols)) {
		rc = 0;
		goto out;
	}
	while ((got = csv_read(r, &rec)) == 1) {
		if (plan_csv_line(rec, cols, &line) == -1)
			goto out;
		if (line.len == 0)
			continue;	/* a row with no date: a blank one */
		if ((got = parse_line(line.data, line.len, &c)) == 1)
			got = list_add(out, &c);
		if (got == -1)
			goto out;
	}
	if (got == -1)
		log_warn("a plan's CSV: %s; the rows after it were not read",
		    csv_error(r));
	rc = 1;
out:
	buf_free(&line);
	csv_close(r);
	return rc;
}

void
command_free(struct cmd_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		command_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The command's line, quoted in the answer; a long one cut short. */
static void
echo_line(struct buf *reply, const char *line)
{
	char	 cut[ECHO_MAX + 4];
	size_t	 n = strlen(line);

	if (n > ECHO_MAX) {
		n = ECHO_MAX;
		while (n > 0 && ((unsigned char)line[n] & 0xc0) == 0x80)
			n--;	/* not inside a character */
		snprintf(cut, sizeof(cut), "%.*s...", (int)n, line);
		line = cut;
	}
	words_printf(reply, NULL, "mail.cmd_line", line);
}

/*
 * Whether c of l is past what one email may carry (list_add()), done
 * counting the commands and the plan lines met so far; the first of
 * each kind past it answers for the rest of its kind in reply.
 */
static int
too_many(const struct cmd_list *l, const struct cmd_line *c, size_t done[2],
    struct buf *reply)
{
	int	 plan = CMD_PLANS(c->verb);
	size_t	 max = plan ? PLAN_MAX : CMD_MAX;
	size_t	 all = plan ? l->nplans + l->more_plans :
	    l->n - l->nplans + l->more;

	if (done[plan]++ < max)
		return 0;
	if (done[plan] == max + 1)
		words_printf(reply, NULL, plan ? "mail.plan_too_many" :
		    "mail.cmd_too_many", (int)max, (unsigned long)(all - max));
	return 1;
}

/*
 * Carries out the commands of l from coach (a person's id; 0, an
 * address on no roster, commands nothing), in the caller's
 * transaction, answering each in reply: the line, then what was done
 * or why not.  Returns 0, 1 when the sender may command nothing (a
 * removed coach, an athlete, nobody: said in reply), or -1 on a
 * database error.
 */
int
command_act(struct mailer *mx, const struct cmd_list *l, int64_t coach,
    struct buf *reply)
{
	struct person	 me = { 0 };
	struct cmd_run	 r = { .mx = mx, .db = mx->ws->db, .coach = coach,
	    .now = time(NULL), .reply = reply };
	const struct cmd_line *c;
	const struct cmd_def *cm;
	struct buf	 how = { 0 };
	char		 ex[PHONE_EXAMPLE_MAX];
	size_t		 i, done[2] = { 0, 0 };	/* commands, plan lines */
	int		 rc = -1;

	if (coach != 0 && person_load(r.db, coach, &me) == -1)
		goto out;
	if (coach == 0 || !me.active || me.role == ROLE_ATHLETE) {
		rc = buf_puts(reply, words_get(NULL, "mail.not_a_coach")) ==
		    -1 ? -1 : 1;
		goto out;
	}
	r.name = me.name;
	r.head = me.role == ROLE_HEAD_COACH;
	r.plan.now = clock_now();
	r.plan.month_first = day_month_first(mx->country);
	r.plan.next_week = l->next_week;
	for (i = 0; i < l->n; i++) {
		c = &l->v[i];
		cm = command_of(c->verb);
		if (too_many(l, c, done, reply))
			continue;
		echo_line(reply, c->line);
		if (c->typo)
			words_printf(reply, NULL, "mail.cmd_typo", c->text,
			    c->near);
		else if (c->bad && !c->plan.why &&
		    (cm->flags & CMD_HOW_NUMBER)) {
			buf_reset(&how);
			words_printf(&how, NULL, cm->how,
			    command_number_example(&r, ex));
			words_printf(reply, NULL, "mail.cmd_bad",
			    how.data != NULL ? how.data : "");
		} else if (c->bad)
			words_printf(reply, NULL, "mail.cmd_bad",
			    words_get(NULL, c->plan.why ? c->plan.why : cm->how));
		else if (cm->act(&r, c) == -1)
			goto out;
		buf_puts(reply, "\n");
	}
	rc = buf_failed(reply) ? -1 : 0;
out:
	buf_free(&how);
	free(r.reminded);
	person_clear(&me);
	return rc;
}
