#!/usr/bin/python3
"""A fake Concept2 Logbook on loopback for the tests (plain HTTP), in
the shapes of the Logbook API's documentation
(https://log.concept2.com/developers/documentation/).

concept2-server.py PORT DIR: the club's application is client_id
"cox-club", secret "cox-club-secret".

GET /oauth/authorize?client_id&response_type=code&redirect_uri&scope
&state&code_challenge&code_challenge_method=S256 answers a page asking
the athlete, whose Allow button posts decision=allow to the same
address: that redirects (302) to redirect_uri?code=CODE&state=STATE,
the code remembered with its challenge; Deny (decision=deny) to
redirect_uri?error=access_denied&error_description=...&state=STATE.
Each decision goes to DIR/decisions.  POST /oauth/access_token trades it (grant_type=
authorization_code, with code_verifier, whose S256 must be the
challenge) or a refresh token (grant_type=refresh_token) for a new pair
of tokens: {"access_token", "token_type": "Bearer", "expires_in",
"refresh_token"}.  A refresh token is good once; the access token it
replaces stops working.

GET /api/users/me/results?page=N (Authorization: Bearer) answers the
results in DIR/results.json (a list, newest first, read at each
request), PER_PAGE a page, as {"data": [...], "meta": {"pagination":
{"total", "count", "per_page", "current_page", "total_pages", "links":
{"next"}}}}; 401 for a token not live.

POST /control?do=revoke ends every token (the athlete revoked the
application); do=seed&access=A&refresh=R makes that pair live.  Every
request line goes to DIR/requests, every grant to DIR/grants.
"""
import base64
import hashlib
import json
import os
import secrets
import sys
import threading
import urllib.parse
from http.server import ThreadingHTTPServer

from jsonhttp import JSONHandler

CLIENT, SECRET, PER_PAGE = "cox-club", "cox-club-secret", 3
# the authorisation page, as Concept2's asks: Allow or Deny, posted back
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorize application</title></head>
<body><h1>Authorization Request</h1>
<p>cox-club is requesting permission to read your results.</p>
<form method="post"><button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button></form></body></html>
"""


class State:
    def __init__(self, folder):
        self.folder, self.lock = folder, threading.Lock()
        self.codes, self.access, self.refresh = {}, set(), set()
        self.n = 0

    def note(self, name, line):
        with open(os.path.join(self.folder, name), "a") as f:
            f.write(line + "\n")

    def pair(self):
        self.n += 1
        a, r = "at-%d-%s" % (self.n, secrets.token_urlsafe(8)), \
            "rt-%d-%s" % (self.n, secrets.token_urlsafe(8))
        self.access.add(a)
        self.refresh.add(r)
        self.note("tokens", a + " " + r)
        return {"access_token": a, "token_type": "Bearer",
                "expires_in": 604800, "refresh_token": r}


class Handler(JSONHandler):
    def query(self):
        url = urllib.parse.urlsplit(self.path)
        return url.path, {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}

    def do_GET(self):
        path, q = self.query()
        st = self.server.state
        st.note("requests", "GET " + self.path)
        with st.lock:
            if path == "/oauth/authorize":
                return self.authorize(q, st)
            if path != "/api/users/me/results":
                return self.reply(404, {"message": "not found"})
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or auth[7:] not in st.access:
                return self.reply(401, {"message": "Unauthenticated."})
            if self.headers.get("Accept") != "application/vnd.c2logbook.v1+json":
                return self.reply(406, {"message": "ask for v1"})
            with open(os.path.join(st.folder, "results.json")) as f:
                results = json.load(f)
            page = int(q.get("page", "1"))
            pages = max(1, (len(results) + PER_PAGE - 1) // PER_PAGE)
            data = results[(page - 1) * PER_PAGE:page * PER_PAGE]
            links = {}
            if page < pages:
                links["next"] = "http://%s/api/users/me/results?page=%d" % (
                    self.headers.get("Host"), page + 1)
            return self.reply(200, {"data": data, "meta": {"pagination": {
                "total": len(results), "count": len(data),
                "per_page": PER_PAGE, "current_page": page,
                "total_pages": pages, "links": links}}})

    def authorize(self, q, st):
        if q.get("client_id") != CLIENT or q.get("response_type") != "code" \
                or q.get("code_challenge_method") != "S256" \
                or "results:read" not in q.get("scope", "").split(","):
            return self.reply(400, {"message": "bad authorization request"})
        # the page the athlete sees, its form posted back to this address
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def decide(self, q, f, st):
        """The athlete's answer on the page: back to redirect_uri with a
        code and the state, or with error=access_denied and the state."""
        if q.get("client_id") != CLIENT or "redirect_uri" not in q:
            return self.reply(400, {"message": "bad authorization request"})
        st.note("decisions", f.get("decision", ""))
        if f.get("decision") == "allow":
            code = "code-" + secrets.token_urlsafe(8)
            st.codes[code] = (q["code_challenge"], q["redirect_uri"])
            back = {"code": code, "state": q.get("state", "")}
        else:
            back = {"error": "access_denied",
                    "error_description": "The resource owner or authorization server denied the request.",
                    "state": q.get("state", "")}
        sep = "&" if "?" in q["redirect_uri"] else "?"
        self.send_response(302)
        self.send_header("Location", q["redirect_uri"] + sep + urllib.parse.urlencode(back))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        path, q = self.query()
        n = int(self.headers.get("Content-Length") or 0)
        f = {k: v[0] for k, v in urllib.parse.parse_qs(
            self.rfile.read(n).decode(), keep_blank_values=True).items()}
        st = self.server.state
        st.note("requests", "POST " + self.path)
        with st.lock:
            if path == "/oauth/authorize":
                return self.decide(q, f, st)
            if path == "/control":
                if q.get("do") == "revoke":
                    st.access.clear()
                    st.refresh.clear()
                elif q.get("do") == "seed":
                    st.access.add(q["access"])
                    st.refresh.add(q["refresh"])
                return self.reply(200, {})
            if path != "/oauth/access_token":
                return self.reply(404, {"message": "not found"})
            grant = f.get("grant_type", "")
            st.note("grants", grant)
            if f.get("client_id") != CLIENT or f.get("client_secret") != SECRET:
                return self.reply(401, {"error": "invalid_client"})
            if grant == "authorization_code":
                challenge, redirect = st.codes.pop(f.get("code"), (None, None))
                verifier = f.get("code_verifier", "").encode()
                s256 = base64.urlsafe_b64encode(
                    hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                if challenge is None or s256 != challenge \
                        or f.get("redirect_uri") != redirect:
                    return self.reply(400, {"error": "invalid_grant"})
                return self.reply(200, st.pair())
            if grant == "refresh_token" and f.get("refresh_token") in st.refresh:
                st.refresh.discard(f["refresh_token"])
                st.access.clear()
                return self.reply(200, st.pair())
            return self.reply(400, {"error": "invalid_grant"})


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.state = State(folder)
    print("ready", flush=True)
    srv.serve_forever()


main()
