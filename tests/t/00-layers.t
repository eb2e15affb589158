# The layers point down only: cox.c -> cmd/ -> gen/, ingest/ -> lib/.
# gen/ and ingest/ never include each other, lib/ includes nothing of
# ours but lib.h, and exit statuses (sysexits.h) live in cmd/ only.
. "$(dirname "$0")/lib.sh"
plan 19

cd "$COX_DATADIR" || exit 1

# includes FILES...: "file: header" for every #include "..." in them.
includes() {
	grep -Ho '^#include "[^"]*"' "$@" | sed 's/:#include "\(.*\)"$/: \1/'
}

# allowed FOLDER REGEX: the includes of FOLDER's files that do not match.
bad_includes() {
	includes "$1"/*.[ch] | grep -Ev ": ($2)\$"
}

got=$(bad_includes lib 'lib\.h|sql\.h')
is "$got" "" "lib/ includes only lib.h (and sql.h)"
got=$(bad_includes gen 'gen\.h|\.\./lib/(lib|sql)\.h')
is "$got" "" "gen/ includes only gen.h and lib/"
got=$(bad_includes ingest 'ingest\.h|\.\./lib/(lib|sql)\.h')
is "$got" "" "ingest/ includes only ingest.h and lib/"
got=$(bad_includes cmd 'cmd\.h|\.\./(lib/lib|lib/sql|gen/gen|ingest/ingest)\.h')
is "$got" "" "cmd/ includes cmd.h and the layers below it"
got=$(includes cox.c | grep -v ': cmd/cmd\.h$')
is "$got" "" "cox.c includes cmd/ only"
got=$(grep -nE 'sysexits\.h|\<EX_[A-Z]+\>|(return|=) -2;' lib/*.[ch] gen/*.[ch] ingest/*.[ch])
is "$got" "" "no exit status or -2 below cmd/: outcomes (lib.h) instead"

# one owner per table: messages are written by lib/message.c alone
got=$(grep -lE 'STMT_MESSAGE_INSERT' lib/*.[ch] gen/*.[ch] ingest/*.[ch] cmd/*.[ch] cox.c |
	grep -vxE 'lib/message\.c')
is "$got" "" "no statement inserting a message outside lib/message.c"

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
speaking="ingest/reply.c ingest/remind.c ingest/thread.c ingest/ratemail.c ingest/digest.c
	ingest/intake.c ingest/register.c ingest/grammar.c ingest/guardian.c lib/account.c
	lib/message.c lib/phone.c lib/person.c gen/render*.c gen/chart.c
	gen/parts.c ingest/command.c"
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
