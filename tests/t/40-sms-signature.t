# cox sms check-signature: Twilio's documented example, a proxy that
# added a port, a wrong token, and a JSON body.
. "$(dirname "$0")/lib.sh"
plan 7

printf '12345\n' >"$T/token"
args="CallSid=CA1234567890ABCDE Digits=1234 From=+14158675309 To=+18005551212 Caller=+14158675309"
cox sms check-signature --url 'https://mycompany.com/myapp.php?foo=1&bar=2' \
	--token-file "$T/token" --signature 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' $args
is "$rc:$(printf '%s\n' "$out" | head -1)" "0:valid" "Twilio's documented example is valid"

cox sms check-signature --url 'https://mycompany.com:8443/myapp.php?foo=1&bar=2' \
	--token-file "$T/token" --signature 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' $args
is "$rc" 0 "a port added by a proxy is tolerated, as the SDKs do"
like "$out" "tried https://mycompany.com/myapp.php\?foo=1&bar=2 -> RSOYDt4T1cUTdK1PDd93/VVr8B8=" \
	"and the variant that matched is shown"

printf '54321\n' >"$T/wrong"
cox sms check-signature --url 'https://mycompany.com/myapp.php?foo=1&bar=2' \
	--token-file "$T/wrong" --signature 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' $args
is "$rc:$(printf '%s\n' "$out" | head -1)" "65:invalid" "a wrong token is invalid (exit 65)"

cox sms check-signature --url 'https://mycompany.com/myapp.php?foo=1&bar=2' \
	--token-file "$T/token" --signature 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' CallSid=CA1234567890ABCDE
is "$rc" 65 "a missing parameter makes it invalid"

printf '{"property": "value", "boolean": true}' >"$T/body.json"
cox sms check-signature --url 'https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620' \
	--token-file "$T/token" --signature 'a9nBmqA0ju/hNViExpshrM61xv4=' --body-file "$T/body.json"
is "$rc" 0 "a JSON body with its bodySHA256 is valid"

cox sms check-signature --url x --token-file "$T/token" --signature s notapair
is "$rc" 64 "a parameter without '=' is a usage error"

done_testing
