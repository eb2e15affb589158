# cox doctor: a workspace set up right is all well; each broken setting
# planted in it, one at a time, is named on a line of its own with the
# fix, and the exit status is 78 until it is put right.  A bare cox init
# names every piece the loop cannot flow without, also as --json.  Run
# as another user than the workspace's, it says whom to run as; a
# secret a systemd unit loads is checked where the unit loads it from.
# --online logs in to the SMTP server, the IMAP mailbox (Dovecot),
# Twilio's API (a fake on loopback) and the site remote, and names each
# that refuses.
. "$(dirname "$0")/lib.sh"
. "$COX_DATADIR/tests/imap-server.sh"
imap_require
plan 100
unset COX_HOOKS_POST_INGEST	# lib.sh sets it; here cox.conf must speak
unset SYSTEMD_UNIT_PATH

W=$T/club
"$COX" init "$W" >/dev/null
doctor() { run "$COX" -C "$W" doctor "$@"; }

# a bare cox init: every missing piece, exit 78, and the same as JSON
doctor
bare=$out
is "$rc" 78 "a bare cox init: exit 78"
for piece in "base_url is still cox init's example" \
	"no way in for texts: \[sms\] public_url is not set" \
	"no way in for texts: \[sms\] account_sid is not set" \
	"\[sms\] auth_token_file is not set" \
	"no way in for mail: set \[mail\] imap_url" \
	"no coach's email is taken: \[mail\] coaches is not set" \
	"no coach's email acts: \[mail\] authserv_id is not set" \
	"no way out: \[smtp\] url is not set" \
	"no coach on the roster.*cox roster add" \
	"no metric.*cox metric add"; do
	like "$bare" "problem: .*$piece" "a bare cox init names: $piece"
done
doctor --json
py() { printf '%s' "$out" | /usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); $1"; }
is "$rc:$(py 'print(" ".join(sorted(f["key"] for f in d["findings"] if f["level"] == "fail")))')" \
	"78:loop.coach loop.mail_auth loop.mail_coaches loop.mail_in loop.mail_out loop.metric loop.texts_in.account_sid loop.texts_in.public_url secret.sms.auth_token site.base_url" \
	"--json: the same findings, under stable keys, exit 78"
printf '%s' "$out" | /usr/bin/python3 -m json.tool >/dev/null
is "$?:$(py 'print(d["problems"], sum(f["level"] == "ok" for f in d["findings"]) > 10, sorted({f["level"] for f in d["findings"]}))')" \
	"0:10 True ['fail', 'ok']" "--json parses, counts the problems and lists what is ok"
is "$(py 'print("\n".join("problem: " + f["text"] for f in d["findings"] if f["level"] == "fail"))')" \
	"$(printf '%s\n' "$bare" | grep '^problem')" "--json: each finding's text is the line doctor prints"
# --online with no way out set up: nothing vouched for, no ok for a way
# out (or a remote) that is not there
doctor --online --json
is "$(py 'print(" | ".join(f["level"] + " " + f["text"] for f in d["findings"] if f["key"].startswith("online")))')" \
	"fail no way out to log in to: neither [smtp] url nor Twilio's [sms] account_sid is set (above), so nothing cox writes leaves" \
	"--online with nothing set up: a problem, not ok"

# the full loop: each piece set
printf 'twilio-token-for-doctor\n' >"$T/token"
chmod 600 "$T/token"
git init -q --bare "$T/remote.git"
conf_set "$W/cox.conf" site base_url https://club.example.org/team/
conf_set "$W/cox.conf" sms public_url https://sms.club.example.org
conf_set "$W/cox.conf" sms account_sid AC0123456789abcdef0123456789abcdef
conf_set "$W/cox.conf" sms auth_token_file "$T/token"
conf_set "$W/cox.conf" mail address ratings@club.example.org
conf_set "$W/cox.conf" mail coaches head.coach@club.example.org
conf_set "$W/cox.conf" mail authserv_id mx.club.example.org
conf_set "$W/cox.conf" smtp url smtp://mail.club.example.org:587
conf_set "$W/cox.conf" smtp from coxswain@club.example.org
conf_set "$W/cox.conf" site remote "$T/remote.git"
"$COX" -C "$W" roster add --name "Alex Carter" --email head.coach@club.example.org --role head_coach >/dev/null
"$COX" -C "$W" roster add --name "Jane Doe" --phone +447700900123 --squad eights >/dev/null
"$COX" -C "$W" roster consent @jdoe --texts >/dev/null
"$COX" -C "$W" roster consent @jdoe --wellness >/dev/null
"$COX" -C "$W" metric add technique --name Technique --scale 1-5 >/dev/null
cp "$W/cox.conf" "$T/good.conf"
cp "$W/cox.db" "$T/good.db"
doctor
is "$rc:$(printf %s "$out" | grep -c '^problem')" "0:0" "a workspace set up right: exit 0, no problem"
like "$out" "^all is well \([0-9]+ checks" "and it says all is well"
unlike "$out" "takes [0-9]+ texts|take two texts" "and every text cox starts fits one SMS"

# a long club name and no short name: texts open with words of it, so
# doctor suggests one (a warning, exit 0)
conf_set "$W/cox.conf" team name "Ruderclub Wannsee"
doctor
like "$rc:$out" "^0:warning: \[team\] name 'Ruderclub Wannsee' has 17 characters and no short_name is set, so every text cox starts opens with 'Ruderclub Wannsee': set \[team\] short_name" \
	"a name over 16 characters and no short name: doctor suggests one"
conf_set "$W/cox.conf" team short_name "RC Wannsee"
doctor
unlike "$out" "short_name" "and says nothing once it is set"
cp "$T/good.conf" "$W/cox.conf"

# texts that take two segments: a warning each, with why (exit 0)
conf_set "$W/cox.conf" team short_name "Riverside Rowing Club of Oxford"
conf_set "$W/cox.conf" site base_url "https://www.riverside-rowing-club-of-the-upper-thames.example.org/members/site/"
doctor
is "$rc" 0 "texts of two segments are warnings, not problems"
like "$out" "warning: \[team\] short_name 'Riverside Rowing Club of Oxford' has 31 characters.*keep it to 16" \
	"a short name over 16 characters is named"
like "$out" "warning: the check-in prompt in en takes 2 texts, not one \([0-9]+ characters.*the club's short name takes 33 of them" \
	"the check-in prompt it makes too long, and why"
like "$out" "warning: invitations by text to 1 athlete take two texts \([0-9]+ characters for @jdoe\): the site's address \(\[site\] base_url\) has 79 characters" \
	"invitations a long site address makes too long, and why"
cp "$T/good.conf" "$W/cox.conf"

# plant CHANGE... PATTERN NAME: runs the change, expects exit 78 and one
# problem line matching PATTERN, then puts cox.conf back.
plant() {
	local pattern=$1 name=$2
	doctor ${ONLINE:+--online}
	if [ "$rc" = 78 ] && [ "$(printf '%s\n' "$out" | grep -c '^problem')" = 1 ] &&
		printf '%s\n' "$out" | grep '^problem' | grep -Eq -- "$pattern"; then
		pass "$name"
	else
		fail "$name" "rc $rc" "$out" "$err"
	fi
	cp "$T/good.conf" "$W/cox.conf"
	cp "$T/good.db" "$W/cox.db"
}
# an address of [mail] coaches no coach on the roster has (erased,
# never added) or that is a removed coach's acts on nothing: a warning
# names each, with what to do
conf_set "$W/cox.conf" mail coaches "head.coach@club.example.org, gone@club.example.org, nora@club.example.org"
"$COX" -C "$W" roster add --name "Nora Nosquad" --email nora@club.example.org --role coach >/dev/null
"$COX" -C "$W" roster remove @nnosquad >/dev/null
doctor
is "$rc:$(printf %s "$out" | grep -c '^problem')" "0:0" "addresses of [mail] coaches that act on nothing: no problem"
like "$out" "^warning: gone@club.example.org is in \[mail\] coaches but no one on the roster has that address, so its mail is quarantined: add its coach \(cox roster add --name NAME --email gone@club.example.org --role head_coach" \
	"but a warning names an address on no roster, and how to add its coach"
like "$out" "^warning: nora@club.example.org is in \[mail\] coaches but is Nora Nosquad \(@nnosquad\), who is removed from the roster" \
	"and one of a coach removed"
unlike "$out" "warning: head.coach@club.example.org" "and not the head coach's"
cp "$T/good.conf" "$W/cox.conf"
cp "$T/good.db" "$W/cox.db"
# a coach of no squad opens nothing (a warning); with no head coach, a
# squad no coach is in is seen by no one (a problem)
"$COX" -C "$W" roster add --name "Nora Nosquad" --email nora@club.example.org --role coach >/dev/null
doctor
is "$rc:$(printf %s "$out" | grep -c '^problem')" "0:0" "a coach of no squad beside a head coach: no problem"
like "$out" "warning: Nora Nosquad \(@nnosquad\) is a coach of no squad, so no part of the dashboard opens for them: give them one \(cox roster edit @nnosquad --squad NAME\)" \
	"but a warning that she opens nothing, with the command that fixes it"
"$COX" -C "$W" roster edit @acarter --role coach >/dev/null
plant "squad eights has 1 athlete and no coach, and there is no head coach, so no coach sees its page: put a coach in it \(cox roster edit @HANDLE --squad \"eights\"\)" \
	"a squad no coach is in, and no head coach"
conf_set "$W/cox.conf" site base_url club.example.org/team
plant "base_url 'club.example.org/team' is not an http\(s\) address: write it whole" "a base_url without a scheme"
conf_set "$W/cox.conf" site base_url https://example.org/team
plant "base_url is still cox init's example" "cox init's example base_url"
conf_set "$W/cox.conf" site base_url http://club.example.org/team/
plant "base_url .* is plain http: serve the site over https" "a plain-http base_url"
conf_set "$W/cox.conf" site base_url http://127.attacker.example/team/
plant "base_url .* is plain http: serve the site over https" "a plain-http base_url whose host only begins like 127."
conf_set "$W/cox.conf" sms public_url http://sms.club.example.org
plant "public_url .* is plain http" "a plain-http public_url"
conf_set "$W/cox.conf" sms public_url https://sms.club.example.org/
plant "public_url .* ends with '/'" "a public_url ending in /"
conf_set "$W/cox.conf" sms account_sid AC123
plant "account_sid 'AC123' is not an Account SID" "a malformed account SID"
chmod 644 "$T/token"
plant "auth_token_file: $T/token is mode 644: .*chmod 600" "a secret file others can read"
chmod 600 "$T/token"
conf_set "$W/cox.conf" sms auth_token_file "$T/nothing"
plant "auth_token_file: $T/nothing cannot be read" "a secret file that is not there"
conf_del "$W/cox.conf" sms auth_token_file
plant "\[sms\] auth_token_file is not set" "no auth token while public_url is set"
conf_set "$W/cox.conf" sms auth_token inline-secret
plant "\[sms\] auth_token is written in cox.conf" "a secret written in cox.conf"
conf_set "$W/cox.conf" site remote https://git.club.example/site.git
plant "\[site\] remote_token_file is not set" "an https remote without the token a push needs"
# each piece of the loop taken away, one at a time
conf_del "$W/cox.conf" sms public_url
plant "no way in for texts: \[sms\] public_url is not set: put the https address Twilio calls" "no public_url: no way in for texts"
conf_del "$W/cox.conf" sms account_sid
plant "no way in for texts: \[sms\] account_sid is not set: copy it from the Twilio console" "no account_sid: no way in for texts"
conf_del "$W/cox.conf" mail address
plant "no way in for mail: set \[mail\] imap_url .* or into $W/Maildir and set \[mail\] address" "no [mail] address, IMAP or Maildir: no way in for mail"
conf_del "$W/cox.conf" mail address
mkdir -p "$W/Maildir/new" "$W/Maildir/cur" "$W/Maildir/tmp"
doctor
is "$rc" 0 "a Maildir in the workspace is a way in for mail"
rm -r "$W/Maildir"
cp "$T/good.conf" "$W/cox.conf"
# a Maildir a daemon watches must be there, [mail] address or not: the
# one COX_MAILDIR names, or the enabled cox-mail@ unit's
run env COX_MAILDIR="$T/no-maildir" "$COX" -C "$W" doctor
like "$rc:$(printf '%s\n' "$out" | grep '^problem')" "^78:problem: no way in for mail: cox mail --maildir watches $T/no-maildir \(COX_MAILDIR\), which is not a Maildir this user can take mail from: make it as the user cox runs as \(mkdir -p $T/no-maildir/new $T/no-maildir/cur $T/no-maildir/tmp\)" \
	"a Maildir COX_MAILDIR names that is not there is a problem"
mkdir -p "$T/munits/multi-user.target.wants"
printf '%s\n' "[Service]" "Environment=COX_MAILDIR=$T/%i/Maildir" \
	"ExecStart=/usr/bin/cox -C $T/%i mail --maildir \${COX_MAILDIR} --watch" >"$T/munits/cox-mail@.service"
run env SYSTEMD_UNIT_PATH="$T/munits" "$COX" -C "$W" doctor
is "$rc" 0 "cox-mail@ installed but not enabled: no Maildir asked for"
ln -s ../cox-mail@.service "$T/munits/multi-user.target.wants/cox-mail@club.service"
run env SYSTEMD_UNIT_PATH="$T/munits" "$COX" -C "$W" doctor
like "$rc:$(printf '%s\n' "$out" | grep '^problem')" "^78:problem: no way in for mail: cox mail --maildir watches $W/Maildir \(cox-mail@ is enabled\), which is not a Maildir" \
	"cox-mail@ enabled with no Maildir: a problem, though [mail] address is set"
mkdir -p "$W/Maildir/new" "$W/Maildir/cur" "$W/Maildir/tmp"
run env SYSTEMD_UNIT_PATH="$T/munits" "$COX" -C "$W" doctor
is "$rc" 0 "and none once the Maildir is made"
rm -r "$W/Maildir"
conf_del "$W/cox.conf" smtp url
plant "no way out: \[smtp\] url is not set: put the mail server" "no [smtp] url: no way out"
conf_del "$W/cox.conf" smtp from
plant "\[smtp\] from is not set: put the address replies come from" "no [smtp] from"
"$COX" -C "$W" roster remove head.coach@club.example.org >/dev/null
plant "no coach on the roster, so nobody rates: cox roster add --name NAME --email ADDRESS --role head_coach" "no coach"
"$COX" -C "$W" roster edit head.coach@club.example.org --role coach --squad eights >/dev/null
"$COX" -C "$W" roster add --name "Sam Lee" --phone +447700900124 >/dev/null
plant "1 athlete is in no squad and there is no head coach, so no coach sees their page: cox roster edit WHO --role head_coach" \
	"athletes in no squad and no head coach"
sql "$W/cox.db" "UPDATE metric SET active = 0"
plant "no metric, so there is nothing to rate: cox metric add" "no metric"

# as another user than the workspace's: whom to run as, and how
if [ "$(id -u)" = 0 ]; then
	chown -R nobody "$W"
	doctor --online
	is "$rc:$(printf '%s\n' "$out" | grep -c '^problem')" "77:1" "run as root on nobody's workspace: exit 77, one problem"
	like "$out" "problem: the workspace belongs to user nobody: .*sudo -u nobody cox -C $W doctor --online" \
		"it names the user and the command to run"
	is "$(find "$W" ! -user nobody | wc -l)" 0 "and leaves no file of its own in the workspace"
	chown -R "$(id -u)" "$W"
else
	chmod 000 "$W/cox.db"
	doctor
	like "$rc:$out" "^77:problem: $W/cox.db cannot be opened \(Permission denied\): chmod 600" "a database doctor cannot open: says so"
	pass "# skip not root"; pass "# skip not root"
	chmod 600 "$W/cox.db"
fi

# a secret a systemd unit loads as a credential
mkdir -p "$T/units" "$T/creds/club"
printf '%s\n' "[Service]" "User=cox" "LoadCredential=twilio-token:$T/creds/%i/twilio-token" \
	"Environment=COX_SMS_AUTH_TOKEN_FILE=%d/twilio-token" \
	"ExecStart=/usr/bin/cox -C $T/%i sms serve --listen 127.0.0.1:8081" >"$T/units/cox-sms@.service"
cp "$T/token" "$T/creds/club/twilio-token"
conf_del "$W/cox.conf" sms auth_token_file
cp "$W/cox.conf" "$T/unit.conf"
export SYSTEMD_UNIT_PATH=$T/units
printf '%s\n' "[Service]" "LoadCredential=imap-password:$T/creds/%i/imap-password" \
	"Environment=COX_MAIL_IMAP_PASSWORD_FILE=%d/imap-password" \
	"ExecStart=/usr/bin/cox -C $T/%i mail --imap \${COX_MAIL_IMAP_URL} --idle" >"$T/units/cox-imap@.service"
doctor
is "$rc:$(printf '%s\n' "$out" | grep -c '^problem')" "0:0" "a token the unit loads as a credential is not missing"
unlike "$out" "imap" "a club not on IMAP is not asked for its password, though cox-imap@ would load one"
mkdir -p "$T/units/multi-user.target.wants"
ln -s ../cox-imap@.service "$T/units/multi-user.target.wants/cox-imap@club.service"
plant "\[mail\] imap_password_file: cox-imap@club.service loads it from $T/creds/club/imap-password \(credential imap-password\), which is not there" \
	"with cox-imap@ enabled, its password is asked for, and a file not there is a problem"
rm "$T/units/multi-user.target.wants/cox-imap@club.service"
cp "$T/unit.conf" "$W/cox.conf"
rm "$T/creds/club/twilio-token"
cp "$T/unit.conf" "$W/cox.conf"
plant "\[sms\] auth_token_file: cox-sms@club.service loads it from $T/creds/club/twilio-token \(credential twilio-token\), which is not there" \
	"a credential whose file is not there: names the unit and the file"
cp "$T/token" "$T/creds/club/twilio-token"
chmod 644 "$T/creds/club/twilio-token"
conf_set "$W/cox.conf" sms auth_token_file /run/credentials/cox-sms@club.service/twilio-token
plant "\[sms\] auth_token_file: $T/creds/club/twilio-token is mode 644" "auth_token_file naming the unit's credential: the file it loads is checked"
rm "$T/units/cox-sms@.service"
conf_set "$W/cox.conf" sms auth_token_file /run/credentials/cox-sms@club.service/twilio-token
doctor
like "$rc:$out" "^0:warning: \[sms\] auth_token_file: .* is a systemd credential, which only cox-sms@club.service can read while it runs: see that it has LoadCredential=twilio-token:FILE with systemctl cat cox-sms@club.service" \
	"a credential of a unit doctor cannot find: a warning saying how to check"
cp "$T/good.conf" "$W/cox.conf"

# the nightly unit's sandbox decides where its backups can go
printf 'a-long-enough-passphrase\n' >"$T/creds/club/backup-passphrase"
chmod 600 "$T/creds/club/backup-passphrase"
printf '%s\n' "[Service]" "StateDirectory=cox/%i cox-backups/%i" \
	"LoadCredential=backup-passphrase:$T/creds/%i/backup-passphrase" \
	"Environment=COX_BACKUP_PASSPHRASE_FILE=%d/backup-passphrase" \
	"ExecStart=/usr/bin/cox -C $T/%i mail --prune" \
	"ExecStart=/usr/bin/cox -C $T/%i backup --fallback-dir /var/lib/cox-backups/%i" >"$T/units/cox-nightly@.service"
rm "$T/creds/club/backup-passphrase"
plant "\[backup\] passphrase_file: cox-nightly@club.service loads it from $T/creds/club/backup-passphrase .*which is not there" \
	"a nightly unit without its passphrase: named, though [backup] dir is not set"
printf 'a-long-enough-passphrase\n' >"$T/creds/club/backup-passphrase"
chmod 600 "$T/creds/club/backup-passphrase"
doctor
is "$rc:$(printf '%s\n' "$out" | grep -c '^problem')" "0:0" "no [backup] dir: the nightly unit's own folder, no problem"
mkdir -p "$T/usb"
conf_set "$W/cox.conf" backup dir "$T/usb"
cp "$W/cox.conf" "$T/backup.conf"
plant "\[backup\] dir is $T/usb, where cox-nightly@club.service cannot write .*: add ReadWritePaths=$T/usb with systemctl edit cox-nightly@club.service" \
	"a [backup] dir the nightly unit's sandbox cannot write to: names the drop-in"
mkdir -p "$T/units/cox-nightly@club.service.d"
printf '%s\n' "[Service]" "ReadWritePaths=-$T/usb" >"$T/units/cox-nightly@club.service.d/usb.conf"
cp "$T/backup.conf" "$W/cox.conf"
doctor
is "$rc:$(printf '%s\n' "$out" | grep -c '^problem')" "0:0" "with ReadWritePaths in a drop-in: no problem"
# as the user the units run as, whose files are root's: a secret doctor
# cannot read is a problem, not a warning, with the command that runs
# doctor as the units run (here: IMAP enabled, and neither file there)
if [ "$(id -u)" = 0 ]; then
	cp "$T/unit.conf" "$W/cox.conf"
	ln -s ../cox-imap@.service "$T/units/multi-user.target.wants/cox-imap@club.service"
	printf '%s\n' "[Service]" "LoadCredential=twilio-token:$T/creds/%i/twilio-token" \
		"Environment=COX_SMS_AUTH_TOKEN_FILE=%d/twilio-token" \
		"ExecStart=/usr/bin/cox -C $T/%i sms serve" >"$T/units/cox-sms@.service"
	rm "$T/creds/club/backup-passphrase"
	chmod 755 "$T"
	chmod 700 "$T/creds/club"
	chown -R nobody "$W"
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$COX" -C "$W" doctor --online
	is "$rc:$(printf '%s\n' "$out" | grep -c '^problem: .* which this user cannot read, so doctor cannot say it is there')" "78:3" \
		"as the units' user: each secret it cannot read is a problem (the token, the IMAP password, the passphrase)"
	like "$out" "^problem: \[mail\] imap_password_file: cox-imap@club.service loads it from $T/creds/club/imap-password \(credential imap-password\), which this user cannot read, so doctor cannot say it is there: run doctor as the units run \(below\)" \
		"naming the unit, the file and the credential"
	like "$out" "^problem: the units load secrets this user cannot read \(above\): run doctor as they run, with their credentials and settings: sudo systemd-run --pipe --quiet --collect -p User=nobody -p LoadCredential=cox:$T/creds/club [^ ]*cox -C $W doctor --online\$" \
		"and the one command that runs it with them"
	like "$out" "^problem: nothing is tried online: the units' secrets cannot be read by this user" \
		"--online tries nothing it has no secret for, rather than a missing-key error"
	chown -R "$(id -u)" "$W"
	chmod 755 "$T/creds/club"
	printf 'a-long-enough-passphrase\n' >"$T/creds/club/backup-passphrase"
	chmod 600 "$T/creds/club/backup-passphrase"
	rm "$T/units/multi-user.target.wants/cox-imap@club.service" "$T/units/cox-sms@.service"
else
	for _ in 1 2 3 4; do pass "# skip not root"; done
fi
cp "$T/good.conf" "$W/cox.conf"
unset SYSTEMD_UNIT_PATH

# a password written into a URL is refused with a pointer to the *_file
# key, and is never printed back
secretless() { unlike "$out$err" "hunter2" "$1"; cp "$T/good.conf" "$W/cox.conf"; }
conf_set "$W/cox.conf" smtp url "smtps://coach:hunter2@mail.example.org:465"
conf_set "$W/cox.conf" smtp from coxswain@club.example
doctor
like "$rc:$out" "^78:.*problem: \[smtp\] url smtps://coach:\*\*\*\*@mail.example.org:465 carries a password: .*\[smtp\] password_file" \
	"a password in [smtp] url is refused, pointing at password_file"
secretless "and it is not printed"
conf_set "$W/cox.conf" mail imap_url "imaps://coach:hunter2@imap.example.org/INBOX"
conf_set "$W/cox.conf" site remote "https://x-access-token:hunter2@git.club.example/site.git"
conf_set "$W/cox.conf" site base_url "https://u:hunter2@club.example.org/team/"
doctor
like "$out" "imap_url imaps://coach:\*\*\*\*@imap.example.org/INBOX carries a password: .*\[mail\] imap_password_file" \
	"in [mail] imap_url too, pointing at imap_password_file"
like "$out" "remote https://x-access-token:\*\*\*\*@git.club.example/site.git carries a password: .*remote_token_file" \
	"in [site] remote, pointing at remote_token_file"
secretless "and none of them is printed"
conf_set "$W/cox.conf" hooks post_ingest sometimes
plant "post_ingest = sometimes: write default or off" "a wrong [hooks] post_ingest"
mkdir -p "$W/hooks" && printf '#!/bin/sh\n' >"$W/hooks/post-ingest"
plant "hooks/post-ingest is not executable.*chmod \+x" "a hook that cannot run"
mv "$W/hooks/post-ingest" "$W/hooks/post-ingets"
plant "hooks/post-ingets is not a hook cox runs" "a misspelt hook"
rm -r "$W/hooks"
chmod 644 "$W/cox.db"
plant "cox.db is mode 644" "a database others can read"
chmod 600 "$W/cox.db"
conf_set "$W/cox.conf" team default_country XX
plant "default_country is wrong" "a wrong default_country"

conf_set "$W/cox.conf" team site_id AnotherTeamsSiteId00
doctor
like "$rc:$err|$out" "^78:.*belongs to another team.*\|problem: the workspace .* does not open" \
	"a cox.conf of another team's database: the workspace does not open, and doctor says why"
cp "$T/good.conf" "$W/cox.conf"

cp "$W/cox.db" "$T/db.good"
printf 'damaged page %.0s' $(seq 300) | dd of="$W/cox.db" bs=4096 seek=3 conv=notrunc 2>/dev/null
doctor
like "$rc:$out$err" "^(78|74|70):.*(quick_check|damaged|does not open|malformed)" "a damaged cox.db is found"
cp "$T/db.good" "$W/cox.db"

# --online, against servers on loopback
tport=$(free_port)
iport=$(free_port)
imap_start "$T/dovecot" "$iport" || { echo "Bail out! dovecot did not start"; exit 1; }
at_exit imap_stop
printf '%s\n' "$IMAP_PASSWORD" >"$T/imap-pw"
chmod 600 "$T/imap-pw"
fake_twilio "$tport" AC0123456789abcdef0123456789abcdef twilio-token-for-doctor
smtp_sink "$W"
conf_set "$W/cox.conf" sms account_sid AC0123456789abcdef0123456789abcdef
conf_set "$W/cox.conf" sms api_url "http://127.0.0.1:$tport"
conf_set "$W/cox.conf" sms from +15005550006
conf_set "$W/cox.conf" mail imap_url "imaps://coach@127.0.0.1:$iport/INBOX"
conf_set "$W/cox.conf" mail imap_password_file "$T/imap-pw"
conf_set "$W/cox.conf" mail imap_ca_file "$T/dovecot/ca.pem"
cp "$W/cox.conf" "$T/good.conf"
doctor --online
is "$rc:$(printf %s "$out" | grep -c '^problem')" "0:0" "--online: SMTP, IMAP, Twilio and the remote answer: all well"
# as doctor says to run it under systemd (LoadCredential=cox:FOLDER),
# the units' secrets are files of $CREDENTIALS_DIRECTORY: doctor checks
# them there and logs in with them
mkdir -p "$T/cd" "$T/cdunits"
printf '%s\n' "[Service]" "LoadCredential=twilio-token:$T/etc-cox/%i/twilio-token" \
	"Environment=COX_SMS_AUTH_TOKEN_FILE=%d/twilio-token" \
	"ExecStart=/usr/bin/cox -C $T/%i sms serve" >"$T/cdunits/cox-sms@.service"
cp "$T/token" "$T/cd/cox_twilio-token"
chmod 400 "$T/cd/cox_twilio-token"
conf_del "$W/cox.conf" sms auth_token_file
run env SYSTEMD_UNIT_PATH="$T/cdunits" CREDENTIALS_DIRECTORY="$T/cd" "$COX" -C "$W" doctor --online
is "$rc:$(printf %s "$out" | grep -c '^problem')" "0:0" \
	"--online under systemd-run: the Twilio token from \$CREDENTIALS_DIRECTORY, and Twilio takes it"
rm "$T/cd/cox_twilio-token"
if [ "$(id -u)" = 0 ]; then	# as the units' user, who cannot see the file
	mkdir -p "$T/etc-cox/club"
	chmod 700 "$T/etc-cox"
	chmod 755 "$T" "$T/cd"
	chown -R nobody "$W"
	run setpriv --reuid=65534 --regid=65534 --clear-groups env SYSTEMD_UNIT_PATH="$T/cdunits" \
		CREDENTIALS_DIRECTORY="$T/cd" "$COX" -C "$W" doctor
	like "$rc:$(printf %s "$out" | grep 'auth_token')" "^78:problem: \[sms\] auth_token_file: cox-sms@club.service loads it from $T/etc-cox/club/twilio-token \(credential twilio-token\), which is not among the credentials doctor runs with" \
		"one not among the credentials is a problem"
	chown -R "$(id -u)" "$W"
else
	pass "# skip not root"
fi
cp "$T/good.conf" "$W/cox.conf"
printf 'not-the-token\n' >"$T/token"
ONLINE=1
plant "account_sid AC0123456789abcdef0123456789abcdef: Twilio said 401 \(error 20003\)" "--online: Twilio refuses a wrong token"
printf 'twilio-token-for-doctor\n' >"$T/token"
conf_set "$W/cox.conf" smtp url "smtp://127.0.0.1:$(free_port)"
plant "\[smtp\] url smtp://127.0.0.1:[0-9]+: .*(connect|Couldn)" "--online: an SMTP server that is not there"
printf 'wrong-password\n' >"$T/imap-pw"
plant "\[mail\] imap_url imaps://coach@127.0.0.1:$iport/INBOX: cox mail --imap cannot get in" "--online: an IMAP password that is refused"
printf '%s\n' "$IMAP_PASSWORD" >"$T/imap-pw"
conf_set "$W/cox.conf" mail imap_url "imaps://coach@127.0.0.2:$iport/INBOX"
plant "\[mail\] imap_url .*cannot get in" "--online: an IMAP certificate for another name"
conf_set "$W/cox.conf" smtp url "smtp://coach:hunter2@127.0.0.1:$(free_port)"
conf_set "$W/cox.conf" mail imap_url "imaps://coach:hunter2@127.0.0.2:$iport/INBOX"
conf_set "$W/cox.conf" site remote "https://x-access-token:hunter2@127.0.0.1:$(free_port)/site.git"
conf_set "$W/cox.conf" site remote_token_file "$T/token"
doctor --online
like "$out" "imap_url imaps://coach:\*\*\*\*@127.0.0.2:$iport/INBOX: cox mail --imap cannot get in" \
	"--online: a failing server's URL is printed with its password masked"
secretless "--online: no password printed, nor logged"
conf_set "$W/cox.conf" site remote "$T/no-such.git"
plant "\[site\] remote $T/no-such.git cannot be pushed to" "--online: a remote that is not there"

# a full disk, a file system mounted read-only and a folder the user
# cannot write are each named as such, though cox.db does not open: on
# a small file system of its own, in a mount namespace (root only)
ns() {	# ns SCRIPT: SCRIPT (sh) with $F a 16 MiB tmpfs and $W a workspace in it
	run unshare -m sh -c 'F=$1; mount -t tmpfs -o size=16m,mode=755 tmpfs "$F" || exit 99
		W=$F/club; "$COX" init "$W" >/dev/null </dev/null || exit 98
		'"$1" _ "$T/ns"
}
mkdir -p "$T/ns"
chmod 755 "$T"
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	ns 'dd if=/dev/zero of="$F/fill" bs=64k 2>/dev/null; dd if=/dev/zero of="$F/fill2" bs=4k 2>/dev/null
		exec "$COX" -C "$W" doctor'
	like "$rc:$(printf '%s\n' "$out" | grep '^problem')" "^74:problem: the disk holding $T/ns/club is full \([0-9]+ KiB free\): cox can store nothing, and cox.db may not even open .*: free some space" \
		"a full disk: named as such, not as a disk I/O error"
	like "$err" "disk I/O error \(No space left on device\)" "and SQLite's error says why"
	ns 'mount -o remount,ro "$F" && exec "$COX" -C "$W" doctor'
	like "$rc:$(printf '%s\n' "$out" | grep '^problem')" "^74:problem: the file system holding $T/ns/club is mounted read-only, so cox stores nothing .*sudo mount -o remount,rw" \
		"a file system mounted read-only: named as such"
	unlike "$out" "chmod" "and not taken for a file's mode"
	ns 'chown -R 65534:65534 "$W" && chmod 500 "$W" &&
		exec setpriv --reuid=65534 --regid=65534 --clear-groups "$COX" -C "$W" doctor'
	like "$rc:$(printf '%s\n' "$out" | grep '^problem')" "^74:problem: $T/ns/club cannot be written by user nobody \(Permission denied\), and SQLite writes cox.db's log beside it, so cox.db is read-only to cox" \
		"a workspace folder the user cannot write: cox.db read-only, and why"
else
	for _ in 1 2 3 4 5; do pass "# skip needs root and unshare -m"; done
fi

done_testing
