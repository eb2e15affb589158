/*
 * sql.h - the fragments of SQL that the statements of several files
 * share: a person's columns, a time as ISO 8601, whom a coach commands.
 * Each statement is written beside the code that runs it (STMT() in
 * db.h); only what several of them repeat is here.
 */
#ifndef COX_SQL_H
#define COX_SQL_H

/* cox export: the person p's squads, and whether p is in squad ?1 */
#define EXPORT_SQUADS	"coalesce((SELECT group_concat(s.name, '; ') " \
	"FROM membership ms JOIN squad s ON s.id = ms.squad_id " \
	"WHERE ms.person_id = p.id), '')"

#define EXPORT_IN_SQUAD	"(?1 = '' OR EXISTS (SELECT 1 FROM membership ms " \
	"JOIN squad s ON s.id = ms.squad_id WHERE ms.person_id = p.id " \
	"AND s.name = ?1))"

/*
 * A rating's score as its metric writes it (metric_value_write()): a
 * time "6:45.3", a number "82.5", a scale's points; for exports.
 */
#define SCORE_WRITTEN \
	"CASE m.kind WHEN 'time' THEN printf('%d:%02d.%d', r.score / 600, " \
	"r.score / 10 % 60, r.score % 10) WHEN 'number' THEN " \
	"printf('%.1f', r.score / 10.0) ELSE r.score END"

/* a Unix time as ISO 8601 UTC, NULL for NULL */
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

/* whether failed message m was sent again (resend: a text about it,
 * not a guardian's copy of it) */
#define OUT_RESENT	"EXISTS (SELECT 1 FROM message x WHERE x.about = " \
	"m.id AND x.direction = 'out' AND +x.channel = 'sms' AND " \
	"(x.kind IS NOT 'guardian' OR m.kind = 'guardian'))"

/*
 * when message m came to the status it has: its last row of that
 * status in message_status (the outbox's attempt, or the provider's
 * callback), or when it was queued where none is left
 */
#define OUT_STATUS_AT	"coalesce((SELECT max(s.at) FROM message_status s " \
	"WHERE s.message_id = m.id AND s.status = m.status), m.created_at)"

/* the last error code a provider's status callback gave message m */
#define OUT_CODE	"coalesce((SELECT s.error_code FROM message_status s " \
	"WHERE s.message_id = m.id AND s.error_code IS NOT NULL " \
	"ORDER BY s.id DESC LIMIT 1), '')"

/*
 * The ratings emails, kept and not undone, behind an athlete's
 * correction texts not sent since the last one that went (an undo's
 * notice aside): queued, or cancelled when a later one took them in or
 * when what they said was all put back (ingest/correct.c).
 */
#define CORRECTION_MERGED	"merged into a later correction"

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

#endif
