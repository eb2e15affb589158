#!/usr/bin/python3
"""Plays Twilio's side of a webhook for the tests.

twilio-post.py LOCAL_URL PUBLIC_URL TOKEN [name=value ...]
  POSTs the form to LOCAL_URL with X-Twilio-Signature computed as Twilio
  does for PUBLIC_URL (HMAC-SHA1 of the URL and the parameters sorted by
  name, base64).  TOKEN "-" sends no signature, "bad:TOKEN" a wrong one,
  "nul:TOKEN" one over each value cut at its first "%00" (sent as a NUL),
  as a reader of C strings would check it.
  Prints the HTTP status on the first line and the body after it.
twilio-post.py --get LOCAL_URL   a plain GET.
--source ADDR first: the connection comes from that local address.
"""
import base64
import hashlib
import hmac
import http.client
import sys
import urllib.error
import urllib.parse
import urllib.request


def main():
    if sys.argv[1] == "--source":
        source = sys.argv[2]
        del sys.argv[1:3]
        handler = urllib.request.HTTPHandler()
        handler.http_open = lambda req: handler.do_open(
            lambda host, **kw: http.client.HTTPConnection(
                host, source_address=(source, 0), **kw), req)
        urllib.request.install_opener(urllib.request.build_opener(handler))
    if sys.argv[1] == "--get":
        req = urllib.request.Request(sys.argv[2])
    else:
        local, public, token = sys.argv[1:4]
        params = [tuple(a.replace("%00", "\0").split("=", 1))
                  for a in sys.argv[4:]]
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if token != "-":
            key = token[4:] if token[:4] in ("bad:", "nul:") else token
            signed = params
            if token.startswith("nul:"):
                signed = [(k, v.split("\0")[0]) for k, v in params]
            data = public + "".join(k + v for k, v in sorted(signed))
            sig = base64.b64encode(hmac.new(key.encode(), data.encode(),
                                            hashlib.sha1).digest()).decode()
            if token.startswith("bad:"):
                sig = sig[:-2] + ("A=" if sig[-2] != "A" else "B=")
            headers["X-Twilio-Signature"] = sig
        req = urllib.request.Request(local, urllib.parse.urlencode(params).encode(),
                                     headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            print(r.status)
            print(r.read().decode())
    except urllib.error.HTTPError as e:
        print(e.code)
        print(e.read().decode())


main()
