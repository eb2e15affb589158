#!/usr/bin/python3
"""Sends N signed texts to cox sms serve, retrying each until it gets
HTTP 200, as Twilio retries a webhook; used while the daemon is killed
and restarted.  sms-burst.py LOCAL_URL PUBLIC_URL TOKEN FROM N PREFIX
PREFIX is "SM" and a few hex digits: the MessageSids are PREFIX and a
number in hex, 34 characters in all, as Twilio shapes them.
Prints how many texts needed a retry."""
import base64
import hashlib
import hmac
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

local, public, token, sender, n, prefix = sys.argv[1:7]


def send(i):
    params = [("From", sender), ("To", "+15005550006"), ("Body", "sleep 3 stress 3"),
              ("MessageSid", "%s%0*x" % (prefix, 34 - len(prefix), i)),
              ("AccountSid", "AC" + "0" * 32), ("NumMedia", "0")]
    data = public + "".join(k + v for k, v in sorted(params))
    sig = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()
    body = urllib.parse.urlencode(params).encode()
    retried = 0
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            req = urllib.request.Request(local, body, {"X-Twilio-Signature": sig})
            with urllib.request.urlopen(req, timeout=5) as r:
                if r.status == 200:
                    return retried
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        retried = 1
        time.sleep(0.05)
    raise SystemExit("text %d never got a 200" % i)


with ThreadPoolExecutor(16) as pool:
    print(sum(pool.map(send, range(int(n)))))
