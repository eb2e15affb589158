/*
 * cmd.h - the command front ends, one file per command (init.c for
 * cox init, sms.c for cox sms, ...): each turns its arguments into calls
 * to gen/, ingest/ and lib/, prints what the user asked for, and turns
 * outcomes into exit statuses (sysexits.h, cox(1) EXIT STATUS).  This
 * is the only layer that knows exit statuses; nothing below includes
 * this header.
 */
#ifndef COX_CMD_H
#define COX_CMD_H

#include <sysexits.h>

#include "../gen/gen.h"
#include "../ingest/mail/mail.h"
#include "../ingest/text/text.h"

/* ---- cli.c: what every front end shares ---- */

extern const char	*cli_dir;	/* -C DIR, default "." */

/* One long option of a command: --name, --name VALUE. */
enum cli_kind {
	CLI_FLAG,	/* sets *(int *)to = value */
	CLI_ARG,	/* sets *(const char **)to = its argument */
	CLI_LIST,	/* adds its argument to *(struct strlist *)to */
};
struct cli_opt {
	const char	*name;
	enum cli_kind	 kind;
	void		*to;
	int		 value;	/* CLI_FLAG */
};

/* A command's arguments: options (-C and --help come free), operands. */
struct cli {
	const char		*usage;		/* "cox build [-C dir] [--force]" */
	const struct cli_opt	*opts;		/* ends with { NULL }; or NULL */
	int			 min, max;	/* operands; max -1: any number */
	const char		*operands;	/* said when their count is wrong */
};

int	 cli_args(const struct cli *, int argc, char **argv, int *status);
int	 cli_open(struct workspace *);
int	 cli_begin(struct workspace *, const char **country);
int	 cli_exit(enum outcome);
int	 cli_usage_error(const char *usage, const char *fmt, ...)
	    PRINTFLIKE(2, 3);
int	 cli_person(struct db *, const char *who, const char *country,
	    int64_t *id);
int	 cli_begin_person(struct workspace *, const char *who, int64_t *id);
const char *cli_short_name_hint(const struct config *, char *buf,
	    size_t size);
int	 cli_version(void);

/* A command with sub-commands ("cox roster import") is a table of these. */
struct subcmd {
	const char	*name;
	int		(*run)(int, char **);
	const char	*usage;
};
int	 cli_dispatch(const char *group, const struct subcmd *, size_t n,
	    int argc, char **argv);

/* ---- units.c: what installed systemd units give a workspace ---- */

struct unit_cred {
	char	 unit[256];	/* cox-sms@club.service */
	char	 name[128];	/* the credential: twilio-token */
	char	 source[4096];	/* where it is loaded from: /etc/cox/... */
	char	 envfile[4096];	/* its EnvironmentFile=, "-" kept; or "" */
};
int	 units_credential(const char *wsdir, const char *env,
	    const char *path, struct unit_cred *);

struct unit_nightly {
	char		 unit[256];	/* cox-nightly@club.service */
	char		 fallback[4096];	/* its backup --fallback-dir */
	struct strlist	 writable;	/* what its sandbox may write */
};
int	 units_nightly(const char *wsdir, struct unit_nightly *);
int	 units_writable(const struct unit_nightly *, const char *path);

struct unit_maildir {
	char	 unit[256];	/* cox-mail@club.service */
	char	 dir[4096];	/* the COX_MAILDIR it sets, or "" */
	int	 enabled;	/* systemctl enable'd */
};
int	 units_maildir(const char *wsdir, struct unit_maildir *);
int	 units_enabled(const char *unit);

/* ---- doctor*.c: cox doctor's checks, by what they look at ---- */

enum doctor_level { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

/* One thing found: key names the check, the same from run to run. */
struct doctor_finding {
	char			 key[64];
	enum doctor_level	 level;
	char			*text;
};

struct doctor {
	struct workspace	 ws;
	char			 dir[4096];	/* the workspace, absolute */
	int			 online;	/* --online */
	struct doctor_finding	*v;
	size_t			 n, cap;
	char			 key[64];	/* the check under way */
	size_t			 mark;		/* v[mark..] are its findings */
	char			 ok[256];	/* its text when it finds nothing */
	unsigned		 checks;
	size_t			 fails, warns;
	struct strlist		 props;		/* systemd-run -p for the units'
						   credentials this user cannot
						   read (doctor_secrets.c) */
};

/* doctor_report.c: what was found, and saying so */
void	 doctor_check(struct doctor *, const char *key, const char *ok);
void	 doctor_end(struct doctor *);
void	 doctor_bad(struct doctor *, const char *fmt, ...) PRINTFLIKE(2, 3);
void	 doctor_warn(struct doctor *, const char *fmt, ...) PRINTFLIKE(2, 3);
int	 doctor_report_json(struct doctor *);
void	 doctor_report_text(struct doctor *);
void	 doctor_free(struct doctor *);
/* doctor_storage.c: who may open the workspace, its disk and backups */
int	 doctor_owner(struct doctor *, int json);
void	 doctor_unopened(struct doctor *);
void	 doctor_storage(struct doctor *);
void	 doctor_backups(struct doctor *);
/* doctor_secrets.c: the secrets the configuration uses */
int	 doctor_uses_oauth2(struct doctor *, const char *section,
	    const char *key);
void	 doctor_credentials(struct doctor *);
void	 doctor_secrets(struct doctor *);
/* doctor_online.c: --online, each server cox will talk to */
void	 doctor_online(struct doctor *);

/* ---- one function per command, each in the file of its name ---- */

int	 cmd_init(int, char **);
int	 cmd_roster(int, char **);
/* roster_edit.c, roster_consent.c, roster_erase.c: cox roster's others */
extern const char usage_roster_add[], usage_roster_edit[],
	    usage_roster_consent[], usage_roster_erase[];
int	 cmd_roster_edit(int, char **);
int	 cmd_roster_consent(int, char **);
int	 cmd_roster_erase(int, char **);
int	 cmd_metric(int, char **);
int	 cmd_checkin(int, char **);
int	 cmd_mail(int, char **);
int	 cmd_sms(int, char **);
int	 cmd_outbox(int, char **);
int	 cmd_inbox(int, char **);
int	 cmd_remind(int, char **);
int	 cmd_erg(int, char **);
int	 cmd_digest(int, char **);
int	 cmd_build(int, char **);
int	 cmd_publish(int, char **);
int	 cmd_link(int, char **);
int	 cmd_invite(int, char **);
int	 cmd_preview(int, char **);
int	 cmd_demo(int, char **);
int	 cmd_backup(int, char **);
int	 cmd_doctor(int, char **);
int	 cmd_status(int, char **);
int	 cmd_export(int, char **);
int	 cmd_restore(int, char **);
int	 cmd_prune(int, char **);

#endif
