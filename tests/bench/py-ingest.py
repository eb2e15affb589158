#!/usr/bin/python3
"""The peer cox mail is measured against: Python's standard library
(email + sqlite3) doing the same work on a Maildir, into a copy of a
cox workspace's database (the same tables, indexes and triggers): parse
each message, skip it when the ledger has its content already, check
the sender against the allow-list and the roster, take the text/plain
body (or a CSV attachment), read "Name:" / "metric score comment" lines,
resolve names (full names and @handles) and metrics against the roster
in the database, and write what cox writes: the inbound message, its
ratings (a score for the same athlete, metric and day corrects the one
before), the confirmation to the coach queued in the outbox, and the
ledger's row, with the durability cox uses (WAL, synchronous=FULL).

Every message is written in a savepoint of its own, so that one that
fails undoes only itself; BATCH messages share one transaction and move
to cur/ only once it is committed, as cox does with 256.  BATCH 1 (the
default) commits every message on its own.

Usage: py-ingest.py DB MAILDIR COACH [BATCH]"""
import csv
import email
import email.policy
import hashlib
import io
import os
import re
import sqlite3
import sys
import time

db_path, maildir, coach = sys.argv[1:4]
batch = int(sys.argv[4]) if len(sys.argv) > 4 else 1
db = sqlite3.connect(db_path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("PRAGMA foreign_keys=ON")
db.execute("PRAGMA cache_size=-16384")  # cox's writers' page cache
line_re = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s+(\d+)(?:/\d+)?\s*(.*)$")


def roster():
    """Athletes by lower-cased name and @handle, metrics by slug, and
    the coach's id: read from the database once, as cox reads its index
    once a batch."""
    athletes = {}
    for pid, name, handle in db.execute(
            "SELECT id, name, handle FROM person WHERE role = 'athlete' AND active"):
        athletes[name.lower()] = (pid, name)
        athletes["@" + handle.lower()] = (pid, name)
    metrics = dict(db.execute("SELECT slug, id FROM metric WHERE active"))
    row = db.execute("SELECT id FROM person WHERE email = ? AND active",
                     (coach,)).fetchone()
    return athletes, metrics, row[0] if row else None


athletes, metrics, coach_id = roster()


def ratings_of(msg):
    ratings = []
    body = msg.get_body(preferencelist=("plain",))
    athlete = None
    text = body.get_content() if body else ""
    for line in text.splitlines():
        if line.rstrip().endswith(":"):
            athlete = athletes.get(line.strip()[:-1].lower())
            continue
        m = line_re.match(line)
        if m and athlete and m.group(1) in metrics:
            ratings.append((athlete, m.group(1), int(m.group(2)), m.group(3).strip()))
    for part in msg.iter_attachments():
        if part.get_filename("").endswith(".csv"):
            rows = list(csv.reader(io.StringIO(part.get_content())))
            for row in rows[1:]:
                who = athletes.get(row[0].strip().lower())
                for metric, score in zip(rows[0][1:], row[1:]):
                    if score.strip() and who and metric in metrics:
                        ratings.append((who, metric, int(score), ""))
    return text, ratings


def rate(athlete, metric, score, comment, day, now, msg_id):
    """A coach score, or the correction of that day's; the old score."""
    row = db.execute(
        "SELECT id, score FROM rating WHERE athlete_id = ? AND metric_id = ? "
        "AND source = 'coach' AND rated_on = ? ORDER BY id DESC LIMIT 1",
        (athlete, metrics[metric], day)).fetchone()
    if row is None:
        db.execute(
            "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, "
            "comment, rated_on, created_at, message_id) "
            "VALUES (?, ?, 'coach', ?, ?, ?, ?, ?, ?)",
            (athlete, metrics[metric], coach_id, score, comment, day, now, msg_id))
        return 0
    db.execute(
        "UPDATE rating SET score = ?, comment = CASE WHEN ? = '' THEN comment "
        "ELSE ? END, rater_id = ?, message_id = ? WHERE id = ?",
        (score, comment, comment, coach_id, msg_id, row[0]))
    return row[1]


def store(name, digest, msg):
    """One message in a savepoint: the message, its ratings, the reply
    queued and the ledger's row."""
    now = int(time.time())
    text, ratings = ratings_of(msg)
    date = msg["Date"].datetime.strftime("%Y-%m-%d") if msg["Date"] else \
        time.strftime("%Y-%m-%d")
    subject = str(msg["Subject"] or "")
    db.execute("SAVEPOINT msg")
    try:
        msg_id = db.execute(
            "INSERT INTO message (direction, channel, person_id, peer, subject, "
            "body, kind, provider_id, status, created_at) "
            "VALUES ('in', 'email', ?, ?, ?, ?, 'ratings', ?, ?, ?)",
            (coach_id, coach, subject, text[:65536], msg["Message-ID"],
             "stored" if ratings else "rejected", now)).lastrowid
        reply = ["Stored %d ratings for %s:" % (len(ratings), date), ""]
        for (athlete, who), metric, score, comment in ratings:
            was = rate(athlete, metric, score, comment, date, now, msg_id)
            reply.append("- %s: %s %d%s" % (who, metric, score,
                                            " (was %d)" % was if was else ""))
        db.execute(
            "INSERT INTO message (direction, channel, person_id, peer, subject, "
            "body, kind, status, created_at, about) "
            "VALUES ('out', 'email', ?, ?, ?, ?, 'reply', 'queued', ?, ?)",
            (coach_id, coach, "Re: " + subject, "\n".join(reply), now, msg_id))
        db.execute(
            "INSERT INTO ingest (source, source_key, content_hash, outcome, "
            "raw_path, message_id, created_at, updated_at) "
            "VALUES ('maildir', ?, ?, ?, ?, ?, ?, ?)",
            (name.split(":")[0], digest, "stored" if ratings else "rejected",
             os.path.join(maildir, "new", name), msg_id, now, now))
    except sqlite3.IntegrityError:
        db.execute("ROLLBACK TO msg")
    db.execute("RELEASE msg")


def commit(done):
    if db.in_transaction:
        db.execute("COMMIT")
    for name in done:
        os.rename(os.path.join(maildir, "new", name),
                  os.path.join(maildir, "cur", name + ":2,S"))
    done.clear()


new = os.path.join(maildir, "new")
done = []
for name in sorted(os.listdir(new)):
    with open(os.path.join(new, name), "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    seen = db.execute("SELECT 1 FROM ingest WHERE content_hash = ? AND "
                      "outcome != 'pending'", (digest,)).fetchone()
    msg = None if seen else email.message_from_bytes(raw, policy=email.policy.default)
    if msg is not None and msg["From"] is not None and \
            msg["From"].addresses[0].addr_spec == coach and coach_id:
        if batch > 1 and not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        store(name, digest, msg)
    done.append(name)
    if len(done) >= batch:
        commit(done)
commit(done)
