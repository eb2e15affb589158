/*
 * command.h - a coach's commands by email: the registry command.c reads
 * them with, the tables each family's file gives it, and what those
 * files share (the words of a line, whom it names).
 */
#ifndef COX_INGEST_MAIL_COMMAND_H
#define COX_INGEST_MAIL_COMMAND_H

#include "mail.h"

/*
 * The command registry (command.c): each family of a coach's commands
 * is a file with a table of its own (its verbs in enum cmd_verb), which
 * it places in the registry with CMD_FAMILY().
 */
struct cmd_run {			/* what one command needs as it acts */
	struct mailer	*mx;
	struct db	*db;
	int64_t		 coach;		/* an active coach's id */
	int		 head;		/* a head coach */
	const char	*name;		/* the coach's, for texts */
	time_t		 now;
	struct buf	*reply;
	int64_t		*reminded;	/* by this email's remind lines */
	size_t		 nreminded;
	struct plan_mail plan;		/* what its plan lines share */
};
#define CMD_OWN_WORDS	0x1	/* a polite word at its end is its text's */
#define CMD_HOW_NUMBER	0x2	/* how is written with a phone number */
struct cmd_def {
	enum cmd_verb	 verb;
	const char	*kw;		/* the catalogue's keyword; NULL ends */
	int		(*read)(char *args, struct cmd_line *);	/* 0, -1 */
	int		(*act)(struct cmd_run *, const struct cmd_line *);
	const char	*how;		/* how it is written, when not read */
	int		(*prose)(const char *args);	/* not read, it was
					   prose, not a command; NULL never */
	int		 flags;		/* CMD_OWN_WORDS, CMD_HOW_NUMBER */
};
extern struct registry cmd_families;	/* registry_table(): cmd_def[] */
/* A family's table t in the registry, at its order key (command.c). */
#define CMD_FAMILY(t, order)	REGISTRY_ENTRY(cox_commands, order, t, \
	_Generic((t), const struct cmd_def *: (t)))
/* command_args.c: the words of a command line */
const char *command_number_example(const struct cmd_run *,
	    char out[PHONE_EXAMPLE_MAX]);
int	 command_word(const char *s, size_t n, const char *name);
int	 command_is_handle(const char *);
char	*command_trimmed(const char *s, size_t n);
int	 command_read_target(const char *args, struct cmd_line *);
int	 command_read_athlete(char *args, struct cmd_line *);
int	 command_prose(const char *args);
/* command_target.c: whom a command names, found */
struct cmd_target {
	int64_t		 squad, person;
	char		 label[128];	/* the squad's or person's name */
};
int	 command_person(struct cmd_run *, const char *who,
	    struct cmd_target *);
int	 command_target(struct cmd_run *, const struct cmd_line *,
	    struct cmd_target *);


/* command_avail.c: availability's commands, over shared/avail.c */
int	 avail_command(struct cmd_run *, const struct cmd_line *);

#endif
