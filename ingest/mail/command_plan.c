/*
 * command_plan.c - the coach's commands that plan: session (a planned
 * session, and with avail after its effort asked about too), cancel
 * and rest (the day's plan taken back).  plan.c reads and stores a
 * plan, avail.c asks who comes; this is their table, plan_commands,
 * one of command.c's registry.
 */
#include <stdlib.h>
#include <string.h>

#include "command.h"

/*
 * session's words: a planned session, and with avail after its effort
 * ("...: 90 min rpe 4 avail 7:00") asked about too (avail.c).
 */
static int
read_session(char *a, struct cmd_line *c)
{
	if (avail_plan_split(a, c) == -1)
		return -1;
	return plan_parse(a, c);
}

/* cancel's and rest's: a plan's day, am or pm, squad. */
static int
read_day(char *a, struct cmd_line *c)
{
	if (plan_parse_day(a, c) == -1)
		return -1;
	c->plan.rest = c->verb == CMD_REST;
	return 0;
}

/*
 * session, cancel, rest: a plan for the squads it names; a session
 * with avail after it asked about too (avail.c).
 */
static int
act_plan(struct cmd_run *r, const struct cmd_line *c)
{
	if (plan_act(r->db, r->coach, c, &r->plan, r->reply) == -1)
		return -1;
	return c->verb == CMD_SESSION && c->text != NULL && !c->plan.rest ?
	    avail_command(r, c) : 0;
}

/* "annuler" alone is French's undo, which intake.c answers. */
static int
cancel_prose(const char *a)
{
	return *a == '\0';
}

static const struct cmd_def plan_commands[] = {
	{ CMD_SESSION, "kw.session", read_session, act_plan,
	    "mail.plan_how_date", NULL, 0 },
	{ CMD_CANCEL, "kw.cancel", read_day, act_plan, "mail.plan_how_cancel",
	    cancel_prose, 0 },
	/* "Rest of the week was good" */
	{ CMD_REST, "kw.rest", read_day, act_plan, "mail.plan_how_cancel",
	    command_prose, 0 },
	{ .kw = NULL }
};
CMD_FAMILY(plan_commands, 500);
