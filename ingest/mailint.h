/*
 * mailint.h - what the sources of cox mail share (mail.c: standard
 * input and Maildir; imap.c: IMAP): one message's way in.
 */
#ifndef COX_MAILINT_H
#define COX_MAILINT_H

#include <signal.h>

#define MAIL_MAX_SIZE		(10 * 1024 * 1024)
#define MAIL_BATCH		256	/* messages committed together */

struct mailer {
	struct workspace	*ws;
	struct rm_index		*index;		/* roster and metrics, per batch */
	const char		*country;
	const char		*coaches;	/* allow-list, comma separated */
	const char		*authserv;	/* border MTA's id, or NULL */
	const char		*token;		/* plus-address token, or NULL */
	const char		*recipient;	/* envelope recipient, or NULL */
};

/* One message on its way in: what prepare() found, for record(). */
struct incoming {
	const char		*source;	/* "stdin", "maildir" */
	char			 key[512];	/* the transport's name for it */
	char			 hash[65];	/* content without trace headers */
	char			 raw_path[4096];	/* where its bytes are kept */
	enum mail_outcome	 what;
	const char		*why;		/* why quarantined */
	int			 parse_failed;	/* count it in the ledger */
	int			 too_big;	/* only its first 10 MiB read */
	struct mail_parts	 m;
	struct rm_parse		 p;
	struct rm_result	 r;
};

extern volatile sig_atomic_t stopping;

void		 prepare(struct mailer *, struct incoming *, const char *raw,
		    size_t len);
enum mail_outcome record(struct mailer *, struct incoming *);
int		 keep_raw(struct mailer *, const char *folder,
		    const char *hash, const char *raw, size_t len, char *path,
		    size_t size);
void		 incoming_free(struct incoming *);
int		 run_hook(struct mailer *);
void		 content_hash(const char *raw, size_t len, char hex[65]);

/* imap.c */
int		 mail_imap(struct mailer *, const char *url, int idle);

#endif
