#!/usr/bin/env bash
# No path can clobber the database (issue 20): every -o refuses the open database and the
# files SQLite keeps beside it (-wal, -shm, -journal), however it is named (as given, through
# a symlink, through `..`), writes nothing, and the database still verifies; the verbs that
# never make a database refuse a mistyped --db, FORMWORK_DB or a missing default, naming it,
# and make nothing; import makes one, and says so with its path.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE FORMWORK_DB
export FORMWORK_USER=guard XDG_DATA_HOME="$work/data"

# The folder's files (temporary ones too, which start with a dot), one a line.
files() { (cd "$work" && find . -mindepth 1 -not -path './data*' | LC_ALL=C sort); }

# import makes the database, and says so, with the path; the next import does not.
db="$work/m.db"
out=$("$cli" --db "$db" import --samples 2>&1 >/dev/null) || fail "import --samples: $out"
grep -qxF "import: made a new database at $db" <<<"$out" || fail "import did not say it made $db: $out"
out=$("$cli" --db m.db import --samples 2>&1 >/dev/null) || fail "import --samples again: $out"
! grep -q "made a new database" <<<"$out" || fail "import said it made a database that was there: $out"
trail=$("$cli" --db "$db" verify-trail) || fail "verify-trail: $trail"
grep -q '^The audit log is intact: [1-9][0-9]* entries$' <<<"$trail" || fail "verify-trail: $trail"
id=$("$cli" --db "$db" list --form motion --limit 1 | sed -n '2s/ .*//p')
[ -n "$id" ] || fail "no motion in the samples"

ln -s m.db link.db
mkdir sub other
ln -s "$work" other/here
before=$(files)

# Each is refused with exit 2, naming the path and what it is, and nothing is written.
refused() {
  local what="$1"; shift
  local status=0 out
  out=$("$cli" "$@" 2>&1) || status=$?
  [ "$status" = 2 ] || fail "$* exited $status, not 2: $out"
  grep -qF "is $what $db" <<<"$out" || fail "$* did not say it is $what $db: $out"
  grep -q "Nothing was written" <<<"$out" || fail "$*: $out"
  ! grep -q "^Exported\|^Printed" <<<"$out" || fail "$* says it wrote: $out"
  [ "$(files)" = "$before" ] || fail "$* left files: $(diff <(echo "$before") <(files) || true)"
}
refused "the database" --db "$db" export --format xlsx -o m.db
refused "the database" --db "$db" export --format xlsx -o "$db"
refused "the database" --db "$db" export --format xlsx -o link.db
refused "the database" --db "$db" export --format xlsx -o sub/../m.db
refused "the write-ahead log of the database" --db "$db" export --format xlsx -o m.db-wal
refused "the write-ahead log of the database" --db "$db" export --format xlsx -o other/here/m.db-wal
refused "the shared-memory index of the database" --db "$db" export --format xlsx -o sub/../m.db-shm
refused "the rollback journal of the database" --db "$db" export --format xlsx -o m.db-journal
refused "the database" --db "$db" --profile "$(dirname "$0")/../../profiles/coventry.profile.xml" export --format xml \
  --collection "Council questions" --year 2023 --reference-date 2023-10-17 --include-drafts -o link.db
# The database named through the symlink, the file itself as -o.
FORMWORK_DB="$work/link.db" db="$work/link.db" refused "the database" export --format xlsx -o m.db
# Every verb with -o.
refused "the database" --db "$db" show "$id" -o m.db
refused "the database" --db "$db" print "$id" -o link.db
refused "the write-ahead log of the database" --db "$db" template motion -o m.db-wal
refused "the database" --db "$db" schema --submission -o m.db
# The default database too.
mkdir -p "$XDG_DATA_HOME/formwork"
cp m.db "$XDG_DATA_HOME/formwork/formwork.db"
before=$(files)
db="$XDG_DATA_HOME/formwork/formwork.db"
refused "the database" export --format xlsx -o "$XDG_DATA_HOME/formwork/../formwork/formwork.db"
db="$work/m.db"

# The database is whole: its audit log verifies as before, and the records are all there.
out=$("$cli" --db "$db" verify-trail) || fail "the database no longer verifies: $out"
[ "$out" = "$trail" ] || fail "verify-trail changed: $out (was $trail)"
"$cli" --db link.db show "$id" >/dev/null || fail "the motion is gone"
# A file beside it is written as ever.
out=$("$cli" --db "$db" export --format xlsx -o m.xlsx) || fail "export beside the database: $out"
grep -q '^Exported [1-9][0-9]* records to m.xlsx' <<<"$out" || fail "export: $out"

# A mistyped --db: each verb that never makes a database refuses it, naming it, exit 2, and
# makes nothing (no file, no -wal or -shm).
missing() {
  local status=0 out
  out=$("$cli" "$@" 2>&1) || status=$?
  [ "$status" = 2 ] || fail "$* exited $status, not 2: $out"
  grep -qF "there is no database at $work/mistyped.db" <<<"$out" || fail "$* did not name the database: $out"
  ! ls "$work"/mistyped.db* >/dev/null 2>&1 || fail "$* made $(ls "$work"/mistyped.db*)"
}
missing --db mistyped.db list
missing --db "$work/mistyped.db" list --form motion
missing --db mistyped.db show "$id"
missing --db mistyped.db print "$id"
missing --db mistyped.db history "$id"
missing --db mistyped.db verify-trail
missing --db mistyped.db set-status "$id" complete --revision 1
missing --db mistyped.db export --format xlsx -o out.xlsx
[ ! -e out.xlsx ] || fail "export into a missing database wrote out.xlsx"
FORMWORK_DB="$work/mistyped.db" missing list
# A dangling symlink is no database either (opening it would make its target).
ln -s nowhere.db dangling.db
status=0; out=$("$cli" --db dangling.db list 2>&1) || status=$?
[ "$status" = 2 ] && grep -q "there is no database at $work/dangling.db" <<<"$out" || fail "a dangling symlink ($status): $out"
[ ! -e nowhere.db ] || fail "list made the symlink's target"
# No default database: list says where it looked, and makes neither the file nor its folder.
rm -rf "$XDG_DATA_HOME"
status=0; out=$("$cli" list 2>&1) || status=$?
[ "$status" = 2 ] && grep -qF "there is no database at $XDG_DATA_HOME/formwork/formwork.db (the default)" <<<"$out" ||
  fail "list with no default database ($status): $out"
[ ! -e "$XDG_DATA_HOME" ] || fail "list made $XDG_DATA_HOME"

# import makes the default database, as scripts/run.sh's first run does, and says where.
out=$("$cli" import --samples 2>&1 >/dev/null) || fail "import --samples into the default: $out"
grep -qxF "import: made a new database at $XDG_DATA_HOME/formwork/formwork.db" <<<"$out" || fail "import: $out"
"$cli" list >/dev/null || fail "list on the default database"
"$cli" verify-trail >/dev/null || fail "verify-trail on the default database"

echo "database guard: ok"
