/*
 * command_args.c - the words of a coach's command line, as every
 * family of commands reads them: a keyword among the catalogue's
 * words, an @handle, a trimmed copy, and the target a command names
 * as written ("all", "@handle", a squad, an athlete's name), which
 * command_target.c finds when the command acts; and a phone number as
 * the team's country writes one, for how a command is written.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"

/* Whether s (n bytes) is one of keyword name's words. */
int
command_word(const char *s, size_t n, const char *name)
{
	char	 w[32];

	if (n == 0 || n >= sizeof(w))
		return 0;
	memcpy(w, s, n);
	w[n] = '\0';
	return words_is(name, w);
}

/* Whether s is "@handle" alone. */
int
command_is_handle(const char *s)
{
	if (*s++ != '@' || *s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("._-", *s) == NULL)
			return 0;
	return 1;
}

/* A copy of s with its blanks at both ends trimmed; "" stays "". */
char *
command_trimmed(const char *s, size_t n)
{
	char	*out;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/*
 * The target in a (trimmed): "all", "@handle" (handles are lower case)
 * or a squad.  0 or -1.
 */
int
command_read_target(const char *a, struct cmd_line *c)
{
	char	*p;

	if (a[0] == '\0')
		return -1;
	if (command_word(a, strlen(a), "kw.all")) {
		c->all = 1;
		return 0;
	}
	if (a[0] == '@' && !command_is_handle(a))
		return -1;
	if ((c->who = xstrdup(a)) == NULL)
		return -1;
	for (p = c->who; c->who[0] == '@' && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return 0;
}

/*
 * An athlete in a (trimmed, writable), as every command names one:
 * "@handle", or a name as a rating line writes it ("resume Tom
 * Walsh"), never a squad or all.  0 or -1.
 */
int
command_read_athlete(char *a, struct cmd_line *c)
{
	if (a[0] == '@')
		return command_is_handle(a) ? command_read_target(a, c) : -1;
	c->person = 1;
	return command_read_target(a, c) == 0 && !c->all ? 0 : -1;
}

/*
 * A line of a command whose words were not read is a line about it,
 * not the command said wrong ("Who was missing?", "Erg test went
 * well"): the prose of the keywords that are words of everyday too.
 */
int
command_prose(const char *a)
{
	(void)a;
	return 1;
}

/* A number in help's examples, as the team's country writes one. */
const char *
command_number_example(const struct cmd_run *r, char out[PHONE_EXAMPLE_MAX])
{
	return phone_example(config_get(r->mx->ws->conf, "team",
	    "default_country"), out);
}
