#!/usr/bin/python3
"""The peer cox mail is measured against: Python's standard library
(email + sqlite3) doing the same work on a Maildir: parse each message,
check the sender against the allow-list, take the text/plain body (or a
CSV attachment), read "Name:" / "metric score comment" lines, resolve
names and metrics, and store the ratings with the durability cox uses
(WAL, synchronous=FULL).

BATCH messages share one transaction, each in a savepoint of its own so
that a duplicate undoes only itself, and they move to cur/ only once
their transaction is committed, as cox does with 256.  BATCH 1 (the
default) commits every message on its own.

Usage: py-ingest.py DB MAILDIR COACH [BATCH]"""
import csv
import email
import email.policy
import io
import os
import re
import sqlite3
import sys

db_path, maildir, coach = sys.argv[1:4]
batch = int(sys.argv[4]) if len(sys.argv) > 4 else 1
db = sqlite3.connect(db_path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS rating (athlete TEXT, metric TEXT, score INT, comment TEXT, msgid TEXT)")
db.execute("CREATE TABLE IF NOT EXISTS seen (msgid TEXT PRIMARY KEY)")
athletes = {"Jane Doe", "@soneill", "Tom Okafor", "Mei Chen", "Emma Jones", "Grace Lee"}
metrics = {"technique", "fitness", "rhythm", "teamwork", "erg"}
line_re = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s+(\d+)(?:/\d+)?\s*(.*)$")


def ratings_of(msg):
    ratings = []
    body = msg.get_body(preferencelist=("plain",))
    athlete = None
    for line in (body.get_content() if body else "").splitlines():
        if line.rstrip().endswith(":"):
            athlete = line.strip()[:-1]
            continue
        m = line_re.match(line)
        if m and athlete in athletes and m.group(1) in metrics:
            ratings.append((athlete, m.group(1), int(m.group(2)), m.group(3)))
    for part in msg.iter_attachments():
        if part.get_filename("").endswith(".csv"):
            rows = list(csv.reader(io.StringIO(part.get_content())))
            for row in rows[1:]:
                for metric, score in zip(rows[0][1:], row[1:]):
                    if score.strip() and row[0] in athletes:
                        ratings.append((row[0], metric, int(score), ""))
    return ratings


def store(msgid, ratings):
    # outside a transaction (BATCH 1) the savepoint is the transaction
    db.execute("SAVEPOINT msg")
    try:
        db.execute("INSERT INTO seen VALUES (?)", (msgid,))
        db.executemany("INSERT INTO rating VALUES (?, ?, ?, ?, ?)",
                       [r + (msgid,) for r in ratings])
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
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    if msg["From"] is not None and msg["From"].addresses[0].addr_spec == coach:
        if batch > 1 and not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        store(msg["Message-ID"], ratings_of(msg))
    done.append(name)
    if len(done) >= batch:
        commit(done)
commit(done)
