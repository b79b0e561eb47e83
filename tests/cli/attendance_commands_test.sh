#!/usr/bin/env bash
# Attendance on the command line: a ModernGov GetMeeting file imports into a meeting with every
# attendee in it (matched to the body's roster, or kept and said so); the meetings of the seeds
# validate against their bodies in the database; a file that is not a meeting adds nothing.
set -euo pipefail
cli="$1"; moderngov="$2"; samples="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=democratic-services FORMWORK_DB="$work/council.db"

out=$("$cli" forms) || fail "forms exited $?: $out"
grep -qE '^  attendance-body +v1 ' <<<"$out" && grep -qE '^  attendance-meeting +v1 ' <<<"$out" || fail "forms: $out"
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

# The seeds' meetings validate against their bodies, which the database now holds.
out=$("$cli" validate --status complete "$samples"/attendance-*.record.xml 2>&1) || fail "the seeds' meetings: $out"
grep -qx '11 files checked: 0 with errors, 0 with warnings only' <<<"$out" || fail "seed meetings: $out"

# A GetMeeting file, with the body given: every attendee is in the record.
council=7c1e2a94-3b5d-4f60-8a17-c2d9e0b4f6a1
out=$("$cli" import --format moderngov --body "$council" "$moderngov" 2>err.txt) || fail "import moderngov exited $?: $out $(cat err.txt)"
id=$(sed -n 's/^.*getmeeting-manchester.xml: added \([0-9a-f-]*\) (revision 1)\(: .*\)\{0,1\}$/\1/p' <<<"$out")
[ -n "$id" ] || fail "no meeting added: $out"
grep -q "not on the roster of Coventry City Council" <<<"$out" || fail "the unmatched attendee was not named: $out"
"$cli" show "$id" -o meeting.xml
grep -q '<date>2026-02-10</date>' meeting.xml || fail "the date was not read: $(cat meeting.xml)"
grep -q "<body>$council</body>" meeting.xml || fail "the body was not set"
/usr/bin/python3 - "$moderngov" meeting.xml <<'PY' || exit 1
import sys, xml.etree.ElementTree as ET
published = [a.get("name") for a in ET.parse(sys.argv[1]).getroot().iter("attendee")]
record = ET.parse(sys.argv[2]).getroot()
names = [row.findtext("name") for row in record.iter("row")]
missing = [n for n in published if n not in names]
if not published or missing:
    print(f"FAIL: attendees missing from the record: {missing}", file=sys.stderr); sys.exit(1)
PY

# Without --body the file names no body: said so, and the meeting is still made. (Another
# meeting: the same one again would update the meeting above, and keep its body.)
sed 's|<meetingid>4967</meetingid>|<meetingid>4999</meetingid>|' "$moderngov" > other-meeting.xml
out=$("$cli" import --format moderngov other-meeting.xml 2>&1) || fail "import without --body: $out"
grep -q "names no body" <<<"$out" || fail "no word about the missing body: $out"

# Not a meeting: refused, nothing added.
before=$("$cli" list | tail -1)
printf '<agenda/>\n' > agenda.xml
status=0; out=$("$cli" import --format moderngov agenda.xml 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "agenda.xml: error: not readable as moderngov" <<<"$out" || fail "a non-meeting ($status): $out"
[ "$("$cli" list | tail -1)" = "$before" ] || fail "a refused import added a record"
echo ok
