#!/usr/bin/python3
"""Writes N coach rating emails into MAILDIR/new: a third plain UTF-8,
a third quoted-printable windows-1252 multipart/alternative (Thunderbird
style), a third multipart/mixed with a CSV attachment (Gmail style).
Usage: gen-mail.py MAILDIR N COACH"""
import base64
import os
import random
import sys

maildir, n, coach = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(7)
names = ["Jane Doe", "@soneill", "Tom Okafor", "Mei Chen", "Emma Jones", "Grace Lee"]
metrics = ["technique", "fitness", "rhythm", "teamwork"]
for d in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(maildir, d), exist_ok=True)


def ratings_text():
    out = []
    for name in random.sample(names, 3):
        out.append(name + ":")
        for m in random.sample(metrics, 2):
            out.append("  %s %d  %s" % (m, random.randint(1, 5), "Tr\u00e8s bien, keep going"))
        out.append("")
    return "\n".join(out)


for i in range(n):
    # as the demo's mail server (its [mail] authserv_id) passes them
    head = ("Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\n"
            "From: Alex Carter <%s>\nTo: ratings@club.example\nSubject: week %d\n"
            "Date: Fri, 20 Nov 2026 18:00:00 +0000\nMessage-ID: <bench-%d@example.org>\n"
            "MIME-Version: 1.0\n" % (coach, i, i))
    kind = i % 3
    if kind == 0:
        msg = head + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + ratings_text() + "\n"
        data = msg.encode("utf-8")
    elif kind == 1:
        import quopri
        body = quopri.encodestring(ratings_text().encode("cp1252")).decode()
        msg = (head + 'Content-Type: multipart/alternative; boundary="b%d"\n\n--b%d\n'
               "Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable\n\n"
               "%s\n--b%d\nContent-Type: text/html; charset=utf-8\n\n<p>see text</p>\n--b%d--\n" % (i, i, body, i, i))
        data = msg.encode()
    else:
        sheet = "athlete,technique,fitness\r\n" + "".join(
            "%s,%d,%d\r\n" % (nm, random.randint(1, 5), random.randint(1, 5)) for nm in random.sample(names, 3))
        msg = (head + 'Content-Type: multipart/mixed; boundary="m%d"\n\n--m%d\nContent-Type: text/plain; charset=utf-8\n\n'
               "Ratings attached.\n\n--m%d\nContent-Type: text/csv; name=\"r.csv\"\nContent-Disposition: attachment; filename=\"r.csv\"\n"
               "Content-Transfer-Encoding: base64\n\n%s\n--m%d--\n" % (i, i, i, base64.encodebytes(sheet.encode()).decode(), i))
        data = msg.encode()
    tmp = os.path.join(maildir, "tmp", "%06d.bench" % i)
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, os.path.join(maildir, "new", "%06d.bench" % i))
