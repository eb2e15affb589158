/*
 * command_setting.c - what a coach asks of cox for themself, and the
 * team's settings a head coach keeps: help (the commands), sheet (the
 * rating sheet now, or with each morning digest), digest (on, off, at
 * a time: coach_pref, which digest.c reads) and erg (what a metric
 * counts as an erg piece: lib/erg.c).  Its table, command_settings, is
 * one of command.c's registry.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"

/* a coach's choices (coach_pref): one column each, row made once */
STMT(STMT_CMD_PREF_DIGEST,
    "INSERT INTO coach_pref (person_id, digest) VALUES (?1, ?2) "
    "ON CONFLICT (person_id) DO UPDATE SET digest = ?2");
STMT(STMT_CMD_PREF_DIGEST_AT,
    "INSERT INTO coach_pref (person_id, digest_at) VALUES (?1, ?2) "
    "ON CONFLICT (person_id) DO UPDATE SET digest_at = ?2");
STMT(STMT_CMD_PREF_SHEET,
    "INSERT INTO coach_pref (person_id, sheet) VALUES (?1, ?2) "
    "ON CONFLICT (person_id) DO UPDATE SET sheet = ?2");

static int
act_help(struct cmd_run *r, const struct cmd_line *c)
{
	char	 ex[PHONE_EXAMPLE_MAX];

	(void)c;
	if (words_printf(r->reply, NULL, "mail.cmd_help",
	    command_number_example(r, ex)) == -1)
		return -1;
	return buf_puts(r->reply, words_get(NULL, "mail.cmd_help_health"));
}

/* A setting of the coach's own, into coach_pref. */
static int
own_setting(struct cmd_run *r, const struct stmt *id, const char *fmt, int on,
    const char *at)
{
	if (at != NULL)
		return db_exec(r->db, id, fmt, r->coach, at);
	return db_exec(r->db, id, fmt, r->coach, (int64_t)on);
}

/* "sheet [SQUAD]": the rating sheet in the reply; "sheet on|off". */
static int
act_sheet(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	struct buf	 sheet = { 0 };
	int		 rc, n;

	if (c->on != -1) {
		if ((rc = own_setting(r, STMT_CMD_PREF_SHEET, "ii", c->on,
		    NULL)) != 0)
			return rc;
		return buf_puts(r->reply, words_get(NULL, c->on ?
		    "mail.cmd_sheet_on" : "mail.cmd_sheet_off"));
	}
	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if ((n = sheet_text(r->db, t.squad, r->coach, &sheet)) == -1) {
		buf_free(&sheet);
		return -1;
	}
	if (n == 0)
		rc = words_printf(r->reply, NULL, "mail.cmd_sheet_none",
		    t.label);
	else
		rc = words_printf(r->reply, NULL, "mail.cmd_sheet", t.label,
		    sheet.data);
	buf_free(&sheet);
	return rc;
}

/* "digest on|off|at HH:MM": the coach's choice, which digest.c reads. */
static int
act_digest(struct cmd_run *r, const struct cmd_line *c)
{
	char	 at[8];
	int	 rc;

	if (c->at == -1) {
		if ((rc = own_setting(r, STMT_CMD_PREF_DIGEST, "ii", c->on,
		    NULL)) != 0)
			return rc;
		return buf_puts(r->reply, words_get(NULL, c->on ?
		    "mail.cmd_digest_on" : "mail.cmd_digest_off"));
	}
	snprintf(at, sizeof(at), "%02d:%02d", c->at / 60 % 24, c->at % 60);
	if ((rc = own_setting(r, STMT_CMD_PREF_DIGEST_AT, "it", 0, at)) != 0)
		return rc;
	if (own_setting(r, STMT_CMD_PREF_DIGEST, "ii", 1, NULL) == -1)
		return -1;
	return words_printf(r->reply, NULL, "mail.cmd_digest_at", at);
}

/*
 * "erg METRIC PIECE": what metric.erg says of a metric, as cox metric
 * edit --erg does; a head coach's, as the metrics are the team's.  The
 * piece is the last word, the metric the words before it, as a rating
 * line names one ("erg Erg 2k 2k", "erg 30min-test 30min").
 */
static int
act_erg(struct cmd_run *r, const struct cmd_line *c)
{
	struct metric_set	 ms;
	struct metric		*m;
	const struct metric	*found;
	const char		*hint;
	char			 words[256];
	enum erg_piece		 p;
	int			 rc = -1;

	if (!r->head)
		return buf_puts(r->reply, words_get(NULL, "mail.cmd_erg_head"));
	snprintf(words, sizeof(words), "%s", c->text);
	*strrchr(words, ' ') = '\0';	/* read_erg() read the piece */
	p = c->erg;
	if (metric_set_load(r->db, &ms) == -1)
		return -1;
	if ((found = metric_match(ms.v, ms.n, trim(words), &hint)) == NULL) {
		rc = words_printf(r->reply, NULL, "mail.cmd_erg_none",
		    trim(words));
		goto out;
	}
	m = &ms.v[found - ms.v];
	if (!erg_fits(m, p)) {
		rc = words_printf(r->reply, NULL, "mail.cmd_erg_unfit",
		    m->name, erg_piece_name(p));
		goto out;
	}
	m->erg = p;
	if (metric_save(r->db, m) == -1)
		goto out;
	rc = words_printf(r->reply, NULL, p == ERG_NONE ? "mail.cmd_erg_off" :
	    p == ERG_WEIGHT ? "mail.cmd_erg_weight" : "mail.cmd_erg_set",
	    m->name, erg_piece_name(p));
out:
	metric_set_free(&ms);
	return rc;
}

/* "on" or "off" into c->on.  0 or -1. */
static int
read_switch(const char *a, struct cmd_line *c)
{
	if (command_word(a, strlen(a), "kw.on"))
		c->on = 1;
	else if (command_word(a, strlen(a), "kw.off"))
		c->on = 0;
	return c->on == -1 ? -1 : 0;
}

/*
 * A time of day to minutes, -1 if none: "HH:MM", or as coaches write
 * it, "7:05", "6h30" and "6h" (French), "6.30" and "6:30 Uhr" (German).
 */
static int
clock_read(const char *s)
{
	char	 hhmm[6];
	size_t	 h, n = strlen(s);

	if (n > 4 && strcasecmp(s + n - 4, " uhr") == 0)
		n -= 4;
	h = isdigit((unsigned char)s[0]) ? isdigit((unsigned char)s[1]) ?
	    2 : 1 : 0;
	if (h == 0 || h >= n || strchr(":hH.", s[h]) == NULL ||
	    (h + 3 != n && (h + 1 != n || (s[h] != 'h' && s[h] != 'H'))))
		return -1;
	snprintf(hhmm, sizeof(hhmm), "%s%.*s:%.2s", h == 1 ? "0" : "",
	    (int)h, s, h + 1 == n ? "00" : s + h + 1);
	return parse_clock(hhmm, 5);
}

/* help's words: none. */
static int
read_none(char *a, struct cmd_line *c)
{
	(void)a;
	(void)c;
	return 0;
}

/* sheet's: nothing, on, off, or a squad. */
static int
read_sheet(char *a, struct cmd_line *c)
{
	if (a[0] == '\0' || read_switch(a, c) == 0)
		return 0;
	return command_read_target(a, c) == 0 && !c->all ? 0 : -1;
}

/* digest's: on, off, or at HH:MM. */
static int
read_digest(char *a, struct cmd_line *c)
{
	char	*p;
	size_t	 n = strcspn(a, " \t");

	if (read_switch(a, c) == 0)
		return 0;
	if (!command_word(a, n, "kw.at"))
		return -1;
	p = trim(a + n);
	/* "a las 7:30": Spanish's article, a word of kw.at too */
	if (command_word(p, n = strcspn(p, " \t"), "kw.at"))
		p = trim(p + n);
	return (c->at = clock_read(p)) == -1 ? -1 : 0;
}

/* erg's: a metric's words, then a piece, read when acted on. */
static int
read_erg(char *a, struct cmd_line *c)
{
	char	*p;

	for (p = a; *p != '\0'; p++)
		if (*p == '\t')
			*p = ' ';
	if ((p = strrchr(a, ' ')) == NULL || strlen(a) >= 256 ||
	    erg_piece_parse(p + 1, &c->erg) == -1)
		return -1;
	return (c->text = xstrdup(a)) == NULL ? -1 : 0;
}

static const struct cmd_def command_settings[] = {
	{ CMD_HELP, "kw.help", read_none, act_help, "mail.cmd_how_none",
	    NULL, 0 },
	{ CMD_SHEET, "kw.sheet", read_sheet, act_sheet, "mail.cmd_how_sheet",
	    NULL, 0 },
	{ CMD_DIGEST, "kw.digest", read_digest, act_digest,
	    "mail.cmd_how_digest", NULL, 0 },
	/* "Erg test went well": a line about ergs, no command */
	{ CMD_ERG, "kw.erg", read_erg, act_erg, "mail.cmd_how_erg",
	    command_prose, 0 },
	{ .kw = NULL }
};
CMD_FAMILY(command_settings, 100);
