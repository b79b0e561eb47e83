#!/usr/bin/env bash
# Locked records on the command line: a complete record changed in its file is refused by
# `import`, naming it and how to reopen, and the database keeps it as it was; a file that
# merely says "draft" is no reopen; `import --reopen REASON` reopens, updates and brings it
# back to complete, each move in the audit log; `set-status ... draft` needs --reopen;
# `history` prints each reopen's reason; the trail verifies throughout.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_DB="$work/council.db" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

"$cli" list --form eia --status complete >list.txt
id=$(awk '$2 == "eia" && $3 == "complete" {print $1; exit}' list.txt)
revision=$(awk -v id="$id" '$1 == id {print $4}' list.txt)
[ -n "$id" ] || fail "no complete EIA among the samples: $(cat list.txt)"
"$cli" show "$id" -o stored.xml
title() { "$cli" show "$1" | /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.stdin).getroot(); print(next(e.text for e in r.iter() if e.tag.endswith("title") and e.text))'; }
before=$(title "$id")

# A changed title, the file still at the stored revision.
/usr/bin/python3 - stored.xml changed.xml <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("<title>") + len("<title>")
open(sys.argv[2], "w", encoding="utf-8").write(text[:start] + "Amended: " + text[start:])
PY
status=0
"$cli" import changed.xml >out.txt 2>err.txt || status=$?
[ "$status" -eq 1 ] || fail "import of a changed complete record exited $status, not 1: $(cat out.txt err.txt)"
grep -q "$id" out.txt || fail "the refusal does not name the record: $(cat out.txt)"
grep -q "locked" out.txt && grep -q -- "--reopen" out.txt || fail "the refusal does not say how to reopen: $(cat out.txt)"
[ "$(title "$id")" = "$before" ] || fail "the refused import changed the title"
"$cli" list --form eia --status complete | grep -q "^$id .* $revision " || fail "the refused import made a revision"

# A file that only says draft is no reopen.
sed "s|<status>complete</status>|<status>draft</status>|" stored.xml >draft.xml
grep -q "<status>draft</status>" draft.xml || fail "could not make a draft file: $(head -3 stored.xml)"
status=0
"$cli" import draft.xml >out.txt 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "a file saying draft reopened the record (exit $status): $(cat out.txt)"

# With a reason: reopened, updated, complete again; the history says why.
"$cli" import --reopen "Title corrected from the signed copy" changed.xml >out.txt 2>err.txt ||
  fail "import --reopen: $(cat out.txt err.txt)"
grep -q "updated $id" out.txt || fail "import --reopen said: $(cat out.txt)"
[ "$(title "$id")" = "Amended: $before" ] || fail "import --reopen did not update the title: $(title "$id")"
"$cli" list --form eia --status complete | grep -q "^$id " || fail "the record is not complete again"
"$cli" history "$id" >history.txt
grep -q "reopen" history.txt || fail "no reopen in the history: $(cat history.txt)"
grep -q "reopened because: Title corrected from the signed copy" history.txt || fail "the history does not give the reason: $(cat history.txt)"

# set-status back to draft needs --reopen.
revision=$("$cli" list --form eia | awk -v id="$id" '$1 == id {print $4}')
status=0
"$cli" set-status "$id" draft --revision "$revision" >out.txt 2>err.txt || status=$?
[ "$status" -eq 1 ] || fail "set-status draft without --reopen exited $status"
grep -q "reason" err.txt || fail "set-status draft without --reopen said: $(cat err.txt)"
"$cli" set-status "$id" draft --revision "$revision" --reopen "Cabinet asked for a new section" >out.txt 2>err.txt ||
  fail "set-status --reopen: $(cat err.txt)"
"$cli" history "$id" | grep -q "reopened because: Cabinet asked for a new section" || fail "set-status's reason is not in the history"
"$cli" verify-trail >trail.txt 2>&1 || fail "verify-trail: $(cat trail.txt)"
echo "a locked record is refused, and reopened only with a reason that the history keeps"
