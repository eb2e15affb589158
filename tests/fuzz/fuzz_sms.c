/*
 * fuzz_sms.c - libFuzzer harness for the athletes' text grammar, and
 * for what the daemon stores from it.
 * Bodies are UTF-8, as the webhook refuses any other (webhook.c).
 * Invariants of the reading: a valid kind (SMS_MYDATA the last), pairs
 * within bounds (words of letters, digits first only for a metric's
 * name such as "2k", or none for scores alone; a letter is the
 * grammar's: ASCII, or any byte of a character beyond ASCII), scores
 * 0-100 and tops 1-100, advice for every text it cannot read, and its
 * closest reading within bounds; a session only alone or beside
 * scores, its effort 0-100 and its minutes bounded; a value (a time, a
 * number with tenths, a whole number past any score) of digits, ':'
 * and a decimal mark ('.' or ',') only, terminated, never with a score,
 * a top or a wellness item; a check-in answered in a word at a level of
 * 1-7.  Each body is read as from an athlete whose language writes
 * "82.5", then "82,5" (scores alone keep the comma), each time for no
 * team's names and for a team that named a metric and a check-in item
 * with everyday words for a session's effort.
 *
 * Then the property that matters to a team: each body is handled by
 * reply_text() as the daemon handles it, on a team of its own in
 * memory (a transaction rolled back after each), from the athlete and
 * from their guardian's number, in English and in French.  Whatever a
 * reading accepts stores no value outside its metric's, item's or
 * session's range; a score only for a metric the team has and against
 * the athlete who texted; scores alone only for metrics that wait for
 * one (all of them when as many came as the team has metrics); a
 * guess only of a hidden coach score; and nothing at all, but the
 * message, from the guardian.  reply_text() never fails on a text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../ingest/text/text.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

#define ATHLETE		"+447700900101"
#define GUARDIAN	"+447700900221"

/*
 * The team: technique 1-10 and erg (5:30-9:00) wait for the athlete's
 * scores, fitness 1-10 and attitude 1-5 do not (fitness answered);
 * the club asks mood (1-5, 5 best); the athlete is a minor whose
 * guardian has a number of their own.
 */
static const char fixture[] =
    "INSERT INTO person (id, name, handle, slug, minor, guardian_name,"
    " guardian_phone, created_at, updated_at) VALUES (1, 'Ann Lee',"
    " 'alee', 's1', 1, 'Sam Lee', '" GUARDIAN "', 1, 1);"
    "INSERT INTO person (id, name, handle, slug, created_at, updated_at)"
    " VALUES (2, 'Bo Day', 'bday', 's2', 1, 1);"
    "INSERT INTO person (id, name, handle, slug, role, email, created_at,"
    " updated_at) VALUES (3, 'Cat Head', 'chead', 's3', 'head_coach',"
    " 'cat@example.org', 1, 1);"
    "INSERT INTO phone (e164, person_id) VALUES ('" ATHLETE "', 1);"
    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
    " kind, created_at) VALUES (1, 'technique', 'Technique', 1, 10, 1,"
    " 'scale', 1), (2, 'fitness', 'Fitness', 1, 10, 2, 'scale', 1),"
    " (3, 'erg', '2k erg', 3300, 5400, 3, 'time', 1),"
    " (4, 'attitude', 'Attitude', 1, 5, 4, 'scale', 1);"
    "INSERT INTO rating (athlete_id, metric_id, source, score, comment,"
    " rated_on, created_at) VALUES (1, 1, 'coach', 6, '', '2026-11-01',"
    " 100), (1, 2, 'coach', 7, '', '2026-11-01', 100), (1, 2, 'self', 7,"
    " '', '2026-11-01', 101), (1, 3, 'coach', 4200, '', '2026-11-01', 100),"
    " (2, 1, 'coach', 5, '', '2026-11-01', 100);"
    "INSERT INTO checkin_item (slug, name, lo, hi, better, every,"
    " created_at) VALUES ('mood', 'Mood', 1, 5, 'high', 'day', 1);";

/* Each count query's answer must be 0: what no reading may store. */
static const char *const never[] = {
	/* a score out of its metric's range, or of no metric */
	"SELECT count(*) FROM rating r LEFT JOIN metric m ON m.id = "
	"r.metric_id WHERE r.source = 'self' AND r.created_at > 101 AND "
	"(m.id IS NULL OR r.score NOT BETWEEN m.scale_min AND m.scale_max)",
	/* against anyone but the athlete who texted */
	"SELECT count(*) FROM rating WHERE source = 'self' AND "
	"created_at > 101 AND athlete_id != 1",
	"SELECT count(*) FROM rating WHERE source = 'coach' AND "
	"created_at > 100",
	/* a guess out of range, or of a score not hidden from them */
	"SELECT count(*) FROM guess g JOIN rating r ON r.id = g.rating_id "
	"JOIN metric m ON m.id = r.metric_id WHERE g.athlete_id != 1 OR "
	"g.score NOT BETWEEN m.scale_min AND m.scale_max OR r.source != "
	"'coach' OR r.metric_id NOT IN (1, 3)",
	/* a check-in out of Hooper's 1-7, or the club's item's scale */
	"SELECT count(*) FROM wellness WHERE athlete_id != 1 OR "
	"sleep NOT BETWEEN 1 AND 7 OR stress NOT BETWEEN 1 AND 7 OR "
	"fatigue NOT BETWEEN 1 AND 7 OR soreness NOT BETWEEN 1 AND 7",
	"SELECT count(*) FROM checkin_value v JOIN checkin_item i ON "
	"i.id = v.item_id WHERE v.value NOT BETWEEN i.lo AND i.hi",
	/* a session out of the CR-10 or of 1-600 minutes */
	"SELECT count(*) FROM session_rpe WHERE athlete_id != 1 OR rpe NOT "
	"BETWEEN 0 AND 10 OR minutes NOT BETWEEN 1 AND 600",
};

/* With scores alone, fewer than the team's metrics: only those waiting. */
static const char waiting_only[] =
    "SELECT count(*) FROM rating WHERE source = 'self' AND "
    "created_at > 101 AND metric_id NOT IN (1, 3)";

/* From the guardian: nothing of the athlete's is stored. */
static const char guardian_none[] =
    "SELECT (SELECT count(*) FROM rating WHERE created_at > 101) + "
    "(SELECT count(*) FROM wellness) + (SELECT count(*) FROM guess) + "
    "(SELECT count(*) FROM session_rpe) + (SELECT count(*) FROM person "
    "WHERE opted_out = 1)";

static struct db		*db;
static struct metric_set	 ms;
static struct checkin_items	 items;
static struct reply_ctx		 ctx;

static long
count(const char *query)
{
	sqlite3_stmt	*st;
	long		 n = -1;

	if (sqlite3_prepare_v2(db_handle(db), query, -1, &st, NULL) !=
	    SQLITE_OK)
		abort();
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The team, made once for the whole run. */
static void
team_open(void)
{
	if (db != NULL)
		return;
	log_setup("fuzz_sms", 0, LOGL_SILENT);
	if (db_open(":memory:", &db) == -1 ||
	    sqlite3_exec(db_handle(db), fixture, NULL, NULL, NULL) !=
	    SQLITE_OK || metric_set_load(db, &ms) == -1 ||
	    checkin_items_load(db, &items) == -1)
		abort();
	ctx.db = db;
	ctx.metrics = &ms;
	ctx.items = &items;
	ctx.country = "GB";
	ctx.forward = 1;
	ctx.mails = 1;
}

/*
 * body handled from number as the daemon handles it, the athlete
 * reading lang, and what it stored checked (the file's comment), then
 * taken back.
 */
static void
handle(const char *body, const char *number, const char *lang)
{
	static unsigned long	 sids;
	const struct sms_names	 names = { &ms, &items };
	struct sms_cmd		*c;
	char			 sid[40], set[80], *answer = NULL;
	const char		*was;
	size_t			 i;

	if ((c = malloc(sizeof(*c))) == NULL)
		return;
	snprintf(set, sizeof(set), "UPDATE person SET language = '%s' "
	    "WHERE id = 1", lang);
	snprintf(sid, sizeof(sid), "SM%032lu", ++sids);
	if (sqlite3_exec(db_handle(db), set, NULL, NULL, NULL) != SQLITE_OK ||
	    db_begin(db) == -1)
		abort();
	if (reply_text(&ctx, number, body, NULL, sid, &answer, NULL) !=
	    OUT_OK || answer == NULL)
		abort();
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (count(never[i]) != 0)
			abort();
	if (strcmp(number, GUARDIAN) == 0 && count(guardian_none) != 0)
		abort();
	was = words_reader(lang);
	sms_parse(body, &names, c);
	words_reader(was);
	if (strcmp(number, ATHLETE) == 0 && c->kind == SMS_POSITIONAL &&
	    c->npairs != ms.n && count(waiting_only) != 0)
		abort();
	db_rollback(db);
	free(answer);
	free(c);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const langs[] = { "en", "fr" };
	static char	 slug[] = "effort", name[] = "Training";
	static struct metric metric = { .slug = slug, .name = name };
	static const struct metric_set metrics = { &metric, 1 };
	static const struct checkin_items items = { .n = 1,
	    .v = { { 0, "belastung", "Belastung", 1, 7, 0, 0 } } };
	static const struct sms_names team = { &metrics, &items };
	const struct sms_names *teams[] = { NULL, &team };
	struct sms_cmd	 c;
	char		*body;
	size_t		 i, l;
	int		 named;

#define BAD_VALUE(v)	(memchr((v), '\0', sizeof(v)) == NULL || \
	strspn((v), "0123456789:.,") != strlen(v) || \
	((v)[0] != '\0' && !isdigit((unsigned char)(v)[0])))

	if ((body = malloc(size + 1)) == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	if (!utf8_valid(body, size) || strlen(body) != size) {
		free(body);
		return 0;
	}
	team_open();
	for (l = 0; l < 2 * sizeof(langs) / sizeof(langs[0]); l++) {
		words_reader(langs[l / 2]);
		sms_parse(body, teams[l % 2], &c);
		named = c.kind == SMS_SCORES || (c.kind == SMS_GUESS &&
		    !c.positional);
		if (c.kind > SMS_MYDATA || c.npairs > SMS_MAX_PAIRS ||
		    (c.kind == SMS_RPE) != (c.session.given && c.npairs == 0) ||
		    (c.session.given && c.kind != SMS_RPE &&
		    c.kind != SMS_SCORES && c.kind != SMS_POSITIONAL) ||
		    c.session.rpe < 0 || c.session.rpe > 100 ||
		    c.session.minutes < 0 || c.session.minutes > 9999 * 60 ||
		    (c.kind == SMS_UNKNOWN && c.how == NULL) ||
		    (c.kind != SMS_SCORES && c.kind != SMS_POSITIONAL &&
		    c.kind != SMS_GUESS && c.npairs != 0) ||
		    ((c.kind == SMS_POSITIONAL || c.kind == SMS_GUESS) &&
		    c.npairs == 0))
			abort();
		for (i = 0; i < c.npairs; i++)
			if (named != (c.pairs[i].word[0] != '\0') ||
			    (named && !isalnum((unsigned char)c.pairs[i].word[0])
			    && (unsigned char)c.pairs[i].word[0] < 0x80) ||
			    (c.pairs[i].worded && (c.pairs[i].score < 1 ||
			    c.pairs[i].score > 7 || c.pairs[i].value[0])) ||
			    (c.kind == SMS_GUESS && c.pairs[i].wellness) ||
			    c.pairs[i].score < 0 || c.pairs[i].score > 100 ||
			    c.pairs[i].out_of < 0 || c.pairs[i].out_of > 100 ||
			    BAD_VALUE(c.pairs[i].value) ||
			    (c.pairs[i].value[0] && (c.pairs[i].score != 0 ||
			    c.pairs[i].out_of != 0 || c.pairs[i].wellness)))
				abort();
		if (BAD_VALUE(c.bare_value) ||
		    (c.bare_value[0] && c.bare != 0))
			abort();
		for (i = 0; i < c.nnear; i++)
			if (c.near[i].score < 0 || c.near[i].score > 100 ||
			    BAD_VALUE(c.near[i].value) || c.near[i].out_of < 0 ||
			    c.near[i].out_of > 100)
				abort();
		if (c.nnear > SMS_MAX_PAIRS || memchr(c.bad, '\0',
		    sizeof(c.bad)) == NULL)
			abort();
	}
	for (l = 0; l < 2; l++) {
		handle(body, ATHLETE, langs[l]);
		handle(body, GUARDIAN, langs[l]);
	}
	free(body);
	return 0;
}
