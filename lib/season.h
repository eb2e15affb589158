/*
 * season.h - the season day by day: sessions, plans and the load
 * they add up to (load.c), who is coming and who came (avail.c) and
 * the calendar invitations that ask (ical.c), a club's own check-in
 * items (checkin.c) and health problems (health.c).  Above the
 * scores.
 */
#ifndef COX_LIB_SEASON_H
#define COX_LIB_SEASON_H

#include "scores.h"

/* ---- load.c: sessions (effort x minutes) and the load they add up to ---- */

/* its statements that other files run too */
extern const struct stmt STMT_PLAN_SQUADS[1];


#define LOAD_DAYS	35	/* this week and the four before it */
#define LOAD_TAU	28	/* the usual day's time constant N, in days */
#define LOAD_HISTORY	365	/* days of sessions the usual is worked from */
#define LOAD_UNKNOWN	(-1.0)	/* a usual not known yet */
#define RPE_MAX		10	/* Borg's CR-10, whole points */
#define SESSION_MINUTES_MAX 600

struct session {
	char	 day[11];
	char	 slot[3];	/* "am", "pm", "" not said */
	int	 rpe;		/* 0-10 */
	int	 minutes;	/* 1-600, 0 not said */
};

struct load {
	char	 days[LOAD_DAYS][11];	/* oldest first, the last today */
	long	 daily[LOAD_DAYS];	/* each day's load */
	double	 usual[LOAD_DAYS];	/* the usual day at each day's end */
	int	 sessions;		/* in those days */
	int	 open;			/* of them without minutes */
	int	 age;			/* days since the first session, -1 none */
	long	 blind;			/* of today's, paired with a plan */
};

/* This week described: loads, never a ratio of them (cox-numbers(7)). */
struct load_summary {
	long	 week;		/* the last seven days' load */
	long	 last;		/* the seven before */
	int	 last_ok;	/* ...when the athlete had begun by then */
	long	 usual;		/* usual week, at the end of last week */
	int	 usual_ok;	/* ...once four weeks of sessions are there */
};

int	 session_add(struct db *, int64_t athlete, const struct session *,
	    int64_t created_at, int64_t message, int *completed);
int	 load_read(struct db *, int64_t athlete, time_t today, struct load *);
void	 load_usual(const long *daily, size_t n, int tau, double *usual);
long	 load_week_of(const long seven[7]);
long	 load_usual_week(double usual_day);
void	 load_summarize(const struct load *, struct load_summary *);
/* A month of an athlete's season: check-ins and sessions. */
struct season_month {
	char	 month[8];	/* YYYY-MM */
	int	 checkins;	/* with all four items */
	double	 items[4];	/* their mean of each, sleep..soreness */
	int	 sessions;
	long	 load;		/* RPE x minutes, summed */
};
int	 season_months(struct db *, int64_t athlete, const char *since,
	    struct season_month *, size_t max, size_t *n);

/*
 * The sessions a coach plans, with the effort they intend, and the
 * athletes' efforts paired with them (load.c says how).  Easy and hard
 * are by the plan's RPE; an effort felt harder or easier than planned
 * is PLAN_APART points or more away from it.
 */
#define PLAN_EASY	3	/* intended RPE at most: an easy session */
#define PLAN_HARD	7	/* at least: a hard one */
#define PLAN_APART	2	/* points off the plan that count */

struct plan {
	int64_t		 squad;
	char		 day[11];
	char		 slot[3];	/* "am", "pm", "" not said */
	int		 minutes;	/* 1-600 */
	int		 rpe;		/* intended, 0-10 */
	const char	*description;	/* "" for none */
};

/* A plan plan_cancel() took away, for the answer that says so. */
#define PLAN_SLOTS	3	/* a squad's a day: "", "am", "pm" */
struct plan_gone {
	char		 slot[3];
	int		 minutes, rpe;
	char		 description[256];
};

/* One planned session as a page may show it (the blind rule applied). */
struct plan_row {
	char	 day[11];
	char	 slot[3];
	int	 minutes;
	int	 intended;	/* -1: hidden from this reader */
	char	*description;
	int	 hidden;	/* the athletes' efforts are withheld */
	int	 answers;	/* efforts paired with it (an athlete's: 0-1) */
	int	 felt_sum;	/* their sum */
	int	 harder, easier;	/* of them, PLAN_APART off the plan */
};

struct plan_set {
	struct plan_row	*v;
	size_t		 n;
};

/* Over the rows whose both values are shown: answers, and how they felt. */
struct plan_tally {
	int	 easy, easy_harder;	/* answers to easy sessions */
	int	 hard, hard_easier;	/* to hard ones */
};

int	 plan_store(struct db *, const struct plan *, int64_t coach,
	    int64_t created_at, int *replaced);
int	 plan_cancel(struct db *, int64_t squad, const char *day,
	    const char *slot, struct plan_gone gone[PLAN_SLOTS], size_t *n);
int	 plan_claim(struct db *, int64_t message);
enum outcome plan_match(struct db *, int64_t athlete, struct session *,
	    int *intended);
int	 plan_read_athlete(struct db *, int64_t athlete, const char *since,
	    struct plan_set *);
int	 plan_read_squad(struct db *, int64_t squad, const char *since,
	    const char *today, struct plan_set *);
void	 plan_set_free(struct plan_set *);
void	 plan_add_up(const struct plan_set *, struct plan_tally *);
int	 plan_passed(struct db *, time_t now);

/* ---- avail.c: who is coming to a session, and who came ---- */
enum avail_answer { AVAIL_NONE, AVAIL_IN, AVAIL_OUT, AVAIL_MAYBE };
/* An athlete's answer as avail_read() read it. */
struct avail_said {
	enum avail_answer answer;
	char		 late[6];	/* "HH:MM" when late, else "" */
	char		 when[16];	/* the day named, else "" */
	int		 thumb;		/* a thumb up alone, no other word */
};
/* One session asked about, and its answers' names. */
struct avail_row {
	int64_t		 id, squad_id;
	char		*squad, *place, *note;
	char		 day[11], slot[3], at[6];
	int		 cancelled, by_default;
	int		 minutes, rpe;	/* its squad's plan; 0, -1: none */
	struct strlist	 in, out, maybe, none;
};
struct avail_view {
	struct avail_row *v;
	size_t		 n;
};
int		 avail_done(struct db *, sqlite3_stmt *);
int		 avail_askable(struct db *, int64_t person);
int		 avail_read(const char *text, struct avail_said *);
const char	*avail_answer_name(enum avail_answer);
int		 avail_list(struct db *, int64_t squad, const char *from,
		    const char *to, int cancelled, struct avail_view *);
void		 avail_view_free(struct avail_view *);
int		 avail_attendance_csv(struct db *, const char *today,
		    int64_t person, struct buf *out);
int		 avail_mail_ics(struct db *, int64_t message, char **ics);

/* ---- ical.c: calendar invitations and their replies (libical) ---- */
struct ical_event {
	const char	*uid;
	int		 sequence;	/* raised on every change */
	int		 cancelled;	/* METHOD:CANCEL */
	time_t		 start;
	int		 minutes;
	const char	*summary, *location, *description;
	const char	*organizer, *organizer_name;	/* an address */
	const char	*attendee, *attendee_name;
};
struct ical_reply {
	char		 uid[128];
	int		 sequence;
	char		 attendee[256];	/* the address, lower case */
	enum avail_answer answer;
};
char		*ical_invitation(const struct ical_event *, time_t now);
int		 ical_reply_read(const char *text, struct ical_reply *);

/* ---- checkin.c: check-in items a club adds to Hooper's four ---- */

int	 checkin_items_load(struct db *, struct checkin_items *);
const struct checkin_item *checkin_item_match(const struct checkin_items *,
	    const char *word);
int	 checkin_item_add(struct db *, const struct checkin_item *,
	    const char **why);
int	 checkin_item_retire(struct db *, const char *slug);
int	 checkin_preset(struct db *, const char *name, const char **why);
int	 checkin_answers_load(struct db *, int64_t athlete, const char *since,
	    const struct checkin_items *, struct wellness_set *);
int	 checkin_badness(const struct checkin_item *, int value);
int	 checkin_bad(const struct checkin_item *, int value);
int	 checkin_flag(const struct wellness_set *, time_t now,
	    struct buf *why);
int	 wellness_flag(const struct wellness_set *, time_t now, struct buf *why);
int	 checkin_prompt(const struct checkin_items *, int weekly,
	    struct buf *out);

/* ---- health.c: OSTRC-H2 health problems, and injury episodes ---- */

/* its statements that other files run too */
extern const struct stmt STMT_EPISODES_ATHLETE[1];
extern const struct stmt STMT_EPISODES_SQUAD[1];


#define OSTRC_QUESTIONS	4	/* participation, volume, performance,
				   symptoms */
#define HEALTH_ASK_DAYS	7	/* a week's question is answered within */
struct ostrc_result {
	int	 severity;	/* 0-100 */
	int	 substantial;	/* Clarsen et al.'s definition */
};
int	 ostrc_options(int q);
int	 ostrc_score(int q, int option);
int	 ostrc_severity(const int answers[OSTRC_QUESTIONS],
	    struct ostrc_result *);
#define HEALTH_AREA_MAX	16
void	 health_area_read(const char *text, char *out, size_t size);
int	 health_area_valid(const char *slug);
int	 health_area_word(const char *word);
/* The question an athlete has still to answer (health_pending()). */
struct health_question {
	int64_t	 id;
	char	 week[11];
	char	 problem[8];	/* "" not said yet, injury, illness */
	char	 area[HEALTH_AREA_MAX];
	int	 answers[OSTRC_QUESTIONS];	/* 0 not yet */
	int	 question;	/* 0 the gatekeeper's, 1-4 */
	time_t	 asked;		/* when it was: the report's, or the
				   answer before it */
};
enum outcome health_pending(struct db *, int64_t athlete, time_t now,
	    struct health_question *);
int	 health_ask(struct db *, int64_t athlete, const char *week,
	    time_t now);
int	 health_problem(struct db *, int64_t id, const char *problem,
	    const char *area, time_t now);
int	 health_answer(struct db *, struct health_question *, int q,
	    int option, time_t now, struct ostrc_result *);
int	 health_answered(struct db *, int64_t athlete, const char *week,
	    int64_t id);
void	 health_problem_words(const char *problem, const char *area,
	    struct buf *);
const char *episode_stage_read(const char *word);
int	 episode_askable(struct db *, int64_t athlete);
int	 episode_open(struct db *, int64_t athlete, const char *kind,
	    const char *area, const char *stage, const char *source,
	    time_t now);
int	 episode_move(struct db *, int64_t athlete, const char *stage,
	    time_t now);

#endif
