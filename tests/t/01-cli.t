# The cox command: help, version, usage errors and exit statuses.
. "$(dirname "$0")/lib.sh"
plan 12

cox help
is "$rc" 0 "cox help exits 0"
like "$out" "roster +import, list, add" "cox help lists the commands"

cox version
like "$out" "^cox [0-9]+\.[0-9]+\.[0-9]+$" "cox version prints a version"

cox frobnicate
is "$rc" 64 "an unknown command exits 64 (EX_USAGE)"
like "$err" "no command 'frobnicate'" "and says which command"

cox help roster
like "$out" "cox roster import .*--dry-run" "cox help roster shows its usage"

cox roster list --help
like "$out" "usage: cox roster list" "--help works on a subcommand"

cox roster import
is "$rc" 64 "a missing argument exits 64"

cd "$T" || exit 1
cox roster list
is "$rc" 78 "outside a workspace exits 78 (EX_CONFIG)"
like "$err" "no cox.conf here; run 'cox init" "and says how to make one"

mkdir "$T/elsewhere"
workspace "$T/ws"
cd "$T/elsewhere" || exit 1
cox -C "$T/ws" roster list
is "$rc" 0 "-C before the command selects the workspace"
cox roster list -C "$T/ws"
is "$rc" 0 "-C after the command selects it too"

done_testing
