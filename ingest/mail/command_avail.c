/*
 * command_avail.c - who is coming, by a coach's email: the commands
 * (avail, who, attended, absent, attend-by-default, and a session's
 * avail), one of command.c's registry, over shared/avail.c, which asks
 * and counts.
 */
#include "command.h"

/*
 * avail, who, attended, absent, attend-by-default, and a session's
 * avail: avail_act() with what the workspace says of the team.
 */
int
avail_command(struct cmd_run *r, const struct cmd_line *c)
{
	const struct config *conf = r->mx->ws->conf;
	struct avail_cmd ac = { .db = r->db, .coach = r->coach, .now = r->plan.now,
	    .month_first = r->plan.month_first,
	    .next_week = r->plan.next_week,
	    .team = config_get(conf, "team", "name") };

	/* calendars reply where coaches write, else where mail comes from */
	if ((ac.organizer = config_get(conf, "mail", "address")) == NULL)
		ac.organizer = config_get(conf, "smtp", "from");

	return avail_act(&ac, c, r->reply);
}

/*
 * Availability's commands, one of command.c's registry; "Who was
 * missing?" and "Attended the regatta" are prose.
 */
static const struct cmd_def avail_commands[] = {
	{ CMD_AVAIL, "kw.avail", avail_parse, avail_command, "mail.avail_how",
	    NULL, 0 },
	{ CMD_WHO, "kw.who", avail_parse, avail_command, "mail.avail_how",
	    command_prose, 0 },
	{ CMD_ATTENDED, "kw.attended", avail_parse, avail_command,
	    "mail.avail_how", command_prose, 0 },
	{ CMD_ABSENT, "kw.absent", avail_parse, avail_command,
	    "mail.avail_how", NULL, 0 },
	{ CMD_ATTEND_DEFAULT, "kw.attend_default", avail_parse, avail_command,
	    "mail.avail_how", NULL, 0 },
	{ .kw = NULL }
};
CMD_FAMILY(avail_commands, 600);
