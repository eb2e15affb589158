# imap-server.sh - a real Dovecot on loopback for the tests and make
# bench, sourced: imap_start DIR PORT sets up a test CA and a
# certificate from it for localhost and 127.0.0.1, a user "coach" with
# password $IMAP_PASSWORD whose Maildir is $IMAP_MAILDIR, and starts
# Dovecot on DIR/dovecot.conf with IMAPS on 127.0.0.1:PORT (and any
# other loopback address).  With a third argument, an introspection URL
# (tests/oauth2-server.py), Dovecot also takes SASL XOAUTH2 and
# OAUTHBEARER, asking that URL whether a token is active and whose it
# is.  imap_deliver NAME < message puts a message
# in the Maildir as an MDA does; imap_stop stops Dovecot.
IMAP_PASSWORD=imap-test-pw

# imap_require: in a TAP script, skip it without Dovecot and openssl,
# or bail out in CI, where make check installs them.
imap_require() {
	[ -x /usr/sbin/dovecot ] && command -v openssl >/dev/null && return 0
	[ "${CI:-}" = true ] && { echo "Bail out! dovecot or openssl missing in CI"; exit 1; }
	echo "1..0 # SKIP needs dovecot-imapd and openssl (make check installs them)"
	exit 0
}

imap_start() {
	local d=$1 port=$2 introspect=${3:-} users mechs=plain oauth=
	IMAP_DIR=$d
	IMAP_MAILDIR=$d/home/coach/Maildir
	mkdir -p "$d/run" "$IMAP_MAILDIR/new" "$IMAP_MAILDIR/cur" "$IMAP_MAILDIR/tmp"
	chmod 755 "$(dirname "$d")" "$d"
	(cd "$d" &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
			-out ca.pem -days 2 -subj "/CN=coxswain test CA" &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key \
			-out server.csr -subj "/CN=localhost" &&
		printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
			-out server.pem -days 2 -extfile ext) >"$d/openssl.log" 2>&1 || return 1
	# as root, mail is the dovecot user's; otherwise all runs as us
	if [ "$(id -u)" = 0 ]; then
		IMAP_OWNER=dovecot
		users="first_valid_uid = 1"
	else
		IMAP_OWNER=$(id -un)
		users="default_internal_user = $IMAP_OWNER
default_login_user = $IMAP_OWNER"
	fi
	printf 'coach:{PLAIN}%s::::::\n' "$IMAP_PASSWORD" >"$d/passwd"
	if [ -n "$introspect" ]; then
		mechs="plain xoauth2 oauthbearer"
		printf 'introspection_mode = post\nintrospection_url = %s\nusername_attribute = username\nactive_attribute = active\nactive_value = true\nforce_introspection = yes\n' \
			"$introspect" >"$d/oauth2.conf.ext"
		oauth="passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $d/oauth2.conf.ext
}"
	fi
	cat >"$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/run
log_path = $d/dovecot.log
protocols = imap
listen = *
ssl = required
ssl_cert = <$d/server.pem
ssl_key = <$d/server.key
auth_mechanisms = $mechs
$users
$oauth
passdb {
  driver = passwd-file
  args = $d/passwd
}
userdb {
  driver = static
  args = uid=$IMAP_OWNER gid=$(id -gn "$IMAP_OWNER") home=$d/home/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = $port
  }
}
CONF
	chown -R "$IMAP_OWNER" "$d/home"
	/usr/sbin/dovecot -c "$d/dovecot.conf" || return 1
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

imap_deliver() {
	cat >"$IMAP_MAILDIR/tmp/$1"
	chown "$IMAP_OWNER" "$IMAP_MAILDIR/tmp/$1"
	mv "$IMAP_MAILDIR/tmp/$1" "$IMAP_MAILDIR/new/$1"
}

imap_stop() {
	[ -n "${IMAP_DIR:-}" ] && /usr/sbin/dovecot -c "$IMAP_DIR/dovecot.conf" stop 2>/dev/null
	return 0
}
