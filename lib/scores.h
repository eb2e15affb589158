/*
 * scores.h - what a coach rates and an athlete answers: metrics
 * (metric.c), erg tests in watts (erg.c), ratings, wellness check-ins
 * and the blind rule (rating.c), the rating sheet (sheet.c), the
 * Concept2 Logbook's results (logbook.c) and seat races (seatrace.c).
 * Above the people.
 */
#ifndef COX_LIB_SCORES_H
#define COX_LIB_SCORES_H

#include "people.h"

/* ---- metric.c: what coaches rate ---- */

/*
 * What a metric's values are: points of a scale; a time, kept in tenths
 * of a second and written m:ss.t, lower being better; a number with a
 * unit, kept in tenths and written 82.5 kg.
 */
enum metric_kind { METRIC_SCALE, METRIC_TIME, METRIC_NUMBER };

/*
 * An erg piece a time metric records (erg.c): a 500 m split, a 2k, a
 * 6k, a 30:00 piece (its average split); or the athlete's weight, a
 * number metric in kg, which watts per kilogram divide by.
 */
enum erg_piece { ERG_NONE, ERG_SPLIT, ERG_2K, ERG_6K, ERG_30MIN,
	ERG_WEIGHT };

struct metric {
	int64_t	 id;
	char	*slug;
	char	*name;
	long	 scale_min;	/* values as kept: points or tenths */
	long	 scale_max;
	char	*rubric;
	long	 position;
	enum metric_kind kind;
	char	 unit[17];	/* METRIC_NUMBER: "kg", "W"; else "" */
	enum erg_piece erg;	/* ERG_NONE unless marked (erg.c) */
};

#define METRIC_VALUE_MAX	32	/* "12:34.5" or "12345.6 watts" + NUL */

void	 metric_clear(struct metric *);
int	 metric_scale_parse(const char *, long *min, long *max);
int	 metric_range_parse(enum metric_kind, const char *, long *min,
	    long *max);
const char *metric_kind_name(enum metric_kind);
int	 metric_kind_parse(const char *, enum metric_kind *);
int	 metric_value_parse(enum metric_kind, const char *, long *kept);
int	 metric_value_read(const struct metric *, const char *written,
	    long *kept);
void	 metric_value_write(const struct metric *, long kept, char decimal,
	    char *dst, size_t size);
void	 metric_range_write(const struct metric *, char decimal, char *dst,
	    size_t size);
int	 metric_lower_better(const struct metric *);
long	 metric_middle(const struct metric *);
const char *metric_form(const struct metric *, char *dst, size_t size);
int	 metric_slug_valid(const char *);
int	 metric_slug_textable(const char *);
int	 metric_file_parse(const char *text, size_t len, struct metric *,
	    const char **why);
int	 metric_load(struct db *, const char *slug, struct metric *);
int	 metric_save(struct db *, struct metric *);
int	 metric_list(struct db *, int (*cb)(struct metric *, void *), void *);
const struct metric *metric_named(const struct metric *, size_t,
	    const char *word);
const struct metric *metric_match(const struct metric *, size_t,
	    const char *word, const char **hint);
const struct metric *metric_word(const struct metric *, size_t,
	    const char *word, int whole);

struct metric_set {
	struct metric	*v;
	size_t		 n;
};
int	 metric_set_load(struct db *, struct metric_set *);
void	 metric_set_free(struct metric_set *);
size_t	 metric_scales(const struct metric_set *, const char *only,
	    struct buf *out);
void	 metric_example(const struct metric_set *, const char *only,
	    int named, struct buf *out);

/* ---- erg.c: erg tests in watts, and their noise ---- */

enum erg_change { ERG_NOISE, ERG_BETTER, ERG_WORSE };

const char *erg_piece_name(enum erg_piece);
int	 erg_piece_parse(const char *, enum erg_piece *);
int	 erg_timed(const struct metric *);
int	 erg_fits(const struct metric *, enum erg_piece);
double	 erg_watts(const struct metric *, long kept);
double	 erg_per_kg(double watts, long weight_kept);
enum erg_change erg_compare(double before, double after, double noise,
	    double *pct);
void	 erg_noise_read(const struct config *, double *noise);
int	 erg_chart_watts(const struct config *);
double	 erg_tenth(double);
int	 erg_sql_register(sqlite3 *);

/* ---- rating.c: ratings, wellness check-ins and the blind rule ---- */

enum source { SOURCE_COACH, SOURCE_SELF };

struct rating {
	int64_t		 id;
	int64_t		 metric_id;
	enum source	 source;
	int		 score;
	char		*comment;
	char		 rated_on[11];	/* YYYY-MM-DD: the round's day */
	int64_t		 created_at;
	int64_t		 rater;		/* who gave a coach rating; 0 unknown */
	int		 paired;	/* set by ratings_load(), see rating.c */
};

struct rating_set {
	struct rating	*v;
	size_t		 n;
};

/* A club's own check-in item's answer (checkin.c): which, and what. */
#define CHECKIN_ITEMS_MAX	12
struct checkin_answer {
	int	 item;		/* index into the wellness_set's items */
	int	 value;		/* within the item's lo-hi */
};

struct wellness {
	char	 day[11];
	int	 sleep, stress, fatigue, soreness;	/* 1-7, 0 unknown */
	char	 illness[8];				/* "", sick, injured */
	char	*note;
	int64_t	 id;
	struct checkin_answer answers[CHECKIN_ITEMS_MAX];
	size_t	 nanswers;
};

/*
 * An item of the club's own (cox checkin add): mood 1-5 with 5 best,
 * an OSTRC question 0-3 asked weekly.  Answered by text as "mood 4".
 */
struct checkin_item {
	int64_t	 id;
	char	 slug[33];
	char	 name[65];
	int	 lo, hi;
	int	 higher_better;	/* 1: hi is best; 0: lo is best */
	int	 weekly;	/* asked once a week, not daily */
};

struct checkin_items {
	struct checkin_item v[CHECKIN_ITEMS_MAX];
	size_t		 n;
};

struct wellness_set {
	struct wellness	*v;
	size_t		 n;
	const struct checkin_items *items;	/* the answers', or NULL */
};

int	 rating_add(struct db *, int64_t athlete, int64_t metric,
	    enum source, int64_t rater, int score, const char *comment,
	    const char *rated_on, int64_t created_at, int64_t message);
int	 ratings_load(struct db *, int64_t athlete, struct rating_set *);
struct metric_set;
int	 ratings_latest(struct db *, int64_t athlete, const struct metric_set *,
	    const char *only, struct rating_set *);
void	 ratings_free(struct rating_set *);
int	 rating_visible(const struct rating *, enum role viewer);
/* What rating_coach() wrote, and what it replaced. */
struct rating_written {
	int64_t	 id;		/* the rating added or corrected */
	int	 added;		/* 1: added, 0: corrected */
	int	 was;		/* the score replaced; 0: added */
	int64_t	 was_rater;	/* who gave the score replaced (0: nobody) */
	int64_t	 created_at;	/* the rating's place in time */
	int	 answered;	/* corrected: the athlete had answered it */
};
int	 rating_coach(struct db *, int64_t athlete, int64_t metric,
	    int64_t rater, int score, const char *comment, const char *rated_on,
	    int64_t now, int64_t message, struct rating_written *);
void	 ratings_pending(const struct rating_set *, const struct metric_set *,
	    const struct rating **pending);
int	 ratings_waiting(struct db *, int64_t athlete, const struct metric_set *,
	    char *waiting);
int	 rating_round(struct db *, int64_t athlete, int64_t metric,
	    int *coach, int *self);
int	 wellness_add(struct db *, int64_t athlete, const struct wellness *,
	    const struct checkin_items *, int64_t created_at, int64_t message);
int	 wellness_load(struct db *, int64_t athlete, const char *since,
	    struct wellness_set *);
void	 wellness_free(struct wellness_set *);

/* ---- sheet.c: the rating sheet, and mailto: links ---- */

/* its statements that other files run too */
extern const struct stmt STMT_SHEET_ATHLETES[1];

int	 sheet_text(struct db *, int64_t squad, int64_t coach, struct buf *);
int	 mailto_url(struct buf *, const char *to, const char *subject,
	    const char *body);

/* ---- logbook.c: the Concept2 Logbook's links and results, as rows ---- */

/* its statements that other files run too */
extern const struct stmt STMT_ERASE_C2_STATE[1];


#define LOGBOOK_TOKEN_MAX	72	/* 43 base64url, 64 hex, + NUL */
struct logbook_tokens {
	char	*access, *refresh;	/* secret_free()d */
	time_t	 expires;
	int	 relink;		/* refused: to be linked again */
};
struct logbook_result {
	int64_t	 id;			/* the Logbook's */
	char	 day[11];		/* YYYY-MM-DD */
	long	 distance;		/* metres */
	long	 time;			/* tenths of a second */
	long	 stroke_rate, drag_factor;	/* 0: not given */
};
int	 logbook_match(const struct metric_set *, long distance, long time,
	    size_t *idx, long *kept);
int	 logbook_state_new(struct db *, int64_t person, time_t now,
	    char state[LOGBOOK_TOKEN_MAX], char verifier[LOGBOOK_TOKEN_MAX],
	    char challenge[LOGBOOK_TOKEN_MAX]);
void	 logbook_state_hash(const char *state, char out[LOGBOOK_TOKEN_MAX]);
int	 logbook_state_peek(struct db *, const char *state, time_t now,
	    char challenge[LOGBOOK_TOKEN_MAX]);
enum outcome logbook_state_take(struct db *, const char *state, time_t now,
	    int64_t *person, char verifier[LOGBOOK_TOKEN_MAX]);
int	 logbook_link_put(struct db *, int64_t person,
	    const struct logbook_tokens *, time_t now);
enum outcome logbook_link_get(struct db *, int64_t person,
	    struct logbook_tokens *);
void	 logbook_tokens_clear(struct logbook_tokens *);
int	 logbook_unlink(struct db *, int64_t person);
int	 logbook_result_keep(struct db *, const struct metric_set *,
	    int64_t athlete, const struct logbook_result *, time_t now);
/* An erg test measured on the Logbook, as a metric's value. */
struct logbook_measure {
	int64_t	 metric;
	char	 day[11];
	long	 value, stroke_rate, drag_factor;	/* 0: not given */
};
int	 logbook_measured(struct db *, int64_t athlete,
	    struct logbook_measure **, size_t *n);

/* ---- seatrace.c: seat racing's three methods, and results kept ---- */
#define SEAT_MAX_ROWERS	32
#define SEAT_MAX_PIECES	40
#define SEAT_MAX_CREW	9	/* an eight and its cox */
#define SEAT_MAX_SWAPS	128
enum seat_side { SIDE_NONE, SIDE_STROKE, SIDE_BOW };
struct seat_piece {
	int		 crew[2][SEAT_MAX_CREW];	/* rowers' indexes */
	size_t		 ncrew[2];
	long		 tenths[2];	/* each crew's time */
	unsigned long	 line;		/* of the email, where written */
};
struct seat_rower {
	int64_t		 person;
	const char	*name;		/* the caller's */
	enum seat_side	 side;
	long		 total;		/* tenths, their crews' times added */
	int		 pieces;	/* rowed */
	int		 by_time;	/* rank on their side by time a piece */
	double		 effect;	/* s, + slower than the side's mean */
	int		 group;		/* one-swap line; -1 never swapped */
	double		 swap;		/* s behind the line's fastest */
	int		 rank;		/* on their side, 1 the fastest */
	int		 apart;		/* from the next: 1, 0 not, -1 ? */
};
struct seat_swap {
	size_t		 from, to;	/* pieces, from < to */
	int		 faster, slower;	/* rowers */
	long		 tenths;	/* by how much, >= 0 */
};
struct seat_race {
	struct seat_rower rower[SEAT_MAX_ROWERS];
	size_t		 nrowers;
	struct seat_piece piece[SEAT_MAX_PIECES];
	size_t		 npieces;
	struct seat_swap swap[SEAT_MAX_SWAPS];
	size_t		 nswaps;
	int		 order[SEAT_MAX_ROWERS];	/* by side, rank */
	int		 fitted;	/* the least squares could be made */
	double		 noise;		/* residual SD, s; -1 unknown */
	long		 df;		/* its degrees of freedom */
};
int	 seat_solve(double *a, double *b, size_t n);
void	 seat_swaps(struct seat_race *);
int	 seat_positions(struct seat_race *);
void	 seat_totals(struct seat_race *);
int	 seat_fit(struct seat_race *);
void	 seat_rank(struct seat_race *);
int	 seat_analyse(struct seat_race *);
int	 seat_store(struct db *, const struct seat_race *, int64_t coach,
	    const char *day, int64_t now, int64_t msg, int64_t *id);

#endif
