#!/usr/bin/python3
"""Writes N signed Twilio webhook requests, one per line as
"SIGNATURE<TAB>BODY", for wrk (tests/bench/sms.lua) to replay.

Each is an inbound text as Twilio posts it (every parameter it sends,
signed for URL with TOKEN), with its own MessageSid (SID_PREFIX, "SM"
and a few hex digits, default SMbe, then the number times an odd
constant in the digits left: 34 characters, one number one SID, and
scattered as Twilio's random ones are, so that each text's goes to a
place of its own in the index of SIDs, not after the last).  The texts are mixed as athletes send them, from the
given numbers picked at random (a seeded generator, so the same N
gives the same file):

  45%  self-ratings of 1-3 metrics, "technique 4 fitness 3", with
       unique prefixes ("tech 4"), capitals, colons, a greeting
  35%  wellness, "sleep 2 stress 5 fatigue 3 sore 4", all four or some,
       with the other words people use (tired, doms)
   8%  ratings and wellness in one text
   5%  a bare score, "4"
   4%  a note, "note back is tight today"
   2%  "sick ..." or "injured ..."
   1%  from a number on no team list

Metric slugs come from SMS_METRICS (space-separated; default the demo
workspace's); scores are 1-5, inside every scale the benches use.
Usage: sms-requests.py N URL TOKEN NUMBER..."""
import base64
import hashlib
import hmac
import os
import random
import sys
import urllib.parse

n, url, token, numbers = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode(), sys.argv[4:]
prefix = os.environ.get("SID_PREFIX", "SMbe")
metrics = os.environ.get("SMS_METRICS", "erg fitness rhythm teamwork technique").split()
ours, account = "+15005550006", "AC" + "0" * 32
rng = random.Random(16)
digits = 34 - len(prefix)
SCATTER = 0x9E3779B97F4A7C15F39CC0605CEDC835  # odd: a bijection mod 16^digits


def short(slug):
    """The shortest prefix (3 letters or more) naming slug alone."""
    for i in range(3, len(slug)):
        p = slug[:i]
        if not any(o != slug and (o.startswith(p) or o == p) for o in metrics):
            return p
    return slug


names = {m: [m, short(m), m.capitalize()] for m in metrics}
wellness_words = [("sleep", ["sleep"]), ("stress", ["stress"]),
                  ("fatigue", ["fatigue", "tired"]), ("sore", ["sore", "soreness", "doms"])]
notes = ["back is tight today", "can we talk about seat racing?", "away on the 14th, sorry",
         "felt great on the water this morning", "shoulder a bit stiff after weights"]
ills = ["sick with a cold", "sick", "injured knee, physio on friday", "injured"]


def ratings():
    picked = rng.sample(metrics, rng.randint(1, min(3, len(metrics))))
    form = rng.random()
    parts = []
    for m in picked:
        word, score = rng.choice(names[m]), rng.randint(1, 5)
        parts.append("%s: %d" % (word, score) if form < 0.2 else "%s %d" % (word, score))
    return (", " if form < 0.4 else " ").join(parts)


def wellness():
    items = wellness_words if rng.random() < 0.7 else rng.sample(wellness_words, rng.randint(1, 3))
    return " ".join("%s %d" % (rng.choice(words), rng.randint(1, 7)) for _, words in items)


def polite(text):
    return "hi coach " + text + " thanks" if rng.random() < 0.1 else text


def text():
    r = rng.random()
    if r < 0.45:
        return polite(ratings())
    if r < 0.80:
        return wellness()
    if r < 0.88:
        return polite(ratings() + " " + wellness())
    if r < 0.93:
        return str(rng.randint(1, 5))
    if r < 0.97:
        return "note " + rng.choice(notes)
    return rng.choice(ills)


out = []
for i in range(n):
    body = text()
    sender = numbers[rng.randrange(len(numbers))] if rng.random() >= 0.01 else \
        "+4477009%05d" % (99000 + rng.randrange(1000))
    sid = "%s%0*x" % (prefix, digits, ((i + 1) * SCATTER) % (16 ** digits))
    params = [("ToCountry", "US"), ("ToState", ""), ("SmsMessageSid", sid), ("NumMedia", "0"),
              ("ToCity", ""), ("FromZip", ""), ("SmsSid", sid), ("FromState", ""),
              ("SmsStatus", "received"), ("FromCity", ""), ("Body", body),
              ("FromCountry", "GB"), ("To", ours), ("ToZip", ""), ("NumSegments", "1"),
              ("MessageSid", sid), ("AccountSid", account), ("From", sender),
              ("ApiVersion", "2010-04-01")]
    data = url + "".join(k + v for k, v in sorted(params))
    sig = base64.b64encode(hmac.new(token, data.encode(), hashlib.sha1).digest()).decode()
    out.append(sig + "\t" + urllib.parse.urlencode(params))
    if len(out) == 10000:
        print("\n".join(out))
        out = []
if out:
    print("\n".join(out))
