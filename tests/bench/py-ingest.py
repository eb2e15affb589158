#!/usr/bin/python3
"""The peer cox mail is measured against: Python's standard library
(email + sqlite3) doing the same work on a Maildir: parse each message,
check the sender against the allow-list, take the text/plain body (or a
CSV attachment), read "Name:" / "metric score comment" lines, resolve
names and metrics, and store the ratings in one transaction per message
with the same durability (WAL, synchronous=FULL), then move the message
to cur/.  Usage: py-ingest.py DB MAILDIR COACH"""
import csv
import email
import email.policy
import io
import os
import re
import sqlite3
import sys
import time

db_path, maildir, coach = sys.argv[1:4]
db = sqlite3.connect(db_path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS rating (athlete TEXT, metric TEXT, score INT, comment TEXT, msgid TEXT)")
db.execute("CREATE TABLE IF NOT EXISTS seen (msgid TEXT PRIMARY KEY)")
athletes = {"Jane Doe", "@soneill", "Tom Okafor", "Mei Chen", "Emma Jones", "Grace Lee"}
metrics = {"technique", "fitness", "rhythm", "teamwork", "erg"}
line_re = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s+(\d+)(?:/\d+)?\s*(.*)$")

new = os.path.join(maildir, "new")
for name in sorted(os.listdir(new)):
    path = os.path.join(new, name)
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    if msg["From"] is None or msg["From"].addresses[0].addr_spec != coach:
        os.rename(path, os.path.join(maildir, "cur", name + ":2,S"))
        continue
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
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("INSERT INTO seen VALUES (?)", (msg["Message-ID"],))
        db.executemany("INSERT INTO rating VALUES (?, ?, ?, ?, ?)",
                       [r + (msg["Message-ID"],) for r in ratings])
        db.execute("COMMIT")
    except sqlite3.IntegrityError:
        db.execute("ROLLBACK")
    os.rename(path, os.path.join(maildir, "cur", name + ":2,S"))
