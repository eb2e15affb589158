/*
 * command_health.c - the coach's commands about an athlete's health:
 * pause and resume (no reminders or check-ins while they are out),
 * injured and ill (an episode opened, the athlete out) and stage (the
 * episode moved on: lib/health.c).  A line that reads as a sentence
 * ("Injured her back on Tuesday") is prose, not a command.  Its
 * table, command_health, is one of command.c's registry.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"

STMT(STMT_CMD_PAUSE, "UPDATE person SET paused = ? WHERE id = ?");

/* "pause @h", "resume @h": person.paused, which remind.c reads. */
static int
act_pause(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	int		 rc, on = c->verb == CMD_PAUSE;

	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (db_exec(r->db, STMT_CMD_PAUSE, "ii", (int64_t)on, t.person) == -1)
		return -1;
	return words_printf(r->reply, NULL, on ? "mail.cmd_paused" :
	    "mail.cmd_resumed", t.label, c->who);
}

/*
 * "injured WHO [AREA]", "ill WHO": an episode opened by the coach, the
 * athlete out (no prompts) until moved on; the area is read off the end
 * of the line (health_area_word()), the athlete is what comes before.
 */
static int
act_episode(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	struct buf	 what = { 0 };
	const char	*kind = c->verb == CMD_ILL ? "illness" : "injury";
	char		 area[HEALTH_AREA_MAX] = "";
	int		 rc;

	if (c->verb == CMD_INJURED && c->text != NULL)
		health_area_read(c->text, area, sizeof(area));
	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if ((rc = episode_open(r->db, t.person, kind, area, "out", "coach",
	    r->now)) == -1)
		return -1;
	health_problem_words(kind, area, &what);
	rc = words_printf(r->reply, NULL, rc == 1 ? "mail.cmd_episode_opened" :
	    "mail.cmd_episode_open_already", t.label, what.data ? what.data :
	    "", c->who);
	buf_free(&what);
	return rc;
}

/* "stage WHO out|modified|full|cleared": the open episode moved on. */
static int
act_stage(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	struct buf	 what = { 0 };
	sqlite3_stmt	*st;
	char		 name[32];
	int		 rc;

	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	st = db_query(r->db, STMT_EPISODES_ATHLETE, "i", t.person);
	if ((rc = db_row(r->db, st)) == OUT_ROW &&
	    sqlite3_column_type(st, 5) == SQLITE_NULL)
		health_problem_words(db_text(st, 0), db_text(st, 1), &what);
	sqlite3_reset(st);
	if (rc == OUT_FAILED || (rc = episode_move(r->db, t.person, c->text,
	    r->now)) == -1) {
		buf_free(&what);
		return -1;
	}
	snprintf(name, sizeof(name), "gen.stage_%s", c->text);
	rc = rc == 0 ? words_printf(r->reply, NULL, "mail.cmd_episode_none",
	    t.label) : words_printf(r->reply, NULL, "mail.cmd_episode_moved",
	    t.label, what.data ? what.data : "", words_get(NULL, name));
	buf_free(&what);
	return rc;
}

/* The last word of a (trimmed): its start, or NULL when a has one. */
static char *
last_word(char *a)
{
	char	*p = a + strlen(a);

	while (p > a && !isspace((unsigned char)p[-1]))
		p--;
	return p == a ? NULL : p;
}

/*
 * Whether the words after an episode's keyword read as a sentence, not
 * a name ("Injured her back on Tuesday, rest her"): punctuation a name
 * has not, or more words than a name and an area or stage have.
 */
static int
sentence(const char *a)
{
	size_t	 words = 0;

	if (strpbrk(a, ",;:!?") != NULL)
		return 1;
	while (*(a += strspn(a, " \t")) != '\0') {
		words++;
		a += strcspn(a, " \t");
	}
	return words > 6;
}

/*
 * "injured Jane Doe lower back": the body area's words off the end of
 * a (kept whole in c->text, read when acted on), the athlete before.
 * "stage @jdoe modified training": the stage off the end, into c->text
 * as health.c names it.  0 or -1.
 */
static int
episode_read(int is_stage, char *a, struct cmd_line *c)
{
	char		*w;
	const char	*stage = NULL;

	if (sentence(a))
		return -1;
	if (!is_stage && (c->text = xstrdup(a)) == NULL)
		return -1;
	/* each word of the area or stage cut off, till the name's */
	while ((w = last_word(a)) != NULL) {
		if (!(!is_stage && health_area_word(w)) &&
		    !(is_stage && stage == NULL &&
		    (words_is("kw.training", w) ||
		    (stage = episode_stage_read(w)) != NULL)))
			break;
		w[-1] = '\0';
		trim(a);
	}
	if (is_stage && (stage == NULL ||
	    (c->text = xstrdup(stage)) == NULL))
		return -1;
	return command_read_athlete(a, c);
}

/* injured's and ill's words: the athlete, then a body area. */
static int
read_injured(char *a, struct cmd_line *c)
{
	return episode_read(0, a, c);
}

/* stage's words: the athlete, then a stage. */
static int
read_stage(char *a, struct cmd_line *c)
{
	return episode_read(1, a, c);
}

static const struct cmd_def command_health[] = {
	{ CMD_PAUSE, "kw.pause", command_read_athlete, act_pause,
	    "mail.cmd_how_handle", NULL, 0 },
	{ CMD_RESUME, "kw.resume", command_read_athlete, act_pause,
	    "mail.cmd_how_handle", NULL, 0 },
	{ CMD_INJURED, "kw.injured", read_injured, act_episode,
	    "mail.cmd_how_injured", sentence, 0 },
	{ CMD_ILL, "kw.sick", read_injured, act_episode,
	    "mail.cmd_how_injured", sentence, 0 },
	{ CMD_STAGE, "kw.stage", read_stage, act_stage, "mail.cmd_how_stage",
	    sentence, 0 },
	{ .kw = NULL }
};
CMD_FAMILY(command_health, 400);
