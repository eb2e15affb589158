#!/usr/bin/python3
"""Writes N signed Twilio webhook requests, one per line as
"SIGNATURE<TAB>BODY", for wrk (tests/bench/sms.lua) to replay: each with
its own MessageSid (SID_PREFIX, "SM" and a few hex digits, default
SMbe, then the number in hex: 34 characters, as Twilio shapes them),
from the given numbers in turn, signed for URL.
Usage: sms-requests.py N URL TOKEN NUMBER..."""
import base64
import os
import hashlib
import hmac
import sys
import urllib.parse

n, url, token, numbers = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode(), sys.argv[4:]
prefix = os.environ.get("SID_PREFIX", "SMbe")
for i in range(n):
    params = [("AccountSid", "AC" + "0" * 32), ("Body", "sleep 3 stress 2 fatigue 3 sore 2"),
              ("From", numbers[i % len(numbers)]), ("MessageSid", "%s%0*x" % (prefix, 34 - len(prefix), i)),
              ("NumMedia", "0"), ("To", "+15005550006")]
    data = url + "".join(k + v for k, v in sorted(params))
    sig = base64.b64encode(hmac.new(token, data.encode(), hashlib.sha1).digest()).decode()
    print(sig + "\t" + urllib.parse.urlencode(params))
