# cox publish: libgit2 commits only on change, author from cox.conf, a
# message that names nobody, push to a bare remote, squash history, and
# the post-publish hook.
. "$(dirname "$0")/lib.sh"
plan 27

W=$T/ws
workspace "$W"
git init -q --bare "$T/remote.git"
conf_set "$W/cox.conf" site remote "$T/remote.git"
conf_set "$W/cox.conf" site author_name "Riverside Site"
conf_set "$W/cox.conf" site author_email site@riverside.example
"$COX" -C "$W" roster add --name "Ann Athlete" --handle ann >/dev/null
"$COX" -C "$W" metric add technique --name Technique >/dev/null
"$COX" -C "$W" build >/dev/null

# The machine's git identity must not leak into the site's history.
export GIT_AUTHOR_NAME="Machine User" GIT_COMMITTER_NAME="Machine User"
export HOME=$T/home; mkdir -p "$HOME"
printf '[user]\n\tname = Home User\n\temail = home@example.invalid\n' >"$HOME/.gitconfig"

# What a build killed mid-write leaves behind is never published.
ann=$(page_file "$W" @ann)
printf 'partial' >"$ann.tmp.99999"
cox -C "$W" publish --push
is "$rc" 0 "publish --push exits 0"
like "$out" "committed [0-9a-f]{40}" "it commits"
like "$out" "pushed to $T/remote.git" "and pushes to the bare remote"
is "$(git --git-dir="$T/remote.git" log main --format='%an <%ae>|%cn <%ce>')" \
	"Riverside Site <site@riverside.example>|Riverside Site <site@riverside.example>" \
	"author and committer come from cox.conf only"
like "$(git --git-dir="$T/remote.git" log main --format=%s)" "^Update site: [0-9]+ added, 0 changed, 0 removed$" \
	"the message counts changes"
# register/ once in the team's language and once in each other one
langs=$(ls "$COX_DATADIR"/lib/words/*.txt | wc -l)
is "$(git --git-dir="$T/remote.git" ls-tree -r --name-only main | grep -c 'index.html')" $((3 + langs)) \
	"the remote has the public page, the athlete page, the dashboard and register/ in each language"
is "$(uncommitted "$W/site")" "" "the work tree is clean after publishing"

cox -C "$W" publish
like "$out" "nothing changed; no commit" "publishing again without changes makes no commit"
is "$(git -C "$W/site" rev-list --count HEAD)" 1 "history still has one commit"

rate "$W/cox.db" ann technique coach 4 "" 100
"$COX" -C "$W" build >/dev/null
printf 'partial' >"$W/site/coach/index.html.tmp.88888"
"$COX" -C "$W" publish >/dev/null
like "$(git -C "$W/site" log -1 --format=%s)" "^Update site: 1 added, 2 changed, 1 removed$" \
	"a rating is one more commit: the athlete page, its ratings' piece and the dashboard"
is "$(git -C "$W/site" log --all --name-only --format= | grep -c '\.tmp\.')" 0 \
	"no leftover temporary file is in any commit"

# a removed athlete's page leaves the published tree
"$COX" -C "$W" roster add --name "Bob Gone" --handle bob >/dev/null
"$COX" -C "$W" build >/dev/null && "$COX" -C "$W" publish >/dev/null
bobpage=$(page_file "$W" @bob); bobpage=${bobpage#$W/site/}
"$COX" -C "$W" roster remove @bob >/dev/null
"$COX" -C "$W" build >/dev/null
cox -C "$W" publish
gone=$(git -C "$W/site" show --name-status --format= HEAD | grep -c '^D')
like "$(git -C "$W/site" log -1 --format=%s)" "^Update site: 1 added, 1 changed, $gone removed$" \
	"a removal is committed and counted (the page, and pieces of the dashboard, one made again)"
is "$(git -C "$W/site" ls-tree -r HEAD --name-only | grep -c "^$bobpage\$")" 0 \
	"and the page is gone from the commit"

# squash: one orphan commit, force-pushed
conf_set "$W/cox.conf" site history squash
rate "$W/cox.db" ann technique self 3 "" 200
"$COX" -C "$W" build >/dev/null
cox -C "$W" publish --push
is "$rc" 0 "a squashed publish pushes (forced)"
is "$(git --git-dir="$T/remote.git" rev-list --count main)" 1 "squash keeps one commit on the remote"
is "$(git -C "$W/site" count-objects -v | sed -n 's/^count: //p')" 0 \
	"and site/.git keeps no loose object, the old commits pruned"
is "$(git -C "$W/site" fsck --no-dangling 2>&1)" "" "and the repository is whole"

# keep N: the last N commits, the oldest made a root, pushed with force
conf_set "$W/cox.conf" site history "keep 3"
for i in 1 2 3 4; do
	rate "$W/cox.db" ann technique coach "$((i % 5 + 1))" "" $((300 + i))
	"$COX" -C "$W" build >/dev/null && "$COX" -C "$W" publish --push >/dev/null 2>&1
done
tree=$(git -C "$W/site" rev-parse HEAD^{tree})
sql "$W/cox.db" "DELETE FROM meta WHERE key = 'site_pruned'"	# as on the next day
rate "$W/cox.db" ann technique coach 2 "" 400
"$COX" -C "$W" build >/dev/null
cox -C "$W" publish --push
is "$(git -C "$W/site" rev-list --count HEAD) $(git --git-dir="$T/remote.git" rev-list --count main)" "3 3" \
	"keep 3 keeps three commits, here and on the remote"
is "$(git -C "$W/site" rev-parse HEAD~1^{tree})" "$tree" "the commits kept hold the trees they held"
is "$(git -C "$W/site" count-objects -v | sed -n 's/^count: //p') $(git -C "$W/site" fsck --no-dangling 2>&1 | wc -l)" "0 0" \
	"the first publish of a day prunes what no kept commit needs, and the repository is whole"
conf_set "$W/cox.conf" site history "keep a few"
cox -C "$W" publish
like "$err" "history.*keep N" "a history that is not keep, keep N or squash is refused, saying what to put"
conf_set "$W/cox.conf" site history keep

# --all compares the work tree with the last commit, not with git's
# index, which a publish by paths leaves behind until the day's refresh
sql "$W/cox.db" "INSERT OR REPLACE INTO meta VALUES ('site_index_day', strftime('%Y-%m-%d', 'now'))"
"$COX" -C "$W" roster add --name "Cy Late" --handle cy >/dev/null
"$COX" -C "$W" build >/dev/null
cox -C "$W" publish
like "$err" "publishing the [0-9]+ paths" "a new page is published by paths"
cypage=$(page_file "$W" @cy); cypage=${cypage#$W/site/}
rm "$W/site/$cypage"
cox -C "$W" publish --all
is "$(git -C "$W/site" ls-tree -r --name-only HEAD | grep -cxF "$cypage")" 0 \
	"publish --all removes a file the work tree lost since a publish by paths added it"
is "$(uncommitted "$W/site")" "" "and git's own status in site/ agrees"

# post-publish hook
mkdir -p "$W/hooks"
printf '#!/bin/sh\necho "$COX_COMMITTED $COX_PUSHED $COX_COMMIT" >"%s/hook.out"\n' "$T" >"$W/hooks/post-publish"
chmod +x "$W/hooks/post-publish"
cox -C "$W" publish
like "$(cat "$T/hook.out")" "^0 0 [0-9a-f]{40}$" "post-publish runs with its documented environment"
printf '#!/bin/sh\nexit 3\n' >"$W/hooks/post-publish"
cox -C "$W" publish
is "$rc" 70 "a failing hook makes publish fail"
like "$err" "hook post-publish failed \(status 3\)" "and says so"

done_testing
