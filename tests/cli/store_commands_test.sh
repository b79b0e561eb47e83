#!/usr/bin/env bash
# The README's walk through the record store, as a newcomer would try it:
# template -> edit -> validate -> import -> list -> set-status -> history -> verify-trail,
# then show -> edit -> import as an update, a stale file refused, and --samples twice.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=csinclair FORMWORK_DB="$work/council.db"

"$cli" template motion -o motion.xml
python3 - motion.xml <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("<title></title>", "<title>Debate - Protecting 20mph zones</title>", 1)
text = text.replace("<moved-by>\n      <name></name>", "<moved-by>\n      <name>Councillor S Nazir</name>", 1)
text = text.replace("<seconded-by>\n      <name></name>", "<seconded-by>\n      <name>Councillor N Akhtar</name>", 1)
text = text.replace("<motion-text></motion-text>",
    "<motion-text>“Coventry City Council rejects the plans to abolish 20mph zones.”</motion-text>", 1)
text = text.replace("<date></date>", "<date>2023-10-17</date>", 1)
open(path, "w", encoding="utf-8").write(text)
PY
"$cli" validate motion.xml 2>/dev/null || fail "the filled-in motion does not validate"
id=$(grep -o '<id>[0-9a-f-]*</id>' motion.xml | sed 's/<[^>]*>//g')

out=$("$cli" import motion.xml 2>&1) || fail "import exited $?: $out"
grep -q "motion.xml: added $id (revision 1)" <<<"$out" || fail "import: $out"
[ -f "$FORMWORK_DB" ] || fail "no database at FORMWORK_DB"

out=$("$cli" list --form motion --status draft)
grep -qE "^$id  motion +draft +1 " <<<"$out" || fail "list: $out"
grep -q 'Debate - Protecting 20mph zones$' <<<"$out" || fail "list shows no title: $out"
grep -q '^Records 1-1 of 1$' <<<"$out" || fail "list total: $out"

# Completing a motion needs its outcome: refused, with the reason, and nothing changes.
status=0; out=$("$cli" set-status "$id" complete --revision 1 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "outcome" <<<"$out" || fail "set-status without an outcome ($status): $out"

# Export it, record the outcome, bring it back as revision 2, then complete it.
"$cli" show "$id" -o shown.xml
sed -i 's|<outcome></outcome>|<outcome>lost</outcome>|; s|<minute></minute>|<minute>62</minute>|; s|<agenda-item></agenda-item>|<agenda-item>12(c)</agenda-item>|; s|<resolution></resolution>|<resolution>The motion was lost.</resolution>|' shown.xml
out=$("$cli" import shown.xml 2>&1) || fail "re-import: $out"
grep -q "updated $id (revision 2)" <<<"$out" || fail "re-import: $out"
status=0; out=$("$cli" import motion.xml 2>&1) || status=$?
[ "$status" = 1 ] && grep -q 'database holds revision 2' <<<"$out" || fail "a stale file was not refused ($status): $out"
status=0; out=$("$cli" set-status "$id" complete --revision 1 2>&1) || status=$?
[ "$status" = 1 ] && grep -q 'Nothing was overwritten' <<<"$out" || fail "a stale set-status ($status): $out"
out=$("$cli" set-status "$id" complete --revision 2) || fail "set-status: $out"
grep -q "$id: draft -> complete (revision 3)" <<<"$out" || fail "set-status: $out"

out=$("$cli" history "$id")
grep -qE '^#1  [0-9T:-]+Z  csinclair  import  revision 1' <<<"$out" || fail "history: $out"
grep -q 'outcome: "" -> "lost"' <<<"$out" || fail "history shows no change: $out"
grep -q 'meta/status: "draft" -> "complete"' <<<"$out" || fail "history shows no transition: $out"

out=$("$cli" verify-trail) || fail "verify-trail: $out"
grep -q '^The audit log is intact: 3 entries$' <<<"$out" || fail "verify-trail: $out"
grep -qE '^head digest: [0-9a-f]{64}$' <<<"$out" || fail "verify-trail digest: $out"

# The samples, twice: the second time adds nothing.
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
out=$("$cli" import --samples 2>&1) || fail "import --samples again"
grep -q ': 0 added, 0 updated, 26 unchanged, 0 refused$' <<<"$out" || fail "samples imported twice: $out"
[ "$("$cli" list | tail -1)" = "Records 1-27 of 27" ] || fail "list after samples: $("$cli" list | tail -1)"
out=$("$cli" list --form written-question --search 'Lepoidevin')
grep -q '^Records 1-1 of 1$' <<<"$out" || fail "search: $out"

# A file that is not a database.
echo "not a database, just some text that is long enough for SQLite to look at it properly" >notes.db
status=0; out=$("$cli" --db notes.db list 2>&1) || status=$?
[ "$status" = 1 ] && grep -q 'notes.db is not a Formwork database' <<<"$out" || fail "not a database ($status): $out"
echo "formwork-cli store commands: all checks passed"
