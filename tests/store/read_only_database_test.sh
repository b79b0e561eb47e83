#!/usr/bin/env bash
# A database on a read-only filesystem, for real (a tmpfs remounted read-only in a private
# mount namespace): it opens for reading, in WAL mode too, says it is read-only, and refuses
# a save with that reason. Its last commit is only in its write-ahead log, and is shown; when
# that log cannot be read (no shared-memory index beside it, none can be made), the database
# is refused rather than shown without it. Reached through a symlink from a writable folder,
# it is the same file.
set -euo pipefail
cli="$1"
profile="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/../support/in_mount_namespace.sh"
work=$(mktemp -d)
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; umount "$work/disk" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE FORMWORK_DB
export FORMWORK_USER=reader XDG_DATA_HOME="$work/data"
mkdir made disk
mount -t tmpfs -o size=8m tmpfs "$work/disk" || fail "cannot mount a tmpfs"

# A database whose last commit stays in its -wal: another connection keeps the log open,
# so formwork-cli's close neither checkpoints it nor removes it.
db="$work/made/council.db"
"$cli" --db "$db" import --samples >/dev/null 2>&1 || fail "import --samples"
mkfifo hold
/usr/bin/python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("select count(*) from records").fetchall()
print("holding", flush=True); sys.stdin.read()' "$db" <hold >held &
holder=$!
exec 3>hold
while ! grep -q holding held; do sleep 0.1; done
"$cli" template motion -o motion.xml
sed -i 's|<title></title>|<title>Only in the write-ahead log</title>|' motion.xml
"$cli" --db "$db" import motion.xml >/dev/null 2>&1 || fail "import motion.xml"
[ -s "$db-wal" ] || fail "the last commit is not in a -wal"
mkdir disk/with-index disk/without-index disk/clean
cp "$db" "$db-wal" "$db-shm" disk/with-index/
cp "$db" "$db-wal" disk/without-index/
exec 3>&-; wait "$holder"; holder=   # the last connection closes: the log goes into the file
[ ! -e "$db-wal" ] || fail "the -wal was left after the last connection closed"
cp "$db" disk/clean/
# A database of the schema before this program's: opening it would upgrade it, a write.
mkdir disk/old
cp "$db" disk/old/
/usr/bin/python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("DROP TABLE exported_records; DROP INDEX audit_exports; PRAGMA user_version = 4;")
c.close()' disk/old/council.db
ln -s "$work/disk/clean/council.db" "$work/link.db"
mount -o remount,ro "$work/disk" || fail "cannot make the tmpfs read-only"

# Reading works, shows the commit that is only in the -wal, and says the database is read-only.
readable() {
  local path="$1" out
  out=$("$cli" --db "$path" list --limit 100 2>&1) || fail "list on $path: $out"
  grep -q "Only in the write-ahead log" <<<"$out" || fail "$path shows a state without its last commit: $out"
  grep -qF "warning: The database $path is read-only (its filesystem is mounted read-only)" <<<"$out" ||
    fail "$path did not say it is read-only: $out"
  # A save is refused with that reason, and nothing changes.
  local status=0
  out=$("$cli" --db "$path" import "$work/motion.xml" 2>&1) || status=$?
  [ "$status" != 0 ] || fail "a save on $path succeeded: $out"
  grep -qF "the database $path is read-only (its filesystem is mounted read-only)" <<<"$out" ||
    fail "the save on $path was not refused with the reason: $out"
  echo "$path: read, and a save refused"
}
readable "$work/disk/with-index/council.db"
readable "$work/disk/clean/council.db"
readable "$work/link.db"

# Exports (DESIGN.md, "Exports write to the store"): a workbook is written and said to be
# unrecorded, with the reason; a submission, which needs a serial number and an entry, is
# refused with the reason and leaves no file.
path="$work/disk/clean/council.db"
out=$("$cli" --db "$path" export --format xlsx -o "$work/made/returns.xlsx" 2>&1) || fail "a workbook from $path: $out"
[ -s "$work/made/returns.xlsx" ] || fail "no workbook from $path"
grep -qF "returns.xlsx was written but is not recorded in the audit log: the database $path is read-only (its filesystem is mounted read-only)" <<<"$out" ||
  fail "the workbook from $path is not said to be unrecorded: $out"
! grep -q "recorded in the audit log as entry" <<<"$out" || fail "a read-only database recorded an export: $out"
status=0
out=$("$cli" --db "$path" --profile "$profile" export --format xml --collection Returns --year 2023 \
  --reference-date 2023-10-17 -o "$work/made/returns.xml" 2>&1) || status=$?
[ "$status" = 1 ] || fail "a submission from $path: exit $status: $out"
grep -qF "an XML submission is not made from the database $path, which is read-only (its filesystem is mounted read-only)" <<<"$out" ||
  fail "the submission from $path is not refused with the reason: $out"
[ ! -e "$work/made/returns.xml" ] || fail "a refused submission left a file"
echo "$path: a workbook written and said to be unrecorded, a submission refused"

# An older schema on a read-only disk: refused, saying that the upgrade it needs is a write.
path="$work/disk/old/council.db"
status=0; out=$("$cli" --db "$path" list --limit 100 2>&1) || status=$?
[ "$status" != 0 ] || fail "$path of schema version 4 was opened read-only: $out"
grep -qF "the database $path is read-only (its filesystem is mounted read-only), so upgrading it from schema version 4 to 6" <<<"$out" ||
  fail "the refusal of $path does not say it needs an upgrade: $out"
echo "$path: an older schema refused, with the reason"

# A -wal that cannot be read is never skipped: the database is refused, saying why.
path="$work/disk/without-index/council.db"
status=0; out=$("$cli" --db "$path" list --limit 100 2>&1) || status=$?
[ "$status" != 0 ] || fail "$path was shown without its write-ahead log: $out"
! grep -q "Only in the write-ahead log\|Records " <<<"$out" || fail "$path listed records: $out"
grep -qF "$path-wal" <<<"$out" && grep -q "read-only" <<<"$out" && grep -q "shared-memory index" <<<"$out" ||
  fail "the refusal of $path does not say why: $out"
echo "$path: refused, with the reason"
echo "read-only databases: all checks passed"
