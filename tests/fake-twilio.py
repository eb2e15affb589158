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
"""
import base64
import json
import os
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, DIR, SID, TOKEN = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
MODES = sys.argv[5:]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

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
            f.write(json.dumps({"sid": sid, "to": form["To"][0], "from": form["From"][0],
                                "body": form["Body"][0],
                                "callback": form.get("StatusCallback", [""])[0]}) + "\n")
        self.reply(201, {"sid": sid, "status": "queued", "to": form["To"][0]})


srv = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
print("ready", flush=True)
srv.serve_forever()
