# The reader of compressed pages in browsers without
# DecompressionStream (site-templates/inflate.js) against what zlib
# writes, past its limit, and damaged (tests/browser/inflate.mjs).
. "$(dirname "$0")/lib.sh"

command -v node >/dev/null || {
	[ "${CI:-}" = true ] && { echo "Bail out! node missing in CI"; exit 1; }
	echo "1..0 # SKIP needs node (make check installs it)"
	exit 0
}
cd "$COX_DATADIR/tests/browser" && node inflate.mjs
