# jsonhttp.py: what the test servers that speak JSON over HTTP share (the
# fake Twilio, the OAuth2 token endpoint): a request handler that logs
# nothing and answers a status with a JSON body.
import json
from http.server import BaseHTTPRequestHandler


class JSONHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
