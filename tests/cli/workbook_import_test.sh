#!/usr/bin/env bash
# A workbook's round trip on the command line (docs/exports.md, "The round trip"): the samples
# exported sheet per table, edited with openpyxl as an officer would in Excel (a text cell, a
# choice by its label, a row added to a table's sheet, a new record's row), then
# `import --format workbook --dry-run` names each cell and change and saves nothing (the list,
# the records and the audit log's head digest are as they were); the import itself saves each
# change as a new revision whose history names the workbook, and the trail verifies. The same
# workbook re-saved by LibreOffice plans and saves the same. Imported again, its edited records
# are conflicts and nothing is saved. A locked record is refused and named until --reopen
# REASON. A formula, a text in a date and an unknown choice are each refused on their cell.
#   workbook_import_test.sh CLI PROFILE
set -euo pipefail
cli="$1"; profile="$2"
here="$(cd "$(dirname "$0")" && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v soffice >/dev/null || fail "no soffice: scripts/setup.sh installs libreoffice-calc-nogui"
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || fail "no openpyxl for /usr/bin/python3: install python3-openpyxl"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=clerk
edit() { /usr/bin/python3 "$here/../exporters/edit_workbook.py" "$@" >edit.txt 2>&1 || fail "edit_workbook.py $*: $(cat edit.txt)"; }
head_digest() { "$cli" verify-trail | awk '/^head digest:/ {print $3}'; }
# Runs an import, keeping its output in out.txt and err.txt and its exit status in $status.
run_import() { status=0; "$cli" import --format workbook "$@" >out.txt 2>err.txt || status=$?; }
has() { grep -qF -- "$1" "$2" || fail "$2 does not say '$1': $(cat out.txt err.txt)"; }
# A field's value in a stored record, by its path under the form's element (title, meeting/date).
value() { "$cli" show "$1" | /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E
node = E.parse(sys.stdin).getroot()[1].find(sys.argv[1])
print("" if node is None or node.text is None else node.text)' "$2"; }

"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
"$cli" list --form motion >motions.txt
draft1=$(awk '$2 == "motion" && $3 == "draft" {print $1}' motions.txt | sed -n 1p)
draft2=$(awk '$2 == "motion" && $3 == "draft" {print $1}' motions.txt | sed -n 2p)
draft3=$(awk '$2 == "motion" && $3 == "draft" {print $1}' motions.txt | sed -n 3p)
complete=$(awk '$2 == "motion" && $3 == "complete" {print $1}' motions.txt | sed -n 1p)
[ -n "$draft3" ] && [ -n "$complete" ] || fail "the samples have no three draft motions and a complete one: $(cat motions.txt)"
"$cli" export --format xlsx --layout sheet-per-table -o exported.xlsx >/dev/null 2>err.txt || fail "export: $(cat err.txt)"

# --- The command line itself ------------------------------------------------------------------
status=0; "$cli" import --format workbook --samples exported.xlsx >out.txt 2>err.txt || status=$?
[ "$status" -eq 2 ] && grep -q "exactly one" err.txt || fail "--samples with a workbook: exit $status: $(cat err.txt)"
status=0; "$cli" import --format workbook exported.xlsx exported.xlsx >out.txt 2>err.txt || status=$?
[ "$status" -eq 2 ] && grep -q "exactly one" err.txt || fail "two workbooks: exit $status: $(cat err.txt)"
status=0; "$cli" import --format workbook --into "$draft1" exported.xlsx >out.txt 2>err.txt || status=$?
[ "$status" -eq 2 ] && grep -q -- "--into" err.txt || fail "--into with a workbook: exit $status: $(cat err.txt)"
"$cli" show "$draft1" -o draft1.xml
status=0; "$cli" import --dry-run draft1.xml >out.txt 2>err.txt || status=$?
[ "$status" -eq 2 ] && grep -q -- "--dry-run is for --format workbook" err.txt || fail "--dry-run of a record file: exit $status: $(cat err.txt)"
status=0; FORMWORK_DB="$work/none.db" "$cli" import --format workbook exported.xlsx >out.txt 2>err.txt || status=$?
[ "$status" -eq 2 ] && [ ! -e "$work/none.db" ] || fail "a workbook into no database: exit $status, or a database was made: $(cat err.txt)"

# --- Bad cells: each refused on its cell, saying what was expected -----------------------------
edit exported.xlsx bad.xlsx set motion "$draft1" title "=1+1" set motion "$draft2" meeting/date "next Tuesday" \
  set motion "$draft3" outcome "Perhaps"
before=$(head_digest)
run_import bad.xlsx
[ "$status" -eq 1 ] || fail "a workbook with bad cells: exit $status: $(cat out.txt err.txt)"
grep -q "sheet 'Motion for debate', cell E[0-9]* (Title): error: .*formula" out.txt || fail "the formula is not refused on its cell: $(cat out.txt)"
grep -q "sheet 'Motion for debate', cell O[0-9]* (Date): error: a date is expected.*next Tuesday" out.txt ||
  fail "the text in a date is not refused on its cell: $(cat out.txt)"
grep -q "sheet 'Motion for debate', cell L[0-9]* (Outcome): error: 'Perhaps' is not a choice.*'Lost'" out.txt ||
  fail "the unknown choice is not refused on its cell, with the choices: $(cat out.txt)"
for id in "$draft1" "$draft2" "$draft3"; do has "refused $id" out.txt; done
has "0 updated, 23 unchanged, 0 conflicts, 0 locked, 3 refused" err.txt
[ "$(head_digest)" = "$before" ] || fail "a workbook refused cell by cell saved something"

# --- The edits: a text, a choice by its label, a table's row, a new record ---------------------
edit exported.xlsx changed.xlsx set motion "$draft1" title "Bus lanes, as amended offline" \
  set motion "$draft2" outcome "Lost" \
  row motion amendments "$draft1" "amendments/row/moved-by=Councillor Okafor" \
    "amendments/row/amendment-text=Delete the last paragraph."
edit changed.xlsx edited.xlsx new motion "title=A motion written on the train" "moved-by/name=Councillor Train" \
  "seconded-by/name=Councillor Coach" "motion-text=This Council resolves to run the trains on time." "meta/status=Draft"

# The dry run names each cell and change, and saves nothing.
"$cli" list --include-withdrawn --limit 1000 >list-before.txt
"$cli" show "$draft1" >draft1-before.xml
before=$(head_digest)
run_import --dry-run edited.xlsx
[ "$status" -eq 0 ] || fail "dry run: exit $status: $(cat out.txt err.txt)"
grep -q "sheet 'Motion for debate', row [0-9]*: would update $draft1 (revision 1 -> 2) \"Bus lanes, as amended offline\"" out.txt ||
  fail "the dry run does not name the updated record: $(cat out.txt)"
grep -q "^  E[0-9]* Title: \"\" -> \"Bus lanes, as amended offline\"" out.txt || fail "the title's cell and change: $(cat out.txt)"
grep -q "^  L[0-9]* Outcome: \"\" -> \"lost\"" out.txt || fail "the choice's label is not read as its code: $(cat out.txt)"
has "would update $draft2 (revision 1 -> 2)" out.txt
grep -q "^  'Motion for debate – Amendments' row [0-9]*: Row added" out.txt || fail "the table's new row: $(cat out.txt)"
grep -q "^  'Motion for debate – Amendments'!C[0-9]* Moved by: \"\" -> \"Councillor Okafor\"" out.txt ||
  fail "the new row's cell: $(cat out.txt)"
has "would add a new motion record \"A motion written on the train\"" out.txt
has "dry run of edited.xlsx into $work/council.db: would add 1, would update 2, 24 unchanged, 0 conflicts, 0 locked, 0 refused; nothing was saved" err.txt
[ "$(head_digest)" = "$before" ] || fail "the dry run wrote to the audit log"
"$cli" list --include-withdrawn --limit 1000 >list-after.txt
cmp -s list-before.txt list-after.txt || fail "the dry run changed the list: $(diff list-before.txt list-after.txt)"
"$cli" show "$draft1" >draft1-now.xml
cmp -s draft1-now.xml draft1-before.xml || fail "the dry run changed $draft1"
cp out.txt dry-run.txt

# LibreOffice opens and re-saves it (a headless xlsx-to-xlsx conversion): the same plan.
mkdir office
soffice --headless --norestore "-env:UserInstallation=file://$work/office-profile" --convert-to xlsx \
  --outdir "$work/office" edited.xlsx >office.txt 2>&1 || fail "soffice: $(cat office.txt)"
[ -s office/edited.xlsx ] || fail "soffice wrote no workbook: $(cat office.txt)"
cmp -s office/edited.xlsx edited.xlsx && fail "LibreOffice's workbook is byte for byte openpyxl's: no re-save was tested"
(cd office && "$cli" import --format workbook --dry-run edited.xlsx >../out.txt 2>../err.txt) ||
  fail "dry run of LibreOffice's workbook: $(cat out.txt err.txt)"
cmp -s out.txt dry-run.txt || fail "LibreOffice's workbook plans otherwise: $(diff dry-run.txt out.txt)"
cp council.db office.db

# The import: each change saved as a new revision, its history naming the workbook.
run_import edited.xlsx
[ "$status" -eq 0 ] || fail "import: exit $status: $(cat out.txt err.txt)"
has "updated $draft1 (revision 1 -> 2) \"Bus lanes, as amended offline\"" out.txt
has "updated $draft2 (revision 1 -> 2)" out.txt
grep -q "added [0-9a-f-]* (revision 1) \"A motion written on the train\"" out.txt || fail "the new record: $(cat out.txt)"
has "import of edited.xlsx into $work/council.db: 1 added, 2 updated, 24 unchanged, 0 conflicts, 0 locked, 0 refused" err.txt
[ "$(value "$draft1" title)" = "Bus lanes, as amended offline" ] || fail "the title was not saved: $(value "$draft1" title)"
[ "$(value "$draft2" outcome)" = "lost" ] || fail "the outcome was not saved as its code: $(value "$draft2" outcome)"
"$cli" show "$draft1" >draft1-after.xml
grep -q "<moved-by>Councillor Okafor</moved-by>" draft1-after.xml || fail "the amendment row was not saved: $(cat draft1-after.xml)"
"$cli" list --search "A motion written on the train" >new.txt
grep -q "^[0-9a-f-]* *motion *draft *1 " new.txt || fail "the new record is not listed as a draft: $(cat new.txt)"
"$cli" history "$draft1" >history.txt
grep -q "imported from edited.xlsx, sheet 'Motion for debate', row [0-9]*" history.txt || fail "the history does not name the workbook: $(cat history.txt)"
grep -q 'title: "" -> "Bus lanes, as amended offline"' history.txt || fail "the history does not give the change: $(cat history.txt)"
"$cli" verify-trail >trail.txt 2>&1 || fail "verify-trail: $(cat trail.txt)"

# LibreOffice's workbook into the database as it was: the same records saved.
FORMWORK_DB="$work/office.db" run_import office/edited.xlsx
[ "$status" -eq 0 ] || fail "import of LibreOffice's workbook: exit $status: $(cat out.txt err.txt)"
has "1 added, 2 updated, 24 unchanged, 0 conflicts, 0 locked, 0 refused" err.txt
for id in "$draft1" "$draft2"; do
  "$cli" show "$id" | grep -v "<modified " >ours.xml
  FORMWORK_DB="$work/office.db" "$cli" show "$id" | grep -v "<modified " >theirs.xml
  cmp -s ours.xml theirs.xml || fail "$id saved from LibreOffice's workbook differs: $(diff ours.xml theirs.xml)"
done
FORMWORK_DB="$work/office.db" "$cli" verify-trail >trail.txt 2>&1 || fail "verify-trail after LibreOffice's workbook: $(cat trail.txt)"

# Imported again: the records it changed moved on since the export; nothing is saved.
before=$(head_digest)
run_import changed.xlsx
[ "$status" -eq 1 ] || fail "the same workbook again: exit $status: $(cat out.txt err.txt)"
has "conflict $draft1 (exported at revision 1, now at revision 2)" out.txt
grep -q "changed in the database since this workbook was exported" out.txt || fail "the conflict does not say why: $(cat out.txt)"
has "0 added, 0 updated" err.txt
[ "$(head_digest)" = "$before" ] || fail "a conflicting workbook saved something"

# A locked record: refused and named, until --reopen REASON (in a workbook exported afresh).
"$cli" export --format xlsx --layout sheet-per-table -o again.xlsx >/dev/null 2>err.txt || fail "export: $(cat err.txt)"
edit again.xlsx locked.xlsx set motion "$complete" title "Ticket offices, as corrected"
title_before=$(value "$complete" title)
run_import locked.xlsx
[ "$status" -eq 1 ] || fail "a locked record's change: exit $status: $(cat out.txt err.txt)"
has "locked $complete (complete)" out.txt
has "--reopen REASON" out.txt
has "0 added, 0 updated, 26 unchanged, 0 conflicts, 1 locked, 0 refused" err.txt
[ "$(value "$complete" title)" = "$title_before" ] || fail "the locked record was changed"
run_import --reopen "Title corrected from the signed minutes" locked.xlsx
[ "$status" -eq 0 ] || fail "import --reopen: exit $status: $(cat out.txt err.txt)"
has "updated $complete (revision 1 -> " out.txt
[ "$(value "$complete" title)" = "Ticket offices, as corrected" ] || fail "--reopen did not save the title"
"$cli" history "$complete" >history.txt
grep -q "reopened because: Title corrected from the signed minutes" history.txt || fail "the reopen's reason is not in the history: $(cat history.txt)"
"$cli" verify-trail >trail.txt 2>&1 || fail "verify-trail: $(cat trail.txt)"
echo "a workbook comes back: previewed, saved cell by cell, refused where it must be"
