# cox.conf problems stop a command with one line naming key and file.
. "$(dirname "$0")/lib.sh"
plan 10

workspace "$T/ws"
C="-C $T/ws"
printf 'Name,Phone\nA B,07700 900101\n' >"$T/r.csv"

conf_del "$T/ws/cox.conf" team default_country
cox $C roster import "$T/r.csv"
is "$rc" 78 "a missing key exits 78 (EX_CONFIG)"
is "$(printf '%s\n' "$err" | wc -l)" 1 "with one line"
like "$err" "cox.conf: \[team\] default_country is missing: put the two-letter country code" \
	"naming the key, the file and what to put there"

COX_TEAM_DEFAULT_COUNTRY=GB run "$COX" $C roster import "$T/r.csv"
is "$rc" 0 "the environment can supply the key"

conf_set "$T/ws/cox.conf" team default_country Narnia
cox $C roster import "$T/r.csv"
like "$err" "cox.conf:[0-9]+: \[team\] default_country is not valid: use a two-letter code" \
	"an invalid value is named with its line"

echo "this is not a setting" >>"$T/ws/cox.conf"
cox $C roster list
is "$rc" 78 "a malformed line exits 78"
like "$err" "cox.conf:[0-9]+: expected '\[section\]' or 'key = value'" "and names the line"

printf '[team]\ndefault_country = GB\ndefault_country = US\n' >"$T/ws/cox.conf"
cox $C roster list
like "$err" "'default_country' is already set on line 2" "a repeated key is refused"

# A language coxswain does not ship stops every command, naming the key.
printf '[team]\ndefault_country = GB\nlanguage = xx\n' >"$T/ws/cox.conf"
cox $C roster list
is "$rc" 78 "a language with no catalogue of words exits 78"
like "$err" "\[team\] language.*e\.g\. en" "naming the key and what to put there"

done_testing
