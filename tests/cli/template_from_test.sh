#!/usr/bin/env bash
# `template FORM --from ID [--date D]`: a new meeting starts from its body (the roster as it
# stood on D, everyone expected) or from the last meeting; what comes out is a record file that
# validates and imports; a record that does not exist, a date that is no date, and a record of
# another form are each refused, naming what was wrong.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=democratic-services FORMWORK_DB="$work/council.db"
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

cabinet=a4e6c8d0-1b3f-4a57-9c2e-e0f4b6d8a1c3
"$cli" template attendance-meeting --from "$cabinet" --date 2023-11-07 -o meeting.xml 2>err.txt ||
    fail "template --from the body exited $?: $(cat err.txt)"
grep -q 'The members of Cabinet as the roster stood on 2023-11-07: 17, each expected.' err.txt || fail "no note: $(cat err.txt)"
/usr/bin/python3 - meeting.xml "$cabinet" <<'PY' || exit 1
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
meeting = next(e for e in root if e.tag == "attendance-meeting")
rows = meeting.find("attendance").findall("row")
problems = []
if meeting.findtext("body") != sys.argv[2]: problems.append("body " + str(meeting.findtext("body")))
if meeting.findtext("body-name") != "Cabinet": problems.append("body-name " + str(meeting.findtext("body-name")))
if len(rows) != 17: problems.append(f"{len(rows)} rows")
if any(r.findtext("attendance") != "expected" for r in rows): problems.append("a row not expected")
if rows and (rows[0].findtext("person-id"), rows[0].findtext("role")) != ("g-duggins", "Chair"): problems.append("first row")
if problems:
    print("FAIL: the meeting started from Cabinet: " + "; ".join(problems), file=sys.stderr); sys.exit(1)
PY
# It is a record file like any other: once the clerk gives the meeting's date (the template
# leaves it to them), it validates, and imports.
grep -q '<date></date>' meeting.xml || fail "the template gave a date of its own: $(grep '<date' meeting.xml)"
sed -i 's|<date></date>|<date>2023-11-07</date>|' meeting.xml
"$cli" validate meeting.xml >out.txt 2>&1 || fail "the started meeting does not validate: $(cat out.txt)"
"$cli" import meeting.xml >out.txt 2>&1 || fail "the started meeting does not import: $(cat out.txt)"

# The next meeting from the last: same body and roster.
last=$("$cli" list --form attendance-meeting | awk '/Cabinet 2023-10-03/ {print $1}')
[ -n "$last" ] || fail "the seed's Cabinet meeting is not listed: $("$cli" list --form attendance-meeting)"
"$cli" template attendance-meeting --from "$last" -o next.xml 2>err.txt || fail "template --from the last meeting: $(cat err.txt)"
grep -q "<body>$cabinet</body>" next.xml || fail "the next meeting has no body: $(cat next.xml)"
[ "$(grep -c '<attendance>expected</attendance>' next.xml)" = 17 ] || fail "the next meeting's roster: $(cat next.xml)"

# Refusals, each naming what was wrong, and no file written.
set +e
"$cli" template attendance-meeting --from no-such-record -o bad.xml 2>err.txt; code=$?
set -e
[ "$code" = 1 ] && grep -q -- '--from no-such-record: no such record is stored' err.txt || fail "an unknown record ($code): $(cat err.txt)"
[ ! -e bad.xml ] || fail "a refused template wrote a file"
set +e
"$cli" template attendance-meeting --from "$cabinet" --date 7/11/2023 -o bad.xml 2>err.txt; code=$?
set -e
[ "$code" = 2 ] && grep -q -- '--date 7/11/2023 is not a date as YYYY-MM-DD' err.txt || fail "a bad date ($code): $(cat err.txt)"
eia=$("$cli" list --form eia | awk 'NR == 2 {print $1}')
set +e
"$cli" template attendance-meeting --from "$eia" -o bad.xml 2>err.txt; code=$?
set -e
[ "$code" = 1 ] && grep -q "is of the form eia: a meeting starts from a body or from another meeting" err.txt ||
    fail "a record of another form ($code): $(cat err.txt)"
[ ! -e bad.xml ] || fail "a refused template wrote a file"
# --date means nothing without --from.
set +e
"$cli" template attendance-meeting --date 2023-11-07 >/dev/null 2>err.txt; code=$?
set -e
[ "$code" = 2 ] || fail "--date without --from was accepted"
echo ok
