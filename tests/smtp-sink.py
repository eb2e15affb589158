#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (aiosmtpd).

smtp-sink.py PORT DIR [MODE]: every message accepted is written to
DIR/N.eml with the envelope in DIR/N.env.  MODE "tempfail" answers the
first DATA with 451 and accepts afterwards; "reject" answers every DATA
with 550; "oauth2=URL" accepts mail only after AUTH XOAUTH2 with a
bearer token URL (an introspection endpoint, tests/oauth2-server.py)
says is active, and notes each try in DIR/auth ("ok USER" or "refused").
Runs until killed.
"""
import base64
import json
import os
import sys
import time
import urllib.parse
import urllib.request

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder, mode):
        self.folder, self.mode, self.n = folder, mode, 0

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "reject":
            return "550 5.7.1 refused by the test server"
        if self.mode == "tempfail":
            self.mode = "accept"
            return "451 4.3.0 try again later"
        self.n += 1
        base = os.path.join(self.folder, str(self.n))
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 2.0.0 stored"


class OAuthSink(Sink):
    """Sink whose mail needs AUTH XOAUTH2 (as Gmail and Office 365 say it)."""

    def __init__(self, folder, url):
        super().__init__(folder, "accept")
        self.url = url

    def active(self, token):
        data = urllib.parse.urlencode({"token": token}).encode()
        with urllib.request.urlopen(self.url, data, timeout=10) as r:
            return json.load(r).get("active") is True

    async def auth_XOAUTH2(self, server, args):
        if len(args) > 1:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("")
        fields = dict(f.split("=", 1) for f in blob.decode().split("\x01") if "=" in f)
        user, bearer = fields.get("user", ""), fields.get("auth", "")
        ok = bearer.startswith("Bearer ") and self.active(bearer[7:])
        with open(os.path.join(self.folder, "auth"), "a") as f:
            f.write(("ok " + user if ok else "refused") + "\n")
        if ok:
            return AuthResult(success=True, auth_data=user)
        # as Gmail does: a JSON challenge, its empty answer, then 535
        await server.challenge_auth(json.dumps({"status": "401", "schemes": "Bearer"}))
        return AuthResult(success=False, handled=False)


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "accept"
    if mode.startswith("oauth2="):
        c = Controller(OAuthSink(folder, mode[7:]), hostname="127.0.0.1", port=port,
                       auth_required=True, auth_require_tls=False,
                       auth_exclude_mechanism=["LOGIN", "PLAIN"])
    else:
        c = Controller(Sink(folder, mode), hostname="127.0.0.1", port=port)
    c.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        c.stop()


main()
