/*
 * schema_first.c - the schema cox 0.1.0 shipped: the first sixteen
 * migrations, from an empty file to PRAGMA user_version 16.  Published,
 * so never edited (schema.c's comment says why); what came after is in
 * schema.c, whose runner applies these first.
 */
#include "db.h"

const char *const schema_first[SCHEMA_FIRST] = {
	/* 0 -> 1: the data model of DESIGN.md §3. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE person ("
	"  id INTEGER PRIMARY KEY,"
	"  role TEXT NOT NULL DEFAULT 'athlete'"
	"    CHECK (role IN ('athlete', 'coach', 'head_coach')),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),"
	"  handle TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  email TEXT UNIQUE COLLATE NOCASE,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  opted_out INTEGER NOT NULL DEFAULT 0,"
	"  blocked INTEGER NOT NULL DEFAULT 0,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  removed_at INTEGER"
	");"

	"CREATE TABLE phone ("
	"  e164 TEXT PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX phone_person ON phone(person_id);"

	"CREATE TABLE squad ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE"
	");"
	"CREATE TABLE membership ("
	"  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	"  squad_id INTEGER NOT NULL REFERENCES squad(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (person_id, squad_id)"
	") WITHOUT ROWID;"

	"CREATE TABLE metric ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  scale_min INTEGER NOT NULL DEFAULT 1,"
	"  scale_max INTEGER NOT NULL DEFAULT 5,"
	"  rubric TEXT NOT NULL DEFAULT '',"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  created_at INTEGER NOT NULL,"
	"  CHECK (scale_min < scale_max)"
	");"

	/* Every message in or out; the outbox is direction 'out'. */
	"CREATE TABLE message ("
	"  id INTEGER PRIMARY KEY,"
	"  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),"
	"  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),"
	"  person_id INTEGER REFERENCES person(id),"
	"  peer TEXT NOT NULL,"
	"  subject TEXT,"
	"  body TEXT NOT NULL,"
	"  kind TEXT,"
	"  provider_id TEXT,"
	"  status TEXT NOT NULL,"
	"  error TEXT,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at INTEGER,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  UNIQUE (channel, direction, provider_id)"
	");"
	"CREATE INDEX message_person ON message(person_id, created_at);"
	"CREATE INDEX message_outbox ON message(status, next_attempt_at)"
	"  WHERE direction = 'out';"
	"CREATE TABLE message_status ("
	"  id INTEGER PRIMARY KEY,"
	"  message_id INTEGER NOT NULL REFERENCES message(id)"
	"    ON DELETE CASCADE,"
	"  status TEXT NOT NULL,"
	"  error_code TEXT,"
	"  at INTEGER NOT NULL"
	");"

	"CREATE TABLE rating ("
	"  id INTEGER PRIMARY KEY,"
	"  athlete_id INTEGER NOT NULL REFERENCES person(id),"
	"  metric_id INTEGER NOT NULL REFERENCES metric(id),"
	"  source TEXT NOT NULL CHECK (source IN ('coach', 'self')),"
	"  rater_id INTEGER REFERENCES person(id),"
	"  score INTEGER NOT NULL,"
	"  comment TEXT NOT NULL DEFAULT '',"
	"  rated_on TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  message_id INTEGER REFERENCES message(id),"
	"  UNIQUE (message_id, athlete_id, metric_id, source)"
	");"
	"CREATE INDEX rating_athlete ON rating(athlete_id, metric_id, id);"

	"CREATE TABLE wellness ("
	"  id INTEGER PRIMARY KEY,"
	"  athlete_id INTEGER NOT NULL REFERENCES person(id),"
	"  day TEXT NOT NULL,"
	"  sleep INTEGER CHECK (sleep BETWEEN 1 AND 7),"
	"  stress INTEGER CHECK (stress BETWEEN 1 AND 7),"
	"  fatigue INTEGER CHECK (fatigue BETWEEN 1 AND 7),"
	"  soreness INTEGER CHECK (soreness BETWEEN 1 AND 7),"
	"  illness TEXT CHECK (illness IN ('sick', 'injured')),"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  message_id INTEGER REFERENCES message(id)"
	");"
	"CREATE INDEX wellness_athlete ON wellness(athlete_id, day);"

	/* What each inbound transport delivered and what became of it. */
	"CREATE TABLE ingest ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  source_key TEXT NOT NULL,"
	"  content_hash TEXT NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  outcome TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (outcome IN ('pending', 'stored', 'rejected',"
	"      'quarantined')),"
	"  reason TEXT,"
	"  raw_path TEXT,"
	"  message_id INTEGER REFERENCES message(id),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  UNIQUE (source, source_key)"
	");"
	"CREATE INDEX ingest_hash ON ingest(content_hash);"

	/* Page content keys; link_secret opens the magic-link entry. */
	"CREATE TABLE page_key ("
	"  page TEXT PRIMARY KEY,"
	"  person_id INTEGER REFERENCES person(id),"
	"  content_key BLOB NOT NULL,"
	"  link_secret BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE person_key ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  public_key BLOB NOT NULL,"
	"  wrapped_secret TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER"
	");"
	"CREATE TABLE invite ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  expires_at INTEGER NOT NULL,"
	"  used_at INTEGER,"
	"  created_at INTEGER NOT NULL"
	");"

	/* page path -> keyed hash of its plaintext, for incremental builds */
	"CREATE TABLE manifest ("
	"  path TEXT PRIMARY KEY,"
	"  hash BLOB NOT NULL,"
	"  built_at INTEGER NOT NULL"
	") WITHOUT ROWID;",

	/*
	 * 1 -> 2: which pages need rendering again.  Triggers note every
	 * change that shows on a page, whoever writes it, so a build
	 * renders what changed instead of the whole team.  person_id 0
	 * stands for the coach dashboard alone.
	 */
	"CREATE TABLE dirty (person_id INTEGER PRIMARY KEY) WITHOUT ROWID;"
	"CREATE TRIGGER rating_ins AFTER INSERT ON rating BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER rating_upd AFTER UPDATE ON rating BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id), "
	"  (OLD.athlete_id); END;"
	"CREATE TRIGGER rating_del AFTER DELETE ON rating BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (OLD.athlete_id); END;"
	"CREATE TRIGGER wellness_ins AFTER INSERT ON wellness BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER wellness_upd AFTER UPDATE ON wellness BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.athlete_id); END;"
	"CREATE TRIGGER wellness_del AFTER DELETE ON wellness BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (OLD.athlete_id); END;"
	"CREATE TRIGGER person_ins AFTER INSERT ON person BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.id); END;"
	"CREATE TRIGGER person_upd AFTER UPDATE ON person BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.id); END;"
	"CREATE TRIGGER membership_ins AFTER INSERT ON membership BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (0); END;"
	"CREATE TRIGGER membership_del AFTER DELETE ON membership BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (0); END;"
	"CREATE TRIGGER metric_ins AFTER INSERT ON metric BEGIN"
	"  INSERT OR IGNORE INTO dirty SELECT id FROM person; "
	"  INSERT OR IGNORE INTO dirty VALUES (0); END;"
	"CREATE TRIGGER metric_upd AFTER UPDATE ON metric BEGIN"
	"  INSERT OR IGNORE INTO dirty SELECT id FROM person; "
	"  INSERT OR IGNORE INTO dirty VALUES (0); END;"
	"CREATE TRIGGER message_ins AFTER INSERT ON message BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (0); END;"
	"CREATE TRIGGER message_upd AFTER UPDATE OF status, kind, archived"
	"  ON message BEGIN INSERT OR IGNORE INTO dirty VALUES (0); END;"
	"CREATE TRIGGER page_key_chg AFTER UPDATE ON page_key BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (coalesce(NEW.person_id, 0));"
	"  END;"
	"CREATE TRIGGER person_key_ins AFTER INSERT ON person_key BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.person_id); END;"
	"CREATE TRIGGER person_key_upd AFTER UPDATE ON person_key BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (NEW.person_id); END;"
	"CREATE INDEX rating_time ON rating(athlete_id, metric_id,"
	"  created_at, id);"
	"CREATE INDEX message_kind ON message(direction, kind, created_at);"
	/* Rendered pieces of shared pages (a dashboard row per athlete). */
	"CREATE TABLE fragment ("
	"  person_id INTEGER NOT NULL,"
	"  part TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  PRIMARY KEY (person_id, part)"
	") WITHOUT ROWID;",

	/*
	 * v3: the dashboard's inbox reads a handful of notes; an index of
	 * every message by kind cost each stored email five updates.
	 */
	"DROP INDEX message_kind;"
	"CREATE INDEX message_inbox ON message(created_at, id)"
	"  WHERE direction = 'in' AND kind IN ('note', 'unparsed')"
	"  AND archived = 0;",

	/*
	 * v4: a page reads all of an athlete's ratings in this order; with
	 * every column it reads in an index, that is one ordered range
	 * instead of a table lookup per rating (12 M of them for a team
	 * of 10,000).  Comments, on few ratings, have an index of their
	 * own, so the one of every rating stays small.
	 */
	"DROP INDEX rating_time;"
	"CREATE INDEX rating_page ON rating(athlete_id, metric_id,"
	"  created_at, id, source, score);"
	"CREATE INDEX rating_comment ON rating(athlete_id, metric_id,"
	"  created_at, id, rated_on, comment) WHERE comment != '';",

	/*
	 * v5: the same for the 28 days of check-ins on each page, which
	 * cost a table lookup each.
	 */
	"DROP INDEX wellness_athlete;"
	"CREATE INDEX wellness_page ON wellness(athlete_id, day, id, sleep,"
	"  stress, fatigue, soreness, illness, note);",
	/*
	 * v6: refused registration attempts per address and per
	 * invitation, kept here rather than in the daemon's memory, so a
	 * restart or a flood of other keys does not reset them.  key is a
	 * hash: no address or token is kept in clear.
	 */
	"CREATE TABLE attempt ("
	"  kind TEXT NOT NULL,"
	"  key BLOB NOT NULL,"
	"  window_start INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, key)"
	") WITHOUT ROWID;",
	/*
	 * v7: an athlete's guess of a coach score still hidden from them,
	 * one per coach rating (a later guess replaces it), shown beside
	 * that score once the athlete's own rating has revealed it.
	 */
	"CREATE TABLE guess ("
	"  rating_id INTEGER PRIMARY KEY REFERENCES rating(id)"
	"    ON DELETE CASCADE,"
	"  athlete_id INTEGER NOT NULL REFERENCES person(id),"
	"  score INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  message_id INTEGER REFERENCES message(id)"
	");"
	"CREATE INDEX guess_athlete ON guess(athlete_id, rating_id, score);",
	/*
	 * v8: the dashboard in parts, one per squad (coach/SLUG/), each
	 * sealed to that squad's coaches and the head coaches only.  A
	 * squad's slug names its part without naming the squad; a
	 * message makes its person's squads' parts dirty, not every one.
	 */
	"ALTER TABLE squad ADD COLUMN slug TEXT;"
	"UPDATE squad SET slug = lower(hex(randomblob(12)));"
	"CREATE UNIQUE INDEX squad_slug ON squad(slug);"
	"CREATE INDEX membership_squad ON membership(squad_id, person_id);"
	"DROP TRIGGER message_ins;"
	"DROP TRIGGER message_upd;"
	"CREATE TRIGGER message_ins AFTER INSERT ON message BEGIN"
	"  INSERT OR IGNORE INTO dirty VALUES (coalesce(NEW.person_id, 0));"
	"  END;"
	"CREATE TRIGGER message_upd AFTER UPDATE OF status, kind, archived"
	"  ON message BEGIN INSERT OR IGNORE INTO dirty"
	"  VALUES (coalesce(NEW.person_id, 0)); END;"
	/* every coach knew the one dashboard's link: a new one, and
	 * every page sealed again to its squad's readers only */
	"DELETE FROM page_key WHERE page = 'coach/';"
	"INSERT OR IGNORE INTO dirty SELECT id FROM person UNION ALL SELECT 0;",
	/*
	 * v9: "Open my page" on the public home page.  At registration the
	 * browser derives, from the site, the handle and the password
	 * (Argon2id), a locator (the name of a file under l/) and a key
	 * that encrypts the secret key into that file (located).  The
	 * server keeps both and publishes the file; it never sees the
	 * password, and the file names nobody.
	 */
	"ALTER TABLE person_key ADD COLUMN locator TEXT;"
	"ALTER TABLE person_key ADD COLUMN located TEXT;"
	"CREATE UNIQUE INDEX person_key_locator ON person_key(locator)"
	"  WHERE locator IS NOT NULL;",
	/*
	 * v10: reminders start from the coaches' rating emails of the last
	 * weeks; a few hundred rows among a season of texts.
	 */
	"CREATE INDEX message_ratings ON message(created_at)"
	"  WHERE direction = 'in' AND kind = 'ratings';",
	/*
	 * v11: the marks a build took from dirty to render.  It moves them
	 * here in one short transaction, renders from a read snapshot
	 * while texts and emails go on being stored, and deletes them once
	 * what it rendered is written.  A change stored meanwhile marks
	 * dirty again, for the next build; a build that stops leaves its
	 * marks here, and the next one takes them with the new.
	 */
	"CREATE TABLE dirty_taken (person_id INTEGER PRIMARY KEY) WITHOUT ROWID;",
	/*
	 * v12: what cox sends is about something: a confirmation about the
	 * coach's email, an athlete's prompt about the ratings it brought,
	 * a forwarded note about the text.  A coach's reply names what it
	 * answers by Message-ID (provider_id); about leads on from there.
	 * rating_change keeps the score an email replaced (a correction),
	 * so "undo" can put it back.
	 */
	"ALTER TABLE message ADD COLUMN about INTEGER REFERENCES message(id);"
	"CREATE INDEX message_about ON message(about) WHERE about IS NOT NULL;"
	"CREATE TABLE rating_change ("
	"  message_id INTEGER NOT NULL REFERENCES message(id),"
	"  rating_id INTEGER NOT NULL REFERENCES rating(id) ON DELETE CASCADE,"
	"  score INTEGER NOT NULL,"
	"  comment TEXT NOT NULL,"
	"  rater_id INTEGER,"
	"  was_message INTEGER,"
	"  PRIMARY KEY (message_id, rating_id)"
	") WITHOUT ROWID;",
	/*
	 * v13: a rating's day (the coach's "date:" line, else the email's
	 * or the text's) is read with every rating, so that rounds, the
	 * "rated" column and charts are dated by it rather than by when it
	 * was stored.  Every page and part is rendered again with them.
	 */
	"DROP INDEX rating_page;"
	"CREATE INDEX rating_page ON rating(athlete_id, metric_id,"
	"  created_at, id, source, score, rated_on);"
	"INSERT OR IGNORE INTO dirty SELECT id FROM person;"
	"INSERT OR IGNORE INTO dirty VALUES (0);",
	/*
	 * v14: a coach's confirmation lists who has not answered their
	 * recent scores, oldest first.  It read every rating of the team
	 * (12 M in a big club) for each email; this walks the sender's
	 * recent coach scores in time order and stops at the eleventh
	 * athlete.  0 stands for an allow-listed address on no roster.
	 */
	"CREATE INDEX rating_rater ON rating(coalesce(rater_id, 0), created_at)"
	"  WHERE source = 'coach';"
	/*
	 * and a page's readers' keys are found by person: every page read
	 * the whole of person_key three times, so a full build grew with
	 * the square of the number of people registered.
	 */
	"CREATE INDEX person_key_person ON person_key(person_id)"
	"  WHERE revoked_at IS NULL;",
	/*
	 * v15: whether a person may be sent a text or an email, and if
	 * not why, for the statements that ask (the confirmation's
	 * waiting list, the outbox): message_reach() of message.c in SQL,
	 * with the names of message_reach_name().  Change the two
	 * together, in a new migration.
	 */
	"CREATE VIEW person_reach AS SELECT p.id AS person_id,"
	"  CASE WHEN NOT p.active THEN 'removed' WHEN p.blocked THEN 'blocked'"
	"  WHEN p.opted_out THEN 'opted out' WHEN NOT EXISTS (SELECT 1 FROM"
	"  phone f WHERE f.person_id = p.id) THEN 'no number' ELSE 'yes' END"
	"  AS sms,"
	"  CASE WHEN NOT p.active THEN 'removed' WHEN p.blocked THEN 'blocked'"
	"  WHEN p.opted_out THEN 'opted out' WHEN p.email IS NULL THEN"
	"  'no email' ELSE 'yes' END AS email"
	"  FROM person p;",
	/*
	 * v16: what a coach runs by email.  person.paused stops the
	 * prompts an athlete is sent on their own (reminders, check-ins)
	 * while injured; coach_pref holds a coach's choices (digest NULL:
	 * the default, on for head coaches; digest_at NULL: [digest] at);
	 * digest_sent notes each morning digest, so none goes twice and
	 * the next says what is new since.
	 */
	"ALTER TABLE person ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE coach_pref ("
	"  person_id INTEGER PRIMARY KEY REFERENCES person(id),"
	"  digest INTEGER,"
	"  digest_at TEXT,"
	"  sheet INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE digest_sent ("
	"  person_id INTEGER NOT NULL REFERENCES person(id),"
	"  day TEXT NOT NULL,"
	"  sent_at INTEGER NOT NULL,"
	"  message_id INTEGER REFERENCES message(id),"
	"  PRIMARY KEY (person_id, day)"
	");",
};
