#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (aiosmtpd).

smtp-sink.py PORT DIR [MODE]: every message accepted is written to
DIR/N.eml with the envelope in DIR/N.env.  MODE "tempfail" answers the
first DATA with 451 and accepts afterwards; "reject" answers every DATA
with 550.  Runs until killed.
"""
import os
import sys
import time

from aiosmtpd.controller import Controller


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


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "accept"
    c = Controller(Sink(folder, mode), hostname="127.0.0.1", port=port)
    c.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        c.stop()


main()
