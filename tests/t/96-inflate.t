# The reader of compressed pages (site-templates/inflate.js), by the
# browser's DecompressionStream and by pako's inflater where there is
# none, against what zlib writes, past its limit, and damaged
# (tests/browser/inflate.mjs).
. "$(dirname "$0")/lib.sh"

command -v node >/dev/null || {
	[ "${CI:-}" = true ] && { echo "Bail out! node missing in CI"; exit 1; }
	echo "1..0 # SKIP needs node (make check installs it)"
	exit 0
}
mkdir "$T/assets"
cp "$COX_DATADIR/site-templates/inflate.js" "$T/assets/"
echo '{ "type": "module" }' >"$T/assets/package.json"
cd "$COX_DATADIR/tests/browser" && node inflate.mjs "$T/assets" \
	"$COX_DATADIR/site-templates/node_modules/pako/dist/browser/pako_inflate.esm.min.mjs"
