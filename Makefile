# coxswain - see README.md.  Targets: all check demo install uninstall
# clean fuzz bench deps dist deb golden.  User CPPFLAGS, CFLAGS, CXXFLAGS,
# LDFLAGS, PREFIX, DESTDIR and MANDIR are respected.  A plain make needs
# no network: the browser files the site serves come from make deps (npm
# ci in site-templates), which check, demo and bench run first, or with
# the release tarball (make dist), which never runs npm.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/coxswain
MANDIR	?= $(PREFIX)/share/man
UNITDIR	?= $(PREFIX)/lib/systemd/system
COMPDIR	?= $(PREFIX)/share/bash-completion/completions
UNIT_OUT ?= build/systemd
DIST_OUT ?= .
DEB_OUT	?= build/deb

CC	?= cc
CFLAGS	?= -O2 -g
CXXFLAGS ?= -O2 -g
FUZZ_CC	?= clang
FUZZ_CXX ?= clang++
FUZZ_SECONDS ?= 60
DEMO_DIR ?= $(CURDIR)/demo-team
# The release, in one place: cox --version, make dist, debian/changelog.
VERSION	:= $(shell cat VERSION)

# Debian 12 packages the build, the tests and the demo need.
DEB_PKGS = build-essential pkg-config git perl mandoc clang libclang-rt-14-dev \
	libcmark-dev libsqlite3-dev libetpan-dev libcurl4-gnutls-dev \
	libsodium-dev libgit2-dev libmicrohttpd-dev libjansson-dev \
	libssl-dev libxml2-dev libcmocka-dev libphonenumber-dev libdeflate-dev \
	libical-dev \
	jq sqlite3 bsdextrautils
# ...and what only the tests need: the package's build and a fresh
# Debian root (71-deb, 71-upgrade, 71-guide) included, so that
# "make check" runs every test on a new machine, not only in CI.
TEST_PKGS = chromium python3-aiosmtpd python3-icalendar curl dovecot-imapd openssl systemd \
	openssh-server openssh-client \
	debhelper dpkg-dev lintian fakeroot binutils debootstrap iproute2 devscripts

PKGS	= libcmark sqlite3 libetpan libcurl libsodium libgit2 libmicrohttpd \
	  jansson libcrypto libxml-2.0 libdeflate libical
# Debian's libetpan.pc leaks -specs=/usr/share/dpkg/no-pie-link.specs,
# which breaks linking a PIE; drop it.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(filter-out -specs=%,$(shell pkg-config --libs $(PKGS) 2>/dev/null)) -lm -lpthread
# lib/db.c keeps a 64-bit atomic, which some 32-bit ports (armel) do by
# a call into libatomic: linked where a probe needs it, not elsewhere.
ATOMIC_PROBE = unsigned long long x; int main(void) { \
	return (int)__atomic_load_n(&x, __ATOMIC_RELAXED); }
PKG_LIBS += $(shell echo '$(ATOMIC_PROBE)' | $(CC) $(CPPFLAGS) $(CFLAGS) \
	$(LDFLAGS) -x c -o /dev/null - 2>/dev/null || echo -latomic)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
# libphonenumber (C++, no .pc file) behind lib/phonenumber.cc.
CXX_LIBS = -lphonenumber -lstdc++

WARN	= -Wall -Wextra -Wformat=2 -Wshadow -Wno-unused-parameter
# 64-bit file offsets on 32-bit ports too: a season's database passes
# 2 GiB, where stat() without them fails (EOVERFLOW).  A no-op on 64-bit.
DEFS	= -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DCOX_DATADIR='"$(DATADIR)"' -DCOX_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(WARN) $(DEFS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_CXXFLAGS = -std=c++17 $(WARN) $(DEFS) $(PKG_CFLAGS) $(CPPFLAGS) $(CXXFLAGS)
# Each object depends on the headers it includes (build/**/*.d, as deep
# as ingest/'s folders: build/rel/ingest/mail/).
DEPFLAGS = -MMD -MP -MF $@.d -MT $@
SAN	= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	  -fno-omit-frame-pointer

LIB_SRC	= $(wildcard lib/*.c)
GEN_SRC	= $(wildcard gen/*.c)
ING_SRC	= $(wildcard ingest/*/*.c)
CMD_SRC	= $(wildcard cmd/*.c)
SRC	= $(LIB_SRC) $(GEN_SRC) $(ING_SRC) $(CMD_SRC)
CXX_SRC	= $(wildcard lib/*.cc)
REL_OBJ	= $(SRC:%.c=build/rel/%.o) $(CXX_SRC:%.cc=build/rel/%.o)
ASAN_OBJ = $(SRC:%.c=build/asan/%.o) $(CXX_SRC:%.cc=build/asan/%.o)
HDRS	= $(wildcard lib/*.h gen/*.h ingest/*/*.h) cmd/cmd.h	# fuzz builds all

UNIT	= $(patsubst tests/unit/%.c,build/asan/tests/%,$(wildcard tests/unit/test_*.c))
FUZZERS	= $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
MANS	= $(wildcard man/*.[1-8])
UNITS	= $(wildcard hooks/systemd/*.service hooks/systemd/*.timer)

.PHONY: all site check check-run demo demo-run install uninstall clean fuzz units \
	fuzz-run bench bench-run deps print-deps dist deb golden
.SUFFIXES:

# The browser files the site serves (gen/assets.c reads them from the
# data folder) and their licences, under site-templates/node_modules.
# A clone gets them from npm ci, pinned by the lock file; the release
# tarball carries these alone, marked by .shipped, so that a build from
# it needs neither npm nor the network.
BROWSER	= libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs \
	  libsodium-wrappers-sumo/LICENSE libsodium-wrappers-sumo/package.json \
	  libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs \
	  libsodium-sumo/LICENSE libsodium-sumo/package.json \
	  @zxcvbn-ts/language-common/src/passwords.json \
	  @zxcvbn-ts/language-common/LICENSE.txt \
	  @zxcvbn-ts/language-common/package.json \
	  pako/dist/browser/pako_inflate.esm.min.mjs pako/LICENSE \
	  pako/package.json
SHIPPED	= site-templates/node_modules/.shipped
# $(call browser_to,DIR): copies BROWSER into DIR/site-templates/node_modules.
browser_to = for f in $(BROWSER); do install -D -m 644 \
	  site-templates/node_modules/$$f $(1)/site-templates/node_modules/$$f \
	  || exit 1; done
SODIUM_JS = $(or $(wildcard $(SHIPPED)),site-templates/node_modules/.package-lock.json)
# What cox reads from site-templates/ at run time, besides BROWSER.
TEMPLATES = $(filter-out site-templates/package%,$(wildcard site-templates/*.*))
DIST	= coxswain-$(VERSION)
# The hooks cox falls back on and hands out; the units go to UNITDIR.
HOOKS	= $(filter-out hooks/systemd,$(wildcard hooks/*))
PLAYWRIGHT = tests/browser/node_modules/.package-lock.json

all: cox

# Browser dependencies, pinned by the lock files (make deps).
$(SODIUM_JS): site-templates/package.json site-templates/package-lock.json
	cd site-templates && npm ci --no-audit --no-fund --loglevel=error

$(PLAYWRIGHT): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

cox: build/rel/cox
	cp build/rel/cox $@.tmp && mv -f $@.tmp $@

build/rel/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/rel/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) $(DEPFLAGS) -c -o $@ $<

# The sanitizer build is the one tests drive: it has their hooks too.
build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -DCOX_TESTING -O1 $(DEPFLAGS) -c -o $@ $<

build/asan/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) $(SAN) -O1 $(DEPFLAGS) -c -o $@ $<

build/rel/cox: build/rel/cox.o $(REL_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CXX_LIBS)

build/asan/cox: build/asan/cox.o $(ASAN_OBJ)
	$(CC) $(CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CXX_LIBS)

# C opening what libsodium.js wrapped, for tests/t/27-accounts.t.
build/asan/unwrap: tests/unwrap.c
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -o $@ $< $(PKG_LIBS)

# What a power cut would leave of the database, for tests/t/68-sms-durable.t
# (preloaded into the sanitizer build, so not built with it).
build/asan/powercut.so: tests/powercut.c
	$(CC) $(ALL_CFLAGS) -O1 -fPIC -shared -o $@ $< -ldl

# Unit tests link the modules (not main) with cmocka, under ASan+UBSan.
build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 $(DEPFLAGS) -o $@ $< \
	    $(ASAN_OBJ) $(PKG_LIBS) $(CXX_LIBS) $(CMOCKA_LIBS) $(UNIT_LDFLAGS)

# test_buf looks at each block the buffers free.
build/asan/tests/test_buf: UNIT_LDFLAGS = -Wl,--wrap=free

# A new release rebuilds what says its version.
$(patsubst %.c,build/rel/%.o,cox.c $(SRC)) \
    $(patsubst %.c,build/asan/%.o,cox.c $(SRC)): VERSION

DEPS	= $(wildcard build/*/*.d build/*/*/*.d build/*/*/*/*.d)
-include $(DEPS)
# An object made before objects had .d files depends on every header.
$(filter-out $(patsubst %.d,%,$(DEPS)), \
    $(wildcard build/*/*.o build/*/*/*.o build/*/*/*/*.o)): $(HDRS)

print-deps:
	@echo $(DEB_PKGS) $(TEST_PKGS)

# Installs what is missing on Debian (as root, through sudo, or says
# what), then the browser files the site serves: cox build needs them.
deps:
	@missing=; for p in $(DEB_PKGS) $(EXTRA_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q 'ok installed' || missing="$$missing $$p"; done; \
	[ -f $(SHIPPED) ] || command -v npm >/dev/null || \
	  missing="$$missing nodejs npm"; \
	[ -z "$$missing" ] && exit 0; \
	if ! command -v apt-get >/dev/null; then \
	  echo "coxswain needs these Debian packages:$$missing"; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null; then sudo=sudo; \
	else echo "run as root: apt-get install$$missing"; exit 1; fi; \
	echo "installing:$$missing"; \
	$$sudo apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
	  --no-install-recommends $$missing >/dev/null
	@$(MAKE) --no-print-directory $(SODIUM_JS)

# The whole suite under ASan+UBSan: unit tests (cmocka, TAP output) and
# behaviour tests (tests/t/*.t driving the real binary), through prove,
# JOBS at once (the tests share no port, folder or name): one more than
# the cores, since a test often waits on a daemon, a socket or the disk;
# on two cores 9 min 2 s at two, 7 min 11 s at three, 7 min 27 s at four
# (28 November), and 8 min 36 s at three on another machine of the same
# size, every test run, the Debian package's included; there, after the
# demo made once a run and one node for the pages, 6 min 58 s to 7 min
# 13 s for make check three times in a row (29 November), and 6 min
# 15 s to 6 min 34 s once the tests ran Debian's python3, not pyenv's
# shim (the same day, three in a row).  The run is then
# processor-bound: the cores idle 7% of it.
# The slowest start first, so that none starting last runs on alone
# while the other cores idle; a renamed one just loses its place.
# COX_TEST_SHARED is the run's own folder, where what several tests need
# and is slow to make (a Debian root, this commit's package, the demo
# team) is made once (tests/t/lib.sh, once); removed after the run, so
# the next makes all of it again, as a new machine would.  One node
# decrypts the pages the tests read (tests/browser/open.mjs --serve, on
# the socket COX_TEST_OPEN) instead of one a page.  71-guide leads:
# with the root and the package shared, its own walk is the longest;
# 71-deb, whose package and root the others have made by then, comes
# last of the three.
# ASan holds freed memory back for 32 MiB, not its 256: a build of a
# 1,000-athlete site then reuses memory instead of touching new pages,
# 30% less CPU (1.58 s to 1.10 s, page faults 107,000 to 47,000), and a
# use after free is still caught while the block is among the last
# 32 MiB freed.
JOBS	?= $(shell echo $$(($$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) + 1)))
T_ALL	= $(wildcard tests/t/*.t)
T_SLOW	= $(filter $(T_ALL), tests/t/71-guide.t tests/t/71-upgrade.t tests/t/71-deb.t \
	  tests/t/28-build-crash.t \
	  tests/t/27-accounts.t tests/t/45-sms-spool.t tests/t/61-undo.t \
	  tests/t/35-imap-crash.t tests/t/94-real-numbers.t \
	  tests/t/95-checkin-items.t)
check:
	@$(MAKE) --no-print-directory deps EXTRA_PKGS="$(TEST_PKGS)"
	@$(MAKE) --no-print-directory check-run

check-run: build/asan/cox build/asan/unwrap build/asan/powercut.so $(UNIT) $(SODIUM_JS) $(PLAYWRIGHT)
	shared=$$(mktemp -d "$${TMPDIR:-/tmp}/cox-check.XXXXXX") && \
	{ node tests/browser/open.mjs --serve "$$shared/open.sock" & } && \
	open=$$! && \
	trap 'kill $$open 2>/dev/null; wait $$open 2>/dev/null; rm -rf "$$shared"' EXIT && \
	trap 'exit 1' INT TERM HUP && \
	COX_TEST_OPEN=$$shared/open.sock \
	COX_TEST_SHARED=$$shared \
	COX=$(CURDIR)/build/asan/cox COX_DATADIR=$(CURDIR) \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=32 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	CMOCKA_MESSAGE_OUTPUT=TAP \
	prove -j$(JOBS) --exec tests/run-test $(T_SLOW) $(UNIT) \
	  $(filter-out $(T_SLOW),$(T_ALL))

# tests/golden/*.html written again from tests/golden/fixture.sql by
# tests/t/24-golden.t, after a deliberate change (tests/golden/README).
golden: build/asan/cox $(SODIUM_JS)
	COX=$(CURDIR)/build/asan/cox COX_DATADIR=$(CURDIR) UPDATE_GOLDEN=1 \
	ASAN_OPTIONS=detect_leaks=0 prove --exec tests/run-test tests/t/24-golden.t
	git diff --stat -- tests/golden

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: cox $(SODIUM_JS)
	COX_DATADIR=$(CURDIR) ./cox demo $(DEMO_DIR)
	@echo
	@echo "The demo team's workspace is $(DEMO_DIR); its site is $(DEMO_DIR)/site."
	@echo "Look at it:  ./cox -C $(DEMO_DIR) preview   (http://127.0.0.1:8080/)"
	@echo "and open these links while it runs:"
	@./cox -C $(DEMO_DIR) link --base http://127.0.0.1:8080/ @acarter @pshah @jdoe @akhan

# Rebuild and publish a team's site unattended (CI, cron): no prompts,
# a meaningful exit status.  WORKSPACE is the team's folder.
site: all $(SODIUM_JS)
	@test -n "$(WORKSPACE)" || { echo "make site WORKSPACE=dir"; exit 64; }
	COX_DATADIR=$(CURDIR) ./cox -C "$(WORKSPACE)" build </dev/null
	if grep -Eq '^[[:space:]]*remote[[:space:]]*=' "$(WORKSPACE)/cox.conf"; \
	then COX_DATADIR=$(CURDIR) ./cox -C "$(WORKSPACE)" publish --push </dev/null; \
	else COX_DATADIR=$(CURDIR) ./cox -C "$(WORKSPACE)" publish </dev/null; fi

# Speed and memory side by side with the peers; BENCH_ATHLETES to resize.
BENCH_PEERS = tests/bench/node_modules/.package-lock.json
bench:
	@$(MAKE) --no-print-directory deps EXTRA_PKGS="time wrk python3-flask gunicorn nginx-light dovecot-imapd openssl"
	@$(MAKE) --no-print-directory bench-run

# Every goal's PASS or MISS is gathered at the end: a MISS is reported,
# not hidden, and does not stop the other figures.
bench-run: cox build/rel/plaindump build/rel/floor build/rel/rowread build/rel/pwguess $(SODIUM_JS) $(BENCH_PEERS)
	@rm -f build/bench-goals
	BENCH_SUMMARY=$(CURDIR)/build/bench-goals tests/bench/run
	BENCH_SUMMARY=$(CURDIR)/build/bench-goals tests/bench/mail
	BENCH_SUMMARY=$(CURDIR)/build/bench-goals tests/bench/sms
	BENCH_SUMMARY=$(CURDIR)/build/bench-goals tests/bench/guess
	BENCH_SUMMARY=$(CURDIR)/build/bench-goals tests/bench/season
	@echo "== all goals"; cat build/bench-goals
	@echo "bench: $$(grep -c 'PASS$$' build/bench-goals) goals met, $$(grep -c 'MISS$$' build/bench-goals) missed"

$(BENCH_PEERS): tests/bench/package.json tests/bench/package-lock.json
	cd tests/bench && npm ci --no-audit --no-fund --loglevel=error

build/rel/floor: tests/bench/floor.c
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

build/rel/rowread: tests/bench/rowread.c
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

build/rel/pwguess: tests/bench/pwguess.c
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

build/rel/plaindump: tests/bench/plaindump.c $(REL_OBJ)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $< $(REL_OBJ) $(PKG_LIBS) \
	    $(CXX_LIBS)

# libFuzzer harnesses under ASan+UBSan, FUZZ_SECONDS each.
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: $(FUZZERS)
	@for f in $(FUZZERS); do \
	  name=$$(basename $$f); corpus=build/fuzz/corpus-$$name; \
	  seeds=tests/fuzz/seeds/$$name; [ -d $$seeds ] || seeds=; \
	  mkdir -p $$corpus; \
	  case $$name in \
	  fuzz_csv) cp tests/data/*.csv content/roster.csv $$corpus/ ;; \
	  fuzz_template) cp site-templates/*.html $$corpus/ ;; \
	  fuzz_markdown) cp content/pages/*.md content/metrics/*.md $$corpus/ ;; \
	  fuzz_ratemail|fuzz_mail) cp tests/data/mail/*.eml content/mail/*.eml $$corpus/ ;; \
	  esac; \
	  echo "== $$name for $(FUZZ_SECONDS)s"; \
	  COX_DATADIR=$(CURDIR) $$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 $$corpus $$seeds \
	    2>build/fuzz/$$name.log || { tail -40 build/fuzz/$$name.log; \
	    exit 1; }; \
	  grep -E 'stat::number_of_executed_units|stat::peak_rss' \
	    build/fuzz/$$name.log; done

build/fuzz/%: tests/fuzz/%.c $(SRC) $(HDRS) $(CXX_SRC:%.cc=build/fuzz/%.o)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -g -O1 $(DEFS) $(PKG_CFLAGS) $(CPPFLAGS) \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -o $@ $< $(SRC) $(CXX_SRC:%.cc=build/fuzz/%.o) $(PKG_LIBS) $(CXX_LIBS)

# The C driver links the harness: no C++ runtime for UBSan's vptr check.
build/fuzz/%.o: %.cc lib/plumbing.h
	@mkdir -p $(@D)
	$(FUZZ_CXX) -std=c++17 -g -O1 $(DEFS) $(PKG_CFLAGS) $(CPPFLAGS) \
	  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr \
	  -c -o $@ $<

# systemd units with BINDIR and the shared hardening filled in, into
# UNIT_OUT (tests/t/49-units.t verifies them with systemd-analyze).
units:
	@mkdir -p $(UNIT_OUT)
	@for u in $(UNITS); do \
	  awk -v bindir='$(BINDIR)' 'FNR == NR { h = h $$0 "\n"; next } \
	    /^@HARDENING@$$/ { printf "%s", h; next } \
	    { gsub(/@BINDIR@/, bindir); print }' \
	    hooks/systemd/hardening.conf $$u >$(UNIT_OUT)/$${u##*/} || exit 1; \
	done

# The binary; the data folder (content/, site-templates/ with the
# browser files, hooks/, lib/words/: what install_datadir() finds);
# manuals, units and the bash completion.
install: all $(SODIUM_JS) units
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/site-templates \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	  $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(COMPDIR)
	install -m 755 cox $(DESTDIR)$(BINDIR)/cox
	cp -R content $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(DATADIR)/hooks
	cp $(HOOKS) $(DESTDIR)$(DATADIR)/hooks/
	install -m 644 $(TEMPLATES) $(DESTDIR)$(DATADIR)/site-templates/
	$(call browser_to,$(DESTDIR)$(DATADIR))
	install -d $(DESTDIR)$(DATADIR)/lib
	cp -R lib/words $(DESTDIR)$(DATADIR)/lib/
	for m in $(MANS); do \
	  install -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/; done
	install -m 644 $(UNIT_OUT)/* $(DESTDIR)$(UNITDIR)/
	install -m 644 hooks/bash-completion $(DESTDIR)$(COMPDIR)/cox

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cox
	rm -rf $(DESTDIR)$(DATADIR)
	for m in $(MANS); do \
	  rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$$(basename $$m); done
	for u in $(UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$${u##*/}; done
	rm -f $(DESTDIR)$(COMPDIR)/cox

# DIST_OUT/coxswain-VERSION.tar.gz: the committed tree (HEAD) and the
# browser files with their licences (make deps fetches them), owned by
# root and dated by the commit, so that one commit always makes the same
# bytes.  tests/t/70-dist.t checks that make deb builds cox from it
# with npm out of reach.
dist:
	@for f in $(BROWSER); do [ -f site-templates/node_modules/$$f ] || { \
	  echo "no site-templates/node_modules/$$f: run make deps first"; \
	  exit 1; }; done
	rm -rf $(DIST_OUT)/$(DIST) && mkdir -p $(DIST_OUT)
	git archive --prefix=$(DIST)/ -o $(DIST_OUT)/$(DIST).tar HEAD
	tar -xf $(DIST_OUT)/$(DIST).tar -C $(DIST_OUT)
	$(call browser_to,$(DIST_OUT)/$(DIST))
	echo "what $(DIST) serves; npm ci in site-templates replaces it" \
	  >$(DIST_OUT)/$(DIST)/$(SHIPPED)
	tar -C $(DIST_OUT) --sort=name --owner=0 --group=0 --numeric-owner \
	  --mtime=@$$(git log -1 --format=%ct) -cf $(DIST_OUT)/$(DIST).tar $(DIST)
	gzip -9nf $(DIST_OUT)/$(DIST).tar
	rm -rf $(DIST_OUT)/$(DIST)

# The Debian source and binary packages, built from the tarball as a
# distribution would (no network) in DEB_OUT, where the .dsc and .deb
# land; lintian, at its pedantic level, must find no error, warning or
# pedantic tag in either.  tests/t/71-deb.t.
deb: dist
	rm -rf $(DEB_OUT) && mkdir -p $(DEB_OUT)
	tar -xzf $(DIST_OUT)/$(DIST).tar.gz -C $(DEB_OUT)
	cd $(DEB_OUT)/$(DIST) && dpkg-buildpackage -us -uc
	lintian --pedantic --fail-on error,warning,pedantic $(DEB_OUT)/*.changes

clean:
	rm -rf build cox coxswain-*.tar.gz
