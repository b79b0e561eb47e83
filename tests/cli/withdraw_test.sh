#!/usr/bin/env bash
# withdraw and restore on a SQLite file, as an officer would use them: a record withdrawn with a
# reason leaves list and export (even named with --id) but show and history still find it and
# say so, and list --withdrawn shows it, marked; withdrawing needs a reason and is refused twice,
# a restore of a record not withdrawn is refused, a locked record is withdrawn like any other,
# and a restore brings it back; the audit log stays intact throughout.
# Usage: withdraw_test.sh FORMWORK-CLI [OWNER-CONNECTION-FILE]: with the test cluster's owner
# connection, the same on a new PostgreSQL database (its tables made by the owner), as an officer.
set -euo pipefail
cli="$1"
here="$(cd "$(dirname "$0")" && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=jokafor
source "$here/test_database.sh"
use_test_database withdraw "${2:-}"

"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
listed() { "$cli" list --limit 100000 "$@"; }
# (No grep -q after a pipe: it stops reading early, and under pipefail the command before it
# then fails of SIGPIPE.)
total() { listed "$@" | sed -n 's/^Records .* of \([0-9]*\)$/\1/p'; }
id=$(listed --form motion | awk 'NR == 2 { print $1 }')
other=$(listed --form motion | awk 'NR == 3 { print $1 }')
[ -n "$id" ] && [ -n "$other" ] || fail "fewer than two motions listed"
motions=$(total --form motion)
everything=$(total)

# Without a reason: refused, nothing changed.
status=0; out=$("$cli" withdraw "$id" 2>&1) || status=$?
[ "$status" = 2 ] && grep -q "give the reason" <<<"$out" || fail "withdraw without a reason ($status): $out"
status=0; out=$("$cli" withdraw "$id" --reason "   " 2>&1) || status=$?
[ "$status" = 2 ] || fail "withdraw with a blank reason ($status): $out"
listed | grep "^$id " >/dev/null || fail "the record left the list without a reason"

out=$("$cli" withdraw "$id" --reason "Tabled twice by mistake" 2>&1) || fail "withdraw: $out"
grep -q "^Withdrew record $id (audit entry [0-9]*)" <<<"$out" || fail "withdraw does not say what it did: $out"

# Out of the list, whatever the filter; there, marked, when asked for.
listed | grep "^$id " >/dev/null && fail "the withdrawn record is still listed"
[ "$(total --form motion)" = $((motions - 1)) ] || fail "the motions' count did not drop: $(total --form motion) of $motions"
[ "$(total)" = $((everything - 1)) ] || fail "the count did not drop"
listed --withdrawn | grep "^$id .*\[withdrawn\] " >/dev/null || fail "list --withdrawn: $(listed --withdrawn)"
[ "$(total --withdrawn)" = 1 ] || fail "list --withdrawn counts $(total --withdrawn)"
[ "$(total --include-withdrawn)" = "$everything" ] || fail "list --include-withdrawn counts $(total --include-withdrawn)"
listed --include-withdrawn | grep "^$other .*\[withdrawn\]" >/dev/null && fail "a record not withdrawn is marked"

# Twice: refused, naming it.
status=0; out=$("$cli" withdraw "$id" --reason "Again" 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "record $id is withdrawn already" <<<"$out" || fail "withdrawn twice ($status): $out"

# show and history still work, and say so.
"$cli" show "$id" >shown.xml 2>shown.err || fail "show of a withdrawn record: $(cat shown.err)"
grep -q "<id>$id</id>" shown.xml || fail "show wrote no record file"
grep -q "record $id is withdrawn (audit entry [0-9]*, .*, by jokafor: Tabled twice by mistake)" shown.err ||
  fail "show does not say it is withdrawn: $(cat shown.err)"
history=$("$cli" history "$id") || fail "history of a withdrawn record"
grep -q "  jokafor  withdraw  revision " <<<"$history" || fail "history lists no withdrawal: $history"
grep -q "withdrawn because: Tabled twice by mistake" <<<"$history" || fail "history has no reason: $history"
grep -q "^Record $id is withdrawn, since entry #" <<<"$history" || fail "history does not say it is withdrawn: $history"

# A changed record file of it is not imported, naming restore.
sed 's|</title>| (changed)</title>|' shown.xml >changed.xml
cmp -s shown.xml changed.xml && fail "the record file was not changed: the test cannot fail"
status=0; out=$("$cli" import changed.xml 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "formwork-cli restore $id" <<<"$out" || fail "import of a withdrawn record ($status): $out"

# Exports leave it out, even named by id.
out=$("$cli" export --format xlsx --id "$id" --id "$other" -o chosen.xlsx 2>&1) || fail "export: $out"
python3 - chosen.xlsx "$id" "$other" <<'PY' || fail "the workbook holds the withdrawn record, or not the other"
import sys, zipfile
path, withdrawn, other = sys.argv[1:4]
text = "".join(zipfile.ZipFile(path).read(name).decode("utf-8", "replace") for name in zipfile.ZipFile(path).namelist())
sys.exit(0 if other in text and withdrawn not in text else 1)
PY
"$cli" history "$other" | grep "exported in a xlsx file of 1 record" >/dev/null || fail "the export did not write the other record alone"
"$cli" history "$id" | grep "exported in" >/dev/null && fail "the withdrawn record's history lists the export"

# A restore of a record that is not withdrawn: refused, naming it.
status=0; out=$("$cli" restore "$other" 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "record $other is not withdrawn" <<<"$out" || fail "restore of an active record ($status): $out"

# A locked record is withdrawn like any other.
locked=$(listed | awk 'NR > 1 && $3 != "draft" && $3 != "Records" { print $1; exit }')
[ -n "$locked" ] || fail "no sample record is past its first status"
"$cli" withdraw "$locked" --reason "Superseded" >/dev/null || fail "withdraw of a locked record"
"$cli" restore "$locked" >/dev/null || fail "restore without a reason"

out=$("$cli" restore "$id" --reason "It was not a duplicate" 2>&1) || fail "restore: $out"
grep -q "^Restored record $id (audit entry [0-9]*)" <<<"$out" || fail "restore does not say what it did: $out"
listed | grep "^$id " >/dev/null || fail "the restored record is not listed"
[ "$(total)" = "$everything" ] || fail "the count is not back"
"$cli" history "$id" | grep "restored because: It was not a duplicate" >/dev/null || fail "history has no restore"
"$cli" show "$id" 2>&1 >/dev/null | grep "withdrawn" >/dev/null && fail "show still says it is withdrawn"
"$cli" verify-trail >/dev/null || fail "verify-trail after withdrawals and restores"
echo "ok"
