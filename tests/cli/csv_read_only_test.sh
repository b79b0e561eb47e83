#!/usr/bin/env bash
# DESIGN.md, "Exports write to the store": from a database on a read-only filesystem (a tmpfs
# remounted read-only in a private mount namespace), a CSV, of records or of a view, is written
# as a workbook is, and said to be "not recorded in the audit log", with the reason.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/../support/in_mount_namespace.sh"
work=$(mktemp -d)
trap 'umount "$work/disk" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE FORMWORK_DB
export FORMWORK_USER=reader XDG_DATA_HOME="$work/data"
mkdir made disk
mount -t tmpfs -o size=8m tmpfs "$work/disk" || fail "cannot mount a tmpfs"
"$cli" --db "$work/made/council.db" import --samples >/dev/null 2>&1 || fail "import --samples"
cp "$work/made/council.db" disk/
mount -o remount,ro "$work/disk" || fail "cannot make the tmpfs read-only"
db="$work/disk/council.db"

out=$("$cli" --db "$db" export --format csv --form motion -o "$work/made/motions.csv" 2>&1) || fail "a CSV from $db: $out"
[ -s "$work/made/motions.csv" ] || fail "no CSV from $db"
grep -qF "motions.csv was written but is not recorded in the audit log: the database $db is read-only" <<<"$out" ||
  fail "the CSV from $db is not said to be unrecorded: $out"
! grep -q "recorded in the audit log as entry" <<<"$out" || fail "a read-only database recorded an export: $out"

out=$("$cli" --db "$db" export --format csv --view "Year Cabinet" -o "$work/made/cabinet.csv" 2>&1) ||
  fail "a view's CSV from $db: $out"
[ -s "$work/made/cabinet.csv" ] || fail "no view CSV from $db"
grep -qF "cabinet.csv was written but is not recorded in the audit log" <<<"$out" ||
  fail "the view's CSV from $db is not said to be unrecorded: $out"
echo ok
