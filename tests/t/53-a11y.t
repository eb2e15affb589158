# Accessibility: axe-core, pinned in tests/browser, on a phone-sized
# Chromium finds no serious or critical violation on the athlete page,
# a coach's page, a squad's dashboard and the team's, the locked page, the register page and the
# public home page.
. "$(dirname "$0")/lib.sh"

need_browser
[ -f "$COX_DATADIR/tests/browser/node_modules/axe-core/axe.min.js" ] ||
	{ echo "Bail out! axe-core missing: npm ci in tests/browser"; exit 1; }

demo_workspace "$T/ws"
"$COX" -C "$T/ws" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
preview_start "$T/ws"
link() { "$COX" -C "$T/ws" link --base x/ "$1" | cut -f2 | sed 's|^x/||'; }
jane=$(link @jdoe)
coach=$(link @acarter)
squad=$(part_link "$T/ws" @acarter "Senior Men")
team=$(part_link "$T/ws" @acarter "Team overview")
export BASE=$PREVIEW_URL
export PAGES="[{\"name\": \"the athlete page\", \"path\": \"$jane\", \"opens\": true},
	{\"name\": \"the coach's page\", \"path\": \"$coach\", \"opens\": true},
	{\"name\": \"a squad's dashboard\", \"path\": \"$squad\", \"opens\": true},
	{\"name\": \"the team overview\", \"path\": \"$team\", \"opens\": true},
	{\"name\": \"the locked page\", \"path\": \"${jane%%#*}\"},
	{\"name\": \"the register page\", \"path\": \"register/\"},
	{\"name\": \"the public home page\", \"path\": \"\"}]"
cd "$COX_DATADIR/tests/browser" && node axe.mjs
