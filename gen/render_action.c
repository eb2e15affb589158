/*
 * render_action.c - what a coach can do from the dashboard, on a phone
 * as well: each action is a mailto: link to the team's address ([mail]
 * address, else [smtp] from) whose body is a command cox mail reads
 * ("remind @jdoe", "archive 43": the gen.cmd_* words) or the rating
 * sheet (lib/sheet.c).  With no address there are no links; the page
 * says what to set instead.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * A mailto: link to the team's address with subject and body, as a
 * JSON string; NULL when the team has no address or out of memory.
 */
static json_t *
action_link(const struct render_ctx *r, const char *subject, const char *body)
{
	struct buf	 url = { 0 };

	if (r->address == NULL || mailto_url(&url, r->address, subject,
	    body) == -1) {
		buf_free(&url);
		return NULL;
	}
	return render_json_buf(&url);
}

/*
 * The link that sends the command line made of the words name (a
 * printf format, gen.cmd_NAME) with a and b, its subject "cox: " and
 * the line: a JSON string, or NULL with no address (or no memory).
 */
json_t *
render_action(const struct render_ctx *r, const char *name, const char *a,
    const char *b)
{
	struct buf	 line = { 0 }, subject = { 0 };
	json_t		*j = NULL;
	char		*cmd = NULL;
	size_t		 n;

	if (r->address == NULL || words_printf(&line, NULL, name, a, b) == -1 ||
	    buf_failed(&line))
		goto out;
	/* the subject without the space the coach goes on typing after */
	for (n = line.len; n > 0 && isspace((unsigned char)line.data[n - 1]);)
		n--;
	if ((cmd = strndup(line.data, n)) == NULL ||
	    words_printf(&subject, NULL, "gen.cmd_subject", cmd) == -1 ||
	    buf_failed(&subject))
		goto out;
	j = action_link(r, subject.data, line.data);
out:
	free(cmd);
	buf_free(&line);
	buf_free(&subject);
	return j;
}

/*
 * The link that sends the rating sheet of squad (0: every squad) as
 * coach (0: anyone) filled in, its subject naming whose it is (title):
 * a JSON string, or NULL with no address, no athlete or no memory.
 */
json_t *
render_sheet(const struct render_ctx *r, int64_t squad, int64_t coach,
    const char *title)
{
	struct buf	 sheet = { 0 }, subject = { 0 };
	json_t		*j = NULL;

	if (r->address == NULL || sheet_text(r->db, squad, coach, &sheet) <= 0 ||
	    words_printf(&subject, NULL, "gen.sheet_subject", title) == -1 ||
	    buf_failed(&subject))
		goto out;
	j = action_link(r, subject.data, sheet.data);
out:
	buf_free(&sheet);
	buf_free(&subject);
	return j;
}
