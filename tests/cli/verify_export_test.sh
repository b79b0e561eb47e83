#!/usr/bin/env bash
# Every export in the audit log, from the command line: a workbook and a submission each get an
# entry (export says which), the exported records' history lists it, and verify-export accepts
# the file as written, naming who exported it and when; it rejects the same file with one byte
# changed, and a file Formwork never wrote, each exiting 1 with what it found.
set -euo pipefail
cli="$1"
profile="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=jokafor FORMWORK_DB="$work/council.db"

"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
id=$("$cli" list --form motion | awk 'NR == 2 { print $1 }')
[ -n "$id" ] || fail "no motion listed"

out=$("$cli" export --format xlsx --form motion -o motions.xlsx 2>&1) || fail "export xlsx: $out"
[[ "$out" == *"recorded in the audit log as entry #"* ]] || fail "export does not say its entry: $out"
"$cli" history "$id" | grep -q "exported in a xlsx file of .* records, $work/motions.xlsx (SHA-256 " ||
  fail "the record's history does not list the export: $("$cli" history "$id")"

set +e
good=$("$cli" verify-export motions.xlsx 2>&1); good_status=$?
set -e
[ "$good_status" -eq 0 ] || fail "verify-export of the file as written: exit $good_status: $good"
[[ "$good" == *"is a file Formwork exported from $work/council.db, unchanged since"* ]] || fail "not accepted: $good"
[[ "$good" == *"export of "*" records by jokafor on 20"* ]] || fail "the exporter and the time are not named: $good"

cp motions.xlsx changed.xlsx
python3 - changed.xlsx <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
data[len(data) // 2] ^= 0x01
open(path, "wb").write(data)
PY
mv changed.xlsx motions.xlsx
set +e
changed=$("$cli" verify-export motions.xlsx 2>&1); changed_status=$?
set -e
[ "$changed_status" -eq 1 ] || fail "a changed byte: exit $changed_status: $changed"
[[ "$changed" == *"has changed since Formwork exported it"* ]] || fail "a changed byte is not called a change: $changed"
[[ "$changed" == *"by jokafor"* ]] || fail "the export of that name is not named: $changed"

printf 'A spreadsheet made elsewhere\n' > elsewhere.xlsx
set +e
never=$("$cli" verify-export elsewhere.xlsx 2>&1); never_status=$?
set -e
[ "$never_status" -eq 1 ] || fail "a file never exported: exit $never_status: $never"
[[ "$never" == *"was not exported from $work/council.db"* ]] || fail "a file never exported is not refused: $never"

out=$("$cli" --profile "$profile" export --format xml --collection "Motions" --year 2023 --reference-date 2023-10-17 \
  --form motion -o motions.xml 2>&1) || fail "export xml: $out"
entry=$(echo "$out" | sed -n 's/.*recorded in the audit log as entry #\([0-9]*\).*/\1/p')
[ -n "$entry" ] || fail "the submission's entry is not said: $out"
head=$(sed -n 's:.*<AuditHeadDigest>\([0-9a-f]*\)</AuditHeadDigest>.*:\1:p' motions.xml)
"$cli" verify-trail --head "$head" | grep -q "after entry $((entry - 1))" ||
  fail "the submission's head is not the one from before its own entry $entry: $("$cli" verify-trail --head "$head")"
"$cli" verify-export motions.xml | grep -q "submission serial number 1, audit head $head" ||
  fail "verify-export does not give the submission's serial and head: $("$cli" verify-export motions.xml)"
echo "ok"
