# cox-setup(7) as a volunteer follows it, in a fresh Debian 12 (minbase)
# root: every command of the guide's literal blocks, taken from the page
# itself so that page and test cannot drift, run as written up to where
# the internet or systemd is needed.  The release tarball is built with
# apt-get build-dep and installed; cox init as cox; the own server's git
# user, its key and bare repository, nginx's plain HTTP block checked by
# nginx -t before any certificate, then the HTTPS blocks (the site's and
# cox-sms(8)'s) once a stand-in certificate is where certbot puts one;
# the first push over SSH on the root's own loopback, its pages served
# with the types browsers need; Postfix's recipe, a message sent with
# sendmail delivered into the Maildir the mail unit made and read by cox
# mail; the backup by hand and its restore.  Each block is one check:
# it fails when any of its commands fails.  A command the test cannot
# run (certbot, systemctl, the OAuth2 login) is replaced by a rule
# below, and a rule that matches nothing in the page fails too.
# Skipped without debootstrap or root; needs Debian's mirror.
. "$(dirname "$0")/lib.sh"

need_debian_root ip curl openssl
need_checkout "make dist"
if ! make -s -C "$COX_DATADIR" dist DIST_OUT="$T" >"$T/dist.log" 2>&1; then
	skip_unless_ci "make dist: $(tail -1 "$T/dist.log")"
fi
# the fresh root below is made while the test reads the page
debian_root_start
version=$(cat "$COX_DATADIR/VERSION")
page=$COX_DATADIR/man/cox-setup.7

# The guide's literal blocks, one file each in $T/blocks (NN, in the
# page's order), with continued lines joined and mdoc's \e a backslash;
# $T/blocks/NN.sec is the step it is under.
mkdir "$T/blocks"
awk -v dir="$T/blocks" '
	/^\.Ss / { sec = $2; sub(/\.$/, "", sec) }
	/^\.Bd -literal/ { n++; f = sprintf("%s/%02d", dir, n); print sec >(f ".sec"); close(f ".sec"); inb = 1; next }
	/^\.Ed/ { if (inb) close(f); inb = 0; next }
	inb { gsub(/\\e/, "\\"); print >f }' "$page"
for f in "$T"/blocks/??; do
	sed -i -e ':a' -e '/\\$/{N;s/\\\n */ /;ba' -e '}' -e '/|$/{N;s/|\n */| /;ba' -e '}' "$f"
done

# What the test cannot run, and what it runs instead: ERE|replacement
# (sed -E, on a command with its prompt taken off; & is the command).
# Each must match some command of the page.
cat >"$T/rules" <<'EOF'
^sudo certbot certonly .* -d ([a-z.]+) .*$|stand_in_cert \1
^sudo systemctl reload nginx$|: nginx is not running in the root
^sudo systemctl reload postfix$|: postfix is not running in the root
^sudo systemctl enable --now .*$|: no systemd in the root, 71-deb.t verifies the units
^sudo systemd-run .*$|: no systemd in the root
^make && sudo make install.*$|: the package is the way walked here
^sudo useradd --system --home-dir /var/lib/cox --create-home cox$|: the package made cox
^sudo -u cox cox -C /var/lib/cox/club mail --oauth2-login$|: the provider needs the internet
^sudo install -o git -g git -m 600 deploy.pub .*$|cp /var/lib/cox/deploy.pub . \&\& &
^sudo ln -s \.\./sites-available/cox-sms .*$|cp /root/cox-sms.nginx /etc/nginx/sites-available/cox-sms \&\& &
cox-TIME\.coxbak|$(ls /var/lib/cox-backups/club | tail -1)
EOF
echo "coxswain-VERSION|coxswain-$version" >>"$T/rules"
# The blocks that are not commands, by their first line: ERE|why
cat >"$T/files" <<'EOF'
^\[site\]$|put in cox.conf by the test, key by key
^#!/bin/sh$|the rsync hook: no second host to copy to
^poll |fetchmail's rc: no IMAP server to poll
^\[Service\]$|a drop-in: no systemd in the root
EOF

R=$T/fresh
debian_root "$R"
# The volunteer's machine has sudo and answers apt's question with yes;
# no daemon an install would start is started in the root, and the
# names of the guide are this machine.
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
chmod +x "$R/usr/sbin/policy-rc.d"
echo 'APT::Get::Assume-Yes "true";' >"$R/etc/apt/apt.conf.d/90yes"
printf '127.0.0.1 server.example.org club.example.org sms.club.example.org\n127.0.1.1 %s\n' \
	"$(hostname)" >>"$R/etc/hosts"
in_root 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -q --no-install-recommends sudo'
[ "$rc" = 0 ] || { echo "Bail out! apt-get install sudo: $(tail -3 "$T/.err")"; exit 1; }
# and answers Postfix's questions as the guide says
in_root 'printf "%s\n" "postfix postfix/main_mailer_type select Internet Site" \
	"postfix postfix/mailname string server.example.org" | debconf-set-selections'
cp "$T/coxswain-$version.tar.gz" "$R/root/"
printf 'name,email,phone,role\nJane Doe,jane.doe@example.org,+447700900101,athlete\nHead Coach,head.coach@example.org,,coach\n' \
	>"$R/root/roster.csv"
# certbot's stand-in: one self-signed certificate for every name
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=club.example.org \
	-addext 'subjectAltName=DNS:club.example.org,DNS:sms.club.example.org' \
	-keyout "$R/root/standin.key" -out "$R/root/standin.pem" 2>/dev/null
# cox-sms(8)'s nginx block, as it stands there
awk '/^\.Bd -literal/ { inb = 1; b = ""; next }
	/^\.Ed/ { if (b ~ /^limit_conn_zone/) printf "%s", b; inb = 0; next }
	inb { gsub(/\\e/, "\\"); b = b $0 "\n" }' "$COX_DATADIR/man/cox-sms.8" >"$R/root/cox-sms.nginx"

# step N: what each block runs with (the package built on every core,
# as a volunteer with a few to spare would, and without the compiler's
# optimisation: what the guide's commands do is checked here, the
# optimised and hardened binary in 71-deb.t); stand_in_cert NAME puts
# the stand-in where certbot would put NAME's.
prelude="set -e; cd /root; export DEBIAN_FRONTEND=noninteractive
export DEB_BUILD_OPTIONS=\"noopt parallel=\$(nproc)\"
stand_in_cert() { install -d /etc/letsencrypt/live/\$1 &&
	cp /root/standin.pem /etc/letsencrypt/live/\$1/fullchain.pem &&
	cp /root/standin.key /etc/letsencrypt/live/\$1/privkey.pem; }
set -x"
# offline, the server's sshd answers on the root's own loopback
sshd='if [ -x /usr/sbin/sshd ]; then mkdir -p /run/sshd && /usr/sbin/sshd; fi'

: >"$T/matched"
conf=$R/var/lib/cox/club/cox.conf
for f in "$T"/blocks/??; do
	n=${f##*/}
	first=$(head -1 "$f" | sed 's/ \{2,\}# .*$//')
	if ! grep -qE '^(server)?\$ ' "$f"; then
		why=
		while IFS='|' read -r re reason; do
			grep -qE -- "$re" <<<"$first" && { why=$reason; echo "$re" >>"$T/matched"; }
		done <"$T/files"
		[ -n "$why" ] || { fail "§$(cat "$f.sec") block $n: a block of the guide the test does not know" "$first"; continue; }
		[ "$first" = "[site]" ] || { echo "# §$(cat "$f.sec") block $n ($first): $why"; continue; }
		[ -f "$conf" ] || { fail "§$(cat "$f.sec") block $n: the [site] lines go into cox.conf" "no $conf"; continue; }
		mode=$(stat -c '%u:%g %a' "$conf")
		sed 1d "$f" | while IFS=' =' read -r key value; do
			conf_set "$conf" site "$key" "${value#= }"
		done
		chown "${mode% *}" "$conf" && chmod "${mode#* }" "$conf"
		is "$(grep -c '^\(base_url\|remote\|ssh_key_file\|known_hosts_file\) = ' "$conf")" 4 \
			"§$(cat "$f.sec") block $n: the [site] lines go into cox.conf"
		continue
	fi
	# the commands, their prompts off, each rule applied
	sed -nE 's/^(server)?\$ //p' "$f" | sed 's/ \{2,\}# .*$//' >"$T/cmds"
	while IFS='|' read -r re to; do
		if grep -qE -- "$re" "$T/cmds"; then
			echo "$re" >>"$T/matched"
			sed -i -E "s|$re|${to//|/\\|}|g" "$T/cmds"
		fi
	done <"$T/rules"
	# the commands again, with the heredocs' bodies between them
	awk 'NR == FNR { c[++nc] = $0; next }
		/^(server)?\$ / { print c[++i]; next } { print }' "$T/cmds" \
		<(sed -E 's/^(server)?\$ /$ /' "$f" | grep -v '^$') >"$T/script"
	if grep -qE '(^|[ ;&|])apt(-get)? ' "$T/script"; then
		in_root "$prelude
$(cat "$T/script")"
	else
		in_root --offline "$sshd
$prelude
$(cat "$T/script")"
	fi
	if [ "$rc" = 0 ]; then
		pass "§$(cat "$f.sec") block $n: $first"
	else
		fail "§$(cat "$f.sec") block $n: $first" "rc $rc" "$(cat "$T/script")" "$(tail -15 "$T/.err")"
	fi
done
missing=
while IFS='|' read -r re _; do
	grep -qxF -- "$re" "$T/matched" || missing="$missing [$re]"
done < <(cat "$T/rules" "$T/files")
is "${missing:-none}" none "every command the test replaces, and every file block it knows, is in the guide"

# The site: pushed over SSH into the web root, and nginx serves it with
# the HTTPS block: the pages, the modules as JavaScript, the challenge
# over plain HTTP and everything else sent to HTTPS.
is "$(ls "$R/var/www/club/index.html" 2>/dev/null)" "$R/var/www/club/index.html" \
	"the first push put the site in /var/www/club"
mjs=$(cd "$R/var/www/club" && find . -name '*.mjs' | head -1)
mkdir -p "$R/var/www/letsencrypt/.well-known/acme-challenge"
echo probe-7731 >"$R/var/www/letsencrypt/.well-known/acme-challenge/probe"
run unshare -m -n -p -f --kill-child sh -c '
	ip link set lo up && mount -t proc proc "$1/proc" &&
	chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin nginx || exit 1
	for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1/ && break; sleep 0.1; done
	c="curl -s -k --resolve club.example.org:443:127.0.0.1 --resolve club.example.org:80:127.0.0.1"
	$c -o /dev/null -w "%{http_code} " https://club.example.org/
	$c -o /dev/null -w "%{http_code} %{content_type} " "https://club.example.org/${2#./}"
	$c http://club.example.org/.well-known/acme-challenge/probe
	$c -o /dev/null -w "%{http_code} %{redirect_url}" http://club.example.org/x' - "$R" "$mjs"
is "$rc:$out" "0:200 200 text/javascript probe-7731
301 https://club.example.org/x" \
	"nginx serves the pages over HTTPS, ${mjs##*/} as JavaScript, the challenge over HTTP, the rest sent to HTTPS"

# Mail: the recipe as Postfix reads it; with [mail] set as the guide
# says, the unit's command makes the Maildir; a message sent to the
# club's address lands there as cox and cox mail takes it.
mode=$(stat -c '%u:%g %a' "$conf")
conf_set "$conf" mail coaches head.coach@example.org
conf_set "$conf" mail authserv_id mx.club.example.org
chown "${mode% *}" "$conf" && chmod "${mode#* }" "$conf"
in_root --offline 'postconf -h virtual_alias_domains virtual_alias_maps recipient_delimiter;
	postmap -q ratings@club.example.org hash:/etc/postfix/virtual'
is "$out" "club.example.org
hash:/etc/postfix/virtual
+
cox+club@localhost" "Postfix reads the recipe: the club's address goes to cox+club"
exec_start=$(sed -n 's/^ExecStart=//p' "$R/lib/systemd/system/cox-mail@.service" |
	sed -e 's/%i/club/g' -e 's|${COX_MAILDIR}|/var/lib/cox/club/Maildir|g')
in_root --offline "runuser -u cox -- timeout -s TERM 3 $exec_start; stat -c '%U %a' /var/lib/cox/club/Maildir/new"
is "$(tail -1 <<<"$out")" "cox 700" "cox-mail@club's command makes the Maildir it watches, cox's only"
in_root --offline 'postconf -e maillog_file=/var/log/postfix.log
	postfix start >/dev/null 2>&1 || exit 1
	printf "From: Head Coach <head.coach@example.org>\nTo: ratings@club.example.org\nSubject: ratings\nMessage-ID: <g1@example.org>\n\njane technique 4\n" |
		sendmail -f head.coach@example.org ratings@club.example.org
	for _ in $(seq 300); do ls /var/lib/cox/club/Maildir/new 2>/dev/null | grep -q . && break; sleep 0.1; done
	stat -c %U /var/lib/cox/club/Maildir/new/* || { postqueue -p; cat /var/log/postfix.log; } >&2
	runuser -u cox -- cox -C /var/lib/cox/club mail --maildir /var/lib/cox/club/Maildir
	ls /var/lib/cox/club/Maildir/new | wc -l'
is "$(head -1 <<<"$out"):$(tail -1 <<<"$out")" "cox:0" \
	"a message sent to the club's address is delivered into the Maildir as cox, and cox mail takes it"

# The backup by hand, and its restore
in_root --offline 'stat -c "%U %a" /var/lib/cox-backups/club /var/lib/cox-backups/club/*.coxbak; test -f /var/lib/cox/copy/cox.db && echo restored'
is "$out" "cox 700
cox 600
restored" "the backup by hand lands in the unit's folder, cox's only, and restores"

plan "$tap_n"
done_testing
