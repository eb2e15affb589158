# cox init: a workspace with cox.conf, cox.db and site/ as a git repository.
. "$(dirname "$0")/lib.sh"
plan 33

cox init "$T/team"
is "$rc" 0 "cox init exits 0"
like "$out" "made .*/cox.conf" "it reports cox.conf"
like "$out" "made .*/site/ \(git repository\)" "it reports site/"
like "$out" "made .*/pages/index.md" "and a starter home page"
like "$(cat "$T/team/cox.conf")" "^site_id = [A-Za-z0-9_-]{22}$" \
	"cox.conf gets a random site id"
is "$(git -C "$T/team/site" symbolic-ref HEAD)" "refs/heads/main" \
	"site/ is a git repository on branch main"
is "$(sql "$T/team/cox.db" "SELECT count(*) > 0 FROM pragma_user_version
	WHERE user_version > 0 AND EXISTS (SELECT 1 FROM sqlite_schema
	WHERE name = 'person')")" 1 "cox.db is migrated (version > 0, tables made)"
is "$(stat -c %a "$T/team/cox.db")" 600 "cox.db is readable by its owner only"

echo "# my edit" >>"$T/team/cox.conf"
before=$(md5sum <"$T/team/cox.conf")
cox init "$T/team"
is "$rc" 0 "a second cox init exits 0"
like "$out" "is a workspace already; nothing changed" "and says nothing changed"
is "$(md5sum <"$T/team/cox.conf")" "$before" "cox.conf is not clobbered"

# texts open with the club's short name: cox.conf says when to set one,
# and cox init, run again on a long name, suggests it
like "$(grep -A4 '^name = ' "$T/team/cox.conf" | tr '\n' ' ')" \
	"# What every text cox starts opens with .* at most 16 .* characters: set it when the name is longer.* # short_name = My Club" \
	"cox.conf names [team] short_name beside the name, and when to set it"
conf_set "$T/team/cox.conf" team name "Ruderclub Wannsee Berlin-Spandau"
cox init "$T/team"
like "$rc:$(printf '%s' "$out" | tail -1)" "^0:.*cox\.conf: \[team\] name 'Ruderclub Wannsee Berlin-Spandau' has 32 characters and no short_name is set, so every text cox starts opens with 'Ruderclub Wannsee': set \[team\] short_name to what athletes call the club, at most 16 characters" \
	"a second cox init on a long name suggests a short name"
conf_set "$T/team/cox.conf" team short_name "RC Wannsee"
cox init "$T/team"
unlike "$out" "short_name" "and says nothing once there is one"

# a team in another language says so from the start, home page and all
cox init --language fr "$T/lyon"
is "$rc:$(grep '^language' "$T/lyon/cox.conf")" "0:language = fr" "cox init --language fr writes it in cox.conf"
like "$(head -1 "$T/lyon/pages/index.md")" "^# Notre groupe" "and the home page in French"
like "$(grep 'language = en' "$T/team/cox.conf")" "^# language = en" "an English team's cox.conf names the key, commented"
# where the team is: the language's home, the machine's zone, or --country
TZ=UTC cox init --language fr "$T/lyon2"
is "$(grep -E '^(default_country|timezone)' "$T/lyon2/cox.conf" | tr '\n' ' ')" "default_country = FR timezone = Europe/Paris " \
	"a French team's numbers are read in France, its time kept in Paris's"
like "$out" "default_country = FR, timezone = Europe/Paris \\(from --language fr\\): numbers written without \\+ are read in FR; if the team is elsewhere, change both" \
	"and cox init says so, and to change them before the roster"
TZ=UTC cox init "$T/plain"
is "$(grep -E '^(# )?(default_country|timezone)' "$T/plain/cox.conf" | tr '\n' ' ')" "default_country = GB # timezone = Europe/London " \
	"an English team on a UTC machine: GB, the zone left unset as before"
like "$out" "cox\.conf: default_country = GB \(English's home, as this machine's time zone, UTC in TZ, says nothing of where the team is\); \[team\] timezone is unset, so UTC: numbers written without \+ are read in GB; if the team is elsewhere, change default_country and set timezone there before importing the roster$" \
	"and what it chose is said all the same, with why"
like "$out" "cox\.conf: language = en \(the default: --language takes one of .*fr" \
	"and the language, with how to choose another"
TZ=America/Chicago cox init --language es "$T/chicago"
is "$(grep -E '^(default_country|timezone)' "$T/chicago/cox.conf" | tr '\n' ' ')" "default_country = US timezone = America/Chicago " \
	"the machine's own zone, and its country, come first"
like "$out" "cox\.conf: language = es \(from --language\)
.*cox\.conf: default_country = US, timezone = America/Chicago \(from this machine's time zone, America/Chicago in TZ\): numbers" \
	"and says so, naming where the zone was read"
TZ=Europe/Paris cox init --country ie "$T/dublin"
is "$(grep -E '^(default_country|#? ?timezone)' "$T/dublin/cox.conf" | tr '\n' ' ')" "default_country = IE timezone = Europe/Dublin " \
	"--country wins: a zone of another country is not taken, the country's one zone is"
like "$out" "default_country = IE, timezone = Europe/Dublin \\(from --country\\)\$" "and both are said"
TZ=UTC cox init --language de --country de "$T/berlin"
is "$(grep -E '^(default_country|#? ?timezone)' "$T/berlin/cox.conf" | tr '\n' ' ')" "default_country = DE timezone = Europe/Berlin " \
	"a German team in Germany keeps Berlin's time, though Busingen is a second zone"
TZ=Europe/Paris cox init --country us "$T/usa"
is "$(grep -E '^(default_country|#? ?timezone)' "$T/usa/cox.conf" | tr '\n' ' ')" "default_country = US # timezone = America/New_York " \
	"a country of several zones: none taken, its first shown"
like "$out" "default_country = US \\(from --country\\); \\[team\\] timezone is unset, so UTC: set it to the team's: US has [0-9]+ zones, America/New_York first \\(grep \\^US " \
	"and the unset zone is said, with how to choose"

# where /etc/localtime points (what timedatectl changes) is the machine's
# zone, not Debian's /etc/timezone, which Debian 12 leaves stale: tried
# in a mount namespace of its own with /etc overlaid (root only)
mkdir -p "$T/etc-up" "$T/etc-work"
run env -u TZ unshare -m sh -c 'mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc 2>/dev/null || exit 99
	ln -sfn /usr/share/zoneinfo/Europe/Paris /etc/localtime && echo Etc/UTC >/etc/timezone &&
	exec "$COX" init "$3" </dev/null' _ "$T/etc-up" "$T/etc-work" "$T/paris"
if [ "$rc" = 0 ]; then
	is "$(grep -E '^(default_country|#? ?timezone)' "$T/paris/cox.conf" | tr '\n' ' ')" "default_country = FR timezone = Europe/Paris " \
		"/etc/localtime pointing at Paris wins over a stale /etc/timezone of UTC"
	like "$out" "default_country = FR, timezone = Europe/Paris \(from this machine's time zone, Europe/Paris in /etc/localtime\)" \
		"and init says where it read it"
else
	pass "# skip needs root, unshare -m and overlayfs"
	pass "# skip needs root, unshare -m and overlayfs"
fi
cox init --country XX "$T/nowhere"
is "$rc:$([ -e "$T/nowhere" ] && echo made)" "64:" "a country not known is refused, making nothing"
cox init --language xx "$T/nowhere"
is "$rc:$([ -e "$T/nowhere" ] && echo made)" "64:" "a language not shipped is refused, making nothing"

done_testing
