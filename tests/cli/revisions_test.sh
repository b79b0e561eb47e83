#!/usr/bin/env bash
# duplicate, diff and restore-revision on a SQLite file, as an officer would use them: a copy of
# a complete approval trail is a new draft, its id printed alone, its sign-off dates left out (the
# form marks them copy="false"), its history naming the source; diff names what changed between
# two revisions; restore-revision brings an earlier revision back as a new one, refused on a
# locked record until --reopen, and on a revision the record never had; the log stays intact.
# Usage: revisions_test.sh FORMWORK-CLI [OWNER-CONNECTION-FILE]: with the test cluster's owner
# connection, the same on a new PostgreSQL database (its tables made by the owner), as an officer.
set -euo pipefail
cli="$1"
here="$(cd "$(dirname "$0")" && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=jokafor
source "$here/test_database.sh"
use_test_database revisions "${2:-}"

"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
# A complete trail whose sign-offs have dates.
id=$("$cli" list --form approval-trail --status complete --limit 100 | awk 'NR == 2 { print $1 }')
[ -n "$id" ] || fail "no complete approval trail among the samples"
"$cli" show "$id" >source.xml
grep "<sent>20" source.xml >/dev/null || fail "the source has no sign-off date to leave out"
title=$(sed -n 's|^    <title>\(.*\)</title>$|\1|p' source.xml)
[ -n "$title" ] || fail "no title in the source"

# duplicate: the new id alone on standard output.
new=$("$cli" duplicate "$id" 2>duplicate.err) || fail "duplicate: $(cat duplicate.err)"
[[ "$new" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] || fail "duplicate printed '$new', not an id"
[ "$new" != "$id" ] || fail "the copy has its source's id"
grep -q "record $new is a copy of $id, Draft, revision 1" duplicate.err || fail "duplicate says: $(cat duplicate.err)"
"$cli" show "$new" >copy.xml
grep -q "<status>draft</status>" copy.xml || fail "the copy is not a draft"
grep -q "^    <title>$title</title>$" copy.xml || fail "the copy lost its title"
grep "<sent>20\|<received>20" copy.xml >/dev/null && fail "the copy kept sign-off dates the form marks copy=false"
[ "$(grep -c "<name>" copy.xml)" = "$(grep -c "<name>" source.xml)" ] || fail "the copy lost sign-off rows"
history=$("$cli" history "$new")
grep -q "  jokafor  duplicate  revision 1  " <<<"$history" || fail "the copy's history: $history"
grep -q "a copy of record $id" <<<"$history" || fail "the copy's history does not name its source: $history"
"$cli" list --form approval-trail --limit 100 | grep "^$new " >/dev/null || fail "the copy is not listed"
status=0; out=$("$cli" duplicate no-such-record 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "no record no-such-record" <<<"$out" || fail "duplicate of nothing ($status): $out"

# Revisions of the source: a changed title imported with a reopen (2: reopened, 3: changed, 4: complete again).
sed "s|^    <title>.*</title>$|    <title>Changed title</title>|" source.xml >changed.xml
"$cli" import --reopen "The title was misspelt" changed.xml >/dev/null 2>&1 || fail "import --reopen"
"$cli" show "$id" | grep "<revision>4</revision>" >/dev/null || fail "the source is not at revision 4: $("$cli" history "$id" | grep '^#')"

out=$("$cli" diff "$id" 1 3) || fail "diff: $out"
grep -q "^Record $id, revision 1 -> revision 3$" <<<"$out" || fail "diff heading: $out"
grep -qF "  title: \"$title\" -> \"Changed title\"" <<<"$out" || fail "diff of the title: $out"
[ "$(sed -n 2p <<<"$out")" = '  meta/status: "complete" -> "draft"' ] || fail "diff 1 3 does not give the status first: $out"
out=$("$cli" diff "$id" 3 4)
grep -q '  meta/status: "draft" -> "complete"' <<<"$out" || fail "diff of the status: $out"
out=$("$cli" diff "$id" 4 4)
grep -q "hold the same" <<<"$out" || fail "diff of one revision: $out"
status=0; out=$("$cli" diff "$id" 1 9 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "record $id has no revision 9: its revisions are 1 to 4" <<<"$out" || fail "diff 1 9 ($status): $out"

# restore-revision: locked, so refused until --reopen; then two entries, the title back.
status=0; out=$("$cli" restore-revision "$id" 1 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "is locked" <<<"$out" && grep -q -- "--reopen REASON" <<<"$out" ||
  fail "restore-revision of a locked record ($status): $out"
"$cli" show "$id" | grep "<revision>4</revision>" >/dev/null || fail "a refused restore changed the record"
out=$("$cli" restore-revision "$id" 1 --reopen "The first title was right") || fail "restore-revision --reopen: $out"
grep -q "^Restored revision 1 of record $id as revision 6, reopened first$" <<<"$out" || fail "restore-revision says: $out"
"$cli" show "$id" >restored.xml
grep -q "^    <title>$title</title>$" restored.xml || fail "the title did not come back"
grep -q "<status>draft</status>" restored.xml || fail "the restored record is not a draft"
history=$("$cli" history "$id")
grep -q "  jokafor  reopen  revision 5  " <<<"$history" || fail "no reopen entry: $history"
grep -q "reopened because: The first title was right" <<<"$history" || fail "no reopen reason: $history"
grep -q "  jokafor  restore-revision  revision 6  " <<<"$history" || fail "no restore entry: $history"
grep -q "restored the content of revision 1" <<<"$history" || fail "the entry does not name the revision: $history"
out=$("$cli" restore-revision "$id" 6)
grep -q "holds revision 6's content already: nothing was saved" <<<"$out" || fail "restoring the latest: $out"
status=0; out=$("$cli" restore-revision "$id" 0 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "has no revision 0" <<<"$out" || fail "restore-revision 0 ($status): $out"

# Withdrawn: refused, naming restore.
"$cli" withdraw "$new" --reason "Made by mistake" >/dev/null
status=0; out=$("$cli" restore-revision "$new" 1 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "is withdrawn" <<<"$out" || fail "restore-revision of a withdrawn record ($status): $out"

"$cli" verify-trail >/dev/null || fail "the audit log does not verify"
echo "ok"
