/*
 * sql.c - every SQL statement coxswain runs, in one table.
 *
 * Values are always bound ("?"), never formatted into the text.  The
 * table is indexed by enum stmt (lib.h); db.c prepares each statement
 * once per connection and reuses it.
 */
#include "lib.h"

#define PERSON_COLS \
	"id, role, name, handle, email, slug, opted_out, blocked, active, " \
	"created_at, channel, language, guardian_name, guardian_phone, " \
	"guardian_email, birth_date, minor, guardian_opted_out"

/* cox export: the person p's squads, and whether p is in squad ?1 */
#define EXPORT_SQUADS	"coalesce((SELECT group_concat(s.name, '; ') " \
	"FROM membership ms JOIN squad s ON s.id = ms.squad_id " \
	"WHERE ms.person_id = p.id), '')"
#define EXPORT_IN_SQUAD	"(?1 = '' OR EXISTS (SELECT 1 FROM membership ms " \
	"JOIN squad s ON s.id = ms.squad_id WHERE ms.person_id = p.id " \
	"AND s.name = ?1))"

/* a Unix time as ISO 8601 UTC, NULL for NULL */
/*
 * A rating's score as its metric writes it (metric_value_write()): a
 * time "6:45.3", a number "82.5", a scale's points; for exports.
 */
#define SCORE_WRITTEN \
	"CASE m.kind WHEN 'time' THEN printf('%d:%02d.%d', r.score / 600, " \
	"r.score / 10 % 60, r.score % 10) WHEN 'number' THEN " \
	"printf('%.1f', r.score / 10.0) ELSE r.score END"
/*
 * The weight in kg (metric.erg 'weight') athlete a had on record on
 * day d (columns), or NULL: what an erg test's W/kg divide by.
 */
#define ERG_WEIGHT_THEN(a, d) \
	"(SELECT w.score / 10.0 FROM rating w JOIN metric wm ON wm.id = " \
	"w.metric_id WHERE wm.erg = 'weight' AND w.athlete_id = " a " AND " \
	"w.rated_on <= " d " ORDER BY w.rated_on DESC, w.id DESC LIMIT 1)"
#define ISO(t)	"strftime('%Y-%m-%dT%H:%M:%SZ', " t ", 'unixepoch')"
/*
 * The messages of person ?1: theirs, and those from or to one of their
 * numbers or their address that were tied to nobody (stored before
 * that number or address was on the roster).
 */
#define PEXPORT_MESSAGES "(m.person_id = ?1 OR m.person_id IS NULL AND " \
	"(m.peer IN (SELECT e164 FROM phone WHERE person_id = ?1) OR " \
	"m.peer = (SELECT email FROM person WHERE id = ?1) COLLATE NOCASE))"

/*
 * The messages that gave athlete ?1 scores (cox roster erase): the one
 * that stored each score, those that changed it since and those it
 * came from (a correction's was_message).
 */
/*
 * The emails of the seat races athlete ?1 rowed in (cox roster erase),
 * which name them anywhere in a line.
 */
#define ERASE_SEATED "SELECT r.message_id FROM seat_race r " \
	"JOIN seat_race_rower w ON w.race_id = r.id WHERE w.person_id = ?1 " \
	"AND r.message_id IS NOT NULL"

#define ERASE_RATED "SELECT message_id " \
	"FROM rating WHERE athlete_id = ?1 AND message_id IS NOT NULL " \
	"UNION SELECT c.message_id FROM rating_change c JOIN rating r " \
	"ON r.id = c.rating_id WHERE r.athlete_id = ?1 " \
	"UNION SELECT c.was_message FROM rating_change c JOIN rating r " \
	"ON r.id = c.rating_id WHERE r.athlete_id = ?1 " \
	"AND c.was_message IS NOT NULL"

/*
 * Whether coach ?1 commands the person in column who: athletes only
 * (never a coach, whose number or account would be a way in), of a
 * head coach all of them, of a coach those of their squads; ?1 = 0
 * all of them, for the team's whole sheet (gen/).  A command's sender
 * is never 0: an address on no roster commands nothing (command.c).
 */
#define CMD_COACHES(who) \
	"(" who " IN (SELECT id FROM person WHERE role = 'athlete') AND " \
	"(?1 = 0 OR EXISTS (SELECT 1 FROM person c WHERE " \
	"c.id = ?1 AND c.active AND c.role = 'head_coach') OR " who " IN " \
	"(SELECT ma.person_id FROM membership ma JOIN membership mc ON " \
	"mc.squad_id = ma.squad_id WHERE mc.person_id = ?1)))"
/* athlete p.id's coach scores since ?4 not answered (r, mt), and
 * check-in prompts since ?5 not answered (c): what a reminder is of */
#define CMD_WAITING_RATINGS "FROM rating r JOIN metric mt ON " \
	"mt.id = r.metric_id WHERE r.athlete_id = p.id AND " \
	"r.source = 'coach' AND mt.active = 1 AND r.created_at >= ?4 AND " \
	"NOT EXISTS (SELECT 1 FROM rating s WHERE s.athlete_id = " \
	"r.athlete_id AND s.metric_id = r.metric_id AND s.source = 'self' " \
	"AND s.created_at >= r.created_at)"
#define CMD_WAITING_CHECKIN "FROM message c WHERE c.person_id = p.id " \
	"AND c.direction = 'out' AND c.kind = 'check-in' AND " \
	"c.created_at >= ?5 AND NOT EXISTS (SELECT 1 FROM wellness w " \
	"WHERE w.athlete_id = p.id AND w.day >= date(c.created_at, " \
	"'unixepoch', 'localtime'))"
/* whether failed message m was sent again (resend: a text about it,
 * not a guardian's copy of it) */
#define OUT_RESENT	"EXISTS (SELECT 1 FROM message x WHERE x.about = " \
	"m.id AND x.direction = 'out' AND +x.channel = 'sms' AND " \
	"(x.kind IS NOT 'guardian' OR m.kind = 'guardian'))"

/* the last error code a provider's status callback gave message m */
#define OUT_CODE	"coalesce((SELECT s.error_code FROM message_status s " \
	"WHERE s.message_id = m.id AND s.error_code IS NOT NULL " \
	"ORDER BY s.id DESC LIMIT 1), '')"

/*
 * What a dashboard shows of message m sent: a text whole (a few hundred
 * characters at most; cut, it read "boat-"); of an email only its
 * subject, as a confirmation to a coach can name athletes of other
 * squads than the part's.
 */
#define OUT_GIST	"CASE WHEN m.channel = 'sms' THEN m.body " \
	"ELSE coalesce(m.subject, '') END"

/*
 * Whether message m answers a text that stored an athlete's own scores
 * or session effort, or that was read as an effort or a guess at scores
 * ("rpe 7 90" completes the row an earlier "rpe 7" made; a check-in is
 * stored as kind 'scores' too, so that kind alone does not say): its
 * words would tell coaches what the blind rule keeps from their pages
 * (a score before theirs, a later view, an effort before the session is
 * over), so the dashboard shows it sent but not what it says.
 */
#define TEXT_BLIND(t)	"(EXISTS (SELECT 1 FROM message b WHERE b.id = " t \
	" AND b.kind IN ('guess', 'rpe')) OR EXISTS (SELECT 1 FROM rating b " \
	"WHERE b.message_id = " t " AND b.source = 'self') OR EXISTS (SELECT " \
	"1 FROM session_rpe b WHERE b.message_id = " t "))"
#define OUT_BLIND	"(m.about IS NOT NULL AND m.kind IN ('twiml', 'reply') " \
	"AND " TEXT_BLIND("m.about") ")"
/*
 * The answers texts were given (schema v33), as rows of what went out:
 * sent with the answer to the request, so never failed nor sent again;
 * its text's own id, kind 'twiml' as the rows of one before.
 */
#define OUT_ANSWER(name)	"SELECT m.created_at, " name ", m.channel, " \
	"'sent', '', '', m.answer, 'twiml', m.id, 0, " TEXT_BLIND("m.id")

/*
 * The ratings emails, kept and not undone, behind an athlete's
 * correction texts not sent since the last one that went (an undo's
 * notice aside): queued, or cancelled when a later one took them in or
 * when what they said was all put back (ingest/correct.c).
 */
#define CORRECTION_MERGED	"merged into a later correction"
#define CORRECTION_EMPTY	"its scores put back: nothing to tell"
#define CORRECTION_WENT		"'sending', 'sent', 'delivered', 'read'"
/* whether correction text t is an undo's notice, which tells no score */
#define CORRECTION_NOTICE(t) \
	"EXISTS (SELECT 1 FROM message n WHERE n.id = " t ".about AND " \
	"n.kind = 'undo')"
/* the athlete's first answer to coach rating r (their text, its time) */
#define CORRECTION_ANSWER \
	"FROM rating s WHERE s.athlete_id = r.athlete_id AND s.metric_id = " \
	"r.metric_id AND s.source = 'self' AND (s.created_at > r.created_at " \
	"OR (s.created_at = r.created_at AND s.id > r.id)) ORDER BY " \
	"s.created_at, s.id LIMIT 1"
#define CORRECTION_EMAILS(athlete) \
	"SELECT m.about FROM message m JOIN message e ON e.id = m.about " \
	"WHERE m.person_id = " athlete " AND m.direction = 'out' AND " \
	"+m.channel = 'sms' AND m.kind = 'correction' AND (m.status = " \
	"'queued' OR (m.status = 'cancelled' AND m.error IN ('" \
	CORRECTION_MERGED "', '" CORRECTION_EMPTY "'))) AND m.id > " \
	"coalesce((SELECT max(s.id) FROM message s WHERE s.person_id = " \
	athlete " AND s.direction = 'out' AND +s.channel = 'sms' AND " \
	"s.kind = 'correction' AND s.status IN (" CORRECTION_WENT ") AND " \
	"NOT " CORRECTION_NOTICE("s") "), 0) AND e.kind = 'ratings' AND " \
	"e.status = 'stored'"

/*
 * Whether session_rpe row r and planned session p pair, for athlete
 * (lib/load.c): the same day and slot, or one of them said no slot
 * and p is the only plan of the athlete's squads that day.  The plans
 * are found from the athlete's squads (CROSS JOIN keeps that order):
 * from the day, a team's every squad's plan of it would be read.
 */
#define PLAN_PAIRS(r, p, athlete) \
	"(" r ".day = " p ".day AND (coalesce(" r ".slot, '') = " p ".slot " \
	"OR ((" r ".slot IS NULL OR " p ".slot = '') AND (SELECT count(*) " \
	"FROM membership qm CROSS JOIN planned_session q ON q.squad_id = " \
	"qm.squad_id AND q.day = " p ".day WHERE qm.person_id = " athlete \
	") = 1)))"

static const char *const sql[STMT__MAX] = {
	[STMT_PERSON_BY_ID] =
	    "SELECT " PERSON_COLS " FROM person WHERE id = ?",
	/* no prompts nor reminders while set (a coach's pause @h) */
	[STMT_PERSON_PAUSED] =
	    "SELECT paused FROM person WHERE id = ?",
	[STMT_PERSON_BY_EMAIL] =
	    "SELECT id FROM person WHERE email = ?",
	[STMT_PERSON_BY_PHONE] =
	    "SELECT person_id FROM phone WHERE e164 = ?",
	[STMT_PERSON_BY_HANDLE] =
	    "SELECT id FROM person WHERE handle = ?",
	[STMT_PERSON_BY_SLUG] =
	    "SELECT id FROM person WHERE slug = ?",
	[STMT_PERSON_BY_NAME] =
	    "SELECT id FROM person WHERE name = ? COLLATE NOCASE "
	    "ORDER BY active DESC, id",
	[STMT_PERSON_INSERT] =
	    "INSERT INTO person (role, name, handle, email, slug, opted_out, "
	    "blocked, active, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
	[STMT_PERSON_UPDATE] =
	    "UPDATE person SET role = ?, name = ?, handle = ?, email = ?, "
	    "opted_out = ?, blocked = ?, active = ?, updated_at = ?, "
	    "removed_at = CASE WHEN ? THEN NULL ELSE removed_at END "
	    "WHERE id = ?",
	/* a guardian's STOP is their number's: another number, no STOP */
	[STMT_PERSON_SET_GUARDIAN] =
	    "UPDATE person SET guardian_name = ?1, guardian_phone = ?2, "
	    "guardian_email = ?3, birth_date = ?4, minor = ?5, "
	    "guardian_opted_out = guardian_opted_out AND guardian_phone "
	    "IS ?2 WHERE id = ?6",
	/* whose guardian number ?1 is, on the roster (ingest/guardian.c) */
	[STMT_PERSON_WARDS] =
	    "SELECT id FROM person WHERE guardian_phone = ?1 AND active "
	    "ORDER BY id",
	/* a guardian's STOP (?1 = 1) or START from number ?3, for every
	 * athlete they are the guardian of */
	[STMT_GUARDIAN_OPTOUT] =
	    "UPDATE person SET guardian_opted_out = ?1, updated_at = ?2 "
	    "WHERE guardian_phone = ?3 AND guardian_opted_out != ?1",
	/* a consent in force: given, not withdrawn */
	[STMT_CONSENT_HAS] =
	    "SELECT count(*) FROM consent WHERE person_id = ? AND kind = ? "
	    "AND withdrawn_at IS NULL",
	[STMT_CONSENT_GIVE] =
	    "INSERT INTO consent (person_id, kind, given_at, channel, version) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (person_id, kind) DO "
	    "UPDATE SET given_at = ?3, channel = ?4, version = ?5, "
	    "withdrawn_at = NULL",
	[STMT_CONSENT_WITHDRAW] =
	    "UPDATE consent SET withdrawn_at = ?3 WHERE person_id = ?1 AND "
	    "kind = ?2 AND withdrawn_at IS NULL",
	[STMT_CONSENT_LIST] =
	    "SELECT kind, given_at, channel, version, coalesce(withdrawn_at, 0) "
	    "FROM consent WHERE person_id = ? ORDER BY kind",
	[STMT_PERSON_DEACTIVATE] =
	    "UPDATE person SET active = 0, removed_at = ?, updated_at = ? "
	    "WHERE id = ? AND active = 1",
	[STMT_PERSON_LIST] =
	    "SELECT id FROM person WHERE active = 1 OR ? "
	    "ORDER BY created_at DESC, id DESC",
	[STMT_PHONE_LIST] =
	    "SELECT e164 FROM phone WHERE person_id = ? ORDER BY position",
	[STMT_PHONE_DELETE_ALL] =
	    "DELETE FROM phone WHERE person_id = ?",
	[STMT_PHONE_INSERT] =
	    "INSERT INTO phone (e164, person_id, position) VALUES (?, ?, ?)",
	[STMT_SQUAD_GET] =
	    "SELECT id FROM squad WHERE name = ?",
	[STMT_SQUAD_INSERT] =
	    "INSERT INTO squad (name, slug) "
	    "VALUES (?, lower(hex(randomblob(12))))",
	[STMT_MEMBERSHIP_LIST] =
	    "SELECT s.name FROM membership m JOIN squad s ON s.id = m.squad_id "
	    "WHERE m.person_id = ? ORDER BY s.name COLLATE NOCASE",
	[STMT_MEMBERSHIP_DELETE_ALL] =
	    "DELETE FROM membership WHERE person_id = ?",
	[STMT_MEMBERSHIP_INSERT] =
	    "INSERT OR IGNORE INTO membership (person_id, squad_id) "
	    "VALUES (?, ?)",
	[STMT_METRIC_BY_SLUG] =
	    "SELECT id, slug, name, scale_min, scale_max, rubric, position, "
	    "kind, unit, erg FROM metric WHERE slug = ?",
	[STMT_METRIC_LIST] =
	    "SELECT id, slug, name, scale_min, scale_max, rubric, position, "
	    "kind, unit, erg FROM metric WHERE active = 1 "
	    "ORDER BY position, id",
	[STMT_METRIC_INSERT] =
	    "INSERT INTO metric (slug, name, scale_min, scale_max, rubric, "
	    "position, created_at, kind, unit, erg) VALUES (?, ?, ?, ?, ?, "
	    "(SELECT coalesce(max(position), 0) + 1 FROM metric), ?, ?, ?, "
	    "?)",
	[STMT_METRIC_UPDATE] =
	    "UPDATE metric SET name = ?, scale_min = ?, scale_max = ?, "
	    "rubric = ?, kind = ?, unit = ?, erg = ? WHERE id = ?",
	[STMT_META_GET] =
	    "SELECT value FROM meta WHERE key = ?",
	[STMT_META_SET] =
	    "INSERT INTO meta (key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[STMT_RATING_INSERT] =
	    "INSERT INTO rating (athlete_id, metric_id, source, rater_id, "
	    "score, comment, rated_on, created_at, message_id) "
	    "VALUES (?, ?, ?, nullif(?, 0), ?, ?, ?, ?, nullif(?, 0))",
	/* in the order of indexes that cover them: no table, no sort */
	[STMT_RATING_FOR_ATHLETE] =
	    "SELECT id, metric_id, source, score, created_at, rated_on, "
	    "rater_id FROM rating WHERE athlete_id = ? "
	    "ORDER BY athlete_id, metric_id, created_at, id",
	[STMT_COACH_NAMES] =	/* person_staff */
	    "SELECT id, name FROM person WHERE role != 'athlete' AND "
	    "role IN ('coach', 'head_coach') ORDER BY id",
	/* every metric's id, for STMT_RATING_LATEST */
	/*
	 * metric ?2's latest rating of athlete ?1: one probe of rating_page,
	 * which holds every column asked, so no row of the table is read
	 */
	[STMT_RATING_LATEST] =
	    "SELECT id, metric_id, source, score, created_at, rated_on, "
	    "rater_id FROM rating WHERE athlete_id = ?1 AND metric_id = ?2 "
	    "ORDER BY created_at DESC, id DESC LIMIT 1",
	/*
	 * the blind pair of athlete ?1's metric ?2: its latest coach
	 * rating and the rating right after it, which can only be the
	 * athlete's first answer to it (NULL while none has come; no row
	 * without a coach rating).  Both from rating_page, the second by
	 * a seek to the first's place: an OR of the two columns had it
	 * read the metric's every rating from the season's first.
	 */
	[STMT_RATING_ROUND] =
	    "SELECT c.score, (SELECT x.score FROM rating x WHERE "
	    "x.athlete_id = ?1 AND x.metric_id = ?2 AND "
	    "(x.created_at, x.id) > (c.created_at, c.id) "
	    "ORDER BY x.created_at, x.id LIMIT 1) "
	    "FROM (SELECT y.score, y.created_at, y.id FROM rating y "
	    "WHERE y.athlete_id = ?1 AND y.metric_id = ?2 AND "
	    "y.source = 'coach' ORDER BY y.created_at DESC, y.id DESC "
	    "LIMIT 1) c",
	[STMT_RATING_COMMENTS] =
	    "SELECT id, rated_on, comment FROM rating "
	    "WHERE athlete_id = ? AND comment != '' "
	    "ORDER BY athlete_id, metric_id, created_at, id",
	[STMT_WELLNESS_INSERT] =
	    "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, "
	    "soreness, illness, note, created_at, message_id) VALUES "
	    "(?, ?, nullif(?, 0), nullif(?, 0), nullif(?, 0), nullif(?, 0), "
	    "nullif(?, ''), ?, ?, nullif(?, 0))",
	[STMT_WELLNESS_SINCE] =
	    "SELECT day, coalesce(sleep, 0), coalesce(stress, 0), "
	    "coalesce(fatigue, 0), coalesce(soreness, 0), "
	    "coalesce(illness, ''), note, id FROM wellness "
	    "WHERE athlete_id = ? AND day >= ? ORDER BY day, id",
	[STMT_CHECKIN_ITEMS] =
	    "SELECT id, slug, name, lo, hi, better = 'high', every = 'week' "
	    "FROM checkin_item WHERE retired = 0 ORDER BY id",
	[STMT_CHECKIN_ITEM_INSERT] =
	    "INSERT INTO checkin_item (slug, name, lo, hi, better, every, "
	    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO "
	    "UPDATE SET name = excluded.name, lo = excluded.lo, "
	    "hi = excluded.hi, better = excluded.better, "
	    "every = excluded.every, retired = 0",
	[STMT_CHECKIN_ITEM_RETIRE] =
	    "UPDATE checkin_item SET retired = 1 WHERE slug = ? AND retired = 0",
	[STMT_CHECKIN_VALUE_INSERT] =
	    "INSERT INTO checkin_value (wellness_id, item_id, value) "
	    "VALUES (?, ?, ?)",
	[STMT_CHECKIN_VALUES_SINCE] =
	    "SELECT v.wellness_id, v.item_id, v.value FROM wellness w "
	    "JOIN checkin_value v ON v.wellness_id = w.id "
	    "WHERE w.athlete_id = ? AND w.day >= ? ORDER BY w.day, w.id",
	/*
	 * Health (lib/health.c).  The question athlete ?1 has still to
	 * answer: the latest report asked since ?2 not yet said no to nor
	 * answered in full.
	 */
	[STMT_HEALTH_ASK] =
	    "INSERT INTO health_report (athlete_id, week, asked_at) "
	    "VALUES (?, ?, ?)",
	[STMT_HEALTH_PENDING] =
	    "SELECT id, coalesce(problem, ''), area, coalesce(q1, 0), "
	    "coalesce(q2, 0), coalesce(q3, 0), coalesce(q4, 0), week "
	    "FROM health_report WHERE athlete_id = ? AND asked_at >= ? "
	    "AND (problem IS NULL OR problem != 'none' AND q4 IS NULL) "
	    "ORDER BY asked_at DESC, id DESC LIMIT 1",
	[STMT_HEALTH_PROBLEM] =
	    "UPDATE health_report SET problem = ?, area = ?, answered_at = ? "
	    "WHERE id = ?",
	[STMT_HEALTH_ANSWER] =
	    "UPDATE health_report SET "
	    "q1 = CASE ?1 WHEN 1 THEN ?2 ELSE q1 END, "
	    "q2 = CASE ?1 WHEN 2 THEN ?2 ELSE q2 END, "
	    "q3 = CASE ?1 WHEN 3 THEN ?2 ELSE q3 END, "
	    "q4 = CASE ?1 WHEN 4 THEN ?2 ELSE q4 END, "
	    "answered_at = ?3 WHERE id = ?4",
	[STMT_HEALTH_SCORE] =
	    "UPDATE health_report SET severity = ?, substantial = ? "
	    "WHERE id = ?",
	[STMT_HEALTH_HAD] =
	    "SELECT 1 FROM health_report WHERE athlete_id = ? AND week = ? "
	    "AND id != ? AND problem IN ('injury', 'illness') LIMIT 1",
	/* an athlete's own answers since ?2, for their page */
	[STMT_HEALTH_ATHLETE] =
	    "SELECT week, problem, area, severity, substantial "
	    "FROM health_report WHERE athlete_id = ?1 AND week >= ?2 "
	    "AND problem IN ('injury', 'illness') ORDER BY week DESC, id",
	/*
	 * A squad's weeks since ?2 (squad ?1; 0: the people in no
	 * squad): who answered, who had a problem, who a substantial one.
	 */
	[STMT_HEALTH_PREVALENCE] =
	    "SELECT h.week, count(DISTINCT h.athlete_id), "
	    "count(DISTINCT CASE WHEN h.problem != 'none' THEN h.athlete_id "
	    "END), count(DISTINCT CASE WHEN h.substantial = 1 THEN "
	    "h.athlete_id END) FROM health_report h JOIN person p ON "
	    "p.id = h.athlete_id WHERE h.problem IS NOT NULL AND "
	    "h.week >= ?2 AND p.active = 1 AND (EXISTS (SELECT 1 FROM "
	    "membership ms WHERE ms.person_id = p.id AND ms.squad_id = ?1) "
	    "OR ?1 = 0 AND NOT EXISTS (SELECT 1 FROM membership ms WHERE "
	    "ms.person_id = p.id)) GROUP BY h.week ORDER BY h.week DESC",
	[STMT_EPISODE_OUT] =
	    "SELECT 1 FROM episode WHERE athlete_id = ? AND closed_at IS NULL "
	    "AND stage = 'out' LIMIT 1",
	[STMT_EPISODE_SAME] =
	    "SELECT id FROM episode WHERE athlete_id = ? AND kind = ? "
	    "AND area = ? AND closed_at IS NULL",
	[STMT_EPISODE_INSERT] =
	    "INSERT INTO episode (athlete_id, kind, area, stage, source, "
	    "opened_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	/* the latest open episode of athlete ?3 to stage ?1 at ?2 */
	[STMT_EPISODE_MOVE] =
	    "UPDATE episode SET stage = ?1, changed_at = ?2, closed_at = "
	    "CASE ?1 WHEN 'cleared' THEN ?2 END WHERE id = (SELECT id FROM "
	    "episode WHERE athlete_id = ?3 AND closed_at IS NULL "
	    "ORDER BY opened_at DESC, id DESC LIMIT 1)",
	[STMT_EPISODES_ATHLETE] =
	    "SELECT kind, area, stage, opened_at, changed_at, closed_at "
	    "FROM episode WHERE athlete_id = ? "
	    "ORDER BY closed_at IS NOT NULL, opened_at DESC, id DESC",
	/* the open episodes of squad ?1's athletes (0: in no squad) */
	[STMT_EPISODES_SQUAD] =
	    "SELECT p.name, e.kind, e.area, e.stage, e.opened_at, "
	    "e.changed_at, p.handle FROM episode e JOIN person p ON "
	    "p.id = e.athlete_id WHERE e.closed_at IS NULL AND p.active = 1 "
	    "AND (EXISTS (SELECT 1 FROM membership ms WHERE ms.person_id = "
	    "p.id AND ms.squad_id = ?1) OR ?1 = 0 AND NOT EXISTS (SELECT 1 "
	    "FROM membership ms WHERE ms.person_id = p.id)) "
	    "ORDER BY p.name, e.opened_at",
	/* the open episodes of the athletes coach ?1 commands, whenever
	 * they opened (?2, the last digest, and ?3, now, are not read),
	 * each with when it came to its stage: the digest's */
	[STMT_EPISODES_COACH] =
	    "SELECT p.name, e.kind, e.area, e.stage, e.changed_at, p.handle "
	    "FROM episode e JOIN person p ON p.id = e.athlete_id "
	    "WHERE e.closed_at IS NULL AND p.active = 1 AND ?2 = ?2 AND "
	    "?3 = ?3 AND " CMD_COACHES("p.id")
	    " ORDER BY p.name, e.opened_at",
	[STMT_ATHLETE_IDS] =
	    "SELECT id FROM person WHERE active = 1 AND role = 'athlete' "
	    "ORDER BY id",
	/* what a build renders: the marks it took (cox build) */
	[STMT_DIRTY_LIST] =
	    "SELECT person_id FROM dirty_taken ORDER BY person_id",
	[STMT_DIRTY_TAKE] =
	    "INSERT OR IGNORE INTO dirty_taken SELECT person_id FROM dirty",
	[STMT_DIRTY_TAKEN] =
	    "DELETE FROM dirty",
	[STMT_DIRTY_DONE] =
	    "DELETE FROM dirty_taken",
	[STMT_DIRTY_ALL] =
	    "INSERT OR IGNORE INTO dirty SELECT id FROM person "
	    "UNION ALL SELECT 0",
	[STMT_DIRTY_ADD] =
	    "INSERT OR IGNORE INTO dirty VALUES (?)",
	/* the pages that list coach ? among who opens them (gen/gated.c) */
	[STMT_DIRTY_SQUADMATES] =
	    "INSERT OR IGNORE INTO dirty SELECT ma.person_id FROM membership ma "
	    "JOIN membership mc ON mc.squad_id = ma.squad_id "
	    "WHERE mc.person_id = ?",
	/*
	 * gated pages with no keys yet: the dashboard's, and the active
	 * people's among those this build takes (dirty_taken).  Whoever
	 * else has none is not rendered by it: a new person is marked, and
	 * so is one whose key is dropped (lib/person.c) or found gone
	 * (gen/pool.c).  Every person's, a walk of the team, took a fifth
	 * of a one-change build.
	 */
	[STMT_PAGES_KEYLESS] =
	    "SELECT page, person FROM (SELECT 'a/' || p.slug || '/' AS page, "
	    "p.id AS person FROM dirty_taken d CROSS JOIN person p ON p.id = "
	    "d.person_id WHERE p.active = 1 UNION ALL "
	    "SELECT 'coach/' || slug || '/', 0 FROM squad UNION ALL "
	    "SELECT 'coach/team/', 0) "
	    "WHERE page NOT IN (SELECT page FROM page_key) LIMIT ?",
	[STMT_PAGE_KEY_GET] =
	    "SELECT content_key, link_secret, created_at FROM page_key "
	    "WHERE page = ?",
	/*
	 * a content key goes by DELETE (or UPDATE), never REPLACE: those
	 * fire schema.c's v30 triggers, which drop the sender key with it
	 */
	[STMT_PAGE_KEY_INSERT] =
	    "INSERT INTO page_key (page, person_id, content_key, link_secret, "
	    "created_at) VALUES (?, nullif(?, 0), ?, ?, ?)",
	[STMT_MANIFEST_GET] =
	    "SELECT hash FROM manifest WHERE path = ?",
	[STMT_MANIFEST_SET] =
	    "INSERT INTO manifest (path, hash, built_at) VALUES (?, ?, ?) "
	    "ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, "
	    "built_at = excluded.built_at",
	[STMT_MANIFEST_DELETE] =
	    "DELETE FROM manifest WHERE path = ?",
	[STMT_FRAGMENT_SET] =
	    "INSERT INTO fragment (person_id, part, body) VALUES (?, ?, ?) "
	    "ON CONFLICT (part, person_id) DO UPDATE SET body = excluded.body",
	/* someone who left, or is rendered inactive: fragment_person */
	[STMT_FRAGMENT_DELETE] =
	    "DELETE FROM fragment WHERE person_id = ?",
	/* the dashboard's part of squad ?2: its members' fragments ?1 */
	[STMT_FRAGMENT_SQUAD] =
	    "SELECT f.body FROM membership m "
	    "JOIN person p ON p.id = m.person_id "
	    "JOIN fragment f ON f.person_id = m.person_id AND f.part = ? "
	    "WHERE m.squad_id = ? AND p.active = 1 "
	    "ORDER BY p.name COLLATE NOCASE, p.id",
	/*
	 * the head coaches' part: who is in no squad, found from the
	 * people (a walk of everyone), then their fragments of every kind
	 * the part shows at once, kind by kind (the raters' are added up
	 * for the whole team: STMT_FRAGMENT_ALL)
	 */
	[STMT_FRAGMENT_TEAM] =
	    "SELECT f.part, f.body FROM person p CROSS JOIN fragment f ON "
	    "f.person_id = p.id AND f.part != 'raters' "
	    "WHERE p.active = 1 AND NOT EXISTS (SELECT 1 "
	    "FROM membership m WHERE m.person_id = p.id) "
	    "ORDER BY f.part, p.name COLLATE NOCASE, p.id",
	/*
	 * every active person's: a range of the part's rows alone, in the
	 * order they are kept (its one reader adds them up: no sort)
	 */
	[STMT_FRAGMENT_ALL] =
	    "SELECT f.body FROM fragment f JOIN person p ON p.id = f.person_id "
	    "WHERE f.part = ? AND p.active = 1 ORDER BY f.person_id",
	[STMT_INBOX_SQUAD] =
	    "SELECT m.created_at, p.name, m.kind, m.body, m.id, p.handle "
	    "FROM membership ms JOIN person p ON p.id = ms.person_id "
	    "JOIN message m ON m.person_id = ms.person_id "
	    "WHERE ms.squad_id = ? AND m.direction = 'in' "
	    "AND m.kind IN ('note', 'unparsed') AND m.archived = 0 "
	    "ORDER BY m.created_at DESC, m.id DESC LIMIT ?",
	/* people in no squad: the head coaches' */
	[STMT_INBOX_TEAM] =
	    "SELECT m.created_at, p.name, m.kind, m.body, m.id, p.handle "
	    "FROM message m JOIN person p ON p.id = m.person_id "
	    "WHERE m.direction = 'in' AND m.kind IN ('note', 'unparsed') "
	    "AND m.archived = 0 AND NOT EXISTS (SELECT 1 FROM membership ms "
	    "WHERE ms.person_id = m.person_id) "
	    "ORDER BY m.created_at DESC, m.id DESC LIMIT ?",
	/* texts from numbers on nobody's roster, apart: the head coaches' */
	[STMT_INBOX_UNKNOWN] =
	    "SELECT created_at, peer, kind, body, id, '' FROM message "
	    "WHERE direction = 'in' AND +channel = 'sms' AND person_id IS NULL "
	    "AND archived = 0 "
	    "ORDER BY created_at DESC, id DESC LIMIT ?",
	/*
	 * What went out to squad ?1's athletes since ?3, newest first, only
	 * what failed when ?2: the last error code a status callback gave
	 * and the first words of the text.  What went to its coaches (a
	 * head coach is in every squad) is about anyone in the team: it is
	 * in the team part, for the head coaches.
	 */
	[STMT_OUTBOX_SQUAD] =
	    "SELECT m.created_at, p.name, m.channel, m.status, "
	    "coalesce(m.error, ''), " OUT_CODE ", " OUT_GIST ", "
	    "coalesce(m.kind, ''), m.id, " OUT_RESENT ", " OUT_BLIND " "
	    "FROM membership ms "
	    "JOIN person p ON p.id = ms.person_id AND p.role = 'athlete' "
	    "JOIN message m ON m.person_id = ms.person_id "
	    "WHERE ms.squad_id = ?1 AND m.direction = 'out' AND (?2 = 0 OR "
	    "m.status IN ('failed', 'undelivered') AND NOT " OUT_RESENT ") "
	    "AND m.created_at >= ?3 UNION ALL " OUT_ANSWER("p.name") " "
	    "FROM membership ms "
	    "JOIN person p ON p.id = ms.person_id AND p.role = 'athlete' "
	    "JOIN message m ON m.person_id = ms.person_id "
	    "WHERE ms.squad_id = ?1 AND ?2 = 0 AND m.direction = 'in' AND "
	    "m.created_at >= ?3 AND m.answer != '' ORDER BY 9 DESC LIMIT ?4",
	/* by message_person, the few people in no squad and nobody: read
	   newest first by id, it was every text the team was ever sent
	   when fewer than the limit were theirs */
#define OUT_TEAM_PEOPLE	"(m.person_id IS NULL OR m.person_id IN (SELECT " \
	"q.id FROM person q WHERE q.role != 'athlete' OR NOT EXISTS (SELECT " \
	"1 FROM membership ms WHERE ms.person_id = q.id)))"
	[STMT_OUTBOX_TEAM] =
	    "SELECT m.created_at, coalesce(p.name, m.peer), m.channel, "
	    "m.status, coalesce(m.error, ''), " OUT_CODE ", "
	    OUT_GIST ", coalesce(m.kind, ''), m.id, " OUT_RESENT ", "
	    OUT_BLIND " FROM message m LEFT JOIN person p ON p.id = m.person_id "
	    "WHERE m.direction = 'out' AND " OUT_TEAM_PEOPLE " AND (?1 = 0 "
	    "OR m.status IN ('failed', 'undelivered') AND NOT " OUT_RESENT ") "
	    "AND m.created_at >= ?2 UNION ALL "
	    OUT_ANSWER("coalesce(p.name, m.peer)") " FROM message m LEFT JOIN "
	    "person p ON p.id = m.person_id WHERE ?1 = 0 AND m.direction = "
	    "'in' AND " OUT_TEAM_PEOPLE " AND m.created_at >= ?2 AND "
	    "m.answer != '' ORDER BY 9 DESC LIMIT ?3",
	/*
	 * cox inbox list: notes and unparsed texts of squad ?1's members
	 * ('' for everyone's, then what came from numbers and addresses on
	 * nobody's roster), archived ones too when ?2
	 */
	[STMT_INBOX_LIST] =
	    "SELECT m.id, m.created_at, coalesce(p.name, ''), "
	    "coalesce(p.handle, ''), m.peer, " EXPORT_SQUADS ", "
	    "coalesce(m.kind, ''), m.body, m.archived FROM message m "
	    "LEFT JOIN person p ON p.id = m.person_id "
	    "WHERE m.direction = 'in' AND (?2 = 1 OR m.archived = 0) AND "
	    "(m.kind IN ('note', 'unparsed') OR m.person_id IS NULL) AND "
	    "(?1 = '' AND m.person_id IS NULL OR m.person_id IS NOT NULL "
	    "AND " EXPORT_IN_SQUAD ") "
	    "ORDER BY m.person_id IS NULL, m.created_at, m.id",
	/*
	 * the words of the latest prompt to athlete ?1 since ?2 that is on
	 * its way or reached them, if they have texted nothing since it
	 * (their guardian's texts are not theirs)
	 */
	[STMT_NOTIFY_RECENT] =
	    "SELECT o.body FROM message o "
	    "WHERE o.person_id = ?1 AND o.direction = 'out' "
	    "AND o.kind = 'notify' AND o.created_at >= ?2 "
	    "AND o.status IN ('queued', 'sending', 'sent', 'delivered', 'read') "
	    "AND NOT EXISTS (SELECT 1 FROM message i WHERE i.person_id = ?1 "
	    "AND i.direction = 'in' AND i.created_at >= o.created_at "
	    "AND i.kind IS NOT 'guardian') "
	    "ORDER BY o.created_at DESC, o.id DESC LIMIT 1",
	/* whether a coach texted athlete ?1 since ?2 (a message, an answer) */
	[STMT_COACH_TEXTED] =
	    "SELECT 1 FROM message WHERE person_id = ?1 AND direction = 'out' "
	    "AND created_at >= ?2 AND kind IN ('coach', 'answer') LIMIT 1",
	/* athlete ?1's texts since ?2 that cox could not read, filed once
	 * one it could read came: message_person finds them */
	[STMT_UNREAD_SETTLE] =
	    "UPDATE message SET archived = 1 WHERE person_id = ?1 AND "
	    "created_at >= ?2 AND direction = 'in' AND kind = 'unparsed' "
	    "AND archived = 0",
	[STMT_INBOX_ARCHIVE] =
	    "UPDATE message SET archived = 1 WHERE id = ? AND direction = 'in'",
	/*
	 * Reminders: athletes who can be texted (and are not paused,
	 * injured) with coach ratings from the
	 * emails since ?1 still unanswered, the oldest of them by ?2, the
	 * metrics waiting; and how many reminders of kind ?2 went to
	 * person ?1 since ?3, the last when.
	 */
	[STMT_REMIND_RATINGS] =
	    "SELECT p.id, min(r.created_at), "
	    "replace(group_concat(DISTINCT mt.slug), ',', ', ') "
	    /* from the few recent emails to their ratings (CROSS JOIN
	     * keeps that order), never through every rating of the team */
	    "FROM message msg CROSS JOIN rating r ON r.message_id = msg.id "
	    "JOIN person p ON p.id = r.athlete_id "
	    "JOIN metric mt ON mt.id = r.metric_id "
	    "WHERE msg.direction = 'in' AND msg.kind = 'ratings' "
	    "AND msg.created_at >= ? AND r.source = 'coach' AND mt.active = 1 "
	    "AND p.role = 'athlete' AND p.active = 1 AND p.opted_out = 0 "
	    "AND p.blocked = 0 AND p.paused = 0 AND NOT EXISTS (SELECT 1 "
	    "FROM rating s "
	    "WHERE s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id "
	    "AND s.created_at >= r.created_at AND s.source = 'self') "
	    "GROUP BY p.id HAVING min(r.created_at) <= ? ORDER BY p.id",
	[STMT_REMIND_SENT] =
	    "SELECT count(*), coalesce(max(created_at), 0) FROM message "
	    "WHERE person_id = ? AND created_at >= ? AND direction = 'out' "
	    "AND kind = 'reminder'",
	/*
	 * The athletes a check-in prompt goes to: who can be texted and is
	 * not paused, in one
	 * of the squads of the JSON array ?1 (all when empty), not checked
	 * in on day ?2.
	 */
	[STMT_REMIND_CHECKIN] =
	    "SELECT p.id FROM person p WHERE p.role = 'athlete' "
	    "AND p.active = 1 AND p.opted_out = 0 AND p.blocked = 0 "
	    "AND p.paused = 0 AND (json_array_length(?1) = 0 OR EXISTS "
	    "(SELECT 1 FROM membership ms JOIN squad s ON s.id = ms.squad_id "
	    "WHERE ms.person_id = p.id AND s.name IN (SELECT value "
	    "FROM json_each(?1)))) AND NOT EXISTS (SELECT 1 FROM wellness w "
	    "WHERE w.athlete_id = p.id AND w.day = ?2) ORDER BY p.id",
	/*
	 * The morning digest (ingest/digest.c).  The coaches who get one
	 * and have not had it on day ?1 (coach_pref.digest NULL: head
	 * coaches do): id, [digest] at of their own, the sheet with it,
	 * when the last went.
	 */
	[STMT_DIGEST_COACHES] =
	    "SELECT p.id, coalesce(cp.digest_at, ''), coalesce(cp.sheet, 0), "
	    "coalesce((SELECT max(d.sent_at) FROM digest_sent d "
	    "WHERE d.person_id = p.id), 0) FROM person p "
	    "LEFT JOIN coach_pref cp ON cp.person_id = p.id "
	    "WHERE p.active AND p.role != 'athlete' AND p.email IS NOT NULL "
	    "AND NOT p.blocked AND NOT p.opted_out "
	    "AND coalesce(cp.digest, p.role = 'head_coach') "
	    "AND NOT EXISTS (SELECT 1 FROM digest_sent d "
	    "WHERE d.person_id = p.id AND d.day = ?1) ORDER BY p.id",
	/* the athletes coach ?1 sees (a head coach: all), by name */
	[STMT_DIGEST_ATHLETES] =
	    "SELECT p.id, p.name, p.handle FROM person p WHERE p.active "
	    "AND p.role = 'athlete' AND " CMD_COACHES("p.id")
	    " ORDER BY p.name COLLATE NOCASE, p.id",
	/*
	 * Each part of the digest takes ?1 the coach, ?2 the last digest,
	 * ?3 now.  Athletes with coach scores of the last 30 days not
	 * answered, the oldest for a day or more: name, handle, since when.
	 */
	[STMT_DIGEST_LATE] =
	    "SELECT p.name, p.handle, min(r.created_at) FROM rating r "
	    "JOIN person p ON p.id = r.athlete_id "
	    "JOIN metric mt ON mt.id = r.metric_id "
	    "WHERE r.source = 'coach' AND r.created_at >= ?3 - 2592000 "
	    "AND r.created_at <= ?3 AND mt.active "
	    "AND p.role = 'athlete' AND p.active AND " CMD_COACHES("p.id")
	    " AND NOT EXISTS (SELECT 1 FROM rating s "
	    "WHERE s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id "
	    "AND s.created_at >= r.created_at AND s.source = 'self') "
	    "GROUP BY p.id HAVING min(r.created_at) <= ?3 - 86400 "
	    "ORDER BY min(r.created_at), p.name COLLATE NOCASE",
	/*
	 * the three biggest gaps between a self-rating since ?2 of coach
	 * ?1's athletes and the coach score it answered, the blind pair
	 * (the rating just before it is the coach's): a self-rating made
	 * after the athlete saw the coach's is no gap, as on the
	 * dashboard; name, handle,
	 * metric, the coach's score, the athlete's, the metric's kind and
	 * unit; a gap as a share of its metric's range, as the athlete's
	 * page ranks them (gap_cmp()): kept times and numbers are tenths,
	 * so their raw gaps would crowd out a point of a 1-5 scale
	 */
	[STMT_DIGEST_GAPS] =
	    "SELECT p.name, p.handle, mt.slug, c.score, s.score, mt.kind, "
	    "mt.unit FROM rating s "
	    "JOIN person p ON p.id = s.athlete_id "
	    "JOIN metric mt ON mt.id = s.metric_id "
	    "JOIN rating c ON c.id = (SELECT c2.id FROM rating c2 "
	    "WHERE c2.athlete_id = s.athlete_id AND c2.metric_id = s.metric_id "
	    "AND (c2.created_at < s.created_at OR c2.created_at = s.created_at "
	    "AND c2.id < s.id) "
	    "ORDER BY c2.created_at DESC, c2.id DESC LIMIT 1) "
	    "AND c.source = 'coach' "
	    "WHERE s.source = 'self' AND s.created_at >= ?2 "
	    "AND s.created_at <= ?3 AND p.active "
	    "AND " CMD_COACHES("p.id") " AND c.score != s.score "
	    "ORDER BY abs(c.score - s.score) * 1.0 / "
	    "max(mt.scale_max - mt.scale_min, 1) DESC, s.created_at DESC LIMIT 3",
	/* texts to coach ?1's athletes since ?2 that failed */
	[STMT_DIGEST_FAILED] =
	    "SELECT m.id, p.name, p.handle, " OUT_CODE " FROM message m "
	    "JOIN person p ON p.id = m.person_id WHERE m.direction = 'out' "
	    "AND +m.channel = 'sms' AND m.status IN ('failed', 'undelivered') "
	    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND NOT " OUT_RESENT
	    " AND p.role = 'athlete' AND " CMD_COACHES("p.id") " ORDER BY m.id",
	/*
	 * what came in since ?2 and is not filed: notes and unread texts of
	 * coach ?1's athletes (the unread ones when ?4, not when roundups
	 * take them), and for a head coach texts from numbers on no roster:
	 * id, kind, name (or number), handle, the words
	 */
	[STMT_DIGEST_INBOX] =
	    /* the notes by message_inbox, the strangers' by message_person
	       (NULL): one query with an OR of the two read every message */
	    "SELECT m.id, m.kind, p.name, p.handle, m.body, 0 AS stranger, "
	    "m.kind = 'unparsed' AS unread, p.language FROM message m "
	    "JOIN person p ON "
	    "p.id = m.person_id WHERE m.direction = 'in' AND m.kind IN "
	    "('note', 'unparsed') AND (?4 AND m.kind = 'unparsed' OR "
	    "?5 AND m.kind = 'note') "
	    "AND m.archived = 0 AND +m.channel = 'sms' "
	    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND "
	    CMD_COACHES("+p.id") " "
	    /* a known guardian's texts, under the athlete's name: the
	       digest is where they reach the coaches (thread_pass_on());
	       by message_person, each coach's athlete at a time (CROSS
	       JOIN keeps that order), not by a read of every message */
	    "UNION ALL SELECT m.id, 'guardian_of', p.name, p.handle, m.body, "
	    "0, 0, NULL FROM person p CROSS JOIN message m "
	    "ON m.person_id = p.id "
	    "WHERE ?5 AND m.direction = 'in' AND m.kind = 'guardian' "
	    "AND m.archived = 0 AND +m.channel = 'sms' "
	    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND "
	    CMD_COACHES("+p.id") " "
	    /* a guardian's number is offered to no athlete ("number
	       @HANDLE ..."): the guardian's texts are never theirs */
	    "UNION ALL SELECT m.id, CASE WHEN EXISTS (SELECT 1 FROM person g "
	    "WHERE g.guardian_phone = m.peer AND g.active) THEN 'guardian' "
	    "ELSE 'unknown' END, m.peer, '', m.body, 1, "
	    "m.kind = 'unparsed', NULL FROM message m WHERE m.person_id IS NULL "
	    "AND m.direction = 'in' AND +m.channel = 'sms' AND m.archived = 0 "
	    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND EXISTS (SELECT 1 "
	    "FROM person c WHERE c.id = ?1 AND c.role = 'head_coach') "
	    "ORDER BY 6, 7, 1",
	/*
	 * [digest] unread = hourly: the coaches who get a digest, and
	 * when their last roundup of unread texts went (0: none); the
	 * texts of coach ?1's athletes cox could not read, not filed, from
	 * after ?2 to ?3, as STMT_DIGEST_INBOX gives them
	 */
	[STMT_ROUNDUP_COACHES] =
	    "SELECT p.id, coalesce((SELECT max(m.created_at) FROM message m "
	    "WHERE m.person_id = p.id AND m.direction = 'out' "
	    "AND m.kind = 'roundup'), 0) FROM person p "
	    "LEFT JOIN coach_pref cp ON cp.person_id = p.id "
	    "WHERE p.active AND p.role != 'athlete' AND p.email IS NOT NULL "
	    "AND NOT p.blocked AND NOT p.opted_out "
	    "AND coalesce(cp.digest, p.role = 'head_coach') ORDER BY p.id",
	[STMT_ROUNDUP_UNREAD] =
	    "SELECT m.id, m.kind, p.name, p.handle, m.body, 0, 0, "
	    "p.language FROM message m "
	    "JOIN person p ON p.id = m.person_id WHERE m.direction = 'in' "
	    /* the kinds message_inbox holds, word for word, so that its
	     * range on created_at is read, not every message */
	    "AND m.kind IN ('note', 'unparsed') AND (?4 AND m.kind = "
	    "'unparsed' OR ?5 AND m.kind = 'note') "
	    "AND m.archived = 0 AND +m.channel = 'sms' "
	    "AND m.created_at > ?2 AND m.created_at <= ?3 AND "
	    CMD_COACHES("+p.id") " "
	    /* [digest] notes = hourly: a known guardian's texts too, by
	       message_person as STMT_DIGEST_INBOX reads them */
	    "UNION ALL SELECT m.id, 'guardian_of', p.name, p.handle, m.body, "
	    "0, 0, NULL FROM person p CROSS JOIN message m "
	    "ON m.person_id = p.id "
	    "WHERE ?5 AND m.direction = 'in' AND m.kind = 'guardian' "
	    "AND m.archived = 0 AND +m.channel = 'sms' "
	    "AND m.created_at > ?2 AND m.created_at <= ?3 AND "
	    CMD_COACHES("+p.id") " ORDER BY 1",
	/* one digest a day: ?4 the email, 0 when there was nothing to say */
	[STMT_DIGEST_SENT] =
	    "INSERT INTO digest_sent (person_id, day, sent_at, message_id) "
	    "VALUES (?1, ?2, ?3, nullif(?4, 0))",
	[STMT_PERSON_REGISTERED] =
	    "SELECT count(*) FROM person_key WHERE person_id = ? "
	    "AND revoked_at IS NULL",
	/* the keys every page is sealed to */
	[STMT_HEAD_KEYS] =	/* person_staff */
	    "SELECT k.person_id, k.public_key, k.wrapped_secret "
	    "FROM person_key k "
	    "JOIN person p ON p.id = k.person_id "
	    "WHERE p.active = 1 AND p.role != 'athlete' "
	    "AND p.role = 'head_coach' AND k.revoked_at IS NULL ORDER BY k.id",
	/* the coaches of athlete ?'s squads, whose keys open their page */
	[STMT_READER_KEYS] =
	    "SELECT k.person_id, k.public_key, k.wrapped_secret "
	    "FROM person_key k JOIN person p ON p.id = k.person_id "
	    "WHERE p.active = 1 AND p.role = 'coach' AND k.revoked_at IS NULL "
	    "AND k.person_id IN (SELECT mc.person_id FROM membership ma "
	    "JOIN membership mc ON mc.squad_id = ma.squad_id "
	    "WHERE ma.person_id = ?) ORDER BY k.id",
	[STMT_SQUAD_COACH_KEYS] =
	    "SELECT k.person_id, k.public_key, k.wrapped_secret "
	    "FROM person_key k JOIN person p ON p.id = k.person_id "
	    "WHERE p.active = 1 AND p.role = 'coach' AND k.revoked_at IS NULL "
	    "AND k.person_id IN (SELECT person_id FROM membership "
	    "WHERE squad_id = ?) ORDER BY k.id",
	/* squads, with their athletes; ?1: only those person ?1 coaches
	 * (0: all of them) */
	[STMT_SQUAD_PARTS] =
	    "SELECT s.id, s.name, s.slug, (SELECT count(*) FROM membership m "
	    "JOIN person p ON p.id = m.person_id WHERE m.squad_id = s.id "
	    "AND p.active = 1 AND p.role = 'athlete') FROM squad s "
	    "WHERE ?1 = 0 OR s.id IN (SELECT squad_id FROM membership "
	    "WHERE person_id = ?1) ORDER BY s.name COLLATE NOCASE, s.id",
	[STMT_PERSON_SQUAD_IDS] =
	    "SELECT squad_id FROM membership WHERE person_id = ? "
	    "ORDER BY squad_id",
	/* the coaches' own pages list the dashboard's parts */
	[STMT_DIRTY_COACHES] =
	    "INSERT OR IGNORE INTO dirty_taken SELECT id FROM person "
	    "WHERE active = 1 AND role != 'athlete' AND EXISTS "
	    "(SELECT 1 FROM dirty_taken WHERE person_id = 0)",
	[STMT_TEAM_ATHLETES] =
	    "SELECT count(*) FROM person p WHERE active = 1 AND "
	    "role = 'athlete' AND NOT EXISTS (SELECT 1 FROM membership m "
	    "WHERE m.person_id = p.id)",
	[STMT_COACHES_NO_SQUAD] =	/* person_staff */
	    "SELECT name, handle FROM person p WHERE active = 1 AND "
	    "role != 'athlete' AND role = 'coach' AND NOT EXISTS "
	    "(SELECT 1 FROM membership m WHERE m.person_id = p.id) "
	    "ORDER BY name",
	/* squads with athletes and no coach, when there are coaches and
	 * no head coach (with none at all, that is what is said) */
	[STMT_SQUADS_NO_COACH] =
	    "SELECT s.name, count(*) FROM squad s JOIN membership m ON "
	    "m.squad_id = s.id JOIN person a ON a.id = m.person_id WHERE "
	    "a.active = 1 AND a.role = 'athlete' AND NOT EXISTS (SELECT 1 "
	    "FROM person h WHERE h.active = 1 AND h.role = 'head_coach') AND "
	    "EXISTS (SELECT 1 FROM person c WHERE c.active = 1 AND c.role = "
	    "'coach') AND "
	    "NOT EXISTS (SELECT 1 FROM membership mc JOIN person c ON c.id = "
	    "mc.person_id WHERE mc.squad_id = s.id AND c.active = 1 AND "
	    "c.role = 'coach') GROUP BY s.id ORDER BY s.name",
	/* the parts of the dashboard person ?1 may open */
	[STMT_PERSON_PARTS] =
	    "SELECT 'coach/' || s.slug || '/' FROM squad s JOIN person p ON "
	    "p.id = ?1 WHERE p.active AND (p.role = 'head_coach' OR "
	    "(p.role = 'coach' AND s.id IN (SELECT squad_id FROM membership "
	    "WHERE person_id = ?1))) UNION ALL SELECT 'coach/team/' FROM "
	    "person WHERE id = ?1 AND active AND role = 'head_coach'",
	[STMT_PAGE_KEY_DROP_DASHBOARDS] =
	    "DELETE FROM page_key WHERE page LIKE 'coach/%'",
	[STMT_PERSON_KEYS] =
	    "SELECT person_id, public_key, wrapped_secret FROM person_key "
	    "WHERE person_id = ? AND revoked_at IS NULL ORDER BY id",
	/*
	 * lib/message.c alone writes messages; a text's MessageSid goes
	 * to sid (schema v34), every other provider's id to provider_id.
	 * An id is never one a deleted message had (message_high), so
	 * that the texts read since a row (ingest/seen.c) are all there.
	 */
	[STMT_MESSAGE_INSERT] =
	    "INSERT INTO message (id, direction, channel, person_id, peer, "
	    "subject, body, kind, provider_id, sid, status, created_at, "
	    "about) VALUES (max(coalesce((SELECT max(id) FROM message), 0), "
	    "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
	    "'message_id_high'), 0)) + 1, ?1, ?2, nullif(?3, 0), ?4, ?5, ?6, "
	    "?7, "
	    "CASE WHEN ?1 = 'in' AND ?2 = 'sms' THEN NULL ELSE ?8 END, "
	    "CASE WHEN ?1 = 'in' AND ?2 = 'sms' THEN ?8 END, ?9, ?10, "
	    "nullif(?11, 0))",
	[STMT_RATING_COUNT] =
	    "SELECT count(*) FROM rating",
	[STMT_INGEST_DONE_BY_HASH] =
	    "SELECT outcome FROM ingest WHERE content_hash = ? "
	    "AND outcome != 'pending' LIMIT 1",
	[STMT_INGEST_BY_KEY] =
	    "SELECT id, attempts, outcome FROM ingest "
	    "WHERE source = ? AND source_key = ?",
	/* the parser failed on it once more */
	[STMT_INGEST_FAILED] =
	    "INSERT INTO ingest (source, source_key, content_hash, attempts, "
	    "raw_path, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?) "
	    "ON CONFLICT (source, source_key) DO UPDATE SET "
	    "attempts = attempts + 1, updated_at = excluded.updated_at",
	/* what became of it, in the transaction that stored it */
	[STMT_INGEST_RECORD] =
	    "INSERT INTO ingest (source, source_key, content_hash, attempts, "
	    "outcome, reason, raw_path, message_id, created_at, updated_at) "
	    "VALUES (?, ?, ?, 0, ?, ?, ?, nullif(?, 0), ?, ?) "
	    "ON CONFLICT (source, source_key) DO UPDATE SET "
	    "outcome = excluded.outcome, reason = excluded.reason, "
	    "message_id = excluded.message_id, updated_at = excluded.updated_at",
	/* whether each may still be sent: person_reach, '' for nobody's */
	[STMT_OUTBOX_DUE] =
	    "SELECT m.id, m.peer, coalesce(m.subject, ''), m.body, m.attempts, "
	    /* a guardian's text goes as the guardian may be sent it */
	    "coalesce(CASE WHEN m.kind = 'guardian' THEN x.guardian WHEN "
	    "m.channel = 'sms' THEN x.sms ELSE x.email END, "
	    "''), coalesce(m.person_id, 0), coalesce(m.kind, ''), "
	    /* the email it answers, for mail apps to thread it */
	    "coalesce((SELECT a.provider_id FROM message a WHERE a.id = "
	    "m.about AND a.direction = 'in' AND a.channel = 'email'), '') "
	    "FROM message m LEFT JOIN person_reach x ON x.person_id = "
	    "m.person_id "
	    /* by message_outbox, the few queued: the unique index on
	       (channel, direction, ...) SQLite would take holds every text
	       ever sent, 0.7 s a pass at a season of 10,000 athletes */
	    "WHERE m.direction = 'out' AND m.status = 'queued' "
	    "AND +m.channel = ? AND coalesce(m.next_attempt_at, 0) <= ? "
	    "ORDER BY m.id LIMIT 100",
	[STMT_MESSAGE_STATUS] =
	    "UPDATE message SET status = ?, error = ?, "
	    "attempts = attempts + ?, next_attempt_at = ?, "
	    "provider_id = coalesce(?, provider_id) WHERE id = ?",
	[STMT_MESSAGE_STATUS_LOG] =
	    "INSERT INTO message_status (message_id, status, error_code, at) "
	    "VALUES (?, ?, ?, ?)",
	[STMT_OUTBOX_STUCK] =
	    "SELECT count(*) FROM message WHERE direction = 'out' "
	    "AND status = 'sending'",
	/*
	 * the answer a text was given, by the text's MessageSid: on its row,
	 * or for a text stored before schema v33 in a row of its own (NULL:
	 * a text with no answer kept, which is no retry to answer)
	 */
	[STMT_REPLY_BY_SID] =
	    "SELECT coalesce(i.answer, (SELECT o.body FROM message o WHERE "
	    "o.about = i.id AND o.kind = 'twiml' ORDER BY o.id LIMIT 1)), "
	    "i.created_at FROM message i WHERE i.channel = 'sms' AND "
	    "i.direction = 'in' AND i.provider_id = ?",
	/* the same of text ?1, if its MessageSid is ?2 (schema v34 on) */
	[STMT_REPLY_BY_ID] =
	    "SELECT answer, created_at FROM message WHERE id = ?1 AND "
	    "sid = ?2",
	/* the messages since row ?, a text's with its MessageSid
	 * (ingest/seen.c) */
	[STMT_SEEN_SINCE] =
	    "SELECT id, sid FROM message WHERE id > ? ORDER BY id",
	[STMT_MESSAGE_ANSWER] = "UPDATE message SET answer = ? WHERE id = ?",
	/* a text handled once and no longer kept (schema v32) */
	[STMT_SMS_SPENT] = "SELECT 1 FROM sms_spent WHERE sid = ?",
	/*
	 * a status callback already recorded for the message's attempt
	 * (since the outbox's last 'sending'): a replay, or Twilio's twice
	 */
	[STMT_STATUS_SEEN] =
	    "SELECT 1 FROM message_status WHERE message_id = ?1 AND "
	    "status = ?2 AND error_code IS ?3 AND id > (SELECT "
	    "coalesce(max(id), 0) FROM message_status WHERE "
	    "message_id = ?1 AND status = 'sending')",
	[STMT_PERSON_SET_OPTOUT] =
	    "UPDATE person SET opted_out = ?, updated_at = ? WHERE id = ?",
	[STMT_SMS_BY_PROVIDER] =
	    "SELECT id, coalesce(person_id, 0) FROM message WHERE channel = "
	    "'sms' AND direction = 'out' AND provider_id = ?",
	[STMT_SQUAD_MEMBERS] =
	    "SELECT m.person_id FROM membership m JOIN squad s "
	    "ON s.id = m.squad_id WHERE s.name = ? ORDER BY m.person_id",
	/*
	 * the rating sheet: active athletes whom person ?1 coaches (0:
	 * anyone; CMD_COACHES), of squad ?2 (0: any)
	 */
	[STMT_SHEET_ATHLETES] =
	    "SELECT p.name, p.handle FROM person p WHERE p.active = 1 AND "
	    "p.role = 'athlete' AND (?2 = 0 OR p.id IN (SELECT person_id "
	    "FROM membership WHERE squad_id = ?2)) AND " CMD_COACHES("p.id")
	    " ORDER BY p.name COLLATE NOCASE, p.id",
	/* accounts: only a hash of an invite token is kept */
	[STMT_INVITE_INSERT] =
	    "INSERT INTO invite (person_id, token_hash, expires_at, "
	    "created_at) VALUES (?, ?, ?, ?)",
	[STMT_INVITE_BY_HASH] =
	    "SELECT id, person_id, expires_at, coalesce(used_at, 0) "
	    "FROM invite WHERE token_hash = ?",
	[STMT_INVITE_USE] =
	    "UPDATE invite SET used_at = ? WHERE id = ? AND used_at IS NULL",
	/* one registration ends every invitation the person still has */
	[STMT_INVITE_BURN] =
	    "UPDATE invite SET used_at = ? "
	    "WHERE person_id = ? AND used_at IS NULL",
	[STMT_INVITE_RECENT] =
	    "SELECT count(*) FROM message WHERE person_id = ? AND direction = "
	    "'out' AND kind = 'invite' AND created_at > ?",
	/* the exports a "mydata" text queued (ingest/reply.c) */
	[STMT_MYDATA_RECENT] =
	    "SELECT count(*) FROM message WHERE person_id = ? AND direction = "
	    "'out' AND kind = 'export' AND created_at > ?",
	[STMT_KEY_INSERT] =
	    "INSERT INTO person_key (person_id, public_key, wrapped_secret, "
	    "created_at, locator, located) VALUES (?, ?, ?, ?, ?, ?)",
	/* what "Open my page" finds: l/LOCATOR.json of each usable key */
	[STMT_LOCATORS] =
	    "SELECT k.locator, p.slug, k.public_key, k.located "
	    "FROM person_key k JOIN person p ON p.id = k.person_id "
	    "WHERE k.locator IS NOT NULL AND k.revoked_at IS NULL "
	    "AND p.active = 1 ORDER BY k.locator",
	/* a revoked key's locator is free again: the same password may
	 * come back in a reset */
	[STMT_KEY_REVOKE] =
	    "UPDATE person_key SET revoked_at = ?, locator = NULL "
	    "WHERE person_id = ? AND revoked_at IS NULL",
	/* a locator names a published file: one key's at most (the
	 * person's own are revoked as they register again) */
	[STMT_LOCATOR_TAKEN] =
	    "SELECT count(*) FROM person_key WHERE locator = ? AND "
	    "person_id != ?",
	/* a new handle: "Open my page" with the old one opens nothing */
	[STMT_LOCATOR_FORGET] =
	    "UPDATE person_key SET locator = NULL, located = NULL "
	    "WHERE person_id = ? AND locator IS NOT NULL",
	[STMT_KEY_ACTIVE] =
	    "SELECT count(*) FROM person_key "
	    "WHERE person_id = ? AND revoked_at IS NULL",
	/* new content and link keys at the next build */
	[STMT_PAGE_KEY_DROP] =
	    "DELETE FROM page_key WHERE page = ?",
	/* the athletes whose pages a reader of dashboard part ?1 opens */
	[STMT_PART_ATHLETE_PAGES] =
	    "SELECT id, 'a/' || slug || '/' FROM person WHERE role = "
	    "'athlete' AND (?1 = 'coach/team/' OR id IN (SELECT m.person_id "
	    "FROM membership m JOIN squad s ON s.id = m.squad_id "
	    "WHERE 'coach/' || s.slug || '/' = ?1))",
	/* only one runner may take a message: never sent twice */
	[STMT_OUTBOX_CLAIM] =
	    "UPDATE message SET status = 'sending', error = NULL, "
	    "attempts = attempts + 1, next_attempt_at = 0, "
	    "provider_id = coalesce(?, provider_id) "
	    "WHERE id = ? AND status = 'queued'",
	/* prepared once: group commit takes one per request */
	[STMT_ATTEMPT_GET] =
	    "SELECT window_start, count FROM attempt WHERE kind = ? AND key = ?",
	[STMT_ATTEMPT_SET] =
	    "INSERT OR REPLACE INTO attempt (kind, key, window_start, count) "
	    "VALUES (?, ?, ?, ?)",
	[STMT_ATTEMPT_PRUNE] =
	    "DELETE FROM attempt WHERE window_start < ?",
	[STMT_GUESS_SET] =
	    "INSERT OR REPLACE INTO guess (rating_id, athlete_id, score, "
	    "created_at, message_id) VALUES (?, ?, ?, ?, nullif(?, 0))",
	[STMT_GUESS_FOR_ATHLETE] =
	    "SELECT rating_id, score FROM guess WHERE athlete_id = ? "
	    "ORDER BY athlete_id, rating_id",
	/* the athlete's guess of one coach score, revealed by their own */
	[STMT_GUESS_OF_RATING] =
	    "SELECT score FROM guess WHERE rating_id = ? AND athlete_id = ?",
	/* a coach score an earlier email gave the same day: corrected */
	[STMT_RATING_SAME_DAY] =
	    "SELECT id, score, coalesce(rater_id, 0), created_at FROM rating "
	    "WHERE athlete_id = ? AND metric_id = ? AND source = 'coach' AND "
	    "rated_on = ? ORDER BY id DESC LIMIT 1",
	/*
	 * the day of athlete ?1's latest coach score ?3 for metric ?2, on
	 * day ?4 or after: the one a coach's "6:48 not 6:58" corrects
	 */
	[STMT_RATING_WAS] =
	    "SELECT rated_on FROM rating WHERE athlete_id = ? AND "
	    "metric_id = ? AND source = 'coach' AND score = ? AND "
	    "rated_on >= ? ORDER BY rated_on DESC, id DESC LIMIT 1",
	/* the athlete's own score given after coach score ?3 (at ?4) */
	[STMT_RATING_ANSWERED] =
	    "SELECT count(*) FROM rating WHERE athlete_id = ?1 AND "
	    "metric_id = ?2 AND source = 'self' AND (created_at > ?4 OR "
	    "(created_at = ?4 AND id > ?3))",
	/* a correction with no comment keeps the one the score had */
	[STMT_RATING_CORRECT] =
	    "UPDATE rating SET score = ?1, comment = CASE WHEN ?2 = '' THEN "
	    "comment ELSE ?2 END, rater_id = nullif(?3, 0), "
	    "message_id = nullif(?4, 0) WHERE id = ?5",
	/* before a correction: what it replaces, for "undo" (?1 the email) */
	[STMT_RATING_CHANGE_KEEP] =
	    "INSERT OR IGNORE INTO rating_change SELECT ?1, id, score, comment, "
	    "rater_id, message_id FROM rating WHERE id = ?2 AND "
	    "coalesce(message_id, 0) != ?1",
	/*
	 * "undo" of email ?1: the scores it corrected (and no later email
	 * corrected again) as they were, then the ones it added deleted
	 */
	[STMT_UNDO_RESTORE] =
	    "UPDATE rating SET (score, comment, rater_id, message_id) = "
	    "(SELECT c.score, c.comment, c.rater_id, c.was_message FROM "
	    "rating_change c WHERE c.message_id = ?1 AND c.rating_id = "
	    "rating.id) WHERE message_id = ?1 AND source = 'coach' AND id IN "
	    "(SELECT rating_id FROM rating_change WHERE message_id = ?1)",
	[STMT_UNDO_DELETE] =
	    "DELETE FROM rating WHERE message_id = ? AND source = 'coach'",
	/*
	 * the scores a later email replaced from email ?1, being undone:
	 * that email now replaced what ?1 had replaced, or (ORPHAN)
	 * nothing, when ?1 added the score
	 */
	[STMT_UNDO_REPARENT] =
	    "UPDATE rating_change SET (score, comment, rater_id, was_message) "
	    "= (SELECT p.score, p.comment, p.rater_id, p.was_message FROM "
	    "rating_change p WHERE p.message_id = ?1 AND p.rating_id = "
	    "rating_change.rating_id) WHERE was_message = ?1 AND rating_id IN "
	    "(SELECT rating_id FROM rating_change WHERE message_id = ?1)",
	[STMT_UNDO_ORPHAN] =
	    "DELETE FROM rating_change WHERE was_message = ?1",
	[STMT_UNDO_FORGET] =
	    "DELETE FROM rating_change WHERE message_id = ?",
	/* the texts it queued that have not gone yet */
	[STMT_UNDO_CANCEL] =
	    "UPDATE message SET status = 'cancelled', error = 'undone by the "
	    "coach' WHERE about = ? AND direction = 'out' AND +channel = 'sms' "
	    "AND status = 'queued'",
	/* and their guardians' copies (by text or email) */
	[STMT_UNDO_CANCEL_GUARDIAN] =
	    "UPDATE message SET status = 'cancelled', error = 'undone by the "
	    "coach' WHERE kind = 'guardian' AND status = 'queued' AND about IN "
	    "(SELECT id FROM message WHERE about = ? AND direction = 'out' AND "
	    "+channel = 'sms' AND status = 'cancelled')",
	/*
	 * Who email ?1 texted a correction that went (ingest/intake.c):
	 * its own text, or one that a later text took in, the first after
	 * it (not an undo's notice) not itself taken in by another, and
	 * that went.
	 */
	[STMT_UNDO_TOLD] =
	    "SELECT DISTINCT m.person_id FROM message m WHERE m.about = ? AND "
	    "m.direction = 'out' AND +m.channel = 'sms' AND m.kind = "
	    "'correction' AND m.person_id IS NOT NULL AND (m.status IN ("
	    CORRECTION_WENT ") OR (m.status = 'cancelled' AND m.error = '"
	    CORRECTION_MERGED "' AND (SELECT w.status IN (" CORRECTION_WENT
	    ") FROM message w WHERE w.person_id = m.person_id AND w.id > m.id "
	    "AND w.direction = 'out' AND +w.channel = 'sms' AND w.kind = "
	    "'correction' AND (w.status != 'cancelled' OR w.error IS NULL OR "
	    "w.error != '" CORRECTION_MERGED "') AND NOT " CORRECTION_NOTICE("w")
	    " ORDER BY w.id LIMIT 1))) "
	    "ORDER BY m.person_id",
	/* whose scores email ?1 corrected, before it is undone */
	[STMT_UNDO_ATHLETES] =
	    "SELECT DISTINCT r.athlete_id FROM rating_change c JOIN rating r "
	    "ON r.id = c.rating_id WHERE c.message_id = ? ORDER BY "
	    "r.athlete_id",
	/*
	 * the coach scores email ?1 corrected that their athletes had
	 * answered (what a correction text of it named): by athlete, in
	 * the page's order
	 */
	[STMT_UNDO_ANSWERED] =
	    "SELECT r.athlete_id, r.id FROM rating_change c JOIN rating r ON "
	    "r.id = c.rating_id JOIN metric t ON t.id = r.metric_id WHERE "
	    "c.message_id = ? AND EXISTS (SELECT 1 " CORRECTION_ANSWER ") "
	    "ORDER BY r.athlete_id, t.position, t.id, r.rated_on",
	/* a score as an athlete's text names it: metric, kind, unit, score */
	[STMT_RATING_SHOWN] =
	    "SELECT t.slug, t.kind, t.unit, r.score FROM rating r JOIN metric "
	    "t ON t.id = r.metric_id WHERE r.id = ?",
	/*
	 * An athlete's (?1) corrections still to tell (ingest/correct.c):
	 * each score a coach corrected after the athlete had answered it,
	 * in ratings email ?2 (0: none) or in one of those kept (not
	 * undone) behind the athlete's correction texts not sent since the
	 * last that went: the metric (id, slug, kind, unit), the score now,
	 * the one the first of those emails after the answer (after its
	 * text, or at its time or later) replaced, which the athlete was
	 * shown, the latest of the emails, the rating's id and day, and
	 * on how many days the metric's score is not the one shown.
	 */
	[STMT_CORRECTION_ITEMS] =
	    "WITH emails(id) AS (SELECT ?2 WHERE ?2 != 0 UNION "
	    CORRECTION_EMAILS("?1") ") "
	    "SELECT metric_id, slug, kind, unit, score, was, (SELECT max(id) "
	    "FROM emails), rid, rated_on, sum(was != score) OVER (PARTITION BY "
	    "metric_id) FROM (SELECT x.*, (SELECT c.score "
	    "FROM rating_change c JOIN message e ON e.id = c.message_id "
	    "WHERE c.rating_id = x.rid AND c.message_id IN emails AND CASE "
	    "WHEN x.ans_msg IS NOT NULL THEN e.id > x.ans_msg ELSE "
	    "e.created_at >= x.ans_at END ORDER BY c.message_id LIMIT 1) AS "
	    "was FROM (SELECT r.id AS rid, r.metric_id, t.slug, t.kind, "
	    "t.unit, r.score, r.rated_on, t.position, (SELECT s.message_id "
	    CORRECTION_ANSWER ") AS ans_msg, (SELECT s.created_at "
	    CORRECTION_ANSWER ") AS ans_at FROM rating r JOIN metric t ON "
	    "t.id = r.metric_id WHERE r.athlete_id = ?1 AND r.source = "
	    "'coach' AND r.id IN (SELECT c.rating_id FROM rating_change c "
	    "WHERE c.message_id IN emails)) x) WHERE was IS NOT NULL "
	    "ORDER BY position, metric_id, rated_on",
	/*
	 * The athlete's (?1) correction texts waiting, theirs to replace:
	 * those whose email's corrections of the athlete are still on
	 * record (an undo of the email that added a score takes the later
	 * one's record, and with it what its text says).
	 */
	[STMT_CORRECTION_QUEUED] =
	    "SELECT m.id, m.body FROM message m WHERE m.person_id = ?1 AND "
	    "m.direction = 'out' AND +m.channel = 'sms' AND m.kind = "
	    "'correction' AND m.status = 'queued' AND m.about IN ("
	    CORRECTION_EMAILS("?1") ") AND EXISTS (SELECT 1 FROM "
	    "rating_change c JOIN rating r ON r.id = c.rating_id WHERE "
	    "c.message_id = m.about AND r.athlete_id = ?1) ORDER BY m.id",
	/* a waiting correction text taken in by a later one (?2 = 1), or
	 * saying what is all put back */
	[STMT_CORRECTION_MERGE] =
	    "UPDATE message SET status = 'cancelled', error = CASE WHEN ?2 "
	    "THEN '" CORRECTION_MERGED "' ELSE '" CORRECTION_EMPTY "' END "
	    "WHERE id = ?1 OR (kind = 'guardian' AND status = 'queued' AND "
	    "about = ?1)",
	[STMT_MESSAGE_SET_STATUS] =
	    "UPDATE message SET status = ? WHERE id = ?",
	/* an email of ours a coach replies to, by its Message-ID */
	[STMT_THREAD_FIND] =
	    "SELECT m.id, coalesce(m.kind, ''), coalesce(m.about, 0), "
	    "coalesce(m.person_id, 0), coalesce(a.person_id, 0), "
	    "coalesce(a.kind, ''), coalesce(a.peer, '') "
	    "FROM message m LEFT JOIN message a ON a.id = m.about "
	    "WHERE m.channel = 'email' AND m.direction = 'out' AND "
	    "m.provider_id = ?",
	/* the body of the email cox sent person ?2 as Message-ID ?1 */
	[STMT_SHEET_SENT] =
	    "SELECT body FROM message WHERE channel = 'email' AND "
	    "direction = 'out' AND provider_id = ? AND person_id = ?",
	/* who sent message ?, what became of it, when */
	[STMT_MESSAGE_GET] =
	    "SELECT coalesce(person_id, 0), status, created_at FROM message "
	    "WHERE id = ?",
	/*
	 * who gets athlete ?1's notes: the coaches of their squads with an
	 * address; the head coaches when none of those has one; with
	 * their language, and whether they get a digest (coach_pref, on
	 * for head coaches unless they turned it off), where notes wait
	 */
	[STMT_NOTE_COACHES] =
	    "WITH sc AS (SELECT DISTINCT c.id, c.email, c.language, c.role "
	    "FROM person c "
	    "JOIN membership mc ON mc.person_id = c.id JOIN membership ma ON "
	    "ma.squad_id = mc.squad_id AND ma.person_id = ?1 WHERE c.active "
	    "AND c.role != 'athlete' AND c.email IS NOT NULL AND NOT c.blocked) "
	    "SELECT id, email, language, coalesce((SELECT cp.digest FROM "
	    "coach_pref cp WHERE cp.person_id = sc.id), role = 'head_coach') "
	    "FROM sc UNION ALL "
	    "SELECT id, email, language, coalesce((SELECT cp.digest FROM "
	    "coach_pref cp WHERE cp.person_id = person.id), 1) FROM person "
	    "WHERE active AND role = 'head_coach' AND email IS NOT NULL AND "
	    "NOT blocked AND NOT EXISTS (SELECT 1 FROM sc) ORDER BY 1",
	/* whether person ?1 coaches athlete ?2 (head coaches coach all) */
	/* whether coach ?1 coaches ?2, an athlete (a coach is nobody's) */
	[STMT_COACHES_ATHLETE] =
	    "SELECT 1 FROM person c WHERE c.id = ?1 AND c.active AND "
	    "EXISTS (SELECT 1 FROM person a WHERE a.id = ?2 AND "
	    "a.role = 'athlete') AND "
	    "(c.role = 'head_coach' OR (c.role = 'coach' AND EXISTS (SELECT 1 "
	    "FROM membership mc JOIN membership ma ON ma.squad_id = mc.squad_id "
	    "WHERE mc.person_id = c.id AND ma.person_id = ?2)))",
	/*
	 * an athlete of coach ?1's (as STMT_COACHES_ATHLETE) whose guardian
	 * is number ?2, the first on the roster: whom the coach answers a
	 * guardian's note about (ingest/thread.c)
	 */
	[STMT_COACHES_WARD] =
	    "SELECT a.id FROM person a JOIN person c ON c.id = ?1 AND "
	    "c.active WHERE a.guardian_phone = ?2 AND a.active AND "
	    "a.role = 'athlete' AND (c.role = 'head_coach' OR (c.role = "
	    "'coach' AND EXISTS (SELECT 1 FROM membership mc JOIN membership "
	    "ma ON ma.squad_id = mc.squad_id WHERE mc.person_id = c.id AND "
	    "ma.person_id = a.id))) ORDER BY a.id LIMIT 1",
	/*
	 * Commands a coach emails (ingest/command.c): whom coach ?1 may
	 * command is CMD_COACHES.
	 */
	/* squad ?2 by name, any case, and whether coach ?1 has it */
	[STMT_CMD_SQUAD] =
	    "SELECT s.id, s.name, EXISTS (SELECT 1 FROM person c "
	    "WHERE c.id = ?1 AND c.active AND c.role = 'head_coach') OR "
	    "EXISTS (SELECT 1 FROM membership mc WHERE mc.squad_id = s.id AND "
	    "mc.person_id = ?1) FROM squad s WHERE s.name = ?2 COLLATE NOCASE "
	    "ORDER BY s.id LIMIT 1",
	/*
	 * The active athletes coach ?1 commands, of squad ?2 (0: any) or
	 * person ?3 (0: any): id, name, paused, the metrics whose coach
	 * scores since ?4 they have not answered ("technique, erg", or
	 * ''), whether a check-in prompt since ?5 waits for an answer (no
	 * wellness that day or since), when the newest of those scores
	 * and of those prompts came (0: none), and when the last reminder
	 * since ?6 went to them (0: none).
	 */
	[STMT_CMD_ATHLETES] =
	    "SELECT p.id, p.name, p.paused, coalesce((SELECT "
	    "replace(group_concat(DISTINCT mt.slug), ',', ', ') "
	    CMD_WAITING_RATINGS "), ''), EXISTS (SELECT 1 "
	    CMD_WAITING_CHECKIN "), coalesce((SELECT max(r.created_at) "
	    CMD_WAITING_RATINGS "), 0), coalesce((SELECT max(c.created_at) "
	    CMD_WAITING_CHECKIN "), 0), coalesce((SELECT max(x.created_at) "
	    "FROM message x WHERE x.person_id = p.id AND x.direction = 'out' "
	    "AND x.kind = 'reminder' AND x.created_at >= ?6), 0) FROM person p "
	    "WHERE p.role = 'athlete' AND p.active = 1 AND (?2 = 0 OR p.id IN "
	    "(SELECT person_id FROM membership WHERE squad_id = ?2)) AND "
	    "(?3 = 0 OR p.id = ?3) AND " CMD_COACHES("p.id") " "
	    "ORDER BY p.name COLLATE NOCASE, p.id",
	/*
	 * Files away the inbox items coach ?1 sees (notes and unread texts
	 * of their squads' people; a head coach's: texts from numbers on
	 * nobody's roster too), or only item ?2 (0: all)
	 */
	[STMT_CMD_ARCHIVE] =
	    /* as STMT_DIGEST_INBOX, the notes and the strangers' apart */
	    "UPDATE message SET archived = 1 WHERE id IN (SELECT id FROM "
	    "message WHERE direction = 'in' AND kind IN ('note', 'unparsed') "
	    "AND archived = 0 AND +channel = 'sms' AND (?2 = 0 OR id = ?2) AND "
	    CMD_COACHES("+person_id") " UNION ALL SELECT id FROM message "
	    "WHERE person_id IS NULL AND direction = 'in' AND +channel = 'sms' "
	    "AND archived = 0 AND (?2 = 0 OR id = ?2) AND (EXISTS "
	    "(SELECT 1 FROM person c WHERE c.id = ?1 AND c.active AND "
	    "c.role = 'head_coach')))",
	/*
	 * Texts to people coach ?1 commands that failed since ?3 and were
	 * not sent again (a text sent again is about the one that failed),
	 * or only text ?2 (0: all): id, person, body, kind; a guardian's
	 * copy of a text that failed too is made again with it
	 */
	[STMT_CMD_FAILED] =
	    "SELECT m.id, m.person_id, m.body, coalesce(m.kind, '') FROM "
	    "message m WHERE m.direction = 'out' AND +m.channel = 'sms' AND "
	    "m.status IN ('failed', 'undelivered') AND m.person_id IS NOT NULL "
	    "AND (?2 = 0 OR m.id = ?2) AND m.created_at >= ?3 AND NOT "
	    OUT_RESENT " AND " CMD_COACHES("m.person_id") " AND NOT (m.kind "
	    "IS 'guardian' AND EXISTS (SELECT 1 FROM message o WHERE o.id = "
	    "m.about AND o.status IN ('failed', 'undelivered'))) "
	    "ORDER BY m.id",
	[STMT_CMD_PAUSE] =
	    "UPDATE person SET paused = ? WHERE id = ?",
	/* a coach's choices (coach_pref): one column each, row made once */
	[STMT_CMD_PREF_DIGEST] =
	    "INSERT INTO coach_pref (person_id, digest) VALUES (?1, ?2) "
	    "ON CONFLICT (person_id) DO UPDATE SET digest = ?2",
	[STMT_CMD_PREF_DIGEST_AT] =
	    "INSERT INTO coach_pref (person_id, digest_at) VALUES (?1, ?2) "
	    "ON CONFLICT (person_id) DO UPDATE SET digest_at = ?2",
	[STMT_CMD_PREF_SHEET] =
	    "INSERT INTO coach_pref (person_id, sheet) VALUES (?1, ?2) "
	    "ON CONFLICT (person_id) DO UPDATE SET sheet = ?2",
	/* the texts to a squad or everyone coach ?1 sent on day ?2 */
	[STMT_CMD_SENDS] =
	    "SELECT coalesce((SELECT sends FROM coach_pref WHERE "
	    "person_id = ?1 AND send_day = ?2), 0)",
	/* one more of them (the first of day ?2) */
	[STMT_CMD_SENDS_ADD] =
	    "INSERT INTO coach_pref (person_id, send_day, sends) "
	    "VALUES (?1, ?2, 1) ON CONFLICT (person_id) DO UPDATE SET "
	    "sends = CASE WHEN send_day IS ?2 THEN sends + 1 ELSE 1 END, "
	    "send_day = ?2",
	/*
	 * Coach ?2's scores since ?3 (0: an address on no roster) that
	 * their athletes have not answered, oldest first, but those of
	 * message ?1; the caller stops at the athletes it lists.
	 */
	[STMT_WAITING_ATHLETES] =
	    "SELECT p.id, p.name, r.created_at, x.sms, r.id, r.message_id "
	    "FROM rating r "
	    "JOIN person p ON p.id = r.athlete_id "
	    "JOIN person_reach x ON x.person_id = p.id "
	    "WHERE r.source = 'coach' AND coalesce(r.rater_id, 0) = ?2 "
	    "AND r.created_at >= ?3 AND p.active "
	    "AND (r.message_id IS NULL OR r.message_id != ?1) "
	    "AND NOT EXISTS (SELECT 1 FROM rating s WHERE "
	    "s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id AND "
	    "s.source = 'self' AND s.created_at >= r.created_at) "
	    /* the index's order (its last column the rowid): no sort */
	    "ORDER BY r.created_at, r.id",
	/* cox export: ?1 a squad ('' for all), ?2 the first day ('' for all) */
	[STMT_EXPORT_RATINGS] =
	    "SELECT r.rated_on, p.name, p.handle, " EXPORT_SQUADS ", m.name, "
	    "r.source, " SCORE_WRITTEN ", r.comment, "
	    "erg_watts(m.erg, r.score), round(erg_watts(m.erg, r.score) / "
	    ERG_WEIGHT_THEN("r.athlete_id", "r.rated_on") ", 2) FROM rating r "
	    "JOIN person p ON p.id = r.athlete_id "
	    "JOIN metric m ON m.id = r.metric_id "
	    "WHERE " EXPORT_IN_SQUAD " AND r.rated_on >= ?2 "
	    "ORDER BY r.rated_on, p.name, m.position, r.id",
	/* the Logbook's results: erg tests in watts, sessions in minutes */
	[STMT_EXPORT_ERGS] =
	    "SELECT e.day, p.name, p.handle, " EXPORT_SQUADS ", "
	    "coalesce(m.name, ''), e.distance, printf('%d:%02d.%d', "
	    "e.time / 600, e.time / 10 % 60, e.time % 10), "
	    "CASE WHEN e.value IS NOT NULL THEN printf('%d:%02d.%d', "
	    "e.value / 600, e.value / 10 % 60, e.value % 10) END, "
	    "erg_watts(m.erg, e.value), round(erg_watts(m.erg, e.value) / "
	    ERG_WEIGHT_THEN("e.athlete_id", "e.day") ", 2), e.stroke_rate, "
	    "e.drag_factor, "
	    "e.minutes, e.result_id FROM erg_result e "
	    "JOIN person p ON p.id = e.athlete_id "
	    "LEFT JOIN metric m ON m.id = e.metric_id "
	    "WHERE " EXPORT_IN_SQUAD " AND e.day >= ?2 "
	    "ORDER BY e.day, p.name, e.result_id",
	[STMT_EXPORT_WELLNESS] =
	    "SELECT w.day, p.name, p.handle, " EXPORT_SQUADS ", w.sleep, "
	    "w.stress, w.fatigue, w.soreness, coalesce(w.illness, ''), "
	    "w.note FROM wellness w "
	    "JOIN person p ON p.id = w.athlete_id "
	    "WHERE " EXPORT_IN_SQUAD " AND w.day >= ?2 "
	    "ORDER BY w.day, p.name, w.id",
	[STMT_EXPORT_MESSAGES] =
	    "SELECT strftime('%Y-%m-%d %H:%M', m.created_at, 'unixepoch'), "
	    "m.direction, m.channel, coalesce(p.name, ''), m.peer, "
	    "coalesce(m.kind, ''), m.status, coalesce(m.error, ''), m.body "
	    "FROM message m LEFT JOIN person p ON p.id = m.person_id "
	    "WHERE " EXPORT_IN_SQUAD " AND (?1 = '' OR p.role = 'athlete') "
	    "AND date(m.created_at, 'unixepoch') >= ?2 ORDER BY m.id",
	/* cox status */
	[STMT_STATUS_TRAFFIC] =
	    /* counted in the unique index alone, the time that of the
	       newest row: max(created_at) read every row of the table
	       (6.5 s at a season of 10,000 athletes, 0.4 s so) */
	    "SELECT g.channel, g.direction, m.created_at, g.n FROM (SELECT "
	    "channel, direction, max(id) AS last, count(*) AS n FROM message "
	    "GROUP BY channel, direction) g JOIN message m ON m.id = g.last "
	    "ORDER BY g.channel, g.direction",
	[STMT_STATUS_OUTBOX] =
	    "SELECT channel, status, count(*), min(created_at) FROM message "
	    "WHERE direction = 'out' AND status IN ('queued', 'sending', "
	    "'failed', 'undelivered') GROUP BY channel, status "
	    "ORDER BY channel, status",
	[STMT_STATUS_FAILED] =
	    "SELECT m.channel, coalesce(p.name, m.peer), m.status, "
	    "coalesce(m.error, ''), " OUT_CODE ", m.created_at "
	    "FROM message m LEFT JOIN person p ON p.id = m.person_id "
	    "WHERE m.direction = 'out' AND m.status IN ('failed', "
	    "'undelivered') AND m.created_at >= ? ORDER BY m.id DESC LIMIT 5",
	/* a migration of the database (lib/workspace.c) */
	[STMT_UPGRADE_RECORD] =
	    "INSERT INTO upgrade (at, from_schema, to_schema, from_cox, "
	    "to_cox, backup) VALUES (?, ?, ?, ?, ?, ?)",
	[STMT_UPGRADE_LAST] =
	    "SELECT at, from_schema, to_schema, from_cox, to_cox, "
	    "coalesce(backup, '') FROM upgrade ORDER BY id DESC LIMIT 1",
	/* queued messages an attempt failed, with its error: the oldest
	   first, by the outbox's own index */
	[STMT_STATUS_RETRYING] =
	    "SELECT m.id, m.channel, coalesce(p.name, m.peer), m.attempts, "
	    "m.error, coalesce(m.next_attempt_at, 0) "
	    "FROM message m LEFT JOIN person p ON p.id = m.person_id "
	    "WHERE m.direction = 'out' AND m.status = 'queued' "
	    "AND m.error IS NOT NULL AND m.error != '' ORDER BY m.id",
	/*
	 * The last ?3 texts sent to person ?1's number ?2 that Twilio took
	 * or refused, newest first, each with its last error code; and
	 * whether the number texted in after the newest of them.
	 */
	[STMT_NUMBER_LAST_SENDS] =
	    "SELECT m.status, CASE WHEN " OUT_CODE " != '' THEN " OUT_CODE
	    " ELSE coalesce(m.error, '') END, EXISTS (SELECT 1 FROM message i "
	    "WHERE i.person_id = ?1 AND i.direction = 'in' AND i.peer = ?2 "
	    "AND i.id > m.id) FROM message m WHERE m.person_id = ?1 AND "
	    "m.direction = 'out' AND +m.channel = 'sms' AND m.peer = ?2 AND "
	    "m.status IN ('sent', 'delivered', 'read', 'failed', 'undelivered') "
	    /* message_person's order: the columns of ?3 rows, not of every
	       text the person was ever sent before a sort; newest by time,
	       which is by id but across a step of the clock */
	    "ORDER BY m.created_at DESC, m.id DESC LIMIT ?3",
	/* numbers whose texts were held since ?1 for failing, newest first */
	[STMT_STATUS_SUPPRESSED] =
	    "SELECT coalesce(p.name, m.peer), coalesce(p.handle, ''), m.peer, "
	    "max(m.created_at), count(*) FROM message m LEFT JOIN person p ON "
	    "p.id = m.person_id WHERE m.direction = 'out' AND +m.channel = 'sms' "
	    "AND m.status = 'suppressed' AND m.error LIKE 'number failing:%' "
	    "AND m.created_at >= ?1 GROUP BY m.peer ORDER BY 4 DESC LIMIT 20",
	/* who blocked the team on WhatsApp (error 63014), newest first */
	[STMT_STATUS_WA_BLOCKED] =
	    "SELECT name, handle, whatsapp_blocked_at FROM person "
	    "WHERE active = 1 AND whatsapp_blocked_at IS NOT NULL "
	    "ORDER BY whatsapp_blocked_at DESC LIMIT 20",
	/* texts since ?1 that failed for a US registration (30034, 30032) */
	[STMT_STATUS_US_REGISTRATION] =
	    "SELECT code, count(*) FROM (SELECT CASE WHEN " OUT_CODE " != '' "
	    "THEN " OUT_CODE " ELSE coalesce(m.error, '') END AS code "
	    "FROM message m WHERE m.direction = 'out' AND +m.channel = 'sms' "
	    "AND m.status IN ('failed', 'undelivered') AND m.created_at >= ?1) "
	    "WHERE code IN ('30034', '30032') GROUP BY code ORDER BY code",
	[STMT_STATUS_INGEST] =
	    "SELECT outcome, count(*) FROM ingest WHERE updated_at >= ? "
	    "GROUP BY outcome ORDER BY outcome",
	/* who can rate and what: coaches, head coaches, athletes, athletes
	 * in no squad (whom only head coaches see), metrics */
	[STMT_STATUS_ROSTER] =
	    "SELECT (SELECT count(*) FROM person WHERE active = 1 AND "
	    "role IN ('coach', 'head_coach')), (SELECT count(*) FROM person "
	    "WHERE active = 1 AND role = 'head_coach'), (SELECT count(*) FROM "
	    "person WHERE active = 1 AND role = 'athlete'), (SELECT count(*) "
	    "FROM person p WHERE active = 1 AND role = 'athlete' AND NOT "
	    "EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id)), "
	    "(SELECT count(*) FROM metric WHERE active = 1), "
	    /* athletes without consent to texts, and to wellness */
	    "(SELECT count(*) FROM person p WHERE active = 1 AND role = "
	    "'athlete' AND NOT EXISTS (SELECT 1 FROM consent c WHERE "
	    "c.person_id = p.id AND c.kind = 'texts' AND c.withdrawn_at IS "
	    "NULL)), (SELECT count(*) FROM person p WHERE active = 1 AND role "
	    "= 'athlete' AND NOT EXISTS (SELECT 1 FROM consent c WHERE "
	    "c.person_id = p.id AND c.kind = 'wellness' AND c.withdrawn_at IS "
	    "NULL))",
	[STMT_SAVEPOINT] = "SAVEPOINT part",
	[STMT_RELEASE] = "RELEASE part",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO part",
	/* changes when another connection commits, not for our own */
	[STMT_DATA_VERSION] = "PRAGMA data_version",
	/* sessions (load.c) */
	[STMT_SESSION_INSERT] =
	    "INSERT INTO session_rpe (athlete_id, day, slot, rpe, minutes, "
	    "created_at, message_id) VALUES (?, ?, nullif(?, ''), ?, "
	    "nullif(?, 0), ?, nullif(?, 0))",
	/* the minutes of the athlete's latest session of that day and
	 * effort that had none: a text that completes "rpe 7" */
	[STMT_SESSION_COMPLETE] =
	    "UPDATE session_rpe SET minutes = ?4 WHERE id = (SELECT id FROM "
	    "session_rpe WHERE athlete_id = ?1 AND day = ?2 AND rpe = ?3 AND "
	    "minutes IS NULL AND coalesce(slot, '') IN ('', ?5) "
	    "ORDER BY id DESC LIMIT 1)",
	/* and whether a coach's plan pairs with each (lib/load.c) */
	/* athlete ?1's full check-ins since day ?2, in order (grouped by
	 * month in lib/load.c: the rows come in order, SQL would sort; a
	 * day's last counts, as on the page) */
	[STMT_SEASON_WELLNESS] =
	    "SELECT day, sleep, stress, fatigue, soreness FROM wellness "
	    "WHERE athlete_id = ?1 AND day >= ?2 AND sleep IS NOT NULL AND "
	    "stress IS NOT NULL AND fatigue IS NOT NULL AND soreness IS NOT NULL "
	    "ORDER BY athlete_id, day, id",
	/* ...and sessions, their load */
	[STMT_SEASON_LOAD] =
	    "SELECT day, rpe * coalesce(minutes, 0) FROM session_rpe "
	    "WHERE athlete_id = ?1 AND day >= ?2 ORDER BY athlete_id, day",
	[STMT_SESSION_SINCE] =
	    "SELECT r.day, coalesce(r.slot, ''), r.rpe, coalesce(r.minutes, 0), "
	    "EXISTS (SELECT 1 FROM membership m CROSS JOIN planned_session p "
	    "ON p.squad_id = m.squad_id WHERE m.person_id = r.athlete_id AND "
	    PLAN_PAIRS("r", "p", "r.athlete_id") ") FROM session_rpe r "
	    "WHERE r.athlete_id = ?1 AND r.day >= ?2 "
	    "ORDER BY r.athlete_id, r.day, r.id",
	[STMT_SESSION_FIRST] =
	    "SELECT min(day) FROM session_rpe WHERE athlete_id = ?",
	/* the sessions coaches plan (lib/load.c) */
	/* the squads coach ?1 plans for (a head coach: every one) */
	[STMT_PLAN_SQUADS] =
	    "SELECT s.id, s.name FROM squad s WHERE EXISTS (SELECT "
	    "1 FROM person c WHERE c.id = ?1 AND c.role = 'head_coach') OR "
	    "s.id IN (SELECT squad_id FROM membership WHERE person_id = ?1) "
	    "ORDER BY s.name COLLATE NOCASE, s.id",
	[STMT_PLAN_DELETE] =
	    "DELETE FROM planned_session WHERE squad_id = ? AND day = ? AND "
	    "slot = ?",
	/*
	 * Squad ?1's plans of day ?2 a cancel takes: of slot ?3, or the
	 * day's without a slot when that slot has none; every one of the
	 * day when ?3 is ''.
	 */
	[STMT_PLAN_OF_DAY] =
	    "SELECT slot, minutes, intended_rpe, description FROM "
	    "planned_session p WHERE squad_id = ?1 AND day = ?2 AND (?3 = '' "
	    "OR slot = ?3 OR (slot = '' AND NOT EXISTS (SELECT 1 FROM "
	    "planned_session q WHERE q.squad_id = ?1 AND q.day = ?2 AND "
	    "q.slot = ?3))) ORDER BY slot",
	[STMT_PLAN_INSERT] =
	    "INSERT INTO planned_session (squad_id, day, slot, minutes, "
	    "intended_rpe, description, coach_id, created_at) VALUES (?, ?, "
	    "?, ?, ?, ?, nullif(?, 0), ?)",
	/* the plans of the email being stored get its message */
	[STMT_PLAN_CLAIM] =
	    "UPDATE planned_session SET message_id = ? WHERE message_id IS "
	    "NULL",
	/* the plans of athlete ?1's squads on day ?2 that slot ?3 ('':
	 * none said) may pair with */
	[STMT_PLAN_MATCH] =
	    "SELECT p.slot, p.minutes, p.intended_rpe FROM membership m "
	    "CROSS JOIN planned_session p ON p.squad_id = m.squad_id "
	    "WHERE m.person_id = ?1 AND p.day = ?2 AND (p.slot = ?3 OR ?3 = '' OR p.slot = '') "
	    "ORDER BY p.slot = ?3 DESC, p.id",
	/*
	 * Athlete ?1's planned sessions from day ?2: day, slot, minutes,
	 * intended, description, and their latest effort paired with it
	 * (NULL: none yet).
	 */
	[STMT_PLAN_ATHLETE] =
	    "SELECT p.day, p.slot, p.minutes, p.intended_rpe, p.description, "
	    "(SELECT r.rpe FROM session_rpe r WHERE r.athlete_id = ?1 AND "
	    PLAN_PAIRS("r", "p", "?1") " ORDER BY r.id DESC LIMIT 1) "
	    "FROM planned_session p WHERE p.day >= ?2 AND p.squad_id IN "
	    "(SELECT squad_id FROM membership WHERE person_id = ?1) "
	    "GROUP BY p.day, p.slot ORDER BY p.day, p.slot",
	/*
	 * Squad ?1's planned sessions from day ?2, and each active athlete's
	 * latest effort paired with it: day, slot, minutes, intended,
	 * description, effort (NULL: none, or no athlete).  The athletes
	 * are the squad's only (membership_squad), not the team's, which
	 * SQLite would otherwise gather for every part.
	 */
	[STMT_PLAN_SQUAD] =
	    "SELECT p.day, p.slot, p.minutes, p.intended_rpe, p.description, "
	    "(SELECT r.rpe FROM session_rpe r WHERE r.athlete_id = a.id AND "
	    PLAN_PAIRS("r", "p", "a.id") " ORDER BY r.id DESC LIMIT 1) "
	    "FROM planned_session p LEFT JOIN (SELECT pa.id, ma.squad_id "
	    "FROM person pa JOIN membership ma ON ma.person_id = pa.id WHERE "
	    "ma.squad_id = ?1 AND pa.active = 1 AND pa.role = 'athlete') a "
	    "ON a.squad_id = "
	    "p.squad_id WHERE p.squad_id = ?1 AND p.day >= ?2 "
	    "ORDER BY p.day, p.slot, a.id",
	/* the athletes whose planned sessions' days ended in [?1, ?2) */
	[STMT_PLAN_PASSED] =
	    "INSERT OR IGNORE INTO dirty SELECT DISTINCT m.person_id FROM "
	    "planned_session p JOIN membership m ON m.squad_id = p.squad_id "
	    "WHERE p.day >= ?1 AND p.day < ?2",
	/*
	 * Everything about person ?1, table by table (lib/export.c; which
	 * rows name a person is listed in cox(1) EXPORTING A PERSON).
	 * Times as ISO 8601 UTC; no secret is selected: page keys, link
	 * secrets, invitation token hashes, wrapped and located secret
	 * keys stay in the database, and a public key (a BLOB) is
	 * written as its fingerprint.
	 */
	[STMT_PEXPORT_PERSON] =
	    "SELECT p.id, p.role, p.name, p.handle, p.email, p.slug AS page, "
	    "p.active, " ISO("p.removed_at") " AS removed_at, p.opted_out, "
	    "p.blocked, p.paused, r.sms AS may_text, r.email AS may_email, "
	    ISO("p.created_at") " AS created_at, " ISO("p.updated_at")
	    " AS updated_at, p.channel, p.language, "
	    ISO("p.whatsapp_blocked_at") " AS whatsapp_blocked_at, "
	    ISO("p.whatsapp_closed_at") " AS whatsapp_closed_at, "
	    "p.guardian_name, p.guardian_phone, p.guardian_email, "
	    "p.guardian_opted_out, p.birth_date, p.minor "
	    "FROM person p JOIN person_reach r ON "
	    "r.person_id = p.id WHERE p.id = ?1",
	[STMT_PEXPORT_PHONE] =
	    "SELECT e164 AS number, position FROM phone WHERE person_id = ?1 "
	    "ORDER BY position, e164",
	[STMT_PEXPORT_MEMBERSHIP] =
	    "SELECT s.name AS squad FROM membership ms JOIN squad s ON "
	    "s.id = ms.squad_id WHERE ms.person_id = ?1 ORDER BY s.name",
	/* as an athlete: the coaches' scores and their own */
	[STMT_PEXPORT_RATING_RECEIVED] =
	    "SELECT r.id, r.rated_on, m.slug AS metric, m.name AS metric_name, "
	    "r.source, c.handle AS rater, c.name AS rater_name, "
	    SCORE_WRITTEN " AS score, m.kind AS kind, m.unit AS unit, "
	    "r.comment, " ISO("r.created_at") " AS created_at, r.message_id, "
	    "erg_watts(m.erg, r.score) AS watts "
	    "FROM rating r JOIN metric m ON m.id = r.metric_id "
	    "LEFT JOIN person c ON c.id = r.rater_id "
	    "WHERE r.athlete_id = ?1 ORDER BY r.rated_on, r.id",
	/* as a coach: the scores they gave (index rating_rater) */
	[STMT_PEXPORT_RATING_GIVEN] =
	    "SELECT r.id, r.rated_on, a.handle AS athlete, a.name AS "
	    "athlete_name, m.slug AS metric, m.name AS metric_name, r.score, "
	    "r.comment, " ISO("r.created_at") " AS created_at, r.message_id "
	    "FROM rating r JOIN person a ON a.id = r.athlete_id "
	    "JOIN metric m ON m.id = r.metric_id WHERE r.source = 'coach' "
	    "AND coalesce(r.rater_id, 0) = ?1 ORDER BY r.created_at, r.id",
	/* scores a correction replaced, of a rating of theirs or by them */
	[STMT_PEXPORT_RATING_CHANGE] =
	    "SELECT c.rating_id, c.message_id AS corrected_by_message, "
	    "c.score AS was_score, c.comment AS was_comment, w.handle AS "
	    "was_rater, c.was_message FROM rating_change c JOIN rating r ON "
	    "r.id = c.rating_id LEFT JOIN person w ON w.id = c.rater_id "
	    "WHERE r.athlete_id = ?1 OR r.rater_id = ?1 OR c.rater_id = ?1 "
	    "ORDER BY c.rating_id, c.message_id",
	[STMT_PEXPORT_GUESS] =
	    "SELECT rating_id, score, " ISO("created_at") " AS created_at, "
	    "message_id FROM guess WHERE athlete_id = ?1 ORDER BY rating_id",
	[STMT_PEXPORT_CONSENT] =
	    "SELECT kind, " ISO("given_at") " AS given_at, channel, version, "
	    ISO("withdrawn_at") " AS withdrawn_at FROM consent "
	    "WHERE person_id = ?1 ORDER BY kind",
	[STMT_PEXPORT_WELLNESS] =
	    "SELECT id, day, sleep, stress, fatigue, soreness, illness, note, "
	    ISO("created_at") " AS created_at, message_id FROM wellness "
	    "WHERE athlete_id = ?1 ORDER BY day, id",
	[STMT_PEXPORT_HEALTH] =
	    "SELECT id, week, problem, area, q1 AS participation, "
	    "q2 AS volume, q3 AS performance, q4 AS symptoms, severity, "
	    "substantial, " ISO("asked_at") " AS asked_at, "
	    ISO("answered_at") " AS answered_at FROM health_report "
	    "WHERE athlete_id = ?1 ORDER BY asked_at, id",
	[STMT_PEXPORT_EPISODE] =
	    "SELECT id, kind, area, stage, source, " ISO("opened_at")
	    " AS opened_at, " ISO("changed_at") " AS changed_at, "
	    ISO("closed_at") " AS closed_at FROM episode "
	    "WHERE athlete_id = ?1 ORDER BY opened_at, id",
	[STMT_PEXPORT_CHECKIN] =
	    "SELECT w.id AS wellness_id, w.day, i.slug AS item, i.name, "
	    "v.value, i.lo || '-' || i.hi AS scale, i.better AS best, "
	    "i.every FROM wellness w JOIN checkin_value v ON "
	    "v.wellness_id = w.id JOIN checkin_item i ON i.id = v.item_id "
	    "WHERE w.athlete_id = ?1 ORDER BY w.day, w.id, i.id",
	[STMT_PEXPORT_SESSION_RPE] =
	    "SELECT id, day, slot, rpe, minutes, rpe * minutes AS load, "
	    ISO("created_at") " AS created_at, message_id FROM session_rpe "
	    "WHERE athlete_id = ?1 ORDER BY day, id",
	[STMT_PEXPORT_MESSAGE] =
	    "SELECT m.id, " ISO("m.created_at") " AS created_at, m.direction, "
	    "m.channel, m.peer, m.subject, m.body, m.kind, m.status, m.error, "
	    "m.attempts, coalesce(m.sid, m.provider_id) AS provider_id, "
	    "m.about, m.archived, m.answer FROM "
	    "message m WHERE " PEXPORT_MESSAGES " ORDER BY m.id",
	[STMT_PEXPORT_MESSAGE_STATUS] =
	    "SELECT s.message_id, s.status, s.error_code, " ISO("s.at")
	    " AS at FROM message_status s JOIN message m ON m.id = "
	    "s.message_id WHERE " PEXPORT_MESSAGES " ORDER BY s.id",
	[STMT_PEXPORT_INGEST] =
	    "SELECT i.message_id, i.source, i.source_key, i.outcome, i.reason, "
	    "i.raw_path, " ISO("i.created_at") " AS created_at, "
	    ISO("i.updated_at") " AS updated_at FROM ingest i JOIN message m "
	    "ON m.id = i.message_id WHERE " PEXPORT_MESSAGES " ORDER BY i.id",
	[STMT_PEXPORT_PAGE_KEY] =
	    "SELECT page, " ISO("created_at") " AS created_at FROM page_key "
	    "WHERE person_id = ?1 ORDER BY page",
	[STMT_PEXPORT_PERSON_KEY] =
	    "SELECT id, public_key AS fingerprint, locator IS NOT NULL AS "
	    "open_my_page, " ISO("created_at") " AS created_at, "
	    ISO("revoked_at") " AS revoked_at FROM person_key "
	    "WHERE person_id = ?1 ORDER BY id",
	[STMT_PEXPORT_INVITE] =
	    "SELECT id, " ISO("created_at") " AS created_at, "
	    ISO("expires_at") " AS expires_at, " ISO("used_at") " AS used_at "
	    "FROM invite WHERE person_id = ?1 ORDER BY id",
	[STMT_PEXPORT_COACH_PREF] =
	    "SELECT digest, digest_at, sheet, send_day, sends FROM coach_pref "
	    "WHERE person_id = ?1",
	[STMT_PEXPORT_DIGEST_SENT] =
	    "SELECT day, " ISO("sent_at") " AS sent_at, message_id "
	    "FROM digest_sent WHERE person_id = ?1 ORDER BY day",
	/* the sessions a coach planned (their intended effort) */
	[STMT_PEXPORT_PLANNED] =
	    "SELECT ps.id, s.name AS squad, ps.day, ps.slot, ps.minutes, "
	    "ps.intended_rpe, ps.description, " ISO("ps.created_at")
	    " AS created_at, ps.message_id FROM planned_session ps "
	    "JOIN squad s ON s.id = ps.squad_id WHERE ps.coach_id = ?1 "
	    "ORDER BY ps.day, ps.slot",
	/* their seat-race results (lib/seatrace.c), in seconds */
	[STMT_PEXPORT_SEAT_RACE] =
	    "SELECT r.id AS seat_race, r.day, r.pieces, w.side, "
	    "w.pieces AS rowed, w.total / 10.0 AS total_time, "
	    "w.effect / 100.0 AS effect, w.swap / 100.0 AS one_swap, "
	    "w.rank, w.apart AS separable, r.noise / 100.0 AS noise "
	    "FROM seat_race_rower w JOIN seat_race r ON r.id = w.race_id "
	    "WHERE w.person_id = ?1 ORDER BY r.day, r.id",
	/* the seat races a coach ran */
	[STMT_PEXPORT_SEAT_GIVEN] =
	    "SELECT id AS seat_race, day, pieces, noise / 100.0 AS noise, "
	    ISO("created_at") " AS created_at FROM seat_race "
	    "WHERE coach_id = ?1 ORDER BY day, id",
	/* the sessions they were asked about, their answers, whether they
	 * came (lib/avail.c) */
	[STMT_PEXPORT_AVAIL] =
	    "SELECT s.day, s.slot, q.name AS squad, s.at, s.place, "
	    "s.cancelled, a.answer, a.late, a.by_guardian, "
	    ISO("a.answered_at") " AS answered_at, a.attended FROM "
	    "avail_answer a JOIN avail_session s ON s.id = a.session_id "
	    "JOIN squad q ON q.id = s.squad_id WHERE a.person_id = ?1 "
	    "ORDER BY s.day, s.slot",
	/*
	 * cox roster erase (lib/erase.c), table by table as export.c's
	 * person_tables list them; foreign keys are checked at the
	 * commit (defer_foreign_keys), so the order does not matter.
	 * The messages to go are marked first in a table of the
	 * connection: theirs (as the export selects them) and the copies
	 * of their notes forwarded to coaches; rows of others that point
	 * at one are unlinked.
	 */
	[STMT_ERASE_DEFER] = "PRAGMA defer_foreign_keys = ON",
	[STMT_ERASE_MARKS] =
	    "CREATE TEMP TABLE IF NOT EXISTS erase_message "
	    "(id INTEGER PRIMARY KEY)",
	[STMT_ERASE_MARKS_CLEAR] = "DELETE FROM temp.erase_message",
	/* the messages that gave person ?1 scores (erase.c, redact_named()) */
	[STMT_ERASE_RATED] =
	    "CREATE TEMP TABLE IF NOT EXISTS erase_rated "
	    "(id INTEGER PRIMARY KEY, how INTEGER NOT NULL DEFAULT 1)",
	[STMT_ERASE_RATED_CLEAR] = "DELETE FROM temp.erase_rated",
	[STMT_ERASE_RATED_MARK] =
	    "INSERT OR IGNORE INTO temp.erase_rated (id) " ERASE_RATED,
	/* and those of their seat races, which name them mid-line (2) */
	[STMT_ERASE_SEATED_MARK] =
	    "INSERT OR REPLACE INTO temp.erase_rated (id, how) "
	    "SELECT message_id, 2 FROM (" ERASE_SEATED ")",
	/* whom an entry of a coach's email can name but person ?1, and
	 * what it rates */
	[STMT_ERASE_OTHERS] = "SELECT name, handle FROM person WHERE id != ?1",
	[STMT_ERASE_METRICS] = "SELECT slug, name FROM metric",
	[STMT_ERASE_MARK_PERSON] =
	    "INSERT OR IGNORE INTO temp.erase_message SELECT m.id FROM "
	    "message m WHERE " PEXPORT_MESSAGES " UNION SELECT f.id FROM "
	    "message f JOIN message m ON m.id = f.about WHERE f.kind = "
	    "'forward' AND " PEXPORT_MESSAGES,
	/* retention: every message older than ?1 */
	[STMT_ERASE_MARK_BEFORE] =
	    "INSERT OR IGNORE INTO temp.erase_message SELECT id FROM message "
	    "WHERE created_at < ?1",
	[STMT_ERASE_MARKED_COUNT] = "SELECT count(*) FROM temp.erase_message",
	/*
	 * Mail about person ?1 outside cox.db (erase.c, erase_mail_find(),
	 * with erase_named() on the connection): each email that came
	 * from them, gave them scores or names them, by the hash of its
	 * copy kept (mail/raw/HASH.eml), where it came from and its key
	 * there (a Maildir's entry); how many emails cox sent others that
	 * name them; and the Maildirs cox mail --maildir filed mail in,
	 * each entry's folder's folder.
	 */
	[STMT_ERASE_MAIL_NAMED] =
	    "SELECT DISTINCT i.content_hash, i.source, i.source_key FROM "
	    "ingest i JOIN "
	    "message m ON m.id = i.message_id WHERE m.direction = 'in' AND "
	    "m.channel = 'email' AND (" PEXPORT_MESSAGES " OR m.id IN ("
	    ERASE_RATED ") OR m.id IN (" ERASE_SEATED ") OR "
	    "erase_named(m.body) OR erase_named(m.subject)) "
	    "ORDER BY 1",
	[STMT_ERASE_MAIL_SENT] =
	    "SELECT count(*) FROM message m WHERE m.direction = 'out' AND "
	    "m.channel = 'email' AND m.status IN ('sent', 'delivered', "
	    "'read') AND NOT coalesce(" PEXPORT_MESSAGES ", 0) AND "
	    "(erase_named(m.body) OR erase_named(m.subject))",
	[STMT_ERASE_MAILDIRS] =
	    "SELECT DISTINCT rtrim(rtrim(d, replace(d, '/', '')), '/') FROM "
	    "(SELECT rtrim(rtrim(raw_path, replace(raw_path, '/', '')), '/') "
	    "AS d FROM ingest WHERE source = 'maildir' AND raw_path IS NOT "
	    "NULL) ORDER BY 1",
	[STMT_ERASE_PERSON] = "DELETE FROM person WHERE id = ?1",
	[STMT_ERASE_PHONE] = "DELETE FROM phone WHERE person_id = ?1",
	[STMT_ERASE_MEMBERSHIP] = "DELETE FROM membership WHERE person_id = ?1",
	/* their guesses and corrections go with them (ON DELETE CASCADE) */
	[STMT_ERASE_RATING_RECEIVED] = "DELETE FROM rating WHERE athlete_id = ?1",
	/* a former coach's scores of others stay, naming no rater */
	[STMT_ERASE_RATING_GIVEN] =
	    "UPDATE rating SET rater_id = NULL WHERE rater_id = ?1",
	[STMT_ERASE_RATING_CHANGE] =
	    "DELETE FROM rating_change WHERE rater_id = ?1 OR rating_id IN "
	    "(SELECT id FROM rating WHERE athlete_id = ?1)",
	[STMT_ERASE_GUESS] = "DELETE FROM guess WHERE athlete_id = ?1",
	[STMT_ERASE_HEALTH] =
	    "DELETE FROM health_report WHERE athlete_id = ?1",
	[STMT_ERASE_EPISODE] = "DELETE FROM episode WHERE athlete_id = ?1",
	[STMT_ERASE_WELLNESS] = "DELETE FROM wellness WHERE athlete_id = ?1",
	[STMT_ERASE_CHECKIN] =
	    "DELETE FROM checkin_value WHERE wellness_id IN "
	    "(SELECT id FROM wellness WHERE athlete_id = ?1)",
	[STMT_ERASE_CONSENT] = "DELETE FROM consent WHERE person_id = ?1",
	[STMT_ERASE_SESSION_RPE] =
	    "DELETE FROM session_rpe WHERE athlete_id = ?1",
	[STMT_ERASE_MESSAGE] =
	    "DELETE FROM message WHERE id IN temp.erase_message",
	[STMT_ERASE_MESSAGE_STATUS] =
	    "DELETE FROM message_status WHERE message_id IN temp.erase_message",
	[STMT_ERASE_INGEST] =
	    "DELETE FROM ingest WHERE message_id IN temp.erase_message",
	[STMT_ERASE_PAGE_KEY] = "DELETE FROM page_key WHERE person_id = ?1",
	[STMT_ERASE_PERSON_KEY] = "DELETE FROM person_key WHERE person_id = ?1",
	[STMT_ERASE_INVITE] = "DELETE FROM invite WHERE person_id = ?1",
	[STMT_ERASE_COACH_PREF] = "DELETE FROM coach_pref WHERE person_id = ?1",
	[STMT_ERASE_DIGEST_SENT] =
	    "DELETE FROM digest_sent WHERE person_id = ?1",
	/* a squad's plan stays, planned by "a former coach" */
	[STMT_ERASE_PLANNED] =
	    "UPDATE planned_session SET coach_id = NULL WHERE coach_id = ?1",
	/* their seat-race rows; a race stays for the others, run by "a
	 * former coach" when its coach goes */
	[STMT_ERASE_SEAT_RACE] =
	    "DELETE FROM seat_race_rower WHERE person_id = ?1",
	[STMT_ERASE_SEAT_GIVEN] =
	    "UPDATE seat_race SET coach_id = NULL WHERE coach_id = ?1",
	[STMT_ERASE_AVAIL] = "DELETE FROM avail_answer WHERE person_id = ?1",
	/* what the build keeps of them: marks, and their page's files */
	[STMT_ERASE_DIRTY] = "DELETE FROM dirty WHERE person_id = ?1",
	[STMT_ERASE_DIRTY_TAKEN] =
	    "DELETE FROM dirty_taken WHERE person_id = ?1",
	[STMT_ERASE_MANIFEST] =
	    "DELETE FROM manifest WHERE substr(path, 1, length(?1)) = ?1",
	[STMT_ERASE_UNLINK_RATING] =
	    "UPDATE rating SET message_id = NULL "
	    "WHERE message_id IN temp.erase_message",
	[STMT_ERASE_UNLINK_WELLNESS] =
	    "UPDATE wellness SET message_id = NULL "
	    "WHERE message_id IN temp.erase_message",
	[STMT_ERASE_UNLINK_GUESS] =
	    "UPDATE guess SET message_id = NULL "
	    "WHERE message_id IN temp.erase_message",
	[STMT_ERASE_UNLINK_SESSION] =
	    "UPDATE session_rpe SET message_id = NULL "
	    "WHERE message_id IN temp.erase_message",
	[STMT_ERASE_UNLINK_DIGEST] =
	    "UPDATE digest_sent SET message_id = NULL "
	    "WHERE message_id IN temp.erase_message",
	[STMT_ERASE_UNLINK_ABOUT] =
	    "UPDATE message SET about = NULL "
	    "WHERE about IN temp.erase_message",
	/* a correction made by a message that goes cannot be undone */
	[STMT_ERASE_UNLINK_PLAN] =
	    "UPDATE planned_session SET message_id = NULL "
	    "WHERE message_id IN temp.erase_message",
	[STMT_ERASE_UNLINK_CHANGE] =
	    "DELETE FROM rating_change WHERE message_id IN temp.erase_message",
	/*
	 * Others' words that name an erased person (erase_named() and
	 * erase_redact() are erase.c's, on its connection while it runs
	 * these): the lines that named them read "[erased]", the people
	 * whose messages or rendered rows named them are rendered again
	 * (ratings, check-ins and plans say so by their triggers), and
	 * the rendered rows that did are dropped, to be made again.
	 */
	/* a text and the answer it was given, counted once */
	[STMT_ERASE_REDACT_BODY] =
	    "UPDATE message SET body = erase_redact(body, (SELECT how FROM "
	    "temp.erase_rated r WHERE r.id = message.id)), answer = "
	    "erase_redact(answer) WHERE erase_named(body, (SELECT how FROM "
	    "temp.erase_rated r WHERE r.id = message.id)) OR "
	    "erase_named(answer)",
	[STMT_ERASE_REDACT_SUBJECT] =
	    "UPDATE message SET subject = erase_redact(subject) "
	    "WHERE erase_named(subject)",
	[STMT_ERASE_REDACT_ERROR] =
	    "UPDATE message SET error = erase_redact(error) "
	    "WHERE erase_named(error)",
	[STMT_ERASE_REDACT_INGEST] =
	    "UPDATE ingest SET reason = erase_redact(reason) "
	    "WHERE erase_named(reason)",
	[STMT_ERASE_REDACT_COMMENT] =
	    "UPDATE rating SET comment = erase_redact(comment) "
	    "WHERE comment != '' AND erase_named(comment)",
	[STMT_ERASE_REDACT_CHANGE] =
	    "UPDATE rating_change SET comment = erase_redact(comment) "
	    "WHERE erase_named(comment)",
	[STMT_ERASE_REDACT_NOTE] =
	    "UPDATE wellness SET note = erase_redact(note) "
	    "WHERE note != '' AND erase_named(note)",
	[STMT_ERASE_REDACT_PLAN] =
	    "UPDATE planned_session SET description = "
	    "erase_redact(description) WHERE erase_named(description)",
	/* after the messages: those now saying "[erased]" (a scan with
	 * no folding, and an earlier erasure's only renders one more) */
	[STMT_ERASE_REDACT_DIRTY] =
	    "INSERT OR IGNORE INTO dirty SELECT coalesce(person_id, 0) "
	    "FROM message WHERE instr(body, '[erased]') > 0 "
	    "OR instr(subject, '[erased]') > 0 "
	    "UNION SELECT person_id FROM fragment WHERE erase_named(body)",
	[STMT_ERASE_REDACT_FRAGMENT] =
	    "DELETE FROM fragment WHERE erase_named(body)",
	/* [privacy] keep_months: days before ?1, times before ?2 */
	[STMT_RETAIN_WELLNESS] = "DELETE FROM wellness WHERE day < ?1",
	[STMT_RETAIN_CHECKIN] =
	    "DELETE FROM checkin_value WHERE wellness_id IN "
	    "(SELECT id FROM wellness WHERE day < ?1)",
	[STMT_RETAIN_SESSION_RPE] = "DELETE FROM session_rpe WHERE day < ?1",
	/* health answers go with check-ins; an episode once closed */
	[STMT_RETAIN_HEALTH] = "DELETE FROM health_report WHERE week < ?1",
	[STMT_RETAIN_EPISODE] =
	    "DELETE FROM episode WHERE closed_at IS NOT NULL AND "
	    "date(closed_at, 'unixepoch', 'localtime') < ?1",
	[STMT_RETAIN_PLANNED] = "DELETE FROM planned_session WHERE day < ?1",
	[STMT_RETAIN_RATING] = "DELETE FROM rating WHERE rated_on < ?1",
	/* seat races are kept as ratings are; their rowers' rows go along */
	[STMT_RETAIN_SEAT] = "DELETE FROM seat_race WHERE day < ?1",

	/*
	 * Seat racing (lib/seatrace.c, v37): times in tenths, effects,
	 * one-swap places and the noise in hundredths of a second; -1
	 * for none is kept as NULL.
	 */
	[STMT_SEAT_RACE_ADD] =
	    "INSERT INTO seat_race (coach_id, day, pieces, noise, created_at, "
	    "message_id) VALUES (nullif(?1, 0), ?2, ?3, nullif(?4, -1), ?5, "
	    "nullif(?6, 0))",
	[STMT_SEAT_ROWER_ADD] =
	    "INSERT INTO seat_race_rower (race_id, person_id, side, pieces, "
	    "total, effect, swap, rank, apart) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "CASE WHEN ?6 THEN ?7 END, nullif(?8, -1), ?9, nullif(?10, -1))",
	/* a squad part's: the last races any of its members rowed in */
	[STMT_SEAT_RACES_SQUAD] =
	    "SELECT r.id, r.day, r.pieces, r.noise FROM seat_race r "
	    "WHERE r.id IN (SELECT w.race_id FROM membership m "
	    "JOIN seat_race_rower w ON w.person_id = m.person_id "
	    "WHERE m.squad_id = ?1) ORDER BY r.day DESC, r.id DESC LIMIT 3",
	/* ...and its members' rows of one, side by side, fastest first */
	[STMT_SEAT_ROWERS_SQUAD] =
	    "SELECT p.name, w.side, w.rank, w.effect, w.total, w.pieces, "
	    "w.swap, w.apart FROM seat_race_rower w "
	    "JOIN membership m ON m.person_id = w.person_id "
	    "AND m.squad_id = ?2 JOIN person p ON p.id = w.person_id "
	    "WHERE w.race_id = ?1 ORDER BY w.side, w.rank",

	/* WhatsApp (v18): a person's channel, NULL following [sms] channel */
	[STMT_PERSON_SET_CHANNEL] =
	    "UPDATE person SET channel = ? WHERE id = ?",
	[STMT_PERSON_SET_LANGUAGE] =
	    "UPDATE person SET language = ? WHERE id = ?",
	[STMT_PERSON_LANGUAGE] =
	    "SELECT language FROM person WHERE id = ?",
	/* what message_route() needs: channel, blocked, closed, last in
	 * (theirs: a guardian's opens no window of the athlete's) */
	[STMT_PERSON_WHATSAPP] =
	    "SELECT coalesce(p.channel, ''), coalesce(p.whatsapp_blocked_at, "
	    "0), coalesce(p.whatsapp_closed_at, 0), coalesce((SELECT "
	    "max(m.created_at) FROM message m WHERE m.person_id = p.id AND "
	    "m.direction = 'in' AND m.via = 'whatsapp' AND m.kind IS NOT "
	    "'guardian'), 0), p.name "
	    "FROM person p WHERE p.id = ?",
	[STMT_PERSON_WHATSAPP_BLOCKED] =
	    "UPDATE person SET whatsapp_blocked_at = ?1, updated_at = ?1 "
	    "WHERE id = ?2",
	[STMT_PERSON_WHATSAPP_CLOSED] =
	    "UPDATE person SET whatsapp_closed_at = ? WHERE id = ?",
	[STMT_MESSAGE_SET_VIA] =
	    "UPDATE message SET via = ? WHERE id = ?",
	/* a text sent by WhatsApp, for its status callback */
	[STMT_WHATSAPP_BY_PROVIDER] =
	    "SELECT id, coalesce(person_id, 0) FROM message WHERE channel = "
	    "'sms' AND direction = 'out' AND via = 'whatsapp' AND "
	    "provider_id = ?",
	/* people on the roster reached by WhatsApp (?1: [sms] channel) */
	[STMT_WHATSAPP_PEOPLE] =
	    "SELECT count(*) FROM person WHERE active = 1 AND "
	    "coalesce(channel, ?1) IN ('whatsapp', 'both')",
	/* lib/logbook.c: the Concept2 Logbook's links and results */
	[STMT_C2_LINK_PUT] =
	    "INSERT INTO concept2_link (person_id, access_token, "
	    "refresh_token, expires_at, linked_at) VALUES (?1, ?2, ?3, ?4, ?5) "
	    "ON CONFLICT (person_id) DO UPDATE SET access_token = "
	    "excluded.access_token, refresh_token = excluded.refresh_token, "
	    "expires_at = excluded.expires_at, relink = 0",
	[STMT_C2_LINK_GET] =
	    "SELECT access_token, refresh_token, expires_at, relink "
	    "FROM concept2_link WHERE person_id = ?1",
	[STMT_C2_LINK_DEL] = "DELETE FROM concept2_link WHERE person_id = ?1",
	/*
	 * the athletes whose results may be fetched: linked, not asked to
	 * link again, on the roster, and not having withdrawn consent to
	 * the monitoring of their training
	 */
	[STMT_C2_LINKED] =
	    "SELECT l.person_id FROM concept2_link l JOIN person p ON "
	    "p.id = l.person_id WHERE l.relink = 0 AND p.active = 1 AND "
	    "NOT EXISTS (SELECT 1 FROM consent c WHERE c.person_id = p.id "
	    "AND c.kind = 'wellness' AND c.withdrawn_at IS NOT NULL) "
	    "ORDER BY l.person_id",
	[STMT_C2_RELINK] =
	    "UPDATE concept2_link SET relink = 1 WHERE person_id = ?1",
	[STMT_C2_SYNCED] =
	    "UPDATE concept2_link SET synced_at = ?2 WHERE person_id = ?1",
	[STMT_C2_STATE_PUT] =
	    "INSERT INTO concept2_state (state_hash, person_id, verifier, "
	    "created_at) VALUES (?1, ?2, ?3, ?4)",
	/* a state is good once, within the hour it was made */
	[STMT_C2_STATE_TAKE] =
	    "DELETE FROM concept2_state WHERE state_hash = ?1 "
	    "RETURNING person_id, verifier, created_at",
	[STMT_C2_STATE_PEEK] =
	    "SELECT verifier, created_at FROM concept2_state "
	    "WHERE state_hash = ?1",
	[STMT_C2_STATE_OLD] =
	    "DELETE FROM concept2_state WHERE created_at < ?1",
	[STMT_ERG_RESULT_INSERT] =
	    "INSERT OR IGNORE INTO erg_result (athlete_id, result_id, day, "
	    "distance, time, stroke_rate, drag_factor, metric_id, value, "
	    "minutes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0), "
	    "nullif(?7, 0), nullif(?8, 0), nullif(?9, 0), nullif(?10, 0), ?11)",
	/* athlete ?1's erg tests from the Logbook, oldest first */
	[STMT_ERG_MEASURED] =
	    "SELECT metric_id, day, value, coalesce(stroke_rate, 0), "
	    "coalesce(drag_factor, 0) FROM erg_result WHERE athlete_id = ?1 "
	    "AND metric_id IS NOT NULL ORDER BY day, result_id",
	[STMT_PEXPORT_ERG_RESULT] =
	    "SELECT e.result_id, e.day, e.distance, e.time, e.stroke_rate, "
	    "e.drag_factor, m.slug AS metric, e.value, e.minutes, "
	    ISO("e.created_at") " AS created_at FROM erg_result e "
	    "LEFT JOIN metric m ON m.id = e.metric_id "
	    "WHERE e.athlete_id = ?1 ORDER BY e.day, e.result_id",
	[STMT_ERASE_ERG_RESULT] =
	    "DELETE FROM erg_result WHERE athlete_id = ?1",
	/* that a link is there, never its tokens */
	[STMT_PEXPORT_C2_LINK] =
	    "SELECT " ISO("linked_at") " AS linked_at, " ISO("synced_at")
	    " AS synced_at, relink FROM concept2_link WHERE person_id = ?1",
	[STMT_ERASE_C2_LINK] =
	    "DELETE FROM concept2_link WHERE person_id = ?1",
	[STMT_PEXPORT_C2_STATE] =
	    "SELECT " ISO("created_at") " AS created_at FROM concept2_state "
	    "WHERE person_id = ?1",
	[STMT_ERASE_C2_STATE] =
	    "DELETE FROM concept2_state WHERE person_id = ?1",

};

const char *
db_sql(enum stmt id)
{
	return sql[id];
}
