#!/usr/bin/env bash
# The domain plugins' records through both exports and back. Every word of the council's EIA
# and of the three approval trails survives a submission and a re-import into a second
# database; every word of the EIA is in the workbook; and the workbook carries the plugins'
# views (the impact matrix, the approval timeline) as sheets, read back by openpyxl.
set -euo pipefail
cli="$1"; profile="$2"; samples_root="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=equality-team
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

"$cli" export --format xlsx -o returns.xlsx >/dev/null 2>err.txt || fail "workbook export: $(cat err.txt)"
[ ! -s err.txt ] || fail "the workbook export warned: $(cat err.txt)"
"$cli" export --format xml --collection "Equality and governance" --year 2023 --reference-date 2023-12-01 \
  -o submission.xml >/dev/null || fail "submission export"
"$cli" schema --submission -o submission.xsd || fail "schema --submission"
xmllint --noout --nonet --schema submission.xsd submission.xml 2>xmllint.txt || fail "xmllint: $(cat xmllint.txt)"

/usr/bin/python3 - "$cli" "$samples_root" <<'PY' || exit 1
import os, subprocess, sys, tempfile, zipfile
import xml.etree.ElementTree as ET
import openpyxl

cli, root = sys.argv[1], sys.argv[2]
def fail(message):
    print("FAIL: " + message, file=sys.stderr); sys.exit(1)

def words(element):
    return [word for text in element.itertext() for word in text.split()]

samples = {
    "eia": os.path.join(root, "eia/samples/eia-youth-justice-strategy-2023.record.xml"),
    "asc": os.path.join(root, "approvals/samples/approval-trail-adult-social-care-2023.record.xml"),
    "yjp": os.path.join(root, "approvals/samples/approval-trail-youth-justice-plan-2023.record.xml"),
    "dd": os.path.join(root, "approvals/samples/approval-trail-devolution-deal-2023.record.xml"),
}
originals = {}
for key, path in samples.items():
    record = ET.parse(path).getroot()
    meta, instance = record[0], record[1]
    originals[key] = (meta, instance)

# The submission: each record's words, in order, as in the sample; then re-imported.
submission = ET.parse("submission.xml").getroot()
by_id = {r.get("id"): r for r in submission.iter("Record")}
second = os.path.join(tempfile.mkdtemp(), "second.db")
env = dict(os.environ, FORMWORK_DB=second)
for key, (meta, instance) in originals.items():
    rid = meta.find("id").text
    if rid not in by_id:
        fail(f"{key}: record {rid} is not in the submission")
    sent = by_id[rid][0]
    if words(sent) != words(instance):
        fail(f"{key}: the submission's words differ from the sample's")
    # Re-import: the sample's metadata around the submitted instance, into a second database.
    record = ET.Element("record", {"format": "1"})
    record.append(meta)
    record.append(sent)
    path = os.path.join(os.path.dirname(second), key + ".record.xml")
    ET.ElementTree(record).write(path, encoding="UTF-8", xml_declaration=True)
    out = subprocess.run([cli, "import", path], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"{key}: re-import refused: {out.stdout} {out.stderr}")
    shown = subprocess.run([cli, "show", rid], env=env, capture_output=True, text=True, check=True).stdout
    back = ET.fromstring(shown.encode("utf-8"))[1]
    if words(back) != words(instance):
        fail(f"{key}: words lost in the re-import")

# The workbook: every word of the EIA in its sheets, and the plugins' views.
book = openpyxl.load_workbook("returns.xlsx")
for sheet in ["Impact matrix", "Impact summary", "Negative impacts", "Sign-off status", "Approval timeline"]:
    if sheet not in book.sheetnames:
        fail(f"no sheet '{sheet}' in {book.sheetnames}")
# The EIA's rows: on the records and table sheets, those whose record id (the last column, or
# on a records sheet the last but the hidden Revision) is the EIA's.
eia_id = originals["eia"][0].find("id").text
text = []
for name in book.sheetnames:
    rows = list(book[name].iter_rows(values_only=True))
    if not rows or not rows[0] or "Record id" not in rows[0][-2:]:
        continue
    at = list(rows[0]).index("Record id")
    for row in rows[1:]:
        if row and len(row) > at and row[at] == eia_id:
            text.extend(str(v) for v in row if isinstance(v, str))
held = " ".join(" ".join(text).split()).split(" ")
from collections import Counter
missing = Counter(w for w in words(originals["eia"][1]) if not w.startswith("20") or "-" not in w) - Counter(held)
# Codes are shown as their labels (P as "Positive impact (P)"), and dates as dates.
missing = {w: n for w, n in missing.items() if w not in {"P", "NI", "policy-review", "positive"}}
if missing:
    fail(f"words of the EIA missing from the workbook: {list(missing)[:20]}")

matrix = {row[0]: row[1:] for row in book["Impact matrix"].iter_rows(min_row=3, values_only=True)}
if matrix["Age 0-18"][0] != 2 or matrix["Age 65+"][1] != 1:
    fail(f"impact matrix: {matrix}")
status = [row for row in book["Sign-off status"].iter_rows(min_row=2, values_only=True)]
overdue = [row for row in status if row[9] == "overdue"]
if len(overdue) != 1 or overdue[0][1] != "Councillor A Example":
    fail(f"sign-off status: {overdue}")
print("ok")
PY

# A council that keeps its sign-off tables internal: recorded, but in no export, nor in a view.
cat >internal.profile.xml <<'XML'
<council-profile id="internal" name="A council that keeps sign-offs internal">
  <organisation code="E08000026" name="Coventry City Council"/>
  <unpublished form="approval-trail" path="sign-offs"/>
</council-profile>
XML
export FORMWORK_PROFILE="$work/internal.profile.xml"
"$cli" export --format xml --collection "Equality and governance" --year 2023 --reference-date 2023-12-01 \
  -o internal.xml >/dev/null || fail "submission export, sign-offs internal"
"$cli" schema --submission -o internal.xsd || fail "schema --submission, sign-offs internal"
xmllint --noout --nonet --schema internal.xsd internal.xml 2>xmllint.txt || fail "xmllint, sign-offs internal: $(cat xmllint.txt)"
! grep -q '<sign-offs>' internal.xml || fail "an unpublished sign-off table reached the submission"
grep -q '<route>' internal.xml || fail "the rest of the trail is missing from the submission"
"$cli" export --format xlsx -o internal.xlsx >/dev/null || fail "workbook export, sign-offs internal"
sheets=$(/usr/bin/python3 -c 'import openpyxl, sys; print("|".join(openpyxl.load_workbook(sys.argv[1]).sheetnames))' internal.xlsx)
# The sign-offs' sheet is "Report approval trail – Contributors and approvers for submission",
# shortened by whole words to Excel's 31 characters.
for sheet in "Contributors and approvers" "Sign-off status" "Approval timeline"; do
  ! grep -q "|$sheet|" <<<"|$sheets|" || fail "sheet '$sheet' in a workbook with sign-offs internal: $sheets"
done
grep -q '|Report approval – Meeting route|' <<<"|$sheets|" || fail "the trail's other sheets are missing: $sheets"
"$cli" show 5e0d3b71-a28c-4c96-9f1e-84b6c2d07a3f | grep -q '<name>Sarah Kinsell</name>' || fail "the record lost its sign-offs"
echo "ok: sign-offs kept internal"
