# hooks/: the content pre-commit check, post-ingest and make site.
. "$(dirname "$0")/lib.sh"
plan 12

H=$COX_DATADIR/hooks
export COX

run "$H/pre-commit" "$COX_DATADIR/content"
is "$rc" 0 "pre-commit accepts the demo content"
like "$out" "content and templates render" "and says so"

mkdir -p "$T/bad/metrics"
printf 'nme: Typo\n\nrubric\n' >"$T/bad/metrics/typo.md"
run "$H/pre-commit" "$T/bad"
is "$rc" 1 "pre-commit refuses a broken metric file"
like "$err" "typo.md: only 'name', 'scale' .* go before the rubric" "naming the file and the problem"

# A broken template: a copy of the data folder with an unclosed section.
mkdir -p "$T/data"
cp -R "$COX_DATADIR/site-templates" "$T/data/"
mkdir -p "$T/data/lib" && cp -R "$COX_DATADIR/lib/words" "$T/data/lib/"
printf '{{#metrics}} never closed\n' >>"$T/data/site-templates/athlete.html"
COX_DATADIR=$T/data run "$H/pre-commit" "$COX_DATADIR/content"
is "$rc" 1 "pre-commit refuses a broken template"
like "$err" "template athlete.html: a section is never closed" "naming the template"

# post-ingest rebuilds and publishes
workspace "$T/ws"
COX_WORKSPACE=$T/ws run "$H/post-ingest"
like "$out" "committed [0-9a-f]{40}" "post-ingest builds and publishes the workspace"

# a hook inherits no secret of ours, whatever the daemon was given
mkdir -p "$T/ws/hooks"
printf '#!/bin/sh\nenv >"%s/hook-env"\n' "$T" >"$T/ws/hooks/post-publish"
chmod +x "$T/ws/hooks/post-publish"
mkdir -p "$T/creds"
printf 'twilio-secret\n' >"$T/creds/twilio-token"
COX_SMTP_PASSWORD=smtp-secret COX_SMS_AUTH_TOKEN=twilio-secret \
	COX_MAIL_IMAP_PASSWORD=imap-secret CREDENTIALS_DIRECTORY=$T/creds \
	COX_SMS_AUTH_TOKEN_FILE=$T/creds/twilio-token \
	COX_SMTP_PASSWORD_FILE=$T/creds/smtp-password \
	COX_SITE_SSH_KEY_FILE=$T/creds/id_ed25519 \
	COX_HOOK_PROBE=kept "$COX" -C "$T/ws" publish >/dev/null
like "$(cat "$T/hook-env")" "^COX_WORKSPACE=$T/ws$" "the hook ran, told its workspace"
unlike "$(cat "$T/hook-env")" "secret" "and no password or token reached it"
unlike "$(cat "$T/hook-env")" "creds" "nor where the secrets' files are (CREDENTIALS_DIRECTORY, *_FILE)"
like "$(cat "$T/hook-env")" "^COX_HOOK_PROBE=kept$" "while the rest of the environment is passed on"
like "$(cat "$T/hook-env")" "^COX_COMMITTED=" "but what it is told did"

done_testing
