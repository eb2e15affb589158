/*
 * remind.c - what coxswain texts without being asked: a reminder of a
 * coach rating not answered after some hours (at most a few times), and
 * a wellness check-in prompt daily or weekly.  Nothing goes out in the
 * team's quiet hours, counted in its time zone (the process's local
 * time: workspace_zone() set TZ at start-up, before any thread), and
 * nothing to anyone opted out, blocked or removed, nor to an athlete a
 * coach paused (injured: `pause @handle` by email).  A pass runs in one
 * transaction and notes what it queued, so the daemon and a timer
 * running passes at once, or a pass cut short, send nothing twice.
 *
 *	[team]      timezone = Europe/London
 *	[reminders] rating_after_hours = 48
 *	            rating_max = 2
 *	            check_in = daily 07:30 | weekly mon 18:00 | off
 *	            check_in_squads = Senior Men, Junior Women
 *	            quiet_hours = 21:00-08:00
 *	[health]    ask = sun 18:00 | off
 *
 * [health] ask is the weekly OSTRC-H2 question (ostrc.c), to every
 * athlete, out or not: a week's prevalence counts all of them.  An
 * athlete an episode has out (health.c) gets no rating reminder nor
 * check-in prompt while out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "shared.h"

/*
 * Reminders: athletes who can be texted (and are not paused,
 * injured) with coach ratings from the
 * emails since ?1 still unanswered, the oldest of them by ?2, the
 * metrics waiting; and how many reminders of kind ?2 went to
 * person ?1 since ?3, the last when.
 */
STMT(STMT_REMIND_RATINGS,
    "SELECT p.id, min(r.created_at), "
    "replace(group_concat(DISTINCT mt.slug), ',', ', ') "
    /* from the few recent emails to their ratings (CROSS JOIN
     * keeps that order), never through every rating of the team */
    "FROM message msg CROSS JOIN rating r ON r.message_id = msg.id "
    "JOIN person p ON p.id = r.athlete_id "
    "JOIN metric mt ON mt.id = r.metric_id "
    "WHERE msg.direction = 'in' AND msg.kind = 'ratings' "
    "AND msg.created_at >= ? AND r.source = 'coach' AND mt.active = 1 "
    "AND p.role = 'athlete' AND p.active = 1 AND p.opted_out = 0 "
    "AND p.blocked = 0 AND p.paused = 0 AND NOT EXISTS (SELECT 1 "
    "FROM rating s "
    "WHERE s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id "
    "AND s.created_at >= r.created_at AND s.source = 'self') "
    "GROUP BY p.id HAVING min(r.created_at) <= ? ORDER BY p.id");
STMT(STMT_REMIND_SENT,
    "SELECT count(*), coalesce(max(created_at), 0) FROM message "
    "WHERE person_id = ? AND created_at >= ? AND direction = 'out' "
    "AND kind = 'reminder'");
/*
 * The athletes a check-in prompt goes to: who can be texted and is
 * not paused, in one
 * of the squads of the JSON array ?1 (all when empty), not checked
 * in on day ?2.
 */
STMT(STMT_REMIND_CHECKIN,
    "SELECT p.id FROM person p WHERE p.role = 'athlete' "
    "AND p.active = 1 AND p.opted_out = 0 AND p.blocked = 0 "
    "AND p.paused = 0 AND (json_array_length(?1) = 0 OR EXISTS "
    "(SELECT 1 FROM membership ms JOIN squad s ON s.id = ms.squad_id "
    "WHERE ms.person_id = p.id AND s.name IN (SELECT value "
    "FROM json_each(?1)))) AND NOT EXISTS (SELECT 1 FROM wellness w "
    "WHERE w.athlete_id = p.id AND w.day = ?2) ORDER BY p.id");

#define HOUR		3600
#define STALE		(12 * HOUR)	/* a prompt this late is skipped */
#define LOOKBACK	(30 * 24 * HOUR)	/* ratings reminded of */

struct remind {
	long	 after_hours, max;	/* rating reminders; 0 hours: none */
	int	 check_in;		/* 0 off, 1 daily, 7 weekly */
	int	 wday, at;		/* weekly's day (0 Sunday); minutes */
	int	 health, health_wday, health_at;	/* [health] ask */
	struct quiet quiet;		/* quiet.c */
	char	*squads;		/* JSON array of squad names */
	char	*base_url;		/* [site] base_url, or NULL */
	long	 avail_hours;		/* [avail] remind_hours (avail.c) */
};

static int
parse_check_in(const char *v, struct remind *r)
{
	static const char *const days[] = { "sun", "mon", "tue", "wed",
	    "thu", "fri", "sat" };
	size_t	 i;

	if (strcmp(v, "off") == 0)
		return 0;
	if (strncmp(v, "daily ", 6) == 0) {
		r->check_in = 1;
		return (r->at = parse_clock(v + 6, strlen(v + 6))) == -1 ?
		    -1 : 0;
	}
	if (strncmp(v, "weekly ", 7) != 0 || strlen(v) != 7 + 4 + 5 ||
	    v[10] != ' ')
		return -1;
	for (i = 0; i < 7 && strncasecmp(v + 7, days[i], 3) != 0; i++)
		continue;
	if (i == 7)
		return -1;
	r->check_in = 7;
	r->wday = (int)i;
	return (r->at = parse_clock(v + 11, 5)) == -1 ? -1 : 0;
}

/*
 * [health] ask = DAY HH:MM (or off, the default), read as a weekly
 * check-in time is, into r->health_wday and r->health_at.  0, or -1
 * after saying what is wrong.
 */
static int
health_setting(const struct config *c, struct remind *r)
{
	struct remind	 w = { 0 };
	char		 v[32];
	const char	*ask = config_get(c, "health", "ask");

	if (ask == NULL || strcmp(ask, "off") == 0)
		return 0;
	snprintf(v, sizeof(v), "weekly %s", ask);
	if (strlen(ask) > 16 || parse_check_in(v, &w) == -1) {
		config_bad(c, "health", "ask", "write 'DAY HH:MM' (mon, "
		    "tue...) or 'off'");
		return -1;
	}
	r->health = 1;
	r->health_wday = w.wday;
	r->health_at = w.at;
	return 0;
}

/* The squads of "A, B" as a JSON array, names trimmed. */
static char *
squads_json(const char *v)
{
	json_t		*a = json_array();
	const char	*p = v, *end;
	char		*out;

	while (v != NULL && *p != '\0') {
		p += strspn(p, " \t");
		end = p + strcspn(p, ",");
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > p)
			json_array_append_new(a, json_stringn(p, (size_t)(end -
			    p)));
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	out = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return out;
}

enum outcome
remind_new(const struct config *c, struct remind **out)
{
	struct remind	*r;
	const char	*v;

	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return OUT_FAILED;
	if (config_long(c, "reminders", "rating_after_hours", 0, 0, 24 * 28,
	    &r->after_hours) == -1 || config_long(c, "reminders",
	    "rating_max", 2, 1, 10, &r->max) == -1 || config_long(c, "avail",
	    "remind_hours", 24, 0, 24 * 7, &r->avail_hours) == -1)
		goto bad;
	v = config_get(c, "reminders", "check_in");
	if (v != NULL && parse_check_in(v, r) == -1) {
		config_bad(c, "reminders", "check_in", "write 'daily HH:MM', "
		    "'weekly DAY HH:MM' (mon, tue...) or 'off'");
		goto bad;
	}
	if (health_setting(c, r) == -1)
		goto bad;
	if (quiet_load(c, &r->quiet) != OUT_OK)
		goto bad;
	if ((r->squads = squads_json(config_get(c, "reminders",
	    "check_in_squads"))) == NULL)
		goto bad;
	if ((v = workspace_base_url(c)) != NULL &&
	    (r->base_url = strdup(v)) == NULL)
		goto bad;
	*out = r;
	return OUT_OK;
bad:
	remind_free(r);
	return OUT_CONFIG;
}

/* Whether anything is to be sent at all. */
int
remind_on(const struct remind *r)
{
	/* a session's reminder (avail.c) is one too, on by default */
	return r != NULL && (r->after_hours > 0 || r->check_in != 0 ||
	    r->health || r->avail_hours > 0);
}

void
remind_free(struct remind *r)
{
	if (r == NULL)
		return;
	free(r->squads);
	free(r->base_url);
	free(r);
}

/*
 * The latest check-in time at or before now: today's (or this week's)
 * if it has come, else the one before.  mktime() places a local time
 * that a clock change skipped or repeated.
 */
static time_t
check_in_slot(int every, int wday, int at, const struct tm *now_tm,
    time_t now)
{
	struct tm	 s;
	time_t		 t;
	int		 back;

	back = every == 7 ? (now_tm->tm_wday - wday + 7) % 7 : 0;
	for (;;) {
		s = *now_tm;
		s.tm_mday -= back;
		s.tm_hour = at / 60;
		s.tm_min = at % 60;
		s.tm_sec = 0;
		s.tm_isdst = -1;
		if ((t = mktime(&s)) <= now)
			return t;
		back += every;
	}
}

/*
 * The reminder of coach scores not answered, into text (emptied
 * first): slugs the metrics waiting ("technique, erg"), ms the team's
 * metrics (the example is the waiting one first on the page, in its
 * own form: "technique 3", "split 2:00.0"), base_url the site's address
 * or NULL; the first form that fits one text, opening with the club's
 * short name.  Returns 0 or -1.
 */
int
remind_rating_text(const struct metric_set *ms, const char *slugs,
    const char *base_url, struct buf *text)
{
	struct buf	 example = { 0 };
	const char	*at;
	char		*only;
	size_t		 j, n;
	int		 form, rc;

	if ((only = calloc(ms->n + 1, 1)) == NULL)
		return -1;
	for (j = 0; j < ms->n; j++)
		for (at = slugs; *at != '\0'; at += n + strspn(at + n, ", ")) {
			n = strcspn(at, ", ");
			if (strlen(ms->v[j].slug) == n &&
			    strncmp(ms->v[j].slug, at, n) == 0) {
				only[j] = 1;
				break;
			}
		}
	/* the first on the page alone */
	for (j = 0; j < ms->n && !only[j]; j++)
		;
	for (n = j + 1; n < ms->n; n++)
		only[n] = 0;
	if (j < ms->n)
		metric_example(ms, only, 1, &example);
	else	/* retired since it was rated: its name and a score */
		buf_printf(&example, "%.*s 3", (int)strcspn(slugs, ", "),
		    slugs);
	free(only);
	/* the site's address, then the list of metrics, go to fit one text */
	for (form = 0; form < 4; form++) {
		buf_reset(text);
		buf_puts(text, sms_lead());
		if (form < 2)
			words_printf(text, NULL, "sms.remind_rating", slugs,
			    example.data ? example.data : "");
		else
			words_printf(text, NULL, "sms.remind_rating_short",
			    example.data ? example.data : "");
		if (base_url != NULL && form % 2 == 0)
			buf_printf(text, " %s", base_url);
		if (buf_failed(text) || sms_segments(text->data) == 1)
			break;
	}
	rc = buf_failed(&example) || buf_failed(text) ? -1 : 0;
	buf_free(&example);
	return rc;
}

/*
 * The check-in prompt, into text (emptied first): Hooper's four, then
 * the club's own items (items may be NULL), the weekly ones when
 * weekly.  Returns 0 or -1.
 */
int
remind_check_in_text(struct buf *text, const struct checkin_items *items,
    int weekly)
{
	struct buf	 more = { 0 };

	buf_reset(text);
	buf_puts(text, sms_lead());
	buf_puts(text, words_get(NULL, "sms.check_in"));
	if (checkin_prompt(items, weekly, &more) > 0 && !buf_failed(&more)) {
		buf_puts(text, " ");
		words_printf(text, NULL, "sms.check_in_more", more.data);
	}
	buf_free(&more);
	return buf_failed(text) ? -1 : 0;
}

/* Rating reminders due at now; counts them in *queued. */
static int
remind_ratings(struct db *db, const struct remind *r, time_t now,
    int *queued)
{
	sqlite3_stmt	*st, *sent;
	int64_t		*ids = NULL, *oldest = NULL;
	char		**slugs = NULL;
	struct buf	 text = { 0 };
	struct metric_set ms;
	size_t		 n = 0, cap = 0, i;
	int		 rc, skipped = 0, count;
	int64_t		 last;
	time_t		 after = (time_t)r->after_hours * HOUR;
	const char	*was;

	if (metric_set_load(db, &ms) == -1)
		return -1;
	st = db_query(db, STMT_REMIND_RATINGS, "ii", (int64_t)(now -
	    LOOKBACK), (int64_t)(now - after));
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((ids = reallocarray(ids, cap, sizeof(*ids))) ==
			    NULL || (oldest = reallocarray(oldest, cap,
			    sizeof(*oldest))) == NULL || (slugs =
			    reallocarray(slugs, cap, sizeof(*slugs))) == NULL) {
				rc = -1;
				break;
			}
		}
		ids[n] = sqlite3_column_int64(st, 0);
		oldest[n] = sqlite3_column_int64(st, 1);
		if ((slugs[n] = strdup(db_text(st, 2))) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	for (i = 0; rc != -1 && i < n; i++) {
		sent = db_query(db, STMT_REMIND_SENT, "ii", ids[i], oldest[i]);
		if ((rc = db_row(db, sent)) != OUT_ROW) {
			sqlite3_reset(sent);
			rc = -1;
			break;
		}
		count = sqlite3_column_int(sent, 0);
		last = sqlite3_column_int64(sent, 1);
		sqlite3_reset(sent);
		if (count >= r->max || (count > 0 && last > now - after))
			continue;
		if ((rc = episode_askable(db, ids[i])) != 1)
			continue;	/* out, or -1: the loop ends */
		was = person_reader(db, ids[i]);
		rc = remind_rating_text(&ms, slugs[i], r->base_url, &text);
		words_reader(was);
		if (rc == -1)
			break;
		rc = outbox_queue_text(db, ids[i], text.data, "reminder", now,
		    queued, &skipped);
	}
	for (i = 0; i < n; i++)
		free(slugs[i]);
	free(slugs);
	free(ids);
	free(oldest);
	buf_free(&text);
	metric_set_free(&ms);
	return rc == -1 ? -1 : 0;
}

/* The check-in prompt, once per check-in time; counts in *queued. */
static int
remind_check_in(struct db *db, const struct remind *r, time_t slot,
    time_t now, int *queued)
{
	sqlite3_stmt	*st;
	struct checkin_items items;
	struct tm	 tm;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	char		 day[11], mark[24], *done = NULL;
	const char	*was;
	struct buf	 text = { 0 };
	int		 rc = 0, skipped = 0, weekly;

	snprintf(mark, sizeof(mark), "%lld", (long long)slot);
	if (db_meta_get(db, "check_in_sent", &done) == -1)
		return -1;
	/* a clock stepped back finds an earlier slot: served already */
	if (done != NULL && strtoll(done, NULL, 10) >= (long long)slot) {
		free(done);
		return 0;
	}
	free(done);
	if (now - slot <= STALE) {
		/* weekly items: in a weekly prompt, or Monday's daily one */
		localtime_r(&slot, &tm);
		weekly = r->check_in == 7 || tm.tm_wday == 1;
		if (checkin_items_load(db, &items) == -1)
			return -1;
		day_string(slot, day);
		st = db_query(db, STMT_REMIND_CHECKIN, "tt", r->squads, day);
		if (db_ids(db, st, &ids, &n) == -1)
			return -1;
		for (i = 0; rc == 0 && i < n; i++) {
			if ((rc = episode_askable(db, ids[i])) != 1) {
				rc = rc == 0 ? 0 : -1;	/* out: not asked */
				continue;
			}
			rc = 0;
			was = person_reader(db, ids[i]);
			rc = remind_check_in_text(&text, &items, weekly);
			words_reader(was);
			if (rc == 0)
				rc = outbox_queue_text(db, ids[i], text.data,
				    "check-in", now, queued, &skipped);
		}
		buf_free(&text);
		free(ids);
	}
	/* a prompt missed by more than STALE is not sent late */
	return rc == -1 ? -1 : db_meta_set(db, "check_in_sent", mark);
}

/*
 * The week's health question to every athlete, once per slot (a
 * missed one is not sent late), as remind_check_in() sends its prompt;
 * counts in *queued.  0 or -1.
 */
static int
remind_health(struct db *db, time_t slot, time_t now, int *queued)
{
	sqlite3_stmt	*st;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	char		 week[11], mark[24], *done = NULL;
	int		 rc = 0, skipped = 0;

	snprintf(mark, sizeof(mark), "%lld", (long long)slot);
	if (db_meta_get(db, "health_sent", &done) == -1)
		return -1;
	if (done != NULL && strtoll(done, NULL, 10) >= (long long)slot) {
		free(done);
		return 0;
	}
	free(done);
	if (now - slot <= STALE) {
		day_string(slot, week);
		st = db_query(db, STMT_ATHLETE_IDS, "");
		if (db_ids(db, st, &ids, &n) == -1)
			return -1;
		for (i = 0; rc == 0 && i < n; i++)
			rc = ostrc_prompt(db, ids[i], week, now, queued,
			    &skipped);
		free(ids);
	}
	return rc == -1 ? -1 : db_meta_set(db, "health_sent", mark);
}

/*
 * One pass at time now: queues what is due, in one transaction; the
 * outbox sends it.  Sets *queued.  Returns 0, or -1 on a database
 * error (nothing queued).
 */
int
remind_pass(struct db *db, const struct remind *r, time_t now, int *queued)
{
	struct tm	 tm;
	time_t		 slot;

	*queued = 0;
	if (!remind_on(r))
		return 0;
	localtime_r(&now, &tm);	/* the team's zone: workspace_zone() */
	if (quiet_now(&r->quiet, &tm))
		return 0;
	if (db_begin(db) == -1)
		return -1;
	if (r->after_hours > 0 && remind_ratings(db, r, now, queued) == -1)
		goto fail;
	if (r->check_in != 0) {
		slot = check_in_slot(r->check_in, r->wday, r->at, &tm, now);
		if (remind_check_in(db, r, slot, now, queued) == -1)
			goto fail;
	}
	if (r->health) {
		slot = check_in_slot(7, r->health_wday, r->health_at, &tm,
		    now);
		if (remind_health(db, slot, now, queued) == -1)
			goto fail;
	}
	if (avail_remind(db, r->avail_hours, now, queued) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	*queued = 0;
	return -1;
}
