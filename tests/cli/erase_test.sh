#!/usr/bin/env bash
# erase and verify-trail --head on a SQLite file, as a records manager would use them: a record
# holding a marker is erased in its locked status; the marker is then in none of the database's
# files, history and verify-trail report the erasure (when, by whom, why), the head printed
# before the erasure is still found, and an erasure without a reason is refused.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=csinclair FORMWORK_DB="$work/council.db"
marker="FWKMARKER-CLI-61d0c4aa"

"$cli" template motion -o motion.xml
python3 - motion.xml "$marker" <<'PY'
import sys
path, marker = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = text.replace("<title></title>", "<title>Debate - " + marker + "</title>", 1)
text = text.replace("<motion-text></motion-text>", "<motion-text>Moved by the resident " + marker + "</motion-text>", 1)
open(path, "w", encoding="utf-8").write(text)
PY
id=$(grep -o '<id>[0-9a-f-]*</id>' motion.xml | sed 's/<[^>]*>//g')
"$cli" import motion.xml >/dev/null 2>&1 || fail "import"
"$cli" template motion -o other.xml
"$cli" import other.xml >/dev/null 2>&1 || fail "import of the other record"
head_before=$("$cli" verify-trail | sed -n 's/^head digest: //p')
[ -n "$head_before" ] || fail "no head digest"
grep -q "$marker" council.db council.db-wal 2>/dev/null || fail "the marker is not in the database before the erasure: the test cannot fail"

# Without a reason: refused, nothing erased.
status=0; out=$("$cli" erase "$id" 2>&1) || status=$?
[ "$status" = 2 ] && grep -q "give the reason" <<<"$out" || fail "erase without a reason ($status): $out"
status=0; out=$("$cli" erase "$id" --reason "  " 2>&1) || status=$?
[ "$status" = 2 ] || fail "erase with a blank reason ($status): $out"
"$cli" show "$id" >/dev/null || fail "the record went without a reason"

export FORMWORK_USER=rmanager
out=$("$cli" erase "$id" --reason "Subject access request SAR-17" 2>&1) || fail "erase: $out"
grep -q "^Erased record $id: 1 audit entry keeps who did what and when" <<<"$out" || fail "erase: $out"
for file in council.db council.db-wal council.db-journal; do
  [ ! -e "$file" ] || ! grep -q "$marker" "$file" || fail "the marker is still in $file"
done
status=0; "$cli" show "$id" >/dev/null 2>&1 || status=$?
[ "$status" = 1 ] || fail "the erased record is still shown ($status)"

out=$("$cli" history "$id") || fail "history: $out"
grep -qE '^#1  [0-9T:-]+Z  csinclair  import  revision 1' <<<"$out" || fail "history lost who did what: $out"
grep -qE '^    erased on [0-9T:-]+Z by rmanager, because: Subject access request SAR-17$' <<<"$out" || fail "history: $out"
grep -q '^    title: (erased)$' <<<"$out" || fail "history keeps no path: $out"
grep -qE '^#3  [0-9T:-]+Z  rmanager  erase  revision 1' <<<"$out" || fail "history shows no erase entry: $out"
! grep -q "$marker" <<<"$out" || fail "history still shows the marker: $out"

out=$("$cli" verify-trail --head "$head_before") || fail "verify-trail --head: $out"
grep -q '^The audit log is intact: 3 entries, 1 of them erased$' <<<"$out" || fail "verify-trail: $out"
grep -qE "^entry 1 \(record $id\): erased on [0-9T:-]+Z by rmanager, because: Subject access request SAR-17 \(erase entry 3\)$" <<<"$out" ||
  fail "verify-trail names no erased entry: $out"
grep -q "^head $head_before: this log's head after entry 2 " <<<"$out" || fail "the head from before the erasure: $out"
status=0; out=$("$cli" verify-trail --head "$(printf '%064d' 7)" 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "was never the head" <<<"$out" || fail "a head that never was ($status): $out"

# A server-only verb on a file.
status=0; out=$("$cli" vacuum-db 2>&1) || status=$?
[ "$status" = 2 ] || fail "vacuum-db on a file ($status): $out"
echo "erase: ok"
