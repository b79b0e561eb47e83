#!/usr/bin/env bash
# Kill the app during editing; on restart all but the field (or the cell) being typed is there.
# The child (crash_child.cpp) is the real main window and editor, typed into through
# wxUIActionSimulator. It types the title, waits for autosave, then types the author's
# name until SIGKILL arrives. The database must hold the title, pass integrity_check and
# verify-trail, and the real formwork must open the record again.
#   crash_recovery_test.sh CLI CHILD FORMWORK SCREENSHOT_DIR
set -euo pipefail
cli="$1"; child="$2"; formwork="$3"; shots="$4"
xvfb="$(cd "$(dirname "$0")/../../scripts" && pwd)/under_xvfb.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
work="$(mktemp -d)"
pid=""
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/crash.db"

"$cli" --db "$db" template eia -o "$work/new.xml"
"$cli" --db "$db" import "$work/new.xml" >"$work/import.out"
# "FILE: added ID (revision 1)"
id="$(awk '$2 == "added" { print $3; exit }' "$work/import.out")"
[ -n "$id" ] || fail "no record id in: $(cat "$work/import.out")"

title="Youth Justice Plan 2023 to 2025"
"$xvfb" "$child" "$db" "$id" title "$title" author/name >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q typing "$work/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; fail "the child ended before it started typing"; }
  sleep 0.1
done
grep -q typing "$work/out" || fail "the child never started typing the second field"
sleep 0.7  # in the middle of typing the author's name
# The child says its own process id: the Xvfb wrapper's is not the one to kill.
victim="$(awk '/^typing / { print $2; exit }' "$work/out")"
[ -n "$victim" ] || fail "the child did not say its process id"
kill -9 "$victim"
wait "$pid" 2>/dev/null || true

"$cli" --db "$db" show "$id" -o "$work/after.xml"
grep -q "<title>$title</title>" "$work/after.xml" || { cat "$work/after.xml" >&2; fail "the saved title was lost"; }
python3 - "$db" <<'PY' || fail "the database is damaged"
import sqlite3, sys
result = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0]
sys.exit(0 if result == "ok" else 1)
PY
"$cli" --db "$db" verify-trail >/dev/null || fail "verify-trail failed after the crash"
mkdir -p "$shots"
"$xvfb" "$formwork" --db "$db" --open "$id" --screenshot "$shots/after-crash.png" \
  || fail "formwork could not open the record after the crash"

# The same in a table: a cell's text typed with its editor left open (no Enter, no Tab) is
# autosaved; the program is killed while another cell is being typed; the first cell's text
# is in the database.
"$cli" --db "$db" template eia -o "$work/cells.xml"
"$cli" --db "$db" import "$work/cells.xml" >"$work/import2.out"
cells_id="$(awk '$2 == "added" { print $3; exit }' "$work/import2.out")"
[ -n "$cells_id" ] || fail "no record id in: $(cat "$work/import2.out")"
nature="Fewer places for young people in the north of the city"
: >"$work/out"
"$xvfb" "$child" "$db" "$cells_id" "impacts/row[@key='age-0-18']/nature" "$nature" \
  "impacts/row[@key='disability']/nature" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q typing "$work/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; fail "the child ended before it started typing in the second cell"; }
  sleep 0.1
done
grep -q typing "$work/out" || fail "the child never started typing the second cell"
sleep 0.7
victim="$(awk '/^typing / { print $2; exit }' "$work/out")"
[ -n "$victim" ] || fail "the child did not say its process id"
kill -9 "$victim"
wait "$pid" 2>/dev/null || true
"$cli" --db "$db" show "$cells_id" -o "$work/cells-after.xml"
python3 - "$work/cells-after.xml" "$nature" <<'PY' || fail "the first cell's text was lost: $(grep -A3 'age-0-18' "$work/cells-after.xml")"
import sys, xml.etree.ElementTree as E
root = E.parse(sys.argv[1]).getroot()
rows = [r for r in root.iter() if r.tag == "row" and r.get("key") == "age-0-18"]
sys.exit(0 if rows and rows[0].findtext("nature") == sys.argv[2] else 1)
PY
"$cli" --db "$db" verify-trail >/dev/null || fail "verify-trail failed after the second crash"
echo "killed while typing; the title and a cell typed with its editor open survived, the database verifies, and formwork opened the record again"
