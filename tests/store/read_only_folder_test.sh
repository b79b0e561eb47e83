#!/usr/bin/env bash
# A WAL-mode database in a folder its reader cannot write: it opens for reading, says why it
# is read-only, and refuses a save with that reason. Root ignores permission bits, so the
# reader is another user (setpriv to nobody); the test is skipped (exit 77) when it cannot
# switch users.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
  echo "skipped: needs root and setpriv to read as another user"; exit 77
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE FORMWORK_DB
export FORMWORK_USER=reader XDG_DATA_HOME="$work/data"
mkdir "$work/shared"
db="$work/shared/council.db"
"$cli" --db "$db" import --samples >/dev/null 2>&1 || fail "import --samples"
[ "$(/usr/bin/python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("pragma journal_mode").fetchone()[0])' "$db")" = wal ] ||
  fail "the database is not in WAL mode"
chmod 555 "$work/shared"; chmod 644 "$db"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work" "$@"; }

out=$(as_nobody "$cli" --db "$db" list --limit 100 2>&1) || fail "list as another user: $out"
grep -q "^Records 1-[0-9]* of [1-9]" <<<"$out" || fail "list read nothing: $out"
grep -qF "warning: The database $db is read-only (its folder $work/shared cannot be written by you)" <<<"$out" ||
  fail "list did not say why the database is read-only: $out"
id=$(grep -m1 -o '^[0-9a-f-]\{36\}' <<<"$out")
status=0; out=$(as_nobody "$cli" --db "$db" set-status "$id" withdrawn --revision 1 2>&1) || status=$?
[ "$status" != 0 ] || fail "a save into a read-only folder succeeded: $out"
grep -qF "the database $db is read-only (its folder $work/shared cannot be written by you)" <<<"$out" ||
  fail "the save was not refused with the reason: $out"
[ -z "$(ls -A "$work/shared" | grep -v '^council.db$')" ] || fail "files appeared beside the database: $(ls -A "$work/shared")"
echo "a database in a read-only folder: read, and a save refused with the reason"
