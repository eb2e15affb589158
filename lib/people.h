/*
 * people.h - the people of a team and what reaches them: a person,
 * their phones, squads, guardian and consents (person.c), the roster
 * read from a spreadsheet (roster.c), every message in and out and
 * who may be reached (message.c), each gated page's keys (pagekey.c)
 * and invitations, registration and revocation (account.c).  Above
 * the database.
 */
#ifndef COX_LIB_PEOPLE_H
#define COX_LIB_PEOPLE_H

#include "db.h"

/* ---- person.c: people, phones, squads ---- */

/* its statements that other files run too */
extern const struct stmt STMT_PERSON_LIST[1];
extern const struct stmt STMT_SQUAD_GET[1];
extern const struct stmt STMT_ATHLETE_IDS[1];
extern const struct stmt STMT_DIRTY_ALL[1];
extern const struct stmt STMT_DIRTY_ADD[1];
extern const struct stmt STMT_PERSON_SET_OPTOUT[1];
extern const struct stmt STMT_CMD_SQUAD[1];


enum role { ROLE_ATHLETE, ROLE_COACH, ROLE_HEAD_COACH };

struct person {
	int64_t		 id;
	enum role	 role;
	char		*name;
	char		*handle;
	char		*email;		/* NULL when unknown */
	char		*slug;
	int		 opted_out;
	int		 blocked;
	int		 active;
	int64_t		 created_at;
	char		*channel;	/* sms, whatsapp, both; NULL: [sms] channel */
	char		*language;	/* en, fr, ...; NULL: [team] language */
	/* a minor's guardian, copied on what a person writes them */
	char		*guardian_name, *guardian_phone, *guardian_email;
	char		*birth_date;	/* YYYY-MM-DD, or NULL */
	int		 minor;		/* said so, whatever the birth date */
	int		 guardian_opted_out;	/* the guardian texted STOP */
	struct strlist	 phones;
	struct strlist	 squads;
};

const char	*role_name(enum role);
const char	*role_words(enum role);
int		 role_parse(const char *, enum role *);
void		 person_clear(struct person *);
int		 person_load(struct db *, int64_t id, struct person *);
int		 person_load_row(struct db *, int64_t id, struct person *);
int		 person_coaches(struct db *, int64_t coach, int64_t athlete);
const char	*person_reader(struct db *, int64_t id);
void		 person_page(const struct person *, char *page, size_t size);
int		 person_url(struct db *, const struct person *, const char *base,
		    char *dst, size_t size);
int		 person_revoke(struct db *, const struct person *);
enum outcome	 person_find(struct db *, const char *who, const char *country,
		    int64_t *id);
enum outcome	 person_find_number(struct db *, const char *who,
		    const char *country, int64_t *);
int		 person_save(struct db *, struct person *);
int		 person_deactivate(struct db *, int64_t id);
int		 person_list(struct db *, int include_inactive,
		    int (*cb)(struct person *, void *), void *arg);
int		 handle_make(struct db *, const char *name, char *out, size_t);
int		 email_valid(const char *);
#define EMAIL_MASKED_MAX	48	/* "j***@example.org" and its NUL */
void		 email_masked(const char *, char dst[EMAIL_MASKED_MAX]);
#define PHONE_MASKED_MAX	40	/* "whatsapp:+44********123" and more */
void		 phone_masked(const char *, char dst[PHONE_MASKED_MAX]);
int		 person_channel_valid(const char *);

/* ---- person_consent.c: minors, guardians and consents ---- */

int		 person_is_minor(const struct person *, time_t now);
int		 person_has_guardian(const struct person *);
const char	*person_phone_shared(const struct person *);
void		 person_guardians_set(long adult_age, int all_texts);
void		 person_consent_set(int required);
int		 person_consent(struct db *, int64_t id, const char *kind);
int		 person_consents_to(struct db *, const struct person *,
		    const char *kind, time_t now);
int		 person_consent_whose(struct db *, const struct person *,
		    const char *, time_t);
int		 person_consent_whose_id(struct db *, int64_t, const char *,
		    time_t);
int		 person_consents_to_id(struct db *, int64_t, const char *,
		    time_t);
int		 person_guardian_copies(const struct person *, const char *kind,
		    time_t now);
int		 person_wards(struct db *, const char *number, int64_t **ids,
		    size_t *n);
int		 person_guardian_optout(struct db *, const char *number,
		    int stop);

/* ---- roster.c: spreadsheet import ---- */

struct roster_report {
	unsigned	 added;
	unsigned	 updated;
	unsigned	 unchanged;
	unsigned	 bad;
	struct strlist	 changes;	/* "+ Jane Doe (athlete, Juniors)" */
	struct strlist	 problems;	/* "line 7: phone ... is not valid" */
	struct strlist	 unread;	/* "column 3, 'Notes'": not read */
};

int	 roster_import(struct db *, const char *data, size_t len,
	    const char *country, struct roster_report *);
void	 roster_report_free(struct roster_report *);

/* ---- roster_cell.c: a sheet's days and yeses ---- */

/* How a team's sheets write a day with '/', '.' or '-'. */
enum day_order {
	DAY_FIRST,		/* 30.04.2011, 30/04/2011 */
	MONTH_FIRST,		/* 04/30/2011 */
	DAY_OR_MONTH		/* either: only what reads one way */
};
#define DAY_WHY_MAX	128
enum day_order	 roster_day_order(const char *country, const char *language);
int		 roster_birth_date(const char *, enum day_order, char **out,
		    char why[DAY_WHY_MAX]);
int		 roster_yes_no(const char *, int *out);

/* ---- roster_check.c: what a roster leaves uncovered ---- */

int	 roster_blind_spots(struct db *, struct strlist *coaches,
	    struct strlist *squads);
int	 roster_minors_alone(struct db *, time_t now, struct strlist *);

/* ---- message.c: every message in and out, and who may be reached ---- */

/* its statements that other files run too */
extern const struct stmt STMT_INBOX_ARCHIVE[1];
extern const struct stmt STMT_MESSAGE_STATUS[1];
extern const struct stmt STMT_MESSAGE_STATUS_LOG[1];
extern const struct stmt STMT_OUTBOX_STUCK[1];
extern const struct stmt STMT_MESSAGE_SET_STATUS[1];
extern const struct stmt STMT_STATUS_OUTBOX[1];
extern const struct stmt STMT_MESSAGE_SET_VIA[1];


enum channel { CHANNEL_SMS, CHANNEL_EMAIL, CHANNEL__MAX };

/* whether a person may be sent anything on a channel, and if not, why */
enum reach {
	REACH_YES,
	REACH_REMOVED,		/* no longer on the roster */
	REACH_BLOCKED,
	REACH_OPTED_OUT,	/* texted STOP: nothing is sent, emails neither */
	REACH_NO_NUMBER,
	REACH_NO_EMAIL,
	REACH_NO_CONSENT,	/* [privacy] consent = required, none recorded */
	REACH_NO_GUARDIAN_CONSENT,	/* a minor's, their guardian's missing */
	REACH__MAX
};

/* One message; fields that do not apply are NULL or 0. */
struct message {
	enum channel	 channel;
	int64_t		 person;	/* 0: someone on no roster */
	const char	*peer;		/* number or address; NULL: the person's */
	const char	*subject;
	const char	*body;
	const char	*kind;		/* "ratings", "reminder", "invite", ... */
	const char	*provider_id;	/* Twilio's SID, an email's Message-ID */
	const char	*status;	/* message_in(): "stored", "rejected" */
	int64_t		 created_at;	/* 0: now */
	int64_t		 about;		/* the message it is about, or 0 */
	const char	*via;		/* texts: "whatsapp", or NULL for SMS */
};

/* How a text that cox starts goes out (message_route()). */
enum route {
	ROUTE_SMS,
	ROUTE_WHATSAPP,		/* free-form, inside the 24-hour window */
	ROUTE_TEMPLATE,		/* an approved WhatsApp template */
	ROUTE_NONE		/* no way: why says */
};

/* What message_route() decides from; times in seconds since 1970. */
struct route_facts {
	const char	*channel;	/* sms, whatsapp, both; NULL: sms */
	int		 whatsapp_on;	/* [whatsapp] from is set */
	int		 has_template;	/* one is set for its kind */
	int64_t		 blocked_at;	/* error 63014, or 0 */
	int64_t		 closed_at;	/* error 63016, or 0 */
	int64_t		 last_in;	/* their last WhatsApp message, or 0 */
	int64_t		 now;
};

#define WHATSAPP_WINDOW	(24 * 3600)	/* free-form after their message */

const char	*channel_name(enum channel);
int		 message_number_failing(struct db *, int64_t person,
		    const char *number, long after, char code[8]);
const char	*message_reach_name(enum reach);
const char	*message_reach_words(enum reach);
enum reach	 message_reach(const struct person *, enum channel);
enum reach	 message_reach_parse(const char *);
enum reach	 message_reach_peer(enum reach);
enum reach	 message_reach_guardian(const struct person *);
enum outcome	 message_in(struct db *, const struct message *, int64_t *id);
enum outcome	 message_answered(struct db *, int64_t, const char *);
enum outcome	 message_queue(struct db *, const struct message *,
		    enum reach *);
int		 message_window_open(int64_t last_in, int64_t closed_at,
		    int64_t now);
enum route	 message_route(const struct route_facts *, const char **why);

/* ---- pagekey.c: each gated page's content key and link secret ---- */

struct page_keys {
	unsigned char	 content[32];
	unsigned char	 link[32];
	int64_t		 created;	/* made at: when its link was */
};
int	 pagekey_get(struct db *, const char *page, int64_t person,
	    struct page_keys *);
int	 pagekey_read(struct db *, const char *page, struct page_keys *);
int	 pagekey_link(const struct page_keys *, char *dst, size_t size);
/* The site's own key pair, which every person's box of a page is from. */
struct site_sender {
	unsigned char	 pk[32];
	unsigned char	 sk[32];
};
int	 pagekey_sender(struct db *, struct site_sender *);

/* ---- account.c: invitations, registration, revocation ---- */

/* its statements that other files run too */
extern const struct stmt STMT_CONSENT_GIVE[1];


struct account_result {
	int64_t	 person;
	char	 page[64];	/* "a/SLUG/" or "coach/" */
	int	 again;		/* they had a key before: pages re-keyed */
	int	 bad_token;	/* refused for the token: counts to its limit */
};
int	 invite_make(struct db *, const struct person *, long days,
	    const char *base_url, struct buf *link);
int	 invite_count_since(struct db *, int64_t person, int64_t since);
struct invite_run {
	struct db	*db;
	const char	*via;		/* NULL: email when known, else sms */
	const char	*club;		/* [team] name, or NULL */
	const char	*base;		/* [site] base_url, or NULL */
	int64_t		 by;		/* the inviting coach; 0: the club */
	long		 days;
	int		 again;		/* invite the registered too */
	int		 queued, registered, unreachable;	/* counts */
};
int	 invite_queue(struct invite_run *, int64_t person);
int	 invite_sms_fits(const struct invite_run *, const struct person *,
	    size_t *chars);
int	 account_attempts(struct db *, const char *kind, const char *key,
	    long window, int *count);
int	 account_attempt(struct db *, const char *kind, const char *key,
	    long window);
char	*account_redact(const char *);
enum outcome account_handle_changed(struct db *, int64_t person,
	    const char *club, int *told);
enum outcome account_register(struct db *, const char *body, size_t len,
	    struct account_result *, const char **why);

#endif
