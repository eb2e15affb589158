#!/usr/bin/env python3
"""layers.py - what tests/t/00-layers.t checks beyond includes.

  layers.py circles DIR     files of DIR (and of its folders) that call
                            each other in a circle
  layers.py directions DIR  names a file of DIR/mail/ uses that DIR/text/
                            defines, or the reverse, and any name used
                            from a folder below the one defining it
                            (mail/, text/ -> shared/ -> send/)
  layers.py templates DIR   words in templates outside {{t.NAME}}
  layers.py sentences FILE  sentences in C outside the catalogue of words
  layers.py scripts DIR     sentences in scripts outside t("js.NAME")
  layers.py words DIR       names used but not in DIR/lib/words/en.txt,
                            a plural form without its ".other",
                            and entries a shipped language lacks
  layers.py citations DIR   sections of DIR/DESIGN.md cited by a source
                            file of DIR that DESIGN.md does not have
  layers.py headers DIR     lib/ headers of DIR that include one not below
                            them in LIB_HEADERS, lib/ files that include
                            what is not a lib/ header, and any lib/lib.h
                            or file that includes one
  layers.py statements DIR  SQL statements (STMT()) no source file runs
                            names: unused, or run by the enum's order
  layers.py layout DIR      source files of cmd/ gen/ ingest/ lib/ (and
                            cox.c) that DIR/README.md's Layout does not
                            name in their folder's row

Each prints one line per problem and nothing when all is well.
"""
import glob
import os
import re
import sys


def strip_c(src):
    """C source without comments and string literals (lines kept)."""
    out = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"),
                 src, flags=re.S)
    out = re.sub(r"//[^\n]*", "", out)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', out)


def functions(text):
    """{name: file} of the functions text's files ({file: source}) define
    and do not keep static."""
    defined = {}
    for f, src in text.items():
        for m in re.finditer(r"^([a-z_][a-z0-9_]*)\(", src, re.M):
            before = src[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
            if not before.startswith("static"):
                defined[m.group(1)] = f
    return defined


def circles(folder):
    files = sorted(glob.glob(os.path.join(folder, "*.c")) +
                   glob.glob(os.path.join(folder, "*", "*.c")))
    text = {f: strip_c(open(f).read()) for f in files}
    defined = functions(text)
    calls = {f: set() for f in files}
    for f, src in text.items():
        for name in set(re.findall(r"\b([a-z_][a-z0-9_]*)\s*\(", src)):
            g = defined.get(name)
            if g is not None and g != f:
                calls[f].add(g)
    # a circle is a call edge inside one strongly connected component
    index, low, stack, on, comp, n = {}, {}, [], set(), {}, [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in calls[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            while True:
                w = stack.pop()
                on.discard(w)
                comp[w] = v
                if w == v:
                    break
    sys.setrecursionlimit(10000)
    for v in files:
        if v not in index:
            visit(v)
    for f in files:
        for g in sorted(calls[f]):
            if comp[f] == comp[g]:
                print("%s calls %s, which calls back" % (f, g))


# ingest/'s folders and those each may use: the two ways in (mail in,
# texts in) use what both need and the timed jobs (shared/), which use
# sending (send/); sending uses lib/ alone.  Never sideways, never up.
DIRECTIONS = {"send": {"send"}, "shared": {"shared", "send"},
              "mail": {"mail", "shared", "send"},
              "text": {"text", "shared", "send"}}


def header_names(src):
    """The names a header (comments and strings out) gives others: its
    functions and variables, macros, struct and enum tags, enum values."""
    names = set(re.findall(r"\b([a-z_][a-z0-9_]*)\s*\(", src))
    names |= set(re.findall(r"^extern\b[^;]*?\b([a-z_][a-z0-9_]*)\s*(?:\[\])?;",
                            src, re.M))
    names |= set(re.findall(r"^#define\s+([A-Za-z_][A-Za-z0-9_]*)", src, re.M))
    names |= set("struct " + t for t in re.findall(r"\bstruct\s+(\w+)\s*\{",
                                                    src))
    for tag, body in re.findall(r"\benum\s+(\w*)\s*\{([^}]*)\}", src):
        if tag:
            names.add("enum " + tag)
        names |= set(re.findall(r"\b([A-Z][A-Z0-9_]+)\b", body))
    return names


def directions(top):
    """Names defined in one folder of top (ingest/) used by a file of a
    folder that may not use it (DIRECTIONS): a call sideways or up that
    an include rule alone would miss (a prototype written by hand)."""
    src, own = {}, {}
    for d in DIRECTIONS:
        for f in sorted(glob.glob(os.path.join(top, d, "*.[ch]"))):
            src[f] = strip_c(open(f).read())
    for d in DIRECTIONS:
        mine = {f: s for f, s in src.items()
                if os.path.basename(os.path.dirname(f)) == d}
        names = set(functions({f: s for f, s in mine.items()
                               if f.endswith(".c")}))
        for f, s in mine.items():
            if f.endswith(".h"):
                names |= header_names(s)
        for n in names:
            own.setdefault(n, set()).add(d)
    # names lib/ also gives (a field, a macro) are no folder's own
    lib = "".join(strip_c(open(h).read()) for h in
                  sorted(glob.glob(os.path.join(top, "..", "lib", "*.h"))))
    for f, s in sorted(src.items()):
        d = os.path.basename(os.path.dirname(f))
        used = set(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\b", s))
        used |= set("struct " + t for t in re.findall(r"\bstruct\s+(\w+)", s))
        used |= set("enum " + t for t in re.findall(r"\benum\s+(\w+)", s))
        for n in sorted(used):
            where = own.get(n, set())
            if not where or where & DIRECTIONS[d]:
                continue
            if re.search(r"\b%s\b" % re.escape(n.split()[-1]), lib):
                continue
            print("%s uses %s, of ingest/%s/" %
                  (f, n, "/, ingest/".join(sorted(where))))


# lib/'s headers, one a job, the bottom first: each may include only
# those before it.  No header includes them all: a file of gen/, ingest/
# or cmd/ includes those it uses (or its folder's header does).
LIB_HEADERS = ["plumbing.h", "db.h", "sql.h", "people.h", "scores.h",
               "season.h", "workspace.h"]


def headers(top):
    lib = os.path.join(top, "lib")
    inc = re.compile(r'^#include "([^"]*)"', re.M)
    # one header over all of lib/ hid what a file used (and rebuilt it
    # when any of lib/ changed): it is gone, and stays gone
    if os.path.exists(os.path.join(lib, "lib.h")):
        print("lib/lib.h: lib/ has no header over all its headers")
    above = [os.path.join(top, "cox.c")]
    for pat in ("gen", "cmd", "ingest/*", "tests", "tests/unit",
                "tests/fuzz"):
        above += glob.glob(os.path.join(top, pat, "*.[ch]"))
        above += glob.glob(os.path.join(top, pat, "*.cc"))
    for p in sorted(above):
        if not os.path.exists(p):
            continue
        for h in inc.findall(open(p).read()):
            if os.path.basename(h) == "lib.h":
                print("%s includes %s: the lib/ headers it uses instead" %
                      (os.path.relpath(p, top), h))
    for p in sorted(glob.glob(os.path.join(lib, "*.h"))):
        name = os.path.basename(p)
        if name == "lib.h":
            continue
        if name in LIB_HEADERS:
            below = LIB_HEADERS[:LIB_HEADERS.index(name)]
        else:
            print("lib/%s: not in tests/layers.py's LIB_HEADERS" % name)
            continue
        for h in inc.findall(open(p).read()):
            if h not in below:
                print("lib/%s includes %s, which is not below it" % (name, h))
    for p in sorted(glob.glob(os.path.join(lib, "*.c")) +
                    glob.glob(os.path.join(lib, "*.cc"))):
        for h in inc.findall(open(p).read()):
            if h not in LIB_HEADERS:
                print("lib/%s includes %s, not one of lib/'s headers" %
                      (os.path.basename(p), h))


def templates(folder):
    for p in sorted(glob.glob(os.path.join(folder, "*.html"))):
        t = open(p).read()
        t = re.sub(r"\{\{\{?[^}]*\}?\}\}", "", t)
        t = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", t, flags=re.S)
        for m in re.finditer(r'\s(aria-label|title|placeholder|alt)="([^"]*)"',
                             t):
            if re.search(r"[A-Za-z]{2,}", m.group(2)):
                print("%s: attribute %s=\"%s\"" % (p, m.group(1), m.group(2)))
        t = re.sub(r"<[^>]*>", " ", t)
        t = re.sub(r"&#?\w+;", " ", t)
        for w in re.findall(r"\S*[A-Za-z]{2,}\S*", t):
            print("%s: text '%s'" % (p, w))


# What is not for a coach or an athlete to read: the operator's log and
# diagnostics, SQL, and reasons handed to cmd/.
OPERATOR = re.compile(r"\blog_(error|warn|warn_limited|info|debug|msg)\s*\(|"
                      r"\bfprintf\s*\(\s*stderr|\bwhy\s*=|\bhint\s*=|"
                      r"\bconfig_(bad|require)\s*\(|\b(SELECT|INSERT|UPDATE|"
                      r"DELETE|CREATE|PRAGMA)\b")


def sentences(path):
    src = open(path).read()
    src = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"),
                 src, flags=re.S)
    # SQL: statements (STMT()) and the macros they are made of
    src = re.sub(r"^STMT(_SHARED)?\(.*?\);[ \t]*$|^#define(?:[^\n]*\\\n)*[^\n]*",
                 lambda m: "\n" * m.group(0).count("\n"), src,
                 flags=re.S | re.M)
    stmt, start = "", 1
    for i, line in enumerate(src.split("\n"), 1):
        if not stmt:
            start = i
        stmt += line + "\n"
        if not (line.rstrip().endswith((";", "{", "}", ",")) or
                not line.strip()):
            continue
        s, stmt = stmt, ""
        if OPERATOR.search(s):
            continue
        for lit in re.findall(r'"((?:[^"\\\n]|\\.)*)"', s):
            if re.search(r"[<>=]|^text/", lit):
                continue    # markup, MIME types: not words
            if " " in lit and len(re.findall(r"[A-Za-z']{2,}", lit)) >= 3:
                print("%s: \"%s\"" % (path, lit))


def scripts(folder):
    for p in sorted(glob.glob(os.path.join(folder, "*.js"))):
        src = open(p).read()
        src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
        src = re.sub(r"(^|[^:\\])//[^\n]*", r"\1", src)
        for q in ('"', "'", "`"):
            for lit in re.findall(q + r"((?:[^" + q + r"\\\n]|\\.)*)" + q,
                                  src):
                if " " in lit and len(re.findall(r"[A-Za-z']{2,}", lit)) >= 3:
                    print("%s: %s%s%s" % (p, q, lit, q))


def catalogue(path):
    names, last = {}, None
    for line in open(path):
        if line[:1] in " \t" and last:
            names[last] += " " + line.strip()
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            last = None
            continue
        name, _, text = line.partition("=")
        last = name.strip()
        names[last] = text.strip()
    return names


def c_files(top, ext="c"):
    """The C files (or headers) of top's folders, and of ingest/'s."""
    return glob.glob(os.path.join(top, "*/*." + ext)) + \
        glob.glob(os.path.join(top, "ingest/*/*." + ext))


def words(top):
    en = catalogue(os.path.join(top, "lib/words/en.txt"))
    conv = re.compile(r"%[-+ #0-9.*]*[hlzjt]*[a-zA-Z%]")
    for p in sorted(glob.glob(os.path.join(top, "lib/words/*.txt"))):
        other = catalogue(p)
        for name in sorted(set(en) - set(other)):
            print("%s: no entry %s" % (p, name))
        for name in sorted(set(other) & set(en)):
            a = [c for c in conv.findall(en[name]) if c != "%%"]
            b = [c for c in conv.findall(other[name]) if c != "%%"]
            if a != b:
                print("%s: %s has %s, English %s" % (p, name, b, a))
        # the commands that dashboard links and the digest write are
        # read back by command.c: each must start with a keyword
        kws = set(w.lower() for n, t in other.items() if n.startswith("kw.")
                  for w in t.split())
        for name, text in sorted(other.items()):
            if name.startswith("gen.cmd_") and name not in (
                    "gen.cmd_subject", "gen.cmd_someone"):
                cmds = [text.strip('"')]
            elif name.startswith("mail.digest_"):
                cmds = re.findall(r"\\n    (\S+)", text)
            else:
                continue
            for c in cmds:
                first = c.split()[0].lower() if c.split() else ""
                if first not in kws:
                    print("%s: %s writes the command %r, not a keyword" %
                          (p, name, first))
    # a plural's forms: "name.one" needs "name.other" in the same file
    for p in sorted(glob.glob(os.path.join(top, "lib/words/*.txt"))):
        names = catalogue(p)
        for name in names:
            base, _, form = name.rpartition(".")
            if form in ("zero", "one", "two", "few", "many") and \
               base + ".other" not in names:
                print("%s: %s has no %s.other" % (p, name, base))
    uses = [(p, r'\bwords_(?:get|find|printf)\([^;]*?"([a-z0-9_]+\.[a-z0-9_.]+)"')
            for p in c_files(top)]
    uses += [(p, r'\bwords_is\("([a-z0-9_.]+)"')
             for p in c_files(top)]
    # names in tables and in calls of helpers ("sms.help" to say())
    uses += [(p, r'"((?:kw|sms|mail|page)\.[a-z0-9_.]+)"')
             for p in c_files(top)]
    uses += [(p, r'\bt\("([a-z0-9_.]+)"')
             for p in glob.glob(os.path.join(top, "site-templates/*.js"))]
    uses += [(p, r"\{\{t\.([a-z0-9_.]+)\}\}")
             for p in glob.glob(os.path.join(top, "site-templates/*.html"))]
    # words_printf_n() and words_plural() name a plural by its base
    plural = [(p, r'\bwords_(?:printf_n|plural)\([^;]*?"([a-z0-9_]+\.[a-z0-9_.]+)"')
              for p in c_files(top)
              if not p.endswith("lib/words.c")]     # which defines them
    for p, rx in plural:
        for name in re.findall(rx, open(p).read()):
            if name + ".other" not in en:
                print("%s: %s.other is not in lib/words/en.txt" % (p, name))
    for p, rx in uses:
        # not the headers it includes: "mail.h" is no entry's name
        src = re.sub(r"^#\s*include[^\n]*", "", open(p).read(), flags=re.M)
        for name in re.findall(rx, src):
            if name not in en and name + ".other" not in en:
                print("%s: %s is not in lib/words/en.txt" % (p, name))


# Where the project's own sources are: not what a build, npm or git made.
SKIP = {".git", "build", "node_modules"}
SOURCE = (".c", ".h", ".cc", ".js", ".mjs", ".sh", ".t", ".py")


def sources(top):
    for d, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if x not in SKIP)
        for f in sorted(files):
            if f.endswith(SOURCE) or f == "Makefile":
                yield os.path.join(d, f)


def design_sections(path):
    """{number: set of its subsection titles, lower case} of DESIGN.md."""
    sections, cur = {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"## (\d+)\. ", line)
        if m:
            cur = sections.setdefault(int(m.group(1)), set())
        elif line.startswith("## "):
            cur = None
        elif line.startswith("### ") and cur is not None:
            cur.add(line[4:].strip().lower())
    return sections


def citations(top):
    design = os.path.join(top, "DESIGN.md")
    sections = design_sections(design) if os.path.exists(design) else {}
    # a citation may wrap onto the comment's next line; a quoted title
    # after the number names a subsection ("### Title") of that section
    cite = re.compile(r'DESIGN\.md(?:\s|[*#/])*\u00a7(\d+)(?:\s+"([^"]+)")?')
    for p in sources(top):
        try:
            text = open(p, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        for m in cite.finditer(text):
            n, title = int(m.group(1)), m.group(2)
            where = "%s:%d" % (os.path.relpath(p, top),
                               text.count("\n", 0, m.start()) + 1)
            if n not in sections:
                print("%s: DESIGN.md has no section %d" % (where, n))
            elif title is not None and title.lower() not in sections[n]:
                print("%s: DESIGN.md section %d has no \"%s\"" %
                      (where, n, title))


def layout(top):
    text = open(os.path.join(top, "README.md"), encoding="utf-8").read()
    m = re.search(r"^## Layout\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    section = m.group(1) if m else ""
    rows = {}
    for row in re.findall(r"^\| `([^`]+/)` \|(.*)$", section, re.M):
        rows[row[0]] = set(re.findall(r"`([^`]+)`", row[1]))
    if "`cox.c`" not in section:
        print("cox.c: not named in README.md's Layout")
    for folder in ("cmd", "gen", "ingest", "lib"):
        for d, dirs, files in os.walk(os.path.join(top, folder)):
            dirs[:] = sorted(dirs)
            for f in sorted(files):
                if not f.endswith((".c", ".h", ".cc")):
                    continue
                path = os.path.relpath(os.path.join(d, f), top)
                # the row of its folder, or of a folder above it, names
                # it, or its path from that row's folder
                named = any(path.startswith(r) and
                            (f in names or path[len(r):] in names)
                            for r, names in rows.items())
                if not named:
                    print("%s: not named in README.md's Layout, in the row "
                          "of its folder" % path)


def statements(top):
    """Statements written with STMT() that their own file never runs, or
    with STMT_SHARED() that no other file runs: dead SQL.  And one name,
    one statement."""
    files = glob.glob(os.path.join(top, "*/*.c")) + \
        glob.glob(os.path.join(top, "*/*/*.c")) + \
        glob.glob(os.path.join(top, "*/*.h")) + \
        glob.glob(os.path.join(top, "*/*/*.h"))
    text = {p: strip_c(open(p).read()) for p in files}
    defined = {}
    for p, t in text.items():
        for kind, n in re.findall(r"\b(STMT|STMT_SHARED)\((STMT_[A-Z0-9_]+)",
                                  t):
            if n in defined:
                print("%s: defined in %s and %s" % (n, defined[n][0], p))
            defined[n] = (p, kind)
    for n, (p, kind) in sorted(defined.items()):
        here = len(re.findall(r"\b%s\b" % n, text[p]))
        if kind == "STMT" and here < 2:
            print("%s: written in %s and run nowhere" % (n, p))
        if kind == "STMT_SHARED" and not any(
                re.search(r"\b%s\b" % n, t) for q, t in text.items()
                if q != p and not q.endswith(".h")):
            print("%s: shared by %s but run by no other file" % (n, p))


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("circles", "templates",
                                                "sentences", "scripts", "words",
                                                "citations", "layout",
                                                "statements", "directions",
                                                "headers"):
        sys.exit(__doc__)
    for arg in sys.argv[2:]:
        globals()[sys.argv[1]](arg)
