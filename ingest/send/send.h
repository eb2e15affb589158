/*
 * send.h - ingest/send/: what cox sends, and how: the outbox, its ways
 * out (SMTP, Twilio), their logins (OAuth2) and the team's quiet hours.
 * Includes lib/ only: the bottom of ingest/.
 */
#ifndef COX_INGEST_SEND_H
#define COX_INGEST_SEND_H

#include "../../lib/workspace.h"

/* oauth2.c: access tokens for SASL XOAUTH2 (Gmail, Microsoft 365) */
struct oauth2;
int		 oauth2_wanted(const struct config *, const char *section,
		    const char *key, int *on);
enum outcome	 oauth2_open(const struct config *, struct oauth2 **);
void		 oauth2_free(struct oauth2 *);
enum outcome	 oauth2_token(struct oauth2 *, int again, const char **);
enum outcome	 oauth2_login(const struct config *, FILE *in, FILE *out);
struct json_t;
enum outcome	 oauth2_fetch(const char *url, const char *form,
		    const char *const *headers, size_t max, long timeout,
		    struct json_t **answer, long *code, const char **why);

/* smtp.c, twilio_api.c: the ways out, one a channel, for outbox.c */

/* One message as a sender hands it to its provider. */
/* A file an email carries (base64), after its text. */
struct attachment {
	const char	*name;		/* the file's name, plain ASCII */
	const char	*type;		/* "application/json; charset=utf-8" */
	const char	*data;
	size_t		 len;
};

struct outgoing {
	const char	*to;		/* a number or an address */
	const char	*subject;	/* emails only */
	const char	*body;
	const char	*msgid;		/* emails: made by msgid() */
	const char	*answers;	/* emails: the Message-ID answered, or "" */
	int		 reply;		/* emails: answers a coach's email */
	int		 whatsapp;	/* texts: by WhatsApp, not SMS */
	const char	*content_sid;	/* WhatsApp: a template (HX...), or NULL */
	const char	*variables;	/* its ContentVariables, JSON */
	const struct attachment *files;	/* emails: what they carry */
	size_t		 nfiles;
};

/* What a provider said of the recipient of a refused message (*stop). */
enum peer_said {
	PEER_OK,
	PEER_STOP,		/* 21610: they texted STOP */
	PEER_WINDOW,		/* 63016: outside WhatsApp's 24-hour window */
	PEER_WA_BLOCKED		/* 63014: they blocked us on WhatsApp */
};

/*
 * A channel's way out.  open reads its part of cox.conf into *conf (NULL
 * when that part is not there), -1 (reported) when it is wrong; close
 * frees it.  msgid, when not NULL, makes the id message id is sent
 * with, stored before it is sent.  valid, when not NULL, says whether a
 * peer can be sent to at all.  send hands o to the provider and returns
 * 0 taken, 1 to try again, 2 refused, 3 unknown (the provider may have
 * it), with the provider's id for it in id ("" for none), *stop an
 * enum peer_said (PEER_STOP: the person asked for no more), and *why.  probe
 * tries the way out without sending anything; -1 with a line in
 * problems.
 */
struct sender {
	enum channel	 channel;
	const char	*noun;		/* for the log: "email", "text" */
	const char	*taken;		/* logged when the provider took one */
	int		(*open)(struct config *, void **conf);
	void		(*close)(void *conf);
	int		(*msgid)(const void *conf, int64_t id, char *, size_t);
	int		(*valid)(const char *to);
	int		(*send)(const void *conf, const struct outgoing *o,
			    char id[64], int *stop, char *why, size_t);
	int		(*probe)(const void *conf, struct strlist *problems);
};

extern const struct sender smtp_sender;		/* smtp.c */
extern const struct sender twilio_sender;	/* twilio_api.c */
int		 twilio_service_shaped(const char *);

/* outbox.c: cox outbox, and the sender inside cox sms serve */
struct outbox;
enum outcome	 outbox_new(struct config *, struct outbox **);
int		 outbox_ready(const struct outbox *);
int		 outbox_mail(const struct outbox *);
int		 outbox_texts(const struct outbox *);
int		 outbox_pass(struct workspace *, struct outbox *, int *mails,
		    int *texts);
void		 outbox_report_stuck(struct db *);
void		 outbox_report_unsendable(struct db *,
		    const struct outbox *);
void		 outbox_free(struct outbox *);
int		 outbox_probe(const struct outbox *, struct strlist *problems);
int		 outbox_whatsapp_said(struct db *, int64_t person, int said);
int		 outbox_queue_text(struct db *, int64_t person,
		    const char *text, const char *kind, time_t now,
		    int *queued, int *skipped);

/* quiet.c: the team's quiet hours, which hold what cox sends on its own */
struct quiet {
	int	 from, to;	/* minutes after midnight; equal: never quiet */
};
enum outcome quiet_load(const struct config *, struct quiet *);
int	 quiet_now(const struct quiet *, const struct tm *);
time_t	 quiet_until(const struct quiet *, time_t now);
int	 quiet_holds(const char *kind);

#endif
