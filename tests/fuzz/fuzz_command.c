/*
 * fuzz_command.c - libFuzzer harness for the commands a coach emails
 * (ingest/command.c).  Invariants: the text keeps its length and its
 * line breaks (the ratings parser's line numbers stay); a command
 * understood has what its verb needs (a name or handle where it names
 * an athlete, a way to reach one it adds), one not understood has
 * nothing half read; and what is left holds no command: a second reading
 * finds none.
 */
#include <stdlib.h>
#include <string.h>

#include "../../ingest/mail/mail.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void
check(const struct cmd_line *c)
{
	if (c->line == NULL || c->line[0] == '\0')
		abort();
	if (c->bad) {
		/* a typo of a verb keeps the word it read, for the reply to
		 * quote ("did you mean remind?"), and nothing else */
		if (c->who != NULL || (c->text != NULL && !c->typo) ||
		    (c->typo && c->text == NULL) || c->email != NULL ||
		    c->squad != NULL)
			abort();
		return;
	}
	switch (c->verb) {
	case CMD_SEND:
		if (c->text == NULL || c->text[0] == '\0' ||
		    (c->who == NULL && !c->all))
			abort();
		break;
	case CMD_REMIND:
		if (c->who == NULL && !c->all)
			abort();
		break;
	case CMD_INVITE:
	case CMD_PAUSE:
	case CMD_RESUME:
	case CMD_NUMBER:
	case CMD_REMOVE:
		/* an @handle, or a person's name */
		if (c->who == NULL || c->all || (c->who[0] != '@' &&
		    !c->person) || (c->verb == CMD_NUMBER && c->text == NULL))
			abort();
		break;
	case CMD_ADD:
		/* a name, and a number or an address to reach them */
		if (c->who == NULL || c->who[0] == '\0' ||
		    (c->text == NULL && c->email == NULL))
			abort();
		break;
	case CMD_MOVE:
		if (c->text == NULL)
			abort();
		break;
	case CMD_DIGEST:
		if ((c->on == -1) == (c->at == -1) || c->at >= 24 * 60)
			abort();
		break;
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct cmd_list	 l, again;
	char		*text;
	size_t		 i;

	log_setup("fuzz_command", 0, LOGL_SILENT);
	if (memchr(data, '\0', size) != NULL ||
	    (text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (command_parse(text, &l) == -1)
		abort();
	if (strlen(text) != size || (l.first && l.n == 0))
		abort();
	for (i = 0; i < size; i++)
		if ((text[i] == '\n') != (data[i] == '\n'))
			abort();
	for (i = 0; i < l.n; i++)
		check(&l.v[i]);
	if (command_parse(text, &again) != 0)
		abort();
	command_free(&again);
	command_free(&l);
	free(text);
	return 0;
}
