/*
 * schema.c - the database schema as forward-only migrations.
 *
 * Migration i takes a database from PRAGMA user_version i to i + 1:
 * the first SCHEMA_FIRST, cox 0.1.0's, are schema_first.c's, the rest
 * migrations[i - SCHEMA_FIRST] here.
 * They are applied in order when a database is opened, each inside one
 * transaction together with the new user_version, so a crash leaves the
 * file at a whole version.  A published migration is never edited: a
 * change to the schema is a new entry at the end.  tests/unit/
 * test_migrate.c makes a database at every earlier version and migrates
 * it.
 *
 * Times are Unix seconds (UTC); calendar days are 'YYYY-MM-DD' text.
 */
#include <string.h>

#include "plumbing.h"
#include "db.h"

/* Those since 0.1.0 (schema_first.c has the first SCHEMA_FIRST). */
static const char *const migrations[] = {
	/*
	 * v17: sessions as athletes rate them, effort on the CR-10 (0-10)
	 * times minutes (Foster's session RPE); the load is computed when
	 * read, never stored.  Several a day; one a text, so a retried
	 * text stores none twice.  minutes NULL: not said (yet); slot NULL:
	 * not said.  A coach's planned session (day, slot, squad) joins
	 * on athlete and day, then slot.
	 */
	"CREATE TABLE session_rpe ("
	"  id INTEGER PRIMARY KEY,"
	"  athlete_id INTEGER NOT NULL REFERENCES person(id),"
	"  day TEXT NOT NULL,"
	"  slot TEXT CHECK (slot IN ('am', 'pm')),"
	"  rpe INTEGER NOT NULL CHECK (rpe BETWEEN 0 AND 10),"
	"  minutes INTEGER CHECK (minutes BETWEEN 1 AND 600),"
	"  created_at INTEGER NOT NULL,"
	"  message_id INTEGER UNIQUE REFERENCES message(id)"
	");"
	"CREATE INDEX session_rpe_page ON session_rpe(athlete_id, day, id,"
	"  rpe, minutes);"
	"CREATE TRIGGER session_rpe_ins AFTER INSERT ON session_rpe BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER session_rpe_upd AFTER UPDATE ON session_rpe BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER session_rpe_del AFTER DELETE ON session_rpe BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (OLD.athlete_id); END;",
	/*
	 * v18: WhatsApp beside SMS, through the same Twilio account.  A
	 * person's channel is how their number is reached: 'sms',
	 * 'whatsapp' or 'both' (WhatsApp preferred, SMS when it cannot
	 * go); NULL follows [sms] channel.  whatsapp_blocked_at: Twilio
	 * said 63014 (they blocked the team's WhatsApp sender), nothing
	 * more goes to them there.  whatsapp_closed_at: Twilio said 63016
	 * (their 24-hour window was closed), so free-form messages wait
	 * for their next one.  A text's via says which way it came or
	 * went ('sms' or 'whatsapp'; NULL: as its channel, and emails).
	 */
	"ALTER TABLE person ADD COLUMN channel TEXT"
	"  CHECK (channel IN ('sms', 'whatsapp', 'both'));"
	"ALTER TABLE person ADD COLUMN whatsapp_blocked_at INTEGER;"
	"ALTER TABLE person ADD COLUMN whatsapp_closed_at INTEGER;"
	"ALTER TABLE message ADD COLUMN via TEXT"
	"  CHECK (via IN ('sms', 'whatsapp'));",
	/*
	 * v19: the language a person reads their texts, emails and page
	 * in (a catalogue's code: en, fr, es, de); NULL follows [team]
	 * language.
	 */
	"ALTER TABLE person ADD COLUMN language TEXT;",
	/*
	 * v20: the sessions a coach plans (ingest/plan.c), with the effort
	 * they intend on the CR-10: one a squad, day and slot ('' not
	 * said), a later plan replacing it.  An athlete's session_rpe row
	 * pairs with it by lookup (lib/load.c), never by a stored link.
	 * coach_id names who planned it (erasure covers it); message_id
	 * the email it came in (NULL only inside that email's transaction,
	 * until plan_claim()).  Its squad's members' pages show it.
	 */
	"CREATE TABLE planned_session ("
	"  id INTEGER PRIMARY KEY,"
	"  squad_id INTEGER NOT NULL REFERENCES squad(id) ON DELETE CASCADE,"
	"  day TEXT NOT NULL,"
	"  slot TEXT NOT NULL DEFAULT '' CHECK (slot IN ('', 'am', 'pm')),"
	"  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),"
	"  intended_rpe INTEGER NOT NULL CHECK (intended_rpe BETWEEN 0 AND 10),"
	"  description TEXT NOT NULL DEFAULT '',"
	"  coach_id INTEGER REFERENCES person(id),"
	"  message_id INTEGER REFERENCES message(id),"
	"  created_at INTEGER NOT NULL,"
	"  UNIQUE (squad_id, day, slot)"
	");"
	"CREATE INDEX planned_session_day ON planned_session(day, squad_id);"
	"CREATE TRIGGER planned_session_ins AFTER INSERT ON planned_session"
	"  BEGIN INSERT OR IGNORE INTO dirty SELECT person_id FROM membership"
	"  WHERE squad_id = NEW.squad_id; END;"
	"CREATE TRIGGER planned_session_upd AFTER UPDATE ON planned_session"
	"  BEGIN INSERT OR IGNORE INTO dirty SELECT person_id FROM membership"
	"  WHERE squad_id = NEW.squad_id; END;"
	"CREATE TRIGGER planned_session_del AFTER DELETE ON planned_session"
	"  BEGIN INSERT OR IGNORE INTO dirty SELECT person_id FROM membership"
	"  WHERE squad_id = OLD.squad_id; END;",
	/*
	 * v21: a minor's guardian, copied on what coaches write them
	 * (person_guardian_copies()), and their birth date or a flag that
	 * says they are a minor.
	 */
	"ALTER TABLE person ADD COLUMN guardian_name TEXT;"
	"ALTER TABLE person ADD COLUMN guardian_phone TEXT;"
	"ALTER TABLE person ADD COLUMN guardian_email TEXT;"
	"ALTER TABLE person ADD COLUMN birth_date TEXT;"
	"ALTER TABLE person ADD COLUMN minor INTEGER NOT NULL DEFAULT 0;",
	/*
	 * v22: when and how a person agreed to texts, to wellness
	 * monitoring, and for a minor their guardian (cox roster consent);
	 * with [privacy] consent = required, nothing but an invitation goes
	 * to an athlete without it (message_queue()).
	 */
	"CREATE TABLE consent ("
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('texts', 'wellness', 'guardian')),"
	"  given_at INTEGER NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  version TEXT NOT NULL DEFAULT '',"
	"  withdrawn_at INTEGER,"
	"  PRIMARY KEY (person_id, kind)"
	") WITHOUT ROWID;",

	/*
	 * v23: real numbers.  A metric is a scale (points, as before), a
	 * time (a 2k erg, a 500 m split: tenths of a second, lower is
	 * better) or a number with a unit (kg, W: tenths of the unit);
	 * rating.score and the bounds hold those whole numbers
	 * (metric_value_read(), metric_value_write()).
	 */
	"ALTER TABLE metric ADD COLUMN kind TEXT NOT NULL DEFAULT 'scale' "
	"  CHECK (kind IN ('scale', 'time', 'number'));"
	"ALTER TABLE metric ADD COLUMN unit TEXT NOT NULL DEFAULT '';",

	/*
	 * v24: check-in items of the club's own beside Hooper's four
	 * (McLean's mood, an OSTRC-style weekly question, anything a
	 * club names with a scale and a better end), answered in the same
	 * check-in: one value per item per check-in row.
	 */
	"CREATE TABLE checkin_item ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  lo INTEGER NOT NULL,"
	"  hi INTEGER NOT NULL,"
	"  better TEXT NOT NULL CHECK (better IN ('high', 'low')),"
	"  every TEXT NOT NULL DEFAULT 'day' CHECK (every IN ('day', 'week')),"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  CHECK (lo >= 0 AND lo < hi AND hi <= 100)"
	");"
	"CREATE TABLE checkin_value ("
	"  wellness_id INTEGER NOT NULL REFERENCES wellness(id),"
	"  item_id INTEGER NOT NULL REFERENCES checkin_item(id),"
	"  value INTEGER NOT NULL,"
	"  PRIMARY KEY (wellness_id, item_id)"
	") WITHOUT ROWID;",

	/*
	 * v25: who gave a coach score is read with every rating of a page
	 * (ratings_load()), from the index that covers the rest: the
	 * dashboard's leniency asked it of the table, a row at a time, at
	 * every athlete of every build.
	 */
	"DROP INDEX rating_page;"
	"CREATE INDEX rating_page ON rating(athlete_id, metric_id,"
	"  created_at, id, source, score, rated_on, rater_id);",

	/*
	 * v26: the dashboard's fragments kept by part, then person: every
	 * build after a change reads the team's part, a kind at a time,
	 * and with the person first each kind was a scan of all of them
	 * (100 MB at 10,000 athletes, where the leniency table's is 0.7).
	 */
	"CREATE TABLE fragment_by_part ("
	"  person_id INTEGER NOT NULL,"
	"  part TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  PRIMARY KEY (part, person_id)"
	") WITHOUT ROWID;"
	"INSERT INTO fragment_by_part (person_id, part, body)"
	"  SELECT person_id, part, body FROM fragment;"
	"DROP TABLE fragment;"
	"ALTER TABLE fragment_by_part RENAME TO fragment;"
	/* someone who leaves: a build forced with a season's leavers
	 * would otherwise scan every fragment for each of them */
	"CREATE INDEX fragment_person ON fragment(person_id);",

	/*
	 * v27: rating_athlete is rating_page's first two columns and the
	 * row id, so rating_page answers whatever it did; each text's
	 * scores wrote both, a page of each at a random place in the
	 * season's largest table (a tenth of the webhook's time at 52
	 * weeks of 10,000 athletes).
	 */
	"DROP INDEX rating_athlete;",

	/*
	 * v28: the answer to a text is found by the text (about), no longer
	 * by a provider_id of its own ("reply:" and the text's MessageSid).
	 */
	"UPDATE message SET about = (SELECT i.id FROM message i WHERE"
	"  i.channel = 'sms' AND i.direction = 'in' AND"
	"  i.provider_id = substr(message.provider_id, 7)), provider_id = NULL"
	"  WHERE channel = 'sms' AND direction = 'out' AND kind = 'twiml'"
	"  AND about IS NULL AND provider_id LIKE 'reply:%';",

	/*
	 * v29: the coaches by role: every build that renders a page reads
	 * the head coaches' keys, which every athlete's page and every part
	 * is sealed to, and without it that was a walk of every key and its
	 * person (15 ms of a one-change build at 10,000 athletes).  Partial,
	 * so that a query for the athletes, most of the people, still walks
	 * the table rather than the index and a row at a time; a query
	 * names its condition to use it.
	 */
	"CREATE INDEX person_staff ON person(role) WHERE role != 'athlete';",

	/*
	 * v30: a content key dropped (a reader revoked, a coach gone from a
	 * squad, a password reset, a person erased) takes the site's sender
	 * key with it (gen/seal.c): a box from that key opens whatever page
	 * it carried with nothing but the reader's public key, so a cox.db
	 * or a backup taken afterwards must not hold it.  The next build
	 * makes another; pages sealed before keep theirs, which their
	 * readers open with their own secret keys.  One made before the
	 * triggers were goes now, as it may have outlived a dropped key.
	 */
	"DELETE FROM meta WHERE key = 'sender_key';"
	"CREATE TRIGGER page_key_gone AFTER DELETE ON page_key BEGIN"
	"  DELETE FROM meta WHERE key = 'sender_key'; END;"
	"CREATE TRIGGER page_key_new AFTER UPDATE OF content_key ON page_key"
	"  BEGIN DELETE FROM meta WHERE key = 'sender_key'; END;",

	/*
	 * v31: the rows that name a message, by the message.  The last
	 * error code Twilio gave a text (lib/sql.h, OUT_CODE) was a read of
	 * every status ever recorded, for each text the outbox weighs
	 * (whether its number keeps failing) and each a coach's part lists.
	 * And deleting a message (erasure, cox prune) checked its foreign
	 * keys by reading the whole of each table without one: statuses,
	 * check-ins, guesses, the mail ledger, digests sent and plans
	 * (1,000 messages against 200,000 check-ins took 8 s).  The others
	 * are partial: most of their rows name no message.
	 */
	"CREATE INDEX message_status_message ON message_status(message_id);"
	"CREATE INDEX wellness_message ON wellness(message_id)"
	"  WHERE message_id IS NOT NULL;"
	"CREATE INDEX guess_message ON guess(message_id)"
	"  WHERE message_id IS NOT NULL;"
	"CREATE INDEX ingest_message ON ingest(message_id)"
	"  WHERE message_id IS NOT NULL;"
	"CREATE INDEX digest_sent_message ON digest_sent(message_id)"
	"  WHERE message_id IS NOT NULL;"
	"CREATE INDEX planned_session_message ON planned_session(message_id)"
	"  WHERE message_id IS NOT NULL;",

	/*
	 * v32: the MessageSids of texts no longer kept.  A Twilio signature
	 * has no time in it, so a request captured once is valid forever,
	 * and a retry is known only by its MessageSid among the texts kept:
	 * once cox prune or an erasure deleted the text, a replay of it was
	 * stored as new.  The ids alone are kept: only Twilio's log, until
	 * deleted there, ties one to a number (cox-dpia(7)).
	 */
	"CREATE TABLE sms_spent ("
	"  sid TEXT PRIMARY KEY"
	") WITHOUT ROWID;"
	"CREATE TRIGGER message_spent AFTER DELETE ON message"
	"  WHEN OLD.channel = 'sms' AND OLD.direction = 'in'"
	"  AND OLD.provider_id IS NOT NULL BEGIN"
	"  INSERT OR IGNORE INTO sms_spent VALUES (OLD.provider_id); END;",

	/*
	 * v33: the answer a text was given, on the text's own row.  It was
	 * a second row (kind 'twiml', about the text): five more entries in
	 * the message indexes and a trigger for every text, a tenth of the
	 * webhook's work at a season's end.  The rows written so far stay
	 * as they are and are still read (a season's worth is millions of
	 * rows, and an upgrade must not keep the webhook down for minutes
	 * rewriting them).
	 */
	"ALTER TABLE message ADD COLUMN answer TEXT;",

	/*
	 * v34: a text's MessageSid in a column of its own, sid, out of the
	 * unique index of provider_id.  Twilio's ids are random, so each
	 * text wrote that index at a random place in the season's largest
	 * table: a page to the log and to the database again for every
	 * text (12 % of the texts the webhook answered a second at week 52
	 * of 10,000 athletes).  The webhook knows the texts it has by
	 * their sid in memory (ingest/seen.c), read from the table; the
	 * texts kept before stay where they were, and are still found
	 * there.  A text deleted leaves its sid in sms_spent as before.
	 * The newest message deleted leaves its id in meta, which no
	 * message written after takes (lib/message.c, the insert of a message):
	 * the webhook reads the texts after the last row it read, and
	 * would pass over one that took a deleted row's id.
	 */
	"ALTER TABLE message ADD COLUMN sid TEXT;"
	"CREATE TRIGGER message_high AFTER DELETE ON message"
	"  WHEN OLD.id > coalesce((SELECT max(id) FROM message), 0) BEGIN"
	"  INSERT INTO meta (key, value) VALUES ('message_id_high', OLD.id)"
	"  ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS"
	"  INTEGER), CAST(excluded.value AS INTEGER)); END;"
	"DROP TRIGGER message_spent;"
	"CREATE TRIGGER message_spent AFTER DELETE ON message"
	"  WHEN OLD.channel = 'sms' AND OLD.direction = 'in'"
	"  AND coalesce(OLD.sid, OLD.provider_id) IS NOT NULL BEGIN"
	"  INSERT OR IGNORE INTO sms_spent"
	"  VALUES (coalesce(OLD.sid, OLD.provider_id)); END;",

	/*
	 * v35: how many texts to a squad or to everyone a coach sent by
	 * email on send_day (the team's day), which [mail] send_per_day
	 * bounds (ingest/command.c): a count on the coach's own row, no
	 * history of them.
	 */
	"ALTER TABLE coach_pref ADD COLUMN send_day TEXT;"
	"ALTER TABLE coach_pref ADD COLUMN sends INTEGER NOT NULL DEFAULT 0;",

	/*
	 * v36: a guardian's own STOP (ingest/guardian.c).  It stops the
	 * copies to their number, not the athlete's texts, so it is a flag
	 * of its own beside the athlete's opted_out, cleared when the
	 * roster gives the athlete another guardian's number; person_reach
	 * says whether a guardian may be sent their copy, as
	 * message_reach_guardian() does.  A text from a number on no one's
	 * row looks for it among the guardians', by an index of the few
	 * there are, not a read of every person.
	 */
	"ALTER TABLE person ADD COLUMN guardian_opted_out INTEGER NOT NULL"
	"  DEFAULT 0;"
	"CREATE INDEX person_guardian ON person(guardian_phone)"
	"  WHERE guardian_phone IS NOT NULL;"
	"DROP VIEW person_reach;"
	"CREATE VIEW person_reach AS SELECT p.id AS person_id,"
	"  CASE WHEN NOT p.active THEN 'removed' WHEN p.blocked THEN 'blocked'"
	"  WHEN p.opted_out THEN 'opted out' WHEN NOT EXISTS (SELECT 1 FROM"
	"  phone f WHERE f.person_id = p.id) THEN 'no number' ELSE 'yes' END"
	"  AS sms,"
	"  CASE WHEN NOT p.active THEN 'removed' WHEN p.blocked THEN 'blocked'"
	"  WHEN p.opted_out THEN 'opted out' WHEN p.email IS NULL THEN"
	"  'no email' ELSE 'yes' END AS email,"
	"  CASE WHEN NOT p.active THEN 'removed' WHEN p.blocked THEN 'blocked'"
	"  WHEN p.guardian_opted_out THEN 'opted out' WHEN p.guardian_phone"
	"  IS NULL AND p.guardian_email IS NULL THEN 'no number' ELSE 'yes'"
	"  END AS guardian"
	"  FROM person p;",

	/*
	 * v37: seat racing (lib/seatrace.c, ingest/seatmail.c).  A race is
	 * what one coach's email of pieces gave: its day, how many pieces
	 * and their noise (the least-squares residual standard deviation);
	 * each rower's row its side, rank and the three methods' numbers,
	 * what the squad parts show.  Times in tenths of a second, the
	 * rest in hundredths.  An erased rower's row goes, the race stays
	 * for the others; a race whose coach is erased is a former
	 * coach's; races go by day as ratings do (cox prune).  The squad
	 * parts find their members' races by person.
	 */
	"CREATE TABLE seat_race ("
	"  id INTEGER PRIMARY KEY,"
	"  coach_id INTEGER REFERENCES person(id),"
	"  day TEXT NOT NULL,"
	"  pieces INTEGER NOT NULL,"
	"  noise INTEGER,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE seat_race_rower ("
	"  race_id INTEGER NOT NULL REFERENCES seat_race(id) ON DELETE CASCADE,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  side TEXT CHECK (side IN ('stroke', 'bow')),"
	"  pieces INTEGER NOT NULL,"
	"  total INTEGER NOT NULL,"
	"  effect INTEGER,"
	"  swap INTEGER,"
	"  rank INTEGER NOT NULL,"
	"  apart INTEGER,"
	"  PRIMARY KEY (race_id, person_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX seat_race_rower_person ON seat_race_rower(person_id);"
	"CREATE INDEX seat_race_day ON seat_race(day);"
	"CREATE INDEX seat_race_coach ON seat_race(coach_id)"
	"  WHERE coach_id IS NOT NULL;"
	"CREATE TRIGGER seat_race_rower_new AFTER INSERT ON seat_race_rower"
	"  BEGIN INSERT OR IGNORE INTO dirty VALUES (0); END;"
	"CREATE TRIGGER seat_race_rower_gone AFTER DELETE ON seat_race_rower"
	"  BEGIN INSERT OR IGNORE INTO dirty VALUES (0); END;",

	/*
	 * v38: health problems as the OSTRC-H2 asks them (lib/health.c),
	 * and the injury and illness episodes a coach takes an athlete
	 * through back to full training.  A health_report row is one
	 * week's question: problem NULL while the athlete has not said,
	 * 'none', or one problem (an injury with its area, or an illness)
	 * with the four answers as the digits texted (q1..q4, 1 the first
	 * option) and, once all four are in, the severity score and
	 * whether it is substantial, kept as computed then.  An episode's
	 * stage says whether the athlete is asked for anything
	 * (episode_askable()); closed_at is set when cleared.  The old
	 * "ostrc" check-in preset is retired (its answers stay in
	 * exports): four items a week without the gatekeeper question or
	 * a problem to answer them for cannot be scored as published, and
	 * its flag counted symptoms alone as a substantial problem.
	 */
	"UPDATE checkin_item SET retired = 1 WHERE retired = 0 AND slug IN"
	"  ('participation', 'volume', 'performance', 'symptoms') AND"
	"  name LIKE '%(OSTRC)';"
	"CREATE TABLE health_report ("
	"  id INTEGER PRIMARY KEY,"
	"  athlete_id INTEGER NOT NULL REFERENCES person(id),"
	"  week TEXT NOT NULL,"
	"  asked_at INTEGER NOT NULL,"
	"  problem TEXT CHECK (problem IN ('none', 'injury', 'illness')),"
	"  area TEXT NOT NULL DEFAULT '',"
	"  q1 INTEGER CHECK (q1 BETWEEN 1 AND 4),"
	"  q2 INTEGER CHECK (q2 BETWEEN 1 AND 5),"
	"  q3 INTEGER CHECK (q3 BETWEEN 1 AND 5),"
	"  q4 INTEGER CHECK (q4 BETWEEN 1 AND 4),"
	"  severity INTEGER,"
	"  substantial INTEGER,"
	"  answered_at INTEGER"
	");"
	"CREATE INDEX health_report_athlete ON health_report(athlete_id,"
	"  asked_at);"
	"CREATE INDEX health_report_week ON health_report(week);"
	"CREATE TABLE episode ("
	"  id INTEGER PRIMARY KEY,"
	"  athlete_id INTEGER NOT NULL REFERENCES person(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('injury', 'illness')),"
	"  area TEXT NOT NULL DEFAULT '',"
	"  stage TEXT NOT NULL CHECK (stage IN ('out', 'modified', 'full',"
	"  'cleared')),"
	"  source TEXT NOT NULL CHECK (source IN ('ostrc', 'text', 'coach')),"
	"  opened_at INTEGER NOT NULL,"
	"  changed_at INTEGER NOT NULL,"
	"  closed_at INTEGER"
	");"
	"CREATE INDEX episode_athlete ON episode(athlete_id, closed_at);"
	"CREATE TRIGGER health_report_ins AFTER INSERT ON health_report BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER health_report_upd AFTER UPDATE ON health_report BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER episode_ins AFTER INSERT ON episode BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER episode_upd AFTER UPDATE ON episode BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;",

	/*
	 * v39: who is coming (lib/avail.c).  A session a coach asks about,
	 * one a squad, day and slot, with a stable uid for the calendar
	 * invitation and its sequence, raised on every change; an answer
	 * row for every athlete asked (answer NULL: not answered yet),
	 * attended NULL while the answer stands as attendance; the squads
	 * whose silence counts as in; the calendar invitation an email
	 * carries (avail_mail), written when queued so that its SEQUENCE
	 * is the session's then.  An erased person's rows go with their
	 * person row and their messages.
	 */
	"CREATE TABLE avail_session ("
	"  id INTEGER PRIMARY KEY,"
	"  squad_id INTEGER NOT NULL REFERENCES squad(id) ON DELETE CASCADE,"
	"  day TEXT NOT NULL,"
	"  slot TEXT NOT NULL DEFAULT '',"
	"  at TEXT NOT NULL,"
	"  place TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  uid TEXT NOT NULL UNIQUE,"
	"  sequence INTEGER NOT NULL DEFAULT 0,"
	"  cancelled INTEGER NOT NULL DEFAULT 0,"
	"  coach_id INTEGER REFERENCES person(id) ON DELETE SET NULL,"
	"  asked_at INTEGER NOT NULL,"
	"  reminded_at INTEGER,"
	"  UNIQUE (squad_id, day, slot)"
	");"
	"CREATE TABLE avail_answer ("
	"  session_id INTEGER NOT NULL REFERENCES avail_session(id)"
	"    ON DELETE CASCADE,"
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  answer TEXT CHECK (answer IN ('in', 'out', 'maybe')),"
	"  late TEXT,"
	"  by_guardian INTEGER NOT NULL DEFAULT 0,"
	"  answered_at INTEGER,"
	"  attended INTEGER,"
	"  PRIMARY KEY (session_id, person_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX avail_answer_person ON avail_answer(person_id);"
	"CREATE TABLE avail_squad ("
	"  squad_id INTEGER PRIMARY KEY REFERENCES squad(id) ON DELETE CASCADE,"
	"  by_default INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE avail_mail ("
	"  message_id INTEGER PRIMARY KEY REFERENCES message(id)"
	"    ON DELETE CASCADE,"
	"  session_id INTEGER NOT NULL REFERENCES avail_session(id)"
	"    ON DELETE CASCADE,"
	"  ics TEXT NOT NULL"
	");",

	/*
	 * v40: a metric marked as an erg piece ("500m", "2k", "6k",
	 * "30min") has watts beside its times, and one marked "weight"
	 * is what watts per kilogram divide by (lib/erg.c); '' for the
	 * rest.
	 */
	"ALTER TABLE metric ADD COLUMN erg TEXT NOT NULL DEFAULT '';",

	/*
	 * v41: the Concept2 Logbook (lib/logbook.c).  concept2_link holds
	 * an athlete's tokens, as the database holds every other key of
	 * the workspace (and a backup with it), until erg unlink or
	 * erasure deletes the row; relink is set when Concept2 refused
	 * them (revoked).  concept2_state is a link's pending
	 * authorisation: the hash of its state, the person it is bound
	 * to, and the PKCE verifier, taken once.  erg_result is each
	 * result fetched, once by its Logbook id: an erg test of a metric
	 * (metric_id and its value as kept) or a session (minutes).
	 */
	"CREATE TABLE concept2_link ("
	"  person_id INTEGER PRIMARY KEY REFERENCES person(id),"
	"  access_token TEXT NOT NULL,"
	"  refresh_token TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  linked_at INTEGER NOT NULL,"
	"  synced_at INTEGER,"
	"  relink INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE concept2_state ("
	"  state_hash TEXT PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  verifier TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE erg_result ("
	"  id INTEGER PRIMARY KEY,"
	"  athlete_id INTEGER NOT NULL REFERENCES person(id),"
	"  result_id INTEGER NOT NULL,"
	"  day TEXT NOT NULL,"
	"  distance INTEGER NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  stroke_rate INTEGER,"
	"  drag_factor INTEGER,"
	"  metric_id INTEGER REFERENCES metric(id),"
	"  value INTEGER,"
	"  minutes INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  UNIQUE (athlete_id, result_id)"
	");"
	"CREATE TRIGGER erg_result_ins AFTER INSERT ON erg_result BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;",

	/*
	 * v42: releases told apart (lib/workspace.c, workspace_upgrade()).
	 * Each migration of a workspace's database is recorded: when, from
	 * which schema and cox to which, and where the copy made before it
	 * lies; meta's cox_version says which cox last opened it.  The
	 * migration that makes the table is the first it records.
	 */
	"CREATE TABLE upgrade ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  from_schema INTEGER NOT NULL,"
	"  to_schema INTEGER NOT NULL,"
	"  from_cox TEXT NOT NULL,"
	"  to_cox TEXT NOT NULL,"
	"  backup TEXT"
	");",

	/*
	 * v43: the email a seat race came in (ingest/seatmail.c), so that
	 * an erased rower's names in it are found as in the emails that
	 * gave them scores (lib/erase.c): the race names them mid-line,
	 * in its pieces and a sheet's header.  The email may go first
	 * (its coach erased, or past keep_months): then the race is no
	 * one's email's.
	 */
	"ALTER TABLE seat_race ADD COLUMN message_id INTEGER"
	"  REFERENCES message(id) ON DELETE SET NULL;",

	/*
	 * v44: a person's texts cox could not read and nobody has filed
	 * away, which each text it does read asks about (ingest/text/
	 * reply.c, settle_unread()).  message_person found them among all
	 * of the person's texts of the last three days, reading each
	 * row: in the bench's flat-out run, where each athlete texts some
	 * thirty times in ten seconds, 33 us of the 118 a text took on the
	 * webhook's database thread.  Here only those texts are indexed,
	 * so the question reads nothing when there are none.
	 */
	"CREATE INDEX message_unread ON message(person_id, created_at)"
	"  WHERE direction = 'in' AND kind = 'unparsed' AND archived = 0;",
};

const int db_schema_version = SCHEMA_FIRST +
    sizeof(migrations) / sizeof(migrations[0]);

static int
schema_read_version(sqlite3 *h, int *v)
{
	sqlite3_stmt	*st = NULL;
	int		 rc = -1;

	if (sqlite3_prepare_v2(h, "PRAGMA user_version;", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Brings the database to version target (db_schema_version normally;
 * tests ask for earlier ones).  Each step reads the version inside its
 * own write transaction, so two processes opening an old database at
 * once apply each migration exactly once.  A database already there is
 * only read: every cox that opens it would otherwise queue for the
 * write lock behind the daemons' batches, and fail as a migration when
 * another held it for the busy timeout (a VACUUM of a large one).  A
 * database newer than this program is refused rather than touched.
 */
int
schema_migrate(sqlite3 *h, int target)
{
	char	*err = NULL;
	char	 pragma[64];
	int	 v;

	if (schema_read_version(h, &v) == 0 && v == target &&
	    v <= db_schema_version)
		return 0;
	for (;;) {
		if (sqlite3_exec(h, "BEGIN IMMEDIATE;", NULL, NULL,
		    &err) != SQLITE_OK)
			goto fail;
		if (schema_read_version(h, &v) == -1)
			goto fail;
		if (v > db_schema_version) {
			sqlite3_exec(h, "ROLLBACK;", NULL, NULL, NULL);
			log_error("the database is at version %d, newer than "
			    "this cox (%d); upgrade cox", v, db_schema_version);
			return -1;
		}
		if (v >= target) {
			if (sqlite3_exec(h, "COMMIT;", NULL, NULL, &err) !=
			    SQLITE_OK)
				goto fail;
			return 0;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;",
		    v + 1);
		if (sqlite3_exec(h, v < SCHEMA_FIRST ? schema_first[v] :
		    migrations[v - SCHEMA_FIRST], NULL, NULL, &err) !=
		    SQLITE_OK ||
		    sqlite3_exec(h, pragma, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(h, "COMMIT;", NULL, NULL, &err) != SQLITE_OK)
			goto fail;
	}
fail:
	sqlite3_exec(h, "ROLLBACK;", NULL, NULL, NULL);
	log_error("database migration to version %d failed: %s", target,
	    err ? err : sqlite3_errmsg(h));
	sqlite3_free(err);
	return -1;
}
