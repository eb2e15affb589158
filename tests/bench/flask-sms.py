"""The peer cox sms serve is measured against: the webhook a coach might
write with Flask and run under gunicorn, doing the same work: check
X-Twilio-Signature, store the text once (MessageSid) with SQLite in WAL
mode and synchronous=FULL, answer in TwiML.  Configured by BENCH_DB,
BENCH_URL and BENCH_TOKEN in the environment."""
import base64
import hashlib
import hmac
import os
import sqlite3

from flask import Flask, Response, abort, request

app = Flask(__name__)
DB, URL, TOKEN = os.environ["BENCH_DB"], os.environ["BENCH_URL"], os.environ["BENCH_TOKEN"].encode()
setup = sqlite3.connect(DB)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE IF NOT EXISTS message (sid TEXT PRIMARY KEY, sender TEXT, body TEXT)")
setup.commit()
setup.close()


def db():
    conn = sqlite3.connect(DB, timeout=30, isolation_level=None)
    conn.execute("PRAGMA synchronous=FULL")
    return conn


@app.post("/twilio/sms")
def sms():
    form = request.form
    data = URL + "".join(k + v for k, v in sorted(form.items(multi=True)))
    want = base64.b64encode(hmac.new(TOKEN, data.encode(), hashlib.sha1).digest()).decode()
    if not hmac.compare_digest(want, request.headers.get("X-Twilio-Signature", "")):
        abort(403)
    conn = db()
    try:
        conn.execute("INSERT OR IGNORE INTO message VALUES (?, ?, ?)",
                     (form["MessageSid"], form["From"], form["Body"]))
    finally:
        conn.close()
    return Response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Saved.</Message></Response>",
                    mimetype="text/xml")
