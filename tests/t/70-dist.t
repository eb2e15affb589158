# make dist: the release tarball, made twice from one commit (here and
# for the run's package build, deb_this), has the same bytes and carries
# the browser files the site serves with their licences, and the
# documents at the top (README.md, DESIGN.md, ...); unpacked where npm
# only fails, it builds cox (the package build's make, from that
# tarball), installs, and the installed cox finds its data by itself
# and builds a site.  npm is never run.
. "$(dirname "$0")/lib.sh"

need_deb_tools
plan 11

version=$(cat "$COX_DATADIR/VERSION")
tgz=coxswain-$version.tar.gz
# the run's package build: make deb, from its own make dist, where npm
# only fails (it writes that it was called)
deb_this "$T/deb"
deb_rc=$rc
[ "$rc" = 0 ] || tail -n 20 "$T/.out" "$T/.err" | sed 's/^/# /'
run make -s -C "$COX_DATADIR" dist DIST_OUT="$T/one"
is "$rc:$(ls "$T/one")" "0:$tgz" "make dist makes $tgz and nothing else"
run cmp "$T/one/$tgz" "$T/deb/$tgz"
is "$rc" 0 "the same commit makes the same bytes"

listing=$(tar -tzf "$T/one/$tgz")
missing=
for f in libsodium-sumo/LICENSE libsodium-wrappers-sumo/LICENSE \
	@zxcvbn-ts/language-common/LICENSE.txt pako/LICENSE \
	libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs \
	libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs \
	@zxcvbn-ts/language-common/src/passwords.json \
	pako/dist/browser/pako_inflate.esm.min.mjs; do
	grep -qxF "coxswain-$version/site-templates/node_modules/$f" <<<"$listing" ||
		missing="$missing $f"
done
is "${missing:-none}" none "the browser files and their licences are in it"
is "$(grep -c '/node_modules/.*\.md$' <<<"$listing")" 0 \
	"but not the rest of node_modules"
missing=
for f in README.md DESIGN.md SECURITY.md CHANGELOG.md LICENSE; do
	grep -qxF "coxswain-$version/$f" <<<"$listing" || missing="$missing $f"
done
is "${missing:-none}" none "the documents at the top are in it"

# make deb unpacked the tarball here and ran make in it
src=$T/deb/deb/coxswain-$version
is "$deb_rc:$(ls "$src/cox" 2>&1)" "0:$src/cox" "cox builds from the tarball"
run "$src/cox" --version
like "$(head -1 <<<"$out")" "^cox $version\$" "and says its release"
like "$out" "libsodium [0-9]" "and the libraries it runs on"

unset MAKEFLAGS MFLAGS CFLAGS CPPFLAGS LDFLAGS
export PATH="$T/deb/bin:$PATH"
run timeout 300 make -C "$src" -s install DESTDIR="$T/root" PREFIX=/usr
is "$rc:$err" "0:" "make install works from the tarball"
# the installed binary finds its data folder beside it, not here
workspace "$T/ws"
run env -u COX_DATADIR "$T/root/usr/bin/cox" -C "$T/ws" build
is "$rc:$(ls "$T/ws/site/assets" | grep -c 'sodium')" "0:2" \
	"the installed cox builds a site with the shipped libsodium.js"
is "$(cat "$T/deb/npm-called" 2>/dev/null)" "" "npm was never run"

done_testing
