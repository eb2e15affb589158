/*
 * illness.c - "sick", "injured", "I'm sick", "bin verletzt": an
 * athlete's word that they are ill or injured, with a note.  It is kept
 * as their check-in, passed on to their coaches, and opens an episode
 * (lib/health.c) that rests them until a coach moves it on; the
 * coaches' digest lists the open episodes with the command that does.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest.h"

/*
 * After "sick" or "injured" (k, the keyword, at body): which, and the
 * note that follows.
 */
static void
ill_read(const struct sms_keyword *k, const char *body,
    const struct sms_names *names, struct sms_cmd *c)
{
	snprintf(c->illness, sizeof(c->illness), "%s",
	    strcmp(k->name, "kw.injured") == 0 ? "injured" : "sick");
	token_rest(body, c->text, sizeof(c->text));
}

/*
 * Kept as the day's check-in with its note, passed on to the coaches,
 * and an episode opened that rests them ("out") until a coach moves it
 * on; an injury's body area is read from the note.
 */
static enum outcome
on_ill(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	struct wellness	 w = { .note = cmd->text };
	char		 area[HEALTH_AREA_MAX] = "";

	day_string(time(NULL), w.day);
	snprintf(w.illness, sizeof(w.illness), "%s", cmd->illness);
	if (wellness_add(r->db, p->id, &w, NULL, (int64_t)time(NULL),
	    msg) == -1)
		return OUT_FAILED;
	if (r->forward && thread_pass_on(r->db, r->each, p, msg,
	    cmd->illness, cmd->text) == -1)
		return OUT_FAILED;
	/* resting until a coach moves the episode on (health.c) */
	if (strcmp(cmd->illness, "injured") == 0)
		health_area_read(cmd->text, area, sizeof(area));
	if (episode_open(r->db, p->id, strcmp(cmd->illness, "injured") ==
	    0 ? "injury" : "illness", area, "out", "text", time(NULL)) == -1)
		return OUT_FAILED;
	say(reply, "sms.ill");
	return OUT_OK;
}

static const struct sms_keyword keywords[] = {
	{ "kw.sick", NULL, SMS_ILL, 1, ill_read },
	{ "kw.injured", NULL, SMS_ILL, 1, ill_read },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_ILL, "wellness", 1, on_ill },
	{ 0 }
};

const struct sms_text illness_texts = { keywords, rules, NULL };

/*
 * An open injury or illness episode (lib/health.c): what, the stage
 * and since when it is at it (as the part says), with the command that
 * moves it to the next stage.
 */
static void
episode_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	static const char *const next[][2] = { { "out", "kw.stage_modified" },
	    { "modified", "kw.stage_full" }, { "full", "kw.stage_cleared" } };
	struct buf	 what = { 0 };
	const char	*stage = db_text(st, 3), *kw = "kw.stage_cleared";
	char		 day[11], date[WORDS_DATE_MAX], name[32], word[32];
	size_t		 i;

	(void)now;
	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++)
		if (strcmp(next[i][0], stage) == 0)
			kw = next[i][1];
	/* a keyword's first alias in the coach's language */
	snprintf(word, sizeof(word), "%s", words_get(NULL, kw));
	word[strcspn(word, " ")] = '\0';
	snprintf(name, sizeof(name), "gen.stage_%s", stage);
	day_string((time_t)sqlite3_column_int64(st, 4), day);
	health_problem_words(db_text(st, 1), db_text(st, 2), &what);
	words_printf(out, NULL, "mail.digest_episode", db_text(st, 0),
	    what.data ? what.data : "", words_get(NULL, name),
	    words_date(day, date), db_text(st, 5), word);
	buf_free(&what);
}

const struct digest_part illness_episodes = {
	.stmt = STMT_EPISODES_COACH, .heading = "mail.digest_episodes",
	.line = episode_line
};
