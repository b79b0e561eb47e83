#!/usr/bin/env bash
# `export --format csv` read back by Python's csv module, an independent reader: one form's
# records (commas, quotes, newlines and non-ASCII text quoted as RFC 4180 has it, formula-like
# text prefixed with '), refused for several forms naming --form; `--view NAME` holds the same
# cells as that view's sheet in the workbook (read by openpyxl), with --from and --to; an
# unknown view refused listing the views; a failed export leaves no file; each export leaves an
# audit entry that verify-export finds.
set -euo pipefail
cli="$1"; profile="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

# A motion whose text needs every kind of quoting, and a title a spreadsheet would run.
"$cli" template motion -o motion.xml
/usr/bin/python3 - motion.xml <<'PY' || fail "could not fill in the motion"
import sys, xml.etree.ElementTree as ET
path = sys.argv[1]
tree = ET.parse(path)
root = tree.getroot()
ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
def set_text(name, value):
    for element in root.iter(ns + name):
        element.text = value
        return
    raise SystemExit(f"no {name} in the template")
set_text("title", "=HYPERLINK(\"http://example.org\", \"Click\")")
set_text("motion-text", "Council notes, with \"concern\",\nthe café's closure.\nIt resolves: to act — now.")
set_text("agenda-item", "-7")
tree.write(path, encoding="UTF-8", xml_declaration=True)
PY
out=$("$cli" import motion.xml 2>&1) || fail "import motion.xml: $out"
motion=$(sed -n 's/^.*motion.xml: added \([0-9a-f-]*\) (revision 1).*$/\1/p' <<<"$out")
[ -n "$motion" ] || fail "no motion added: $out"

# Records of every form: refused, naming --form, and no file.
status=0; out=$("$cli" export --format csv -o all.csv 2>&1) || status=$?
[ "$status" = 2 ] || fail "a CSV of every form: exit $status: $out"
grep -q -- "--form" <<<"$out" || fail "the refusal does not name --form: $out"
[ ! -e all.csv ] || fail "a refused CSV left a file"

out=$("$cli" export --format csv --form motion -o motions.csv 2>&1) || fail "export --form motion: $out"
grep -q "recorded in the audit log as entry #" <<<"$out" || fail "the CSV export is not recorded: $out"
motions=$("$cli" list --form motion --limit 1000 | grep -c '^[0-9a-f]\{8\}-')
/usr/bin/python3 - motions.csv "$motion" "$motions" <<'PY' || exit 1
import csv, sys
path, motion, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(path, "rb").read()
def fail(message):
    print(f"FAIL: {message}", file=sys.stderr); sys.exit(1)
if not data.startswith(b"\xef\xbb\xbf"):
    fail("no UTF-8 byte order mark")
rows = list(csv.reader(open(path, encoding="utf-8-sig", newline=""), strict=True))
header = rows[0]
if header[:4] != ["Record", "Status", "Modified (UTC)", "Modified by"] or header[-1] != "Record id":
    fail(f"the header starts {header[:4]} and ends {header[-1]}")
if len(rows) - 1 != count:
    fail(f"{len(rows) - 1} rows for {count} motions")
if any(len(row) != len(header) for row in rows):
    fail("rows of different widths")
row = next((r for r in rows if r[-1] == motion), None)
if row is None:
    fail(f"the motion {motion} is not in the CSV")
field = dict(zip(header, row))
expected = {
    "Title": "'=HYPERLINK(\"http://example.org\", \"Click\")",
    "Text of the motion": "Council notes, with \"concern\",\nthe café's closure.\nIt resolves: to act — now.",
    "Agenda item": "'-7",
}
for column, value in expected.items():
    if field.get(column) != value:
        fail(f"{column}: {field.get(column)!r}, not {value!r}")
PY
out=$("$cli" verify-export motions.csv 2>&1) || fail "verify-export motions.csv: $out"
grep -q "csv" <<<"$out" && grep -q "form motion" <<<"$out" || fail "verify-export motions.csv: $out"

# The views: the workbook's sheets are their names.
"$cli" export --format xlsx -o all.xlsx >/dev/null 2>&1 || fail "export --format xlsx"
view=$(/usr/bin/python3 -c '
import sys, openpyxl
names = openpyxl.load_workbook(sys.argv[1], read_only=True).sheetnames
print(next(n for n in names if n.startswith("Year ")))' all.xlsx) || fail "no Year sheet in the workbook"

out=$("$cli" export --format csv --view "$view" -o view.csv 2>&1) || fail "export --view '$view': $out"
grep -q "recorded in the audit log as entry #" <<<"$out" || fail "the view's export is not recorded: $out"
/usr/bin/python3 - view.csv all.xlsx "$view" <<'PY' || exit 1
import csv, datetime, sys
import openpyxl
path, book, name = sys.argv[1:]
def fail(message):
    print(f"FAIL: {message}", file=sys.stderr); sys.exit(1)
rows = list(csv.reader(open(path, encoding="utf-8-sig", newline=""), strict=True))
def as_csv(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
def trimmed(row):
    row = list(row)
    while row and row[-1] == "":
        row.pop()
    return row
sheet = openpyxl.load_workbook(book)[name]
expected = [trimmed(as_csv(v) for v in row) for row in sheet.iter_rows(values_only=True)]
got = [trimmed(row) for row in rows]
if got != expected:
    for i, (a, b) in enumerate(zip(got, expected)):
        if a != b:
            fail(f"row {i + 1}: the CSV has {a}, the workbook {b}")
    fail(f"the CSV has {len(got)} rows, the workbook {len(expected)}")
if len(got) < 2:
    fail(f"the view {name} has no rows")
PY

# --from and --to with a view: meetings by their own dates (the board met in August and
# November 2021, February and May 2022), whenever their records changed; the entry keeps them.
board="Year CYJS Management Board"
out=$("$cli" export --format csv --view "$board" --from 2021-08-01 --to 2021-12-31 -o ranged.csv 2>&1) ||
  fail "export --view with --from and --to: $out"
out=$("$cli" verify-export ranged.csv 2>&1) || fail "verify-export ranged.csv: $out"
grep -qF "view $board; dates 2021-08-01 to 2021-12-31" <<<"$out" || fail "the entry does not keep the view's dates: $out"
/usr/bin/python3 - ranged.csv <<'PY' || exit 1
import csv, sys
header = next(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
meetings = [h for h in header if "(20" in h]
if [m[-11:-1] for m in meetings] != ["2021-08-12", "2021-11-18"]:
    print(f"FAIL: the ranged grid's meetings are {meetings}", file=sys.stderr); sys.exit(1)
PY
# A range with none of a body's meetings: that body has no view in it, and the refusal says so.
status=0; out=$("$cli" export --format csv --view "$board" --from 2023-01-01 -o none.csv 2>&1) || status=$?
[ "$status" = 2 ] && grep -qF "no view '$board'" <<<"$out" || fail "a range without the board's meetings: exit $status: $out"
[ ! -e none.csv ] || fail "a view with no meetings in range left a file"

# An unknown view: refused, listing the views, and no file.
status=0; out=$("$cli" export --format csv --view "No such view" -o none.csv 2>&1) || status=$?
[ "$status" = 2 ] || fail "an unknown view: exit $status: $out"
grep -qF "no view 'No such view'" <<<"$out" && grep -qF "'$view'" <<<"$out" || fail "the refusal does not list the views: $out"
[ ! -e none.csv ] || fail "an unknown view left a file"

# A folder that is not there: refused, and nothing made.
status=0; out=$("$cli" export --format csv --form motion -o "$work/missing/motions.csv" 2>&1) || status=$?
[ "$status" = 1 ] || fail "a missing folder: exit $status: $out"
[ ! -e "$work/missing" ] || fail "a failed export made the folder"
leftover=$(find "$work" -name '*formwork-tmp*' | head -1)
[ -z "$leftover" ] || fail "a temporary was left: $leftover"
echo ok
