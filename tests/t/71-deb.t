# make deb: the Debian source and binary packages, built from the
# release tarball with no network and no compiler warning, pass lintian
# at its pedantic level (no error, warning or pedantic tag; the rest is
# shown), hold what an operator needs (cox, manuals, units, the cox
# user, the browser files and their licences and source, the
# completion, CHANGELOG.md, README.Debian and NEWS.Debian), recommend
# what the setup guide uses, and its cox is hardened as Debian builds
# it, with stack clash and control-flow protection too where the
# compiler has them (hardening-check).  The maintainer scripts, run
# with systemctl stood in for, restart the running daemons on an
# upgrade and warn of a downgrade.  Then, where debootstrap is installed and we are
# root, the package installs with apt into a fresh Debian 12 (minbase)
# root: the cox user and /var/lib/cox are made, the units are in place
# and pass systemd-analyze verify there, and cox init and cox doctor run
# as cox, doctor naming every missing piece of the loop.  Skipped where
# the package tools are not installed; make check installs them.
. "$(dirname "$0")/lib.sh"

need_deb_tools
install=1
if ! command -v debootstrap >/dev/null || [ "$(id -u)" != 0 ]; then
	[ "${CI:-}" = true ] && { echo "Bail out! the install into a fresh root needs debootstrap and root (in CI)"; exit 1; }
	install=0
	echo "# the install into a fresh root needs debootstrap and root: not tried here"
fi
plan $((17 + install * 6))
# the fresh root below is made while the package builds
[ "$install" = 0 ] || debian_root_start

version=$(cat "$COX_DATADIR/VERSION")
is "$(dpkg-parsechangelog -l "$COX_DATADIR/debian/changelog" -S Version)" "$version" \
	"debian/changelog's version is VERSION's"

deb_this "$T"
is "$rc" 0 "make deb builds the packages and lintian --pedantic finds no error, warning or pedantic tag"
grep -E '^[A-Z]: ' "$T/.out" | sed 's/^/# lintian: /'
[ "$rc" = 0 ] || tail -n 30 "$T/.out" "$T/.err" | sed 's/^/# /'
is "$(grep -hE '\.(c|cc|h):[0-9]+(:[0-9]+)?: warning: ' "$T/.out" "$T/.err" | head -5)" "" \
	"the build prints no compiler warning"
like "$(cd "$T/deb" && ls coxswain_"$version".dsc coxswain_"$version".tar.* 2>&1 | tr '\n' ' ')" \
	"^coxswain_$version\.dsc coxswain_$version\.tar\.[a-z]+ $" "the source package is made too (lintian read it)"

deb=$(deb_file "$T/deb" "$version")
listing=$(dpkg-deb -c "$deb" 2>/dev/null | awk '{ print $6 }')
missing=
for f in usr/bin/cox usr/share/man/man1/cox.1.gz usr/share/man/man5/cox.conf.5.gz \
	usr/share/man/man8/cox-sms.8.gz usr/share/man/man7/cox-setup.7.gz usr/share/man/man7/cox-privacy.7.gz \
	usr/share/man/man7/cox-dpia.7.gz usr/share/man/man7/cox-numbers.7.gz \
	lib/systemd/system/cox-sms@.service lib/systemd/system/cox-nightly@.timer \
	usr/lib/sysusers.d/coxswain.conf usr/lib/tmpfiles.d/coxswain.conf \
	usr/share/bash-completion/completions/cox usr/share/doc/coxswain/copyright \
	usr/share/coxswain/site-templates/head.html usr/share/coxswain/hooks/post-ingest \
	usr/share/coxswain/site-templates/node_modules/libsodium-sumo/LICENSE \
	usr/share/coxswain/lib/words/en.txt usr/share/doc/coxswain/CHANGELOG.md \
	usr/share/doc/coxswain/README.Debian usr/share/doc/coxswain/NEWS.Debian \
	usr/share/doc/coxswain/changelog; do
	grep -qxE "\./$f(\.gz)?" <<<"$listing" || missing="$missing $f"
done
is "${missing:-none}" none "the package holds cox, its data, manuals, units, user and completion"

is "$(tar -tf "$T"/deb/coxswain_"$version".tar.* | grep -cE 'debian/missing-sources/(libsodium/src/libsodium/crypto_box/crypto_box\.c|libsodium\.js/wrapper/build-wrappers\.ts)$')" 2 \
	"the source of the built libsodium browser files is in the source package"
like "$(dpkg-deb -f "$deb" Recommends)" "openssh-client" "it recommends ssh (the guide's ssh-keygen)"

dpkg-deb -e "$deb" "$T/control"
like "$(cat "$T/control/postinst" 2>/dev/null)" "systemd-sysusers" \
	"installing it makes the cox user"
# the scripts, run with systemctl and deb-systemd-invoke stood in for
# (DPKG_ROOT keeps debhelper's parts off this machine)
mkdir -p "$T/stub" "$T/dpkgroot"
printf '#!/bin/sh
[ "$1" = list-units ] || exit 0
printf "cox-sms@club.service loaded active running x\ncox-mail@club.service loaded active running y\n"
' >"$T/stub/systemctl"
printf '#!/bin/sh
echo "$*" >>"%s/invoked"
' "$T" >"$T/stub/deb-systemd-invoke"
printf '#!/bin/sh
exit 0
' >"$T/stub/systemd-sysusers"
cp "$T/stub/systemd-sysusers" "$T/stub/systemd-tmpfiles"
chmod +x "$T"/stub/*
script() { run env PATH="$T/stub:$PATH" DPKG_ROOT="$T/dpkgroot" sh "$T/control/$1" "${@:2}"; }
script postinst configure 0.1.0
is "$rc:$(cat "$T/invoked" 2>/dev/null)" "0:try-restart cox-sms@club.service cox-mail@club.service" \
	"an upgrade try-restarts the running daemons"
rm -f "$T/invoked"
script postinst configure
is "$rc:$(cat "$T/invoked" 2>/dev/null)" "0:" "a first install restarts nothing"
script preinst upgrade 9.0.0
like "$rc:$err" "^0:coxswain: warning: downgrading from 9\.0\.0 to $version" "the preinst warns of a downgrade"
script postinst configure 9.0.0
like "$rc:$err" "^0:coxswain: warning: downgraded from 9\.0\.0 to $version" "and so does the postinst"

dpkg-deb -x "$deb" "$T/root"
dyn=$(readelf -dW "$T/root/usr/bin/cox")
is "$(grep -c 'BIND_NOW' <<<"$dyn"):$(readelf -lW "$T/root/usr/bin/cox" | grep -c GNU_RELRO)" "1:1" \
	"cox is linked with -z relro -z now"
like "$(grep 'FLAGS_1' <<<"$dyn")" "PIE" "and is a PIE"
syms=$(readelf --dyn-syms -W "$T/root/usr/bin/cox")
is "$(grep -c '__stack_chk_fail' <<<"$syms"):$(grep -cE '__[a-z]+_chk@' <<<"$syms" | sed 's/^[1-9][0-9]*$/some/')" \
	"1:some" "with the stack protector and _FORTIFY_SOURCE's checked calls"
# Debian 12's own start files (Scrt1.o, crti.o) carry no CET property,
# so no binary linked there is marked for it whatever it was compiled
# with: hardening-check's control-flow line is asked for only where they
# do, and the flags are read from the compiler's record in the debug
# symbols (DW_AT_producer) everywhere.
want=
for f in -fstack-clash-protection -fcf-protection; do
	cc -Werror $f -x c -c -o /dev/null /dev/null 2>/dev/null && want="$want $f"
done
dpkg-deb -x "$(ls "$T"/deb/coxswain-dbgsym_"$version"_*.deb | head -1)" "$T/dbg"
producer=$(find "$T/dbg" -name '*.debug' -exec readelf --debug-dump=info {} + 2>/dev/null |
	grep -m1 'DW_AT_producer.*GNU C')
got=
for f in $want; do grep -q -- "$f" <<<"$producer" && got="$got $f"; done
is "$got" "$want" "cox is compiled with stack clash and control-flow protection where the compiler has them"
if command -v hardening-check >/dev/null; then
	cet=--nocfprotection
	readelf -n "$(cc -print-file-name=Scrt1.o)" 2>/dev/null | grep -q 'IBT, SHSTK' && cet=
	run hardening-check $cet "$T/root/usr/bin/cox"
	is "$rc" 0 "hardening-check finds every protection${cet:+ (CET aside: the start files of this toolchain lack it)}"
	[ "$rc" = 0 ] || sed 's/^/# /' <<<"$out"
elif [ "${CI:-}" = true ]; then
	fail "hardening-check (devscripts) is missing in CI"
else
	pass "# SKIP no hardening-check (devscripts; make check installs it)"
fi

[ "$install" = 1 ] || { done_testing; exit; }

# A fresh Debian 12, as a volunteer's new machine: only the package's own
# dependencies come with it (apt fetches them).
R=$T/fresh
debian_root "$R"
cp "$deb" "$R/tmp/"
in_root "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/${deb##*/}"
is "$rc" 0 "the package installs with apt on a fresh Debian 12"
[ "$rc" = 0 ] || tail -20 "$T/.out" "$T/.err" | sed 's/^/# /'
in_root 'id -un cox; stat -c "%U %a" /var/lib/cox'
is "$out" "cox
cox 750" "it makes the cox user and /var/lib/cox, the user's only"
run systemctl --root="$R" list-unit-files --no-legend 'cox-*'
is "$(awk '{ print $1 }' <<<"$out" | sort | tr '\n' ' ')" \
	"$(cd "$COX_DATADIR"/hooks/systemd && ls -- *@.* | sort | tr '\n' ' ')" "systemctl sees every unit, installed where systemd looks"
in_root 'mkdir -p /tmp/u && for f in /lib/systemd/system/cox-*@.*; do b=${f##*/}; ln -sf "$f" "/tmp/u/${b%%@*}@club.${b##*.}"; done && systemd-analyze verify --man=no /tmp/u/*'
is "$rc:$out$err" "0:" "the installed units pass systemd-analyze verify there"
in_root 'runuser -u cox -- cox init /var/lib/cox/club'
is "$rc" 0 "cox init makes a workspace as cox"
in_root 'runuser -u cox -- cox -C /var/lib/cox/club doctor'
missing=
for p in "base_url is still" "no way in for texts" "no way in for mail" "no way out" "no coach" "no metric" \
	"cox-sms@club.service loads it from /etc/cox/club/twilio-token"; do
	grep -qF "$p" <<<"$out" || missing="$missing [$p]"
done
is "$rc:${missing:-none}" "78:none" "cox doctor as cox names every missing piece of the loop and exits 78"

done_testing
