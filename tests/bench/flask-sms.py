"""The peer cox sms serve is measured against: the webhook a coach who
knows Flask, gunicorn and SQLite would write, doing for each text what
cox does.

  - X-Twilio-Signature: HMAC-SHA1 over the URL and the sorted
    parameters, for the URL as given and with its default port (as
    Twilio's SDKs and cox try both), compared in constant time;
  - the parameters shaped as Twilio sends them: the always-sent set
    present, each once, SIDs, AccountSid ours, E.164 numbers, To ours;
  - the text read: self-ratings with metric names or unique prefixes,
    Hooper wellness (sleep, stress, fatigue, soreness), a bare score or
    scores alone for the ratings waiting, notes, sick/injured, help,
    stop/start;
  - in one transaction (BEGIN IMMEDIATE, so that workers queue on the
    write lock instead of failing to upgrade a read): MessageSid
    idempotency (a retry gets the stored answer), the sender looked up
    by number, the text stored with what it says (ratings, wellness),
    the coach scores it reveals looked up, and the answer stored;
  - the answer in TwiML.

It works on a copy of the cox workspace's database, so the people,
phones, metrics, ratings, tables, indexes and triggers are the same.
Each worker process (each thread, under gthread) opens its connection
once, after the fork, and keeps it, with cox's settings: WAL, a busy
timeout, temp_store=MEMORY, foreign keys, a 16 MiB page cache, and the WAL checkpoint
interval cox sms serve keeps (SQLite's 1,000 pages; cox copies the log
in from a thread of its own, a Flask app from whichever commit passes
it, as SQLite does by itself).  Like cox it answers a
text only once it is durable, the plain way: synchronous=FULL (cox
commits with synchronous=NORMAL and syncs the log in a thread of its
own before it answers).

Configured by the environment: BENCH_DB, BENCH_URL (the public URL
Twilio signs), BENCH_TOKEN, BENCH_ACCOUNT, BENCH_NUMBER (ours)."""
import base64
import hashlib
import hmac
import os
import re
import sqlite3
import threading
import time
from xml.sax.saxutils import escape

from flask import Flask, Response, request

app = Flask(__name__)
DB, URL, TOKEN = os.environ["BENCH_DB"], os.environ["BENCH_URL"], os.environ["BENCH_TOKEN"].encode()
ACCOUNT, NUMBER = os.environ["BENCH_ACCOUNT"], os.environ["BENCH_NUMBER"]
_scheme, _rest = URL.split("://", 1)
_host, _slash, _path = _rest.partition("/")
URLS = [URL, "%s://%s:%s%s%s" % (_scheme, _host, 443 if _scheme == "https" else 80, _slash, _path)]
local = threading.local()

NEEDED = ("MessageSid", "AccountSid", "From", "To", "Body")
SID = re.compile(r"(SM|MM)[0-9a-f]{32}\Z")
ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}\Z")
E164 = re.compile(r"\+[1-9][0-9]{1,14}\Z")
COUNT = re.compile(r"[0-9]{1,9}\Z")
TOKEN_RE = re.compile(r"[0-9]+(?:/[0-9]+)?|[A-Za-z][A-Za-z_-]*|[^\s,;:=.!?()\"'*-]")
KEYWORDS = {"help": "help", "info": "help", "?": "help", "stop": "stop", "stopall": "stop",
            "unsubscribe": "stop", "cancel": "stop", "end": "stop", "quit": "stop",
            "start": "start", "unstop": "start", "yes": "start", "link": "link",
            "note": "note", "guess": "guess", "sick": "ill", "ill": "ill",
            "injured": "ill", "injury": "ill"}
WELLNESS = {"sleep": "sleep", "stress": "stress", "fatigue": "fatigue", "tired": "fatigue",
            "sore": "soreness", "soreness": "soreness", "doms": "soreness"}
BEFORE = {"hi", "hey", "hello", "ok", "okay", "coach"}
AFTER = {"thanks", "thank", "you", "thx", "ty", "ta", "cheers", "please", "pls", "coach",
         "x", "xx", "xxx"}
KINDS = {"unknown": "unparsed", "scores": "scores", "bare": "scores", "positional": "scores",
         "ill": "wellness", "note": "note", "link": "command", "help": "command",
         "stop": "command", "start": "command", "guess": "guess"}
UNREAD = ("Sorry, I could not read that. Send e.g. technique 4 fitness 3, or sleep 2 "
          "stress 3 fatigue 3 sore 2, or help.")
HELP = ("Rate: technique 4 fitness 3, or 4 3 in order. Wellness, 1 best: sleep 2 stress 3 "
        "fatigue 3 sore 2. Session: rpe 7 90. Also: sick, note, guess, link, stop.")
STRANGER = "This number is not on a team list. If you are on the team, ask your coach to add it."


def db():
    """This process's (or thread's) connection, opened on first use."""
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(DB, timeout=10, isolation_level=None)
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY",
                       "foreign_keys = ON", "cache_size = -16384", "wal_autocheckpoint = 1000"):
            conn.execute("PRAGMA " + pragma)
        local.conn = conn
    return conn


def signed(items, signature):
    data = "".join(k + v for k, v in sorted(set(items)))
    ok = False
    for url in URLS:
        mac = base64.b64encode(hmac.new(TOKEN, (url + data).encode(), hashlib.sha1).digest())
        ok |= hmac.compare_digest(mac.decode(), signature)
    return ok


NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,62}\Z")
AFTER_BODY = {"ButtonPayload", "ButtonText", "ChannelMetadata", "Forwarded", "FrequentlyForwarded", "From"}


def shaped(items):
    """None when the parameters have Twilio's shape, else what is wrong."""
    form = dict(items)
    if len(form) != len(items):
        return "a parameter appears twice"
    if any(k not in form for k in NEEDED):
        return "a parameter Twilio always sends is missing"
    if not all(NAME.match(k) for k in form):
        return "a parameter's name is not as Twilio's are"
    if min(k for k in form if k > "Body") not in AFTER_BODY:
        return "a parameter Twilio does not send follows Body"
    sid = form["MessageSid"]
    if not SID.match(sid) or form.get("SmsSid", sid) != sid or form.get("SmsMessageSid", sid) != sid:
        return "a message SID is not shaped as Twilio's"
    if not ACCOUNT_SID.match(form["AccountSid"]) or form["AccountSid"] != ACCOUNT:
        return "AccountSid is not this team's account"
    if not E164.match(form["From"]) or not E164.match(form["To"]):
        return "a number is not E.164"
    if any(k in form and not COUNT.match(form[k]) for k in ("NumMedia", "NumSegments", "ErrorCode")):
        return "a count or code is not a number"
    if form["To"] != NUMBER:
        return "To is not one of the team's numbers"
    return None


def parse(body):
    """What a text says: (kind, pairs, extra); pairs are [word, score, out_of, wellness]."""
    if len(body) > 1600:
        return "unknown", [], "That is too long for me to read; text help for what I understand."
    first = re.match(r"\s*(\?|[A-Za-z]+)", body)
    kind = KEYWORDS.get(first.group(1).lower()) if first else None
    if kind in ("note", "ill"):
        rest = re.sub(r"^\s*[^\s,:]*[\s,:-]*", "", body, count=1).strip()
        if kind == "note" and not rest:
            return "unknown", [], "Write your note after the word note, e.g. note back is tight today"
        illness = "injured" if first.group(1).lower() in ("injured", "injury") else "sick"
        return kind, [], (rest, illness)
    if kind is not None:
        return kind, [], None
    toks = TOKEN_RE.findall(body)
    if any(not (t[0].isalnum()) for t in toks):
        return "unknown", [], UNREAD
    while toks and toks[-1].isalpha() and toks[-1].lower() in AFTER:
        toks.pop()
    while toks and toks[0].isalpha() and toks[0].lower() in BEFORE:
        toks.pop(0)
    nums = []
    for t in toks:
        if t[0].isdigit():
            score, _, den = t.partition("/")
            nums.append((int(score), int(den or 0)))
    if len(toks) == 1 and nums and nums[0][1] == 0:
        return "bare", [], nums[0][0]
    if toks and len(nums) == len(toks) and len(toks) <= 16:
        return "positional", [[None, s, d, False] for s, d in nums], None
    if not toks or len(toks) % 2 or len(toks) > 32:
        return "unknown", [], UNREAD
    pairs = []
    for word, num in zip(toks[::2], toks[1::2]):
        if not word[0].isalpha() or not num[0].isdigit():
            return "unknown", [], UNREAD
        score, _, den = num.partition("/")
        item = WELLNESS.get(word.lower())
        pairs.append([item or word.lower(), int(score), int(den or 0), item is not None])
    return "scores", pairs, None


def metrics(c):
    return c.execute("SELECT id, slug, name, scale_min, scale_max FROM metric "
                     "WHERE active = 1 ORDER BY position, id").fetchall()


def match(ms, word):
    for m in ms:
        if word == m[1] or word == m[2].lower():
            return m
    found = [m for m in ms if m[1].startswith(word) or m[2].lower().startswith(word)]
    return found[0] if len(found) == 1 else None


def waiting_coach(c, athlete, metric):
    """The coach score waiting for the athlete's own, or None: the
    latest rating of the metric, when it is the coach's."""
    row = c.execute("SELECT source, score FROM rating WHERE athlete_id = ? AND metric_id = ? "
                    "ORDER BY created_at DESC, id DESC LIMIT 1", (athlete, metric)).fetchone()
    return row[1] if row and row[0] == "coach" else None


def scales(ms):
    return ", ".join("%s %d-%d" % (m[1], m[3], m[4]) for m in ms)


def scores(c, person, pairs, ms, msg):
    """Stores self-ratings and wellness; returns the reply."""
    today, now = time.strftime("%Y-%m-%d", time.gmtime()), int(time.time())
    chosen, well, twice = {}, {}, None
    for word, score, den, is_wellness in pairs:
        if is_wellness:
            if not 1 <= score <= 7:
                return "%s is 1 (best) to 7 (worst); please send it again." % word
            twice = word if word in well else twice
            well[word] = score
            continue
        m = match(ms, word)
        if m is None:
            return "I don't know '%s'. Yours: %s." % (word, scales(ms))
        if not m[3] <= score <= m[4] or (den and den != m[4]):
            return "%s is %d to %d; please send it again. Yours: %s." % (m[1], m[3], m[4], scales(ms))
        if m[0] in chosen:
            twice = m[1]
            del chosen[m[0]]        # the last one counts, in its place
        chosen[m[0]] = (m[1], score)
    saved, shown = [], []
    for metric, (slug, score) in chosen.items():
        coach = waiting_coach(c, person, metric)
        c.execute("INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, "
                  "created_at, message_id) VALUES (?, ?, 'self', ?, '', ?, ?, ?)",
                  (person, metric, score, today, now, msg))
        saved.append("%s %d" % (slug, score))
        if coach is not None:
            shown.append("%s %d" % (slug, coach))
    if well:
        c.execute("INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, note, "
                  "created_at, message_id) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)",
                  (person, today, well.get("sleep"), well.get("stress"), well.get("fatigue"),
                   well.get("soreness"), now, msg))
    reply = "Saved %s." % ", ".join(saved) if saved else ""
    if shown:
        reply += " Coach: %s." % ", ".join(shown)
    if well:
        reply += "%sWellness saved%s." % (" " if reply else "",
                                          "" if len(well) == 4 else " (send all four for a total)")
    if twice:
        reply += " You sent %s twice; I kept the last." % twice
    return reply


def answer(c, person, kind, pairs, extra, msg):
    if kind in ("scores", "bare", "positional"):
        # wellness alone needs no metrics
        ms = metrics(c) if kind != "scores" or not all(p[3] for p in pairs) else []
        if kind in ("bare", "positional"):
            waiting = [m for m in ms if waiting_coach(c, person, m[0]) is not None]
            if kind == "bare":
                if len(waiting) != 1:
                    return ("Nothing is waiting for a score. Send e.g. technique 4 fitness 3."
                            if not waiting else
                            "Which one? Send the name with the score, e.g. technique 4 fitness 3.")
                pairs = [[waiting[0][1], extra, 0, False]]
            elif len(waiting) != len(pairs):
                return ("I read %d scores for %d waiting, in this order: %s. Send one score for "
                        "each." % (len(pairs), len(waiting), scales(waiting)) if waiting else
                        "Nothing is waiting for scores alone; send each with its name: %s."
                        % scales(ms))
            else:
                for p, m in zip(pairs, waiting):
                    p[0] = m[1]
        return scores(c, person, pairs, ms, msg)
    if kind == "ill":
        c.execute("INSERT INTO wellness (athlete_id, day, illness, note, created_at, message_id) "
                  "VALUES (?, ?, ?, ?, ?, ?)", (person, time.strftime("%Y-%m-%d", time.gmtime()),
                                                extra[1], extra[0], int(time.time()), msg))
        return "Sorry to hear that. Your coach will see it on the dashboard."
    if kind == "note":
        return "Thanks, your note is with your coach."
    if kind in ("stop", "start"):
        c.execute("UPDATE person SET opted_out = ?, updated_at = ? WHERE id = ?",
                  (kind == "stop", int(time.time()), person))
        return ("You will get no more texts from the team. Text START to come back."
                if kind == "stop" else "Welcome back: you will get the team's texts again.")
    if kind == "help":
        return HELP
    if kind == "link":
        return "Ask your coach for your page link."
    return extra if kind == "unknown" else UNREAD


def twiml(text):
    body = "<Message>%s</Message>" % escape(text) if text else ""
    return Response('<?xml version="1.0" encoding="UTF-8"?><Response>%s</Response>' % body,
                    mimetype="text/xml", headers={"Cache-Control": "no-store"})


@app.post("/twilio/sms")
def sms():
    items = list(request.form.items(multi=True))
    if not signed(items, request.headers.get("X-Twilio-Signature", "")) or shaped(items):
        return Response("forbidden\n", 403, mimetype="text/plain")
    form = dict(items)
    sid, sender, body = form["MessageSid"], form["From"], form["Body"]
    kind, pairs, extra = parse(body)
    now = int(time.time())
    c = db()
    try:
        c.execute("BEGIN IMMEDIATE")
        row = c.execute("SELECT answer FROM message WHERE channel = 'sms' AND direction = 'in' "
                        "AND provider_id = ?", (sid,)).fetchone()
        if row is not None and row[0] is not None:
            c.execute("COMMIT")
            return twiml(row[0])
        who = c.execute("SELECT p.id, p.blocked FROM phone f JOIN person p ON p.id = f.person_id "
                        "WHERE f.e164 = ? AND p.active = 1", (sender,)).fetchone()
        person = who[0] if who else None
        msg = c.execute("INSERT INTO message (direction, channel, person_id, peer, body, kind, "
                        "provider_id, status, created_at) VALUES ('in', 'sms', ?, ?, ?, ?, ?, "
                        "'stored', ?)", (person, sender, body, KINDS[kind] if who else "unknown",
                                         sid, now)).lastrowid
        if who is None:
            reply = STRANGER
        elif who[1]:
            reply = ""      # blocked: stored, never answered
        else:
            reply = answer(c, person, kind, pairs, extra, msg)
        c.execute("UPDATE message SET answer = ? WHERE id = ?", (reply[:320], msg))
        c.execute("COMMIT")
    except sqlite3.Error:
        if c.in_transaction:
            c.execute("ROLLBACK")
        return Response("try again\n", 503, mimetype="text/plain")
    return twiml(reply)
