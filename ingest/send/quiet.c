/*
 * quiet.c - the team's quiet hours ([reminders] quiet_hours, counted in
 * its time zone, which workspace_open() made the process's local time):
 * no text cox starts on its own is queued (remind.c) or handed to
 * Twilio (outbox.c) inside them; one held by them goes when they end.
 * Below both files, so that neither calls the other for it.
 */
#include <string.h>
#include <time.h>

#include "send.h"

/*
 * Reads [reminders] quiet_hours ("HH:MM-HH:MM") into *q; none set means
 * never quiet.  Returns OUT_OK, or OUT_CONFIG after saying what to write.
 */
enum outcome
quiet_load(const struct config *c, struct quiet *q)
{
	const char	*v = config_get(c, "reminders", "quiet_hours");

	q->from = q->to = 0;
	if (v == NULL)
		return OUT_OK;
	if (strlen(v) != 11 || v[5] != '-' ||
	    (q->from = parse_clock(v, 5)) == -1 ||
	    (q->to = parse_clock(v + 6, 5)) == -1) {
		config_bad(c, "reminders", "quiet_hours", "write 'HH:MM-HH:MM' "
		    "in the team's time zone, e.g. 21:00-08:00");
		return OUT_CONFIG;
	}
	return OUT_OK;
}

/* Whether local time tm falls in the quiet hours. */
int
quiet_now(const struct quiet *q, const struct tm *tm)
{
	int	 m = tm->tm_hour * 60 + tm->tm_min;

	if (q->from == q->to)
		return 0;
	if (q->from < q->to)
		return m >= q->from && m < q->to;
	return m >= q->from || m < q->to;
}

/*
 * 0 when now is not in the quiet hours, else the time they end (the
 * next "to" o'clock, placed by mktime() across a clock change).
 */
time_t
quiet_until(const struct quiet *q, time_t now)
{
	struct tm	 tm, end;
	time_t		 t;

	localtime_r(&now, &tm);
	if (!quiet_now(q, &tm))
		return 0;
	end = tm;
	end.tm_hour = q->to / 60;
	end.tm_min = q->to % 60;
	end.tm_sec = 0;
	end.tm_isdst = -1;
	if ((t = mktime(&end)) <= now) {
		end = tm;
		end.tm_mday++;
		end.tm_hour = q->to / 60;
		end.tm_min = q->to % 60;
		end.tm_sec = 0;
		end.tm_isdst = -1;
		t = mktime(&end);
	}
	return t;
}

/*
 * Whether a message of kind is one cox sends on its own, which quiet
 * hours hold: prompts after ratings, reminders, check-in prompts, the
 * weekly health question, a
 * coach's correction of a score the athlete had answered.
 * Answers to what a person just sent, and what a coach sends, are not.
 */
int
quiet_holds(const char *kind)
{
	static const char *const kinds[] = { "notify", "reminder",
	    "check-in", "correction", "health" };
	size_t	 i;

	for (i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}
