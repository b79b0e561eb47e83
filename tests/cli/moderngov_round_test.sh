#!/usr/bin/env bash
# A clerk's year from ModernGov files: the committees and a committee's membership build a body
# and its roster; the committee's meeting list makes the meetings; a meeting's attendance file
# fills one, and imported again, changed, updates it (a new revision naming the file and what
# changed, never a second meeting, its virtual categories kept); once the meeting is complete a
# changed file is refused, naming --reopen REASON, until it is given; the year's attendance is
# then published as CSV.
set -euo pipefail
cli="$1"; fixtures="$2"; read_csv="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=democratic-services FORMWORK_DB="$work/council.db"

out=$("$cli" import --format moderngov-committees "$fixtures/getcommittees.xml" 2>&1) || fail "committees: $out"
body=$(sed -n 's/^.*getcommittees.xml: added \([0-9a-f-]*\) (revision 1): Audit Committee (ModernGov committee 144)$/\1/p' <<<"$out")
[ -n "$body" ] || fail "the Audit Committee was not added: $out"
out=$("$cli" import --format moderngov-membership "$fixtures/committee-membership.xml" 2>&1) || fail "membership: $out"
grep -q "updated $body (revision 2)" <<<"$out" || fail "the membership did not update the body: $out"
out=$("$cli" import --format moderngov-meetings "$fixtures/getmeetings.xml" 2>&1) || fail "meetings: $out"
meeting=$(sed -n 's/^.*getmeetings.xml: added \([0-9a-f-]*\) (revision 1): Audit Committee 2026-02-10 (ModernGov meeting 4967)$/\1/p' <<<"$out")
[ -n "$meeting" ] || fail "meeting 4967 was not added: $out"

# The meeting's attendance as ModernGov publishes it: the fixture with the committee's members
# marked, one of them virtually, and an officer in attendance virtually.
published() {  # FILE, then the attendance of Curley, Smith, Bigham and Patel
    /usr/bin/python3 - "$fixtures/getmeeting-manchester.xml" "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
source, target, *marks = sys.argv[1:]
tree = ET.parse(source)
attendees = tree.getroot().find("attendees")
for old in list(attendees):
    attendees.remove(old)
people = [("192", "Councillor Basil Curley", "Chair"), ("201", "Councillor Ann Smith", "Vice-Chair"),
          ("214", "Councillor Lee Bigham", "Committee Member"), ("233", "Councillor Rosa Patel", "Committee Member")]
for (member, name, role), mark in zip(people, marks):
    ET.SubElement(attendees, "attendee", membertype="U", memberid=member, name=name, roledescription=role, attendance=mark)
ET.SubElement(attendees, "attendee", membertype="O", memberid="9001", name="Ms Jo Officer",
              roledescription="Officer", attendance="In attendance virtual")
tree.write(target, encoding="utf-8", xml_declaration=True)
PY
}
published first.xml "Present" "Present virtual" "Apologies" "Absent"
out=$("$cli" import --format moderngov first.xml 2>&1) || fail "the meeting's attendance: $out"
grep -q "first.xml: updated $meeting (revision 2)" <<<"$out" || fail "the listed meeting was not updated: $out"

# The same meeting, changed: Patel sent apologies after all. Still one meeting, a new revision.
published changed.xml "Present" "Present virtual" "Apologies" "Apologies"
out=$("$cli" import --format moderngov changed.xml 2>&1) || fail "the changed file: $out"
grep -q "changed.xml: updated $meeting (revision 3)" <<<"$out" || fail "the changed file did not update the meeting: $out"
count=$("$cli" list --form attendance-meeting | grep -c '2026-02-10' || true)
[ "$count" = 1 ] || fail "meeting 4967 is held $count times"
"$cli" show "$meeting" -o meeting.xml
/usr/bin/python3 - meeting.xml <<'PY' || exit 1
import sys, xml.etree.ElementTree as ET
table = ET.parse(sys.argv[1]).getroot().find("attendance-meeting/attendance")
rows = {row.findtext("name"): row.findtext("attendance") for row in table.iter("row")}
want = {"Councillor Ann Smith": "present-virtual", "Ms Jo Officer": "in-attendance-virtual",
        "Councillor Rosa Patel": "apologies", "Councillor Basil Curley": "present"}
wrong = {name: (rows.get(name), code) for name, code in want.items() if rows.get(name) != code}
if wrong:
    print(f"FAIL: attendance after the re-import (held, wanted): {wrong}", file=sys.stderr); sys.exit(1)
PY
history=$("$cli" history "$meeting")
grep -q "imported from changed.xml" <<<"$history" || fail "the audit entry does not name the file: $history"
grep -q 'attendance/row\[4\]/attendance: "absent" -> "apologies"' <<<"$history" || fail "the audit entry does not say what changed: $history"

# The same file again changes nothing.
out=$("$cli" import --format moderngov changed.xml 2>&1) || fail "the same file again: $out"
grep -q "changed.xml: unchanged $meeting (revision 3)" <<<"$out" || fail "the same file again: $out"

# Complete, the meeting is locked: a changed file is refused, naming --reopen REASON.
"$cli" set-status "$meeting" complete --revision 3 >/dev/null 2>&1 || fail "the meeting could not be completed"
published late.xml "Present" "Present virtual" "Apologies" "Present"
set +e
out=$("$cli" import --format moderngov late.xml 2>&1); status=$?
set -e
[ "$status" = 1 ] || fail "a changed file of a complete meeting exited $status: $out"
grep -q "record $meeting is Complete" <<<"$out" && grep -q -- "--reopen REASON" <<<"$out" || fail "the refusal: $out"
"$cli" show "$meeting" | grep -q '<status>complete</status>' || fail "the refused import changed the meeting"
out=$("$cli" import --format moderngov --reopen "Patel's late arrival was minuted" late.xml 2>&1) || fail "--reopen: $out"
grep -q "late.xml: updated $meeting" <<<"$out" || fail "--reopen did not update the meeting: $out"
"$cli" history "$meeting" | grep -q "reopened because: Patel's late arrival was minuted" || fail "the reopen's reason is not in the audit log"

# The year's attendance, as open data.
"$cli" export --format csv --view "Attendance summary" --from 2025-04-01 --to 2026-03-31 -o summary.csv >/dev/null 2>&1 ||
    fail "the summary CSV was not written"
/usr/bin/python3 "$read_csv" summary.csv > summary.txt || fail "the CSV reader refused the summary"
/usr/bin/python3 - summary.txt <<'PY' || exit 1
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[2:]
rows = [line.split("\t") for line in lines if line]
header, body = rows[0], rows[1:]
def row(name):
    for r in body:
        if any(cell.endswith(name) for cell in r):
            return dict(zip(header, r))
    print(f"FAIL: no summary row for {name}: {rows}", file=sys.stderr); sys.exit(1)
for name, column in (("Ann Smith", "Present virtually"), ("Rosa Patel", "Present"), ("Lee Bigham", "Apologies")):
    got = row(name)
    if got.get(column) != "1" or got.get("Expected") != "1":
        print(f"FAIL: {name}'s summary, wanted 1 {column} of 1 expected: {got}", file=sys.stderr); sys.exit(1)
PY
echo "ok"
