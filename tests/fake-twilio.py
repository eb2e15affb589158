#!/usr/bin/python3
"""A fake of Twilio's Messages API on loopback, for the tests.

fake-twilio.py PORT DIR ACCOUNT_SID AUTH_TOKEN [MODE ...]
  POST /2010-04-01/Accounts/<sid>/Messages.json with HTTP basic auth:
  each accepted message is appended to DIR/messages (one JSON line) and
  answered 201 with {"sid": "SM...", "status": "queued"} as Twilio does.
  Wrong credentials get 401.  GET /2010-04-01/Accounts/<sid>.json with
  them answers the account, as Twilio does (cox doctor --online).  MODEs are used up one per request, in
  order: "429" and "500" answer that status, "slow" waits 30 s, "21610"
  answers 400 with Twilio's error 21610 (the recipient unsubscribed).
  WhatsApp goes the same way, between "whatsapp:" addresses, with Body
  or ContentSid and ContentVariables (recorded as "content_sid" and
  "variables").  A MODE "NUMBER=63016" or "NUMBER=63014" is not used
  up: every WhatsApp free-form message to NUMBER (E.164) is refused
  with 400 and error 63016 (outside the 24-hour window), every WhatsApp
  message to it with 63014 (the user blocked the sender).
"""
import base64
import json
import os
import sys
import time
import urllib.parse
from http.server import ThreadingHTTPServer

from jsonhttp import JSONHandler

PORT, DIR, SID, TOKEN = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
MODES = [m for m in sys.argv[5:] if "=" not in m]
REFUSE = dict(m.split("=", 1) for m in sys.argv[5:] if "=" in m)


class Handler(JSONHandler):

    def authorized(self):
        want = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
        return self.headers.get("Authorization") == want

    def do_GET(self):
        if self.path != f"/2010-04-01/Accounts/{SID}.json":
            return self.reply(404, {"code": 20404, "message": "not found"})
        if not self.authorized():
            return self.reply(401, {"code": 20003, "message": "Authenticate"})
        self.reply(200, {"sid": SID, "status": "active"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        if self.path != f"/2010-04-01/Accounts/{SID}/Messages.json":
            return self.reply(404, {"code": 20404, "message": "not found"})
        if not self.authorized():
            return self.reply(401, {"code": 20003, "message": "Authenticate"})
        to = form["To"][0]
        if to.startswith("whatsapp:"):
            code = REFUSE.get(to[len("whatsapp:"):])
            if code == "63014" or (code == "63016" and "ContentSid" not in form):
                return self.reply(400, {"code": int(code), "message": "refused"})
        mode = MODES.pop(0) if MODES else "ok"
        if mode in ("429", "500"):
            return self.reply(int(mode), {"code": 20429 if mode == "429" else 20500,
                                          "message": "try later"})
        if mode == "slow":
            time.sleep(30)
        if mode == "21610":
            return self.reply(400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient"})
        sid = "SM" + os.urandom(16).hex()   # unique, like Twilio's
        with open(os.path.join(DIR, "messages"), "a") as f:
            rec = {"sid": sid, "to": to,
                   "from": form.get("From", form.get("MessagingServiceSid", [""]))[0],
                   "body": form.get("Body", [""])[0],
                   "callback": form.get("StatusCallback", [""])[0],
                   "service": form.get("MessagingServiceSid", [""])[0],
                   "from_given": "From" in form}
            if "ContentSid" in form:
                rec["content_sid"] = form["ContentSid"][0]
                rec["variables"] = json.loads(form["ContentVariables"][0])
            f.write(json.dumps(rec) + "\n")
        self.reply(201, {"sid": sid, "status": "queued", "to": form["To"][0]})


srv = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
print("ready", flush=True)
srv.serve_forever()
