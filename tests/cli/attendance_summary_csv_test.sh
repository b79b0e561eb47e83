#!/usr/bin/env bash
# `export --format csv --view "Attendance summary"`, read back by read_csv.py (Python's csv module,
# an independent reader): the youth justice board's members over the financial year 2021/22 and
# over the board's own 2021/22 year, with the numbers the seed's Appendix 1 gives (written out
# here); text a spreadsheet would run as a formula is prefixed with '; the export is audited
# with its view and dates.
set -euo pipefail
cli="$1"; read_csv="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_DB="$work/council.db" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

# A body and a meeting whose names a spreadsheet would run as formulas.
cat >formula-body.record.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<record format="1">
  <meta>
    <id>0b6f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4</id>
    <form id="attendance-body" version="1"/>
    <status>draft</status>
    <created at="2022-01-10T10:00:00Z" by="clerk"/>
    <modified at="2022-01-10T10:00:00Z" by="clerk"/>
    <revision>1</revision>
  </meta>
  <attendance-body>
    <name>=HYPERLINK("http://example.org","Board")</name>
    <kind>committee</kind>
    <quorum><rule>number</rule><number>1</number><one-in/><note/></quorum>
    <members>
      <row><person-id>f-minus</person-id><name>-Minus Member</name><aliases/><system-id/><role>chair</role><portfolio/><organisation/><title/><term-start/><term-end/><note/></row>
      <row><person-id>f-at</person-id><name>@At Member</name><aliases/><system-id/><role>member</role><portfolio/><organisation/><title/><term-start/><term-end/><note/></row>
    </members>
  </attendance-body>
</record>
XML
cat >formula-meeting.record.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<record format="1">
  <meta>
    <id>1c7a2d3e-4f5b-4c6d-9e7f-8091a2b3c4d5</id>
    <form id="attendance-meeting" version="1"/>
    <status>draft</status>
    <created at="2022-01-10T10:00:00Z" by="clerk"/>
    <modified at="2022-01-10T10:00:00Z" by="clerk"/>
    <revision>1</revision>
  </meta>
  <attendance-meeting>
    <body>0b6f1c2d-3e4a-4b5c-8d6e-7f8091a2b3c4</body>
    <body-name>=HYPERLINK("http://example.org","Board")</body-name>
    <date>2022-01-10</date>
    <time/>
    <venue/>
    <period/>
    <attendance>
      <row><person-id>f-minus</person-id><name>-Minus Member</name><role/><attendance>present</attendance><attendance-as-published/><substitute-for/><apology-category/><deputy/><arrived-late/><left-early/><party/><ward/></row>
      <row><person-id/><name>+Plus Substitute</name><role/><attendance>substitute</attendance><attendance-as-published/><substitute-for>@At Member</substitute-for><apology-category/><deputy/><arrived-late/><left-early/><party/><ward/></row>
    </attendance>
    <invited/>
    <employees/>
    <honorary-aldermen/>
    <guests/>
    <declarations/>
    <petitions/>
  </attendance-meeting>
</record>
XML
out=$("$cli" import formula-body.record.xml formula-meeting.record.xml 2>&1) || fail "import the formula body and meeting: $out"

# The financial year 2021/22: the board's first three quarters (its fourth met on 12 May 2022).
out=$("$cli" export --format csv --view "Attendance summary" --from 2021-04-01 --to 2022-03-31 -o year.csv 2>&1) ||
  fail "export --view 'Attendance summary': $out"
grep -q "recorded in the audit log as entry #" <<<"$out" || fail "the summary's export is not recorded: $out"
out=$("$cli" verify-export year.csv 2>&1) || fail "verify-export year.csv: $out"
grep -qF "view Attendance summary; dates 2021-04-01 to 2022-03-31" <<<"$out" || fail "the entry does not keep the view and dates: $out"
# The board's own 2021/22 year: its four quarters.
out=$("$cli" export --format csv --view "Attendance summary" --from 2021-08-01 --to 2022-05-31 -o board-year.csv 2>&1) ||
  fail "export --view 'Attendance summary' over the board's year: $out"

/usr/bin/python3 - "$read_csv" year.csv board-year.csv <<'PY' || exit 1
import subprocess, sys
reader, year, board_year = sys.argv[1:]
def fail(message):
    print(f"FAIL: {message}", file=sys.stderr); sys.exit(1)
def read(path):
    lines = subprocess.run(["/usr/bin/python3", reader, path], check=True, capture_output=True, text=True).stdout.split("\n")
    if lines[0] != "bom" or lines[1] != "crlf":
        fail(f"{path}: {lines[0]}, {lines[1]}")
    rows = [line.split("\t") for line in lines[2:] if line != ""]
    header = rows[0]
    if any(len(row) != len(header) for row in rows):
        fail(f"{path}: rows of different widths")
    return header, [dict(zip(header, row)) for row in rows[1:]]
columns = ["Expected", "Present", "Present virtually", "Present as substitute", "In attendance",
           "In attendance virtually", "Apologies", "Absent", "Not yet recorded", "Unknown", "Attended %"]
def check(path, body, expected):
    header, rows = read(path)
    if header != ["Body", "Member", "Person id", "Role"] + columns:
        fail(f"{path}: the header is {header}")
    for name, values in expected.items():
        row = next((r for r in rows if r["Body"] == body and r["Member"] == name), None)
        if row is None:
            fail(f"{path}: no row for {name} of {body}")
        got = [row[c] for c in columns]
        if got != values:
            fail(f"{path}: {name}: {got}, not {values}")
    return rows
board = "CYJS Management Board"
#            expected present virt. subst. in-att. in-att.v apologies absent not-yet unknown %
rows = check(year, board, {
    "Daryl Lyons":       ["3", "3", "0", "0", "0", "0", "0", "0", "0", "0", "100"],
    "Paul Heathfield":   ["3", "2", "0", "0", "0", "0", "0", "1", "0", "0", "66.7"],
    "Sharon Bolesworth": ["3", "1", "0", "0", "0", "0", "2", "0", "0", "0", "33.3"],
    "Craig Hickin":      ["3", "2", "0", "0", "0", "0", "1", "0", "0", "0", "66.7"],
})
if any(r["Body"] in ("Cabinet", "Coventry City Council") for r in rows):
    fail("a body that met only in 2023 is in the 2021/22 summary")
check(board_year, board, {
    "Daryl Lyons":       ["4", "4", "0", "0", "0", "0", "0", "0", "0", "0", "100"],
    "Paul Heathfield":   ["4", "2", "0", "0", "0", "0", "1", "1", "0", "0", "50"],
    "Sharon Bolesworth": ["4", "1", "0", "0", "0", "0", "2", "1", "0", "0", "25"],
    "Craig Hickin":      ["4", "2", "0", "0", "0", "0", "2", "0", "0", "0", "50"],
    "Mamps Gill":        ["4", "3", "0", "0", "0", "0", "0", "1", "0", "0", "75"],
})
# Formula-like text, prefixed with ': the body, a member, and a substitute who counts for
# themselves while the member they replaced sent apologies.
body = "'=HYPERLINK(\"http://example.org\",\"Board\")"
check(year, body, {
    "'-Minus Member":    ["1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "100"],
    "'@At Member":       ["1", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0"],
    "'+Plus Substitute": ["1", "0", "0", "1", "0", "0", "0", "0", "0", "0", "100"],
})
PY
echo ok
