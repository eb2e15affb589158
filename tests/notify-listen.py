#!/usr/bin/python3
# notify-listen.py SOCKET LOG: stands in for systemd's notify socket:
# every datagram a daemon sends to SOCKET is appended to LOG, one state
# per line, as "SECONDS STATE" (seconds since the listener started,
# newlines within a state written as "|").
import os
import socket
import sys
import time

path, log = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
t0 = time.monotonic()
with open(log, "a") as f:
    f.write("listening\n")
    f.flush()
    while True:
        data = s.recv(4096).decode("utf-8", "replace")
        f.write("%.2f %s\n" % (time.monotonic() - t0, data.replace("\n", "|")))
        f.flush()
