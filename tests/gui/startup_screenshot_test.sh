#!/usr/bin/env bash
# Starts the real formwork program under Xvfb with --screenshot, on a database in a fresh
# folder: with --new it opens a new record's editor at start; then it must open its window
# listing that record, write a PNG of it, and exit 0 by itself. It says when it is ready
# (--report-ready, for the startup bench), and refuses a file that is not a database with
# exit status 1, naming it.
set -euo pipefail
formwork="$1"; shot="$2"
xvfb="$(cd "$(dirname "$0")/../../scripts" && pwd)/under_xvfb.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
under_xvfb() { "$xvfb" "$@"; }
is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }
# A PNG of the drawn window: a window drawn before it was laid out is one flat colour, a
# PNG of a few kilobytes; the real window is tens of kilobytes.
is_picture() { is_png "$1" && [ "$(stat -c %s "$1")" -gt 12000 ]; }

# --new opens a new record's editor at start (the record is saved at once, so the next
# start lists it).
mkdir -p "$(dirname "$shot")"
new_shot="$(dirname "$shot")/formwork-new-record.png"
rm -f "$new_shot"
under_xvfb "$formwork" --db "$work/formwork.db" --new motion --screenshot "$new_shot" 2>"$work/new.err" \
  || fail "formwork --new motion exited $?: $(cat "$work/new.err")"
is_picture "$new_shot" || fail "no picture of the window at $new_shot"
! grep -q "could not" "$work/new.err" || fail "formwork --new motion reported: $(cat "$work/new.err")"
[ -s "$work/formwork.db" ] || fail "formwork did not make its database at $work/formwork.db"

rm -f "$shot"
under_xvfb "$formwork" --db "$work/formwork.db" --screenshot "$shot" || fail "formwork exited $?"
is_picture "$shot" || fail "no picture of the window at $shot"
echo "formwork started, showed its window and saved $shot"

# --report-ready prints the time from the process's start to its first idle moment.
under_xvfb "$formwork" --db "$work/formwork.db" --report-ready --screenshot "$work/ready.png" >"$work/ready.out" \
  || fail "formwork --report-ready exited $?"
grep -Eq '^formwork: ready [0-9]+$' "$work/ready.out" || fail "no 'formwork: ready <ms>' line; it printed: $(cat "$work/ready.out")"
echo "formwork said: $(cat "$work/ready.out")"

# A file that is not a database: exit status 1, and the message names the file.
printf 'not a database, just text\n' >"$work/notes.db"
status=0
under_xvfb "$formwork" --db "$work/notes.db" 2>"$work/bad.err" || status=$?
[ "$status" -eq 1 ] || fail "formwork on a file that is not a database exited $status, not 1"
grep -q "notes.db" "$work/bad.err" || fail "the message does not name the file: $(cat "$work/bad.err")"
echo "formwork refused $work/notes.db: $(head -c 300 "$work/bad.err")"
