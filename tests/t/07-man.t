# The manual pages are mandoc -Tlint clean and document every command.
. "$(dirname "$0")/lib.sh"
plan 3

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

done_testing
