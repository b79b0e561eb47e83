#!/usr/bin/env bash
# `export --id`, repeated: a workbook and a submission of exactly the records named, read
# back by openpyxl and checked by xmllint; the scope's other options still narrow them; an id
# of no record is no record.
set -euo pipefail
cli="$1"; profile="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

# Two records of two forms, and one more of the first form that is not asked for.
"$cli" list --limit 1000 >list.txt
first=$(awk '$2 == "eia" {print $1; exit}' list.txt)
second=$(awk '$2 == "motion" {print $1; exit}' list.txt)
other=$(awk -v f="$first" '$2 == "eia" && $1 != f {print $1; exit}' list.txt)
[ -n "$first" ] && [ -n "$second" ] || fail "no eia or motion among the samples: $(head -5 list.txt)"
total=$(grep -c '^[0-9a-f]\{8\}-' list.txt)
[ "$total" -gt 2 ] || fail "the samples hold only $total records"

"$cli" export --id "$first" --id "$second" --format xlsx -o chosen.xlsx >out.txt 2>err.txt ||
  fail "export --id --id: $(cat err.txt)"
grep -q "Exported 2 records" out.txt || fail "export --id --id said: $(cat out.txt)"

/usr/bin/python3 - chosen.xlsx "$first" "$second" "$other" <<'PY' || exit 1
import sys
import openpyxl
path, first, second, other = sys.argv[1:]
book = openpyxl.load_workbook(path, read_only=True)
ids = []
for sheet in book.worksheets:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    # The record id is last, but for a records sheet's hidden Revision after it.
    if not header or "Record id" not in header[-2:] or sheet.title == "Fields":
        continue
    # A records sheet has one row per record; a table's sheet one per row, keyed by record.
    if "Modified (UTC)" not in header:
        continue
    at = list(header).index("Record id")
    ids += [row[at] for row in rows if row and len(row) > at and row[at]]
if sorted(ids) != sorted([first, second]):
    print(f"FAIL: the workbook's records are {ids}, not [{first}, {second}]", file=sys.stderr)
    sys.exit(1)
if other and other in ids:
    print("FAIL: a record not named is in the workbook", file=sys.stderr)
    sys.exit(1)
PY

# A submission of the same two, valid against its schema.
"$cli" export --id "$first" --id "$second" --format xml --include-drafts --collection "Chosen" --year 2023 \
  --reference-date 2023-12-01 -o chosen.xml >out.txt 2>err.txt || fail "submission of two: $(cat err.txt)"
"$cli" schema --submission -o submission.xsd || fail "schema --submission"
xmllint --noout --nonet --schema submission.xsd chosen.xml 2>xmllint.txt || fail "xmllint: $(cat xmllint.txt)"
count=$(grep -o '<Record ' chosen.xml | wc -l)
[ "$count" -eq 2 ] || fail "the submission holds $count records, not 2"
grep -q "id=\"$first\"" chosen.xml && grep -q "id=\"$second\"" chosen.xml || fail "the submission lacks a record named"

# The other options narrow the records named: one of them is of form eia.
"$cli" export --id "$first" --id "$second" --form eia --format xlsx -o eia.xlsx >out.txt 2>err.txt ||
  fail "export --id --form: $(cat err.txt)"
grep -q "Exported 1 record " out.txt || fail "export --id --id --form eia said: $(cat out.txt)"

# An id of no record: nothing in scope, and no file.
if "$cli" export --id 00000000-0000-4000-8000-000000000000 --format xlsx -o none.xlsx >out.txt 2>err.txt; then
  fail "an export of no record succeeded: $(cat out.txt)"
fi
grep -q "no records of any form with the id named" err.txt || fail "an export of no record said: $(cat err.txt)"
[ ! -e none.xlsx ] || fail "an export of no record left a file"
echo "export --id: all checks passed"
