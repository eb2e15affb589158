# register-link.py DIR ADDRESS: the register link in the newest email to
# ADDRESS in DIR (N.eml, as tests/smtp-sink.py writes them), as its
# reader sees it (quoted-printable decoded).
# register-link.py DIR: every invitation token in every email.
import email, glob, os, re, sys
found = []
for f in sorted(glob.glob(sys.argv[1] + "/*.eml"), key=lambda f: int(os.path.basename(f)[:-4])):
    m = email.message_from_binary_file(open(f, "rb"))
    if len(sys.argv) > 2 and sys.argv[2] not in m["To"]:
        continue
    for part in m.walk():
        if part.get_content_type() == "text/plain":
            t = part.get_payload(decode=True).decode()
            found += re.findall(r"register/#t=([A-Za-z0-9_-]+)&k=[A-Za-z0-9_-]+" if len(sys.argv) == 2
                                else r"register/#t=[A-Za-z0-9_-]+&k=[A-Za-z0-9_-]+(?:&h=[A-Za-z0-9_.]+)?(?:&c)?", t)
print("\n".join(found) if len(sys.argv) == 2 else found[-1] if found else "")
