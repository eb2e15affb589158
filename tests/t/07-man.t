# The manual pages are mandoc -Tlint clean and document every command.
. "$(dirname "$0")/lib.sh"
plan 4

run mandoc -Tlint -Wwarning "$COX_DATADIR"/man/*.[1-8]
is "$rc:$out$err" "0:" "mandoc -Tlint finds nothing"

cox help
missing=
for c in $(printf '%s\n' "$out" | awk '/^  [a-z]/ {print $1}'); do
	grep -q "^\.It Cm $c" "$COX_DATADIR/man/cox.1" || missing="$missing $c"
done
is "$missing" "" "cox.1 documents every command cox help lists"

like "$(mandoc -Tutf8 "$COX_DATADIR/man/cox.1" | col -b)" "78 \(EX_CONFIG\)" \
	"cox.1 lists the exit statuses"

# The assessment's list of what cox.db holds names every table a
# workspace has, so a table added without saying what it keeps fails.
workspace
tables=$(sql "$T/ws/cox.db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
[ -n "$tables" ] || echo "Bail out! no tables in a new cox.db"
unnamed=
for t in $tables; do
	grep -Eq "^\.It Sy .*\<$t\>" "$COX_DATADIR/man/cox-dpia.7" || unnamed="$unnamed $t"
done
is "$unnamed" "" "cox-dpia.7 says what each table of cox.db holds"

done_testing
