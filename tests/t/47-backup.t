# cox backup and cox restore: a backup made while cox sms serve runs,
# encrypted under a passphrase that is never asked for without a
# terminal; a wrong passphrase, a changed byte or a cut file restore
# nothing; a restored workspace builds a byte-identical site, and the
# magic link and the password made before the backup open the athlete's
# page in Chromium.
. "$(dirname "$0")/lib.sh"

need_browser

plan 24

W=$T/ws
web_workspace "$W" tok-backup
export COX_NOW=1795000000	# both builds render as of the same day
"$COX" -C "$W" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
preview_start "$W"
sms_start "$W"

# Jane registers a password through her invitation, then the site is built.
"$COX" -C "$W" invite @jdoe >/dev/null
for _ in $(seq 100); do [ -f "$T/inbox/1.eml" ] && break; sleep 0.1; done
reg=$(/usr/bin/python3 "$COX_DATADIR/tests/register-link.py" "$T/inbox" jane.doe@example.org)
PW=sable-kettle-orchard-31
export BASE=$PREVIEW_URL PW NAME="Jane Doe"
(cd "$COX_DATADIR/tests/browser" && REG=$reg node restore.mjs) >"$T/reg.tap" 2>&1
like "$(cat "$T/reg.tap")" "^ok 1 - the invitation sets a password" "Jane sets a password in Chromium"
is "$(sql "$W/cox.db" "SELECT count(*) FROM person_key k JOIN person p ON p.id = k.person_id WHERE p.handle = 'jdoe'")" 1 \
	"her public key is stored"
"$COX" -C "$W" build >/dev/null
link=$("$COX" -C "$W" link --base x/ @jdoe | cut -f2)
link=${link#x/}

# The backup, while the daemon runs.
unset COX_BACKUP_PASSPHRASE
cox -C "$W" backup "$T/b.coxbak" </dev/null
is "$rc" 78 "without a passphrase and a terminal, cox backup exits 78"
like "$err" "set \[backup\] passphrase_file" "naming the setting"
printf 'short\n' >"$T/short"
conf_set "$W/cox.conf" backup passphrase_file "$T/short"
cox -C "$W" backup "$T/b.coxbak" </dev/null
like "$rc:$err" "^78:.*at least 12 characters" "a short passphrase is refused"
printf 'wharf-lantern-copper-88\n' >"$T/pass"
chmod 600 "$T/pass"
conf_set "$W/cox.conf" backup passphrase_file "$T/pass"
cox -C "$W" backup "$T/b.coxbak" </dev/null
is "$rc" 0 "cox backup exits 0 while cox sms serve runs"
like "$out" "^backed up [0-9]+ files" "and says what it wrote"
is "$(stat -c %a "$T/b.coxbak")" 600 "the backup is readable by its owner only"
is "$(grep -c -a -e jdoe -e 'Jane Doe' -e 447700900101 -e sms.riverside "$T/b.coxbak")" 0 \
	"no name, handle, number or setting in clear in it"

# What must restore nothing.
restore() { run "$COX" restore "$@" </dev/null; }
COX_BACKUP_PASSPHRASE=wharf-lantern-copper-89 restore "$T/b.coxbak" "$T/r1"
like "$rc:$err" "^77:.*passphrase does not open" "a wrong passphrase is refused (exit 77)"
cp "$T/b.coxbak" "$T/flip"
# one bit of byte 5000 changed (writing a fixed byte would change nothing
# when the ciphertext held it already, one run in 256)
/usr/bin/python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(5000); b = f.read(1)[0]; f.seek(5000); f.write(bytes([b ^ 1]))' "$T/flip"
restore --passphrase-file "$T/pass" "$T/flip" "$T/r2"
like "$rc:$err" "^77:.*damaged" "a changed byte is refused"
head -c -40 "$T/b.coxbak" >"$T/cut"
restore --passphrase-file "$T/pass" "$T/cut" "$T/r3"
like "$rc:$err" "^77:.*(cut short|damaged)" "a cut file is refused"
is "$(ls "$T" | grep -c '^r[123]')" 0 "and none of them leaves a folder behind"
mkdir "$T/full" && touch "$T/full/x"
restore --passphrase-file "$T/pass" "$T/b.coxbak" "$T/full"
like "$rc:$err" "^73:.*not empty" "a folder that is not empty is not restored into"
restore "$T/b.coxbak" "$T/r4"
like "$rc:$err" "^78:.*--passphrase-file" "restore never prompts without a terminal"
# The nightly unit hands the passphrase as a file; the same file opens
# what it made, with no workspace to name it in.
COX_BACKUP_PASSPHRASE_FILE=$T/pass restore "$T/b.coxbak" "$T/r5"
like "$rc:$out" "^0:restored [0-9]+ files .* into $T/r5" \
	"cox restore reads COX_BACKUP_PASSPHRASE_FILE, as cox backup does"

# By hand into the unit's folder: made, the owner's only, when missing;
# where this user cannot make it (cox under root's /var/lib before the
# timer's first run), the error says who can and how.
cox -C "$W" backup --fallback-dir "$T/bk/club" </dev/null
is "$rc:$(stat -c %a "$T/bk" "$T/bk/club" | tr '\n' ' ')$(ls "$T/bk/club" | grep -c '^cox-.*\.coxbak$')" "0:700 700 1" \
	"cox backup --fallback-dir makes the folder (700) and backs up into it"
mkdir "$T/ro"
if [ "$(id -u)" = 0 ]; then	# root writes anywhere but on a read-only mount
	run unshare -m sh -c 'mount --bind -o ro "$0" "$0" && exec "$@"' "$T/ro" \
		"$COX" -C "$W" backup --fallback-dir "$T/ro/cox-backups/club" </dev/null
else
	chmod 555 "$T/ro"
	cox -C "$W" backup --fallback-dir "$T/ro/cox-backups/club" </dev/null
fi
like "$rc:$(tr '\n' ' ' <<<"$err")" "^73:.*as root, 'install -d -o [^ ]+ -m 700 $T/ro/cox-backups/club'" \
	"a folder it cannot make: the error says how to make it"

# The restore.
R=$T/restored
restore --passphrase-file "$T/pass" "$T/b.coxbak" "$R"
is "$rc" 0 "cox restore exits 0"
like "$out" "restored [0-9]+ files .* into $R" "and says so"
is "$(stat -c %a "$R/cox.db")" 600 "cox.db is the owner's only"
cox -C "$R" build
is "$rc" 0 "the restored workspace builds"
is "$(diff -r --exclude=.git "$W/site" "$R/site" && echo same)" same \
	"into a byte-identical site"

preview_stop
sms_stop >/dev/null
preview_start "$R"
export BASE=$PREVIEW_URL LINK=$link PAGE=${link%%#*}
(cd "$COX_DATADIR/tests/browser" && node restore.mjs) >"$T/open.tap" 2>"$T/open.err"
brc=$?
n_ok=$(grep -c '^ok' "$T/open.tap")
[ "$brc" = 0 ] && [ "$n_ok" = 6 ] &&
	pass "Chromium opens the restored page by the old link and by the old password ($n_ok checks)" ||
	fail "Chromium on the restored site" "$(cat "$T/open.tap")" "$(tail -5 "$T/open.err")"

done_testing
