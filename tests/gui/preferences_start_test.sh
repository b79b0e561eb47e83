#!/usr/bin/env bash
# The real formwork program takes its database and your name from the preferences file when
# neither the command line nor the environment gives them, and remembers each database it
# opens among the recent ones; --db overrides the preference for one run. A damaged
# preferences file is reported by file and line, and Formwork starts all the same.
set -euo pipefail
formwork="$1"; cli="$2"
xvfb="$(cd "$(dirname "$0")/../../scripts" && pwd)/under_xvfb.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
under_xvfb() { env -u FORMWORK_DB -u FORMWORK_USER XDG_CONFIG_HOME="$work/config" \
  "$xvfb" "$@"; }
settings="$work/config/formwork/preferences.ini"
mkdir -p "$(dirname "$settings")"
cat >"$settings" <<INI
[Database]
Location=$work/from-preferences.db
[You]
Name=Pat Preferred
INI

under_xvfb "$formwork" --new motion --screenshot "$work/first.png" 2>"$work/first.err" \
  || fail "formwork exited $?: $(cat "$work/first.err")"
[ -s "$work/from-preferences.db" ] || fail "the database named in the preferences was not opened: $(ls "$work")"
"$cli" --db "$work/from-preferences.db" list >"$work/list.txt" || fail "formwork-cli list failed"
grep -q "Pat Preferred" "$work/list.txt" || fail "the new record is not by the preferences' name: $(cat "$work/list.txt")"
grep -q "^1=$work/from-preferences.db$" "$settings" || fail "the database is not the most recent: $(cat "$settings")"
echo "the preferences chose $work/from-preferences.db and the name Pat Preferred"

# --db wins for this run; the preference itself stays.
under_xvfb "$formwork" --db "$work/for-one-run.db" --screenshot "$work/second.png" 2>"$work/second.err" \
  || fail "formwork --db exited $?: $(cat "$work/second.err")"
[ -s "$work/for-one-run.db" ] || fail "--db did not override the preference"
grep -q "^Location=$work/from-preferences.db$" "$settings" || fail "--db changed the preference: $(cat "$settings")"
grep -q "^1=$work/for-one-run.db$" "$settings" || fail "--db's database is not the most recent: $(cat "$settings")"
grep -q "^2=$work/from-preferences.db$" "$settings" || fail "the earlier database left the recent list: $(cat "$settings")"
echo "--db overrode the preference for one run and joined the recent databases"

# A damaged line: named by file and line on standard error; the rest is used, and the file
# as it was is kept beside it.
printf '[Database\n' >>"$settings"
lines="$(wc -l <"$settings")"
under_xvfb "$formwork" --screenshot "$work/third.png" 2>"$work/third.err" \
  || fail "formwork exited $? on a damaged preferences file: $(cat "$work/third.err")"
grep -qF "preferences.ini, line $lines: a group heading without its closing ]" "$work/third.err" \
  || fail "the damaged line was not reported by file and line: $(cat "$work/third.err")"
grep -qF '[Database' "$settings.damaged" || fail "the damaged file was not kept as $settings.damaged"
echo "a damaged preferences file was reported: $(grep "line $lines" "$work/third.err")"
