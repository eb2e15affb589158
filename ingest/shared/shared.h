/*
 * shared.h - ingest/shared/: what both inbound sides need (the plan a
 * coach writes, who is coming, the OSTRC-H2) and the timed jobs
 * (reminders, the morning digest).  Includes send/ and lib/ only.
 */
#ifndef COX_INGEST_SHARED_H
#define COX_INGEST_SHARED_H

#include "../send/send.h"

/*
 * The most a coach texts through cox (an answer by email, thread.c; a
 * send, command.c), which a forward tells them (thread_forward.c).
 */
#define ANSWER_MAX	480	/* characters a coach texts: three SMS */

/* ostrc.c: the OSTRC-H2 by text, the weekly question and its answers */
enum outcome	 ostrc_text(struct db *, int64_t athlete, const char *body,
		    time_t now, struct buf *reply);
int64_t		 ostrc_asked(struct db *, int64_t athlete, const char *body,
		    time_t now);
int		 ostrc_prompt(struct db *, int64_t athlete, const char *week,
		    time_t now, int *queued, int *skipped);

/* remind.c: reminders and check-in prompts, by the daemon or a timer */
struct remind;
enum outcome	 remind_new(const struct config *, struct remind **);
int		 remind_on(const struct remind *);
int		 remind_pass(struct db *, const struct remind *, time_t now,
		    int *queued);
void		 remind_free(struct remind *);
int		 remind_check_in_text(struct buf *,
		    const struct checkin_items *, int weekly);
int		 remind_rating_text(const struct metric_set *,
		    const char *slugs, const char *base_url, struct buf *text);

/* digest.c: the coaches' morning digest, by the daemon or a timer */
struct digest;
enum outcome	 digest_new(const struct config *, struct digest **);
int		 digest_on(const struct digest *);
int		 digest_at(const struct digest *);
int		 digest_pass(struct db *, const struct digest *, time_t now,
		    struct strlist *shown, int *queued);
void		 digest_free(struct digest *);

/*
 * A part of the coaches' digest, defined by the file of what it tells
 * and placed in digest.c's registry with DIGEST_PART() at an order key,
 * the order the digest shows the parts in:
 * its own lines (how many, or -1), or a heading and a line a row of
 * stmt (?1 the coach, ?2 since the last digest, ?3 now; with unread,
 * ?4 whether unread texts show and ?5 whether notes do).
 */
struct digest_part {
	int		(*lines)(struct db *, int64_t coach, time_t now,
			    struct buf *);
	const struct stmt *stmt;
	const char	*heading;
	void		(*line)(sqlite3_stmt *, time_t now, struct buf *);
	int		 unread;
};
extern struct registry digest_parts;	/* registry_table(): digest_part */
/* A part p in the registry, at its order key (digest.c). */
#define DIGEST_PART(p, order)	REGISTRY_ENTRY(cox_digest, order, p, \
	_Generic(&(p), const struct digest_part *: &(p)))

/* inbox.c: the texts a digest and a roundup quote */
void		 inbox_line(sqlite3_stmt *, time_t now, struct buf *);

/*
 * A coach's command line, as command.c (mail/) reads it and plan.c and
 * avail.c fill it.
 */
enum cmd_verb { CMD_HELP, CMD_SHEET, CMD_REMIND, CMD_SEND, CMD_RESEND,
	CMD_ARCHIVE, CMD_INVITE, CMD_NUMBER, CMD_PAUSE, CMD_RESUME, CMD_DIGEST,
	CMD_SESSION, CMD_CANCEL, CMD_REST, CMD_ADD, CMD_MOVE, CMD_REMOVE,
	CMD_INJURED, CMD_ILL, CMD_STAGE,
	CMD_AVAIL, CMD_WHO, CMD_ATTENDED, CMD_ABSENT, CMD_ATTEND_DEFAULT,
	CMD_ERG, CMD__MAX };
/* Whether a command of verb v is a plan line, counted as those are. */
#define CMD_PLANS(v)	((v) == CMD_SESSION || (v) == CMD_CANCEL || \
			 (v) == CMD_REST)
/* A planned session as a coach wrote it (plan.c), resolved when acted on. */
struct plan_line {
	char		 when[16];	/* a date, a weekday, today, tomorrow */
	char		 slot[3];	/* "am", "pm", "" not said */
	int		 minutes;	/* 1-600 */
	int		 rpe;		/* intended: 0-10 */
	char		*description;	/* "" for none */
	int		 rest;		/* a rest day: nothing planned */
	const char	*why;		/* not read: the catalogue's reason */
};
struct cmd_line {
	enum cmd_verb	 verb;
	int		 bad;		/* its arguments were not understood */
	int		 typo;		/* no keyword, but near verb's: text
					   is the word, near the keyword */
	char		 near[32];
	char		*line;		/* as written, trimmed */
	char		*who;		/* "@handle", a squad's name, or NULL */
	int		 person;	/* who is a person's name, not a squad */
	int		 all;		/* "all" was the target */
	char		*text;		/* send's text, number's and add's
					   number (NULL: none), move's and
					   erg's words, injured's area,
					   stage's stage */
	char		*email;		/* add's address, or NULL */
	char		*squad;		/* add's squad as written, or NULL */
	int64_t		 id;		/* resend's, archive's ID; 0: none */
	int		 on;		/* sheet, digest: 1 on, 0 off, -1 */
	int		 at;		/* digest at: minutes, or -1 */
	enum erg_piece	 erg;		/* erg's piece */
	struct plan_line plan;		/* session: who is its squad */
};

/* plan.c: the sessions a coach plans, a line of an email or a CSV's row */
#define PLAN_CSV_COLS	6	/* date, slot, squad, minutes, rpe, description */
int	 plan_parse(char *args, struct cmd_line *);
int	 plan_parse_day(char *args, struct cmd_line *);
int	 plan_parse_bare(const char *line, size_t n, struct cmd_line *);
int	 plan_next_week(const char *text);
void	 plan_line_free(struct plan_line *);
int	 plan_day(const char *when, time_t now, int month_first,
	    const char *slot, int next_week, char out[11]);
int	 plan_csv_columns(const struct csv_record *head, int cols[PLAN_CSV_COLS]);
int	 plan_csv_line(const struct csv_record *, const int cols[PLAN_CSV_COLS],
	    struct buf *line);
/* What the plan lines of one email share. */
struct plan_mail {
	time_t		 now;
	int		 month_first;	/* the country writes 11/28 */
	int		 next_week;	/* the email is about next week */
	int		 told;		/* and the answer said how it read */
};
int	 plan_act(struct db *, int64_t coach, const struct cmd_line *,
	    struct plan_mail *, struct buf *reply);
int	 plan_squads(struct db *, int64_t coach, const struct cmd_line *,
	    int any, int64_t ids[], struct strlist *names, size_t *n,
	    struct buf *reply);

/* avail.c: who is coming, asked by email, answered by text */
struct avail_cmd {
	struct db	*db;
	int64_t		 coach;
	time_t		 now;
	int		 month_first, next_week;	/* as plan_mail's */
	const char	*organizer;	/* where calendars reply, or NULL */
	const char	*team;		/* the team's name, or NULL */
};
int	 avail_parse(char *args, struct cmd_line *);
int	 avail_plan_split(char *args, struct cmd_line *);
int	 avail_act(struct avail_cmd *, const struct cmd_line *,
	    struct buf *reply);
int	 avail_remind(struct db *, long hours, time_t now, int *queued);
int	 avail_digest(struct db *, int64_t coach, time_t now, struct buf *);
void	 avail_said(const struct avail_row *, struct buf *);

/* versions.c: the libraries only ingest/ links, one "name version" a line */
const char	*ingest_versions(void);

#endif
