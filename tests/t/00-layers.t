# The layers point down only: cox.c -> cmd/ -> gen/, ingest/ -> lib/.
# gen/ and ingest/ never include each other, lib/ includes nothing of
# ours but its own headers, each only those below it (plumbing, the
# database, the model, the workspace: tests/layers.py's LIB_HEADERS),
# and exit statuses (sysexits.h) live in cmd/ only.
# Inside ingest/ too: mail/ and text/ (the two ways in) -> shared/ ->
# send/, mail/ and text/ never each other (DESIGN.md §2).
. "$(dirname "$0")/lib.sh"
plan 27

cd "$COX_DATADIR" || exit 1

# includes FILES...: "file: header" for every #include "..." in them.
includes() {
	grep -Ho '^#include "[^"]*"' "$@" | sed 's/:#include "\(.*\)"$/: \1/'
}

# allowed FOLDER REGEX: the includes of FOLDER's files that do not match.
bad_includes() {
	includes "$1"/*.[ch] | grep -Ev ": ($2)\$"
}

got=$(bad_includes lib '[a-z]+\.h')
is "$got" "" "lib/ includes only lib/'s headers"
is "$(python3 tests/layers.py headers .)" "" \
	"each lib/ header includes only those below it; no lib/lib.h over them, nor a file including one"
# lib/'s headers as a folder above names them (the one a job, no lib.h)
libh='(plumbing|db|sql|people|scores|season|workspace)\.h'
got=$(bad_includes gen '(gen|site|page|render|build)\.h|\.\./lib/'"$libh")
is "$got" "" "gen/ includes only gen.h and lib/"
got=$(bad_includes ingest/send 'send\.h|\.\./\.\./lib/'"$libh")
is "$got" "" "ingest/send/ includes only send.h and lib/"
got=$(bad_includes ingest/shared 'shared\.h|\.\./send/send\.h|\.\./\.\./lib/'"$libh")
is "$got" "" "ingest/shared/ includes only shared.h, send/ and lib/"
for d in mail text; do
	got=$(bad_includes ingest/$d "[a-z_]+\\.h|\\.\\./(shared/shared|send/send)\\.h|\\.\\./\\.\\./lib/$libh")
	is "$got" "" "ingest/$d/ includes only its own headers, shared/, send/ and lib/"
done
got=$(ls ingest/*.[ch] 2>/dev/null)
is "$got" "" "ingest/ holds its four folders, no file of its own"
# ...and the calls: a function of mail/ is called from text/ or the
# reverse only through a header no one may include, which the compiler
# would let by (an extern of one's own): caught by name here.
is "$(python3 tests/layers.py directions ingest)" "" \
	"no name one folder of ingest/ defines used from a folder beside or above it"
got=$(bad_includes cmd 'cmd\.h|\.\./(gen/gen|ingest/(mail/mail|text/text))\.h|\.\./lib/'"$libh")
is "$got" "" "cmd/ includes cmd.h and the layers below it"
got=$(includes cox.c | grep -v ': cmd/cmd\.h$')
is "$got" "" "cox.c includes cmd/ only"
got=$(grep -nE 'sysexits\.h|\<EX_[A-Z]+\>|(return|=) -2;' lib/*.[ch] gen/*.[ch] ingest/*/*.[ch])
is "$got" "" "no exit status or -2 below cmd/: outcomes (lib/plumbing.h) instead"

# one owner per table: messages are written by lib/message.c alone
got=$(grep -lE 'STMT_MESSAGE_INSERT' lib/*.[ch] gen/*.[ch] ingest/*/*.[ch] cmd/*.[ch] cox.c |
	grep -vxE 'lib/message\.c')
is "$got" "" "no statement inserting a message outside lib/message.c"

# One job a file, kept: a file that grows past these is split by what
# it owns (DESIGN.md §2), not left to regrow
got=$(wc -l lib/*.c lib/*.cc gen/*.c ingest/*/*.c cmd/*.c cox.c |
	awk '$2 != "total" && $1 > 900 { print $2 ": " $1 " lines" }')
is "$got" "" "no source file over 900 lines"
got=$(wc -l lib/*.h gen/*.h ingest/*/*.h cmd/*.h |
	awk '$2 != "total" && $1 > 500 { print $2 ": " $1 " lines" }')
is "$got" "" "no header over 500 lines"

# Files of one folder call each other without circles: a folder's files
# call down as the layers do.
for d in lib gen ingest cmd; do
	is "$(python3 tests/layers.py circles $d)" "" "no circle between the files of $d/"
done

# Every word a page shows is in the catalogue (lib/words/).
is "$(python3 tests/layers.py templates site-templates)" "" \
	"templates take their words from the catalogue ({{t.NAME}})"
# ...and every sentence the files that speak to people write: what is
# left in their C is listed, with why, in tests/words-exceptions.
speaking="ingest/text/reply.c ingest/shared/remind.c ingest/mail/thread.c
	ingest/text/thread_forward.c ingest/mail/ratemail*.c ingest/shared/digest.c
	ingest/mail/intake*.c ingest/text/register.c ingest/text/grammar.c
	ingest/text/guardian.c lib/account.c lib/message.c lib/phone.c
	lib/person.c lib/person_consent.c gen/render*.c gen/chart.c gen/parts.c
	ingest/mail/command*.c ingest/mail/seatmail*.c ingest/text/texts.c ingest/text/keyword.c
	ingest/text/token.c ingest/text/say.c ingest/text/pair.c
	ingest/text/scores.c ingest/text/positional.c ingest/text/effort.c
	ingest/text/guess.c ingest/text/link.c ingest/text/erglink.c
	ingest/text/mydata.c ingest/text/illness.c ingest/text/note.c
	ingest/text/optout.c ingest/text/unread.c ingest/text/ostrc_answer.c
	ingest/shared/digest_athletes.c ingest/shared/inbox.c"
got=$(python3 tests/layers.py sentences $speaking |
	grep -vxF -f <(grep -v '^#' tests/words-exceptions))
is "$got" "" "no sentence for coaches or athletes written in C"
got=$(python3 tests/layers.py scripts site-templates |
	grep -vxF -f <(grep -v '^#' tests/words-exceptions))
is "$got" "" "nor in the page scripts (t(\"js.NAME\"))"
is "$(python3 tests/layers.py words .)" "" \
	"every name looked up is in the catalogue, every language has them all, and the commands links and digests write start with its keywords"
is "$(python3 tests/layers.py statements .)" "" \
	"every SQL statement is written beside the code that runs it: none unused, none twice"
# lintian takes a line over 512 bytes in a source file for a minified
# one without its source (source-is-missing): templates stay under it
is "$(awk 'length > 512 { print FILENAME ": line " FNR }' site-templates/*.html)" "" \
	"no template line over 512 bytes (lintian reads longer ones as generated)"

# The map: every section of DESIGN.md a source file cites is there (a
# quoted title after the number names one of its subsections), and
# README's Layout names every source file in its folder's row.
is "$(python3 tests/layers.py citations .)" "" \
	"every section of DESIGN.md the code cites exists"
is "$(python3 tests/layers.py layout .)" "" \
	"README's Layout names every source file, in its folder's row"

done_testing
