#!/usr/bin/python3
"""An OAuth2 token endpoint on loopback for the tests (plain HTTP).

oauth2-server.py PORT DIR REFRESH_TOKEN: hands out access tokens for
REFRESH_TOKEN at POST /token (grant_type=refresh_token, client_id
"cox-test", client_secret "cox-test-secret"), and for the code
"test-code" (grant_type=authorization_code, with a code_verifier), and
says at POST /introspect (token=...) whether a token is active and whose
it is ("coach"), as Dovecot's oauth2 passdb and smtp-sink.py ask.

POST /control?do=WHAT steers it: "expire" ends every access token given
so far, "rotate" hands out a new refresh token with each access token
(and forgets the old one), "invalid_grant" refuses every refresh token,
"normal" undoes the last two.  Every token handed out is appended to
DIR/tokens (so a test can look for them where they must not be), every
grant to DIR/grants (its type only).
"""
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import ThreadingHTTPServer

from jsonhttp import JSONHandler

CLIENT, SECRET = "cox-test", "cox-test-secret"


class State:
    def __init__(self, folder, refresh):
        self.folder, self.refresh = folder, {refresh}
        self.access, self.mode, self.lock = {}, "normal", threading.Lock()

    def note(self, name, line):
        with open(os.path.join(self.folder, name), "a") as f:
            f.write(line + "\n")

    def issue(self, answer):
        tok = "at-" + secrets.token_urlsafe(18)
        self.access[tok] = time.time() + 3600
        self.note("tokens", tok)
        answer.update(access_token=tok, token_type="Bearer", expires_in=3600)
        if self.mode == "rotate":
            new = "rt-" + secrets.token_urlsafe(18)
            self.refresh = {new}
            self.note("tokens", new)
            answer["refresh_token"] = new
        return answer


class Handler(JSONHandler):

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        q = urllib.parse.parse_qs(self.rfile.read(n).decode(), keep_blank_values=True)
        return {k: v[0] for k, v in q.items()}

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        f, st = self.form(), self.server.state
        with st.lock:
            if url.path == "/control":
                what = urllib.parse.parse_qs(url.query).get("do", [""])[0]
                if what == "expire":
                    st.access = {t: 0 for t in st.access}
                else:
                    st.mode = what
                return self.reply(200, {"mode": st.mode})
            if url.path == "/introspect":
                live = st.access.get(f.get("token"), 0) > time.time()
                return self.reply(200, {"active": True, "username": "coach"}
                                   if live else {"active": False})
            if url.path != "/token":
                return self.reply(404, {"error": "not_found"})
            return self.token(f, st)

    def token(self, f, st):
        grant = f.get("grant_type", "")
        st.note("grants", grant)
        if f.get("client_id") != CLIENT or f.get("client_secret") != SECRET:
            return self.reply(401, {"error": "invalid_client"})
        if grant == "authorization_code":
            if f.get("code") != "test-code" or not f.get("code_verifier") \
                    or not f.get("redirect_uri", "").startswith("http://127.0.0.1"):
                return self.reply(400, {"error": "invalid_grant"})
            new = "rt-" + secrets.token_urlsafe(18)
            st.refresh.add(new)
            st.note("tokens", new)
            return self.reply(200, st.issue({"refresh_token": new}))
        if grant != "refresh_token":
            return self.reply(400, {"error": "unsupported_grant_type"})
        if st.mode == "invalid_grant" or f.get("refresh_token") not in st.refresh:
            return self.reply(400, {"error": "invalid_grant",
                                     "error_description": "Token has been expired or revoked."})
        return self.reply(200, st.issue({}))


def main():
    port, folder, refresh = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.state = State(folder, refresh)
    print("ready", flush=True)
    srv.serve_forever()


main()
