# The systemd units make install ships: each one, filled in as make
# units fills it and named for a team, passes systemd-analyze verify
# with nothing to say; every service is hardened and runs cox on the
# team's workspace; a planted mistake is caught.
. "$(dirname "$0")/lib.sh"
plan 5

U=$T/units
run make -s -C "$COX_DATADIR" units BINDIR="$(dirname "$COX")" UNIT_OUT="$U"
is "$rc" 0 "make units fills in the units"
mkdir "$T/club"
for f in "$U"/*@.*; do
	b=${f##*/}
	cp "$f" "$T/club/${b%%@*}@club.${b##*.}"
done
is "$(ls "$T/club" | wc -l)" "$(ls "$COX_DATADIR"/hooks/systemd/*@.* | wc -l)" "one unit per shipped file"
run systemd-analyze verify --man=no "$T"/club/*
is "$rc:$out$err" "0:" "systemd-analyze verify passes every unit, saying nothing"

missing=
for f in "$T"/club/*.service; do
	for k in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes ProtectHome=yes \
		'CapabilityBoundingSet=$' 'User=cox' "ExecStart=$(dirname "$COX")/cox -C /var/lib/cox/%i "; do
		grep -q "^$k" "$f" || missing="$missing ${f##*/}:$k"
	done
done
is "${missing:-none}" none "every service is hardened and runs cox on the team's workspace"

sed 's/^ProtectSystem=strict/ProtectSystem=strickt/' "$T/club/cox-sms@club.service" >"$T/cox-bad@club.service"
run systemd-analyze verify --man=no "$T/cox-bad@club.service"
like "$err" "protect system value.*strickt" "a planted mistake makes systemd-analyze speak"

done_testing
