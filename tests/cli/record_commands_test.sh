#!/usr/bin/env bash
# formwork-cli end to end on record files, as the README walks a newcomer through it:
# forms -> template -> edit -> validate, then schema checked by xmllint, and the bad cases.
set -euo pipefail
cli="$1"; samples="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=csinclair

out=$("$cli" forms) || fail "forms exited $?: $out"
grep -qE '^  written-question +v1  Written question  \(plugin questions\)$' <<<"$out" || fail "forms: $out"
grep -qE '^  motion +v1 ' <<<"$out" || fail "forms does not list motion: $out"

# template: an empty record, to a file and to standard output.
"$cli" template written-question -o question.record.xml || fail "template exited $?"
grep -q '<created at="[0-9T:-]*Z" by="csinclair">' question.record.xml || fail "template not stamped with the user"
[ "$("$cli" template written-question | grep -c '<written-question>')" = 1 ] || fail "template to stdout"
status=0; "$cli" template no-such-form 2>err.txt >/dev/null || status=$?
[ "$status" = 1 ] && grep -q "no form 'no-such-form'" err.txt || fail "template of an unknown form ($status)"

# validate the empty template: errors name the file and the field, exit 1.
status=0; out=$("$cli" validate question.record.xml 2>/dev/null) || status=$?
[ "$status" = 1 ] || fail "validate of an empty template exited $status"
grep -qx 'question.record.xml:number: error: Number is required' <<<"$out" || fail "validate output: $out"
grep -qx 'question.record.xml:meeting/date: error: Date is required' <<<"$out" || fail "validate output: $out"

# Fill it in as a person would, in a text editor.
python3 - question.record.xml <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
for element, value in [
    ("number", "5"),
    ("question", "Could the Cabinet Member say how many PCNs were issued at the bus gate?"),
    ("booklet", "Booklet 1"),
]:
    text = text.replace(f"<{element}></{element}>", f"<{element}>{value}</{element}>", 1)
text = text.replace("<submitted-by>\n      <name></name>", "<submitted-by>\n      <name>Councillor M Lapsa</name>", 1)
text = text.replace("<to-be-answered-by>\n      <name></name>\n      <role></role>",
                    "<to-be-answered-by>\n      <name>Councillor A Khan</name>\n      <role>Cabinet Member for Policing and Equalities</role>", 1)
text = text.replace("<date></date>", "<date>2023-10-17</date>", 1)
open(path, "w", encoding="utf-8").write(text)
PY
out=$("$cli" validate question.record.xml 2>&1) || fail "validate of a filled-in question exited $?: $out"
grep -q '1 file checked: 0 with errors' <<<"$out" || fail "validate summary: $out"
status=0; out=$("$cli" validate --status complete question.record.xml 2>/dev/null) || status=$?
[ "$status" = 0 ] && grep -q 'warning:' <<<"$out" || fail "at complete, warnings but no errors expected ($status): $out"

# Bad values and bad files.
sed 's|<date>2023-10-17</date>|<date>17/10/2023</date>|; s|<number>5</number>|<number>five</number>|' question.record.xml >bad-values.record.xml
status=0; out=$("$cli" validate bad-values.record.xml 2>/dev/null) || status=$?
[ "$status" = 1 ] || fail "bad values exited $status"
grep -qx "bad-values.record.xml:number: error: 'five' is not a whole number" <<<"$out" || fail "bad number: $out"
grep -qx "bad-values.record.xml:meeting/date: error: '17/10/2023' is not a date (YYYY-MM-DD)" <<<"$out" || fail "bad date: $out"
printf '<record format="1"><meta>\n<id>' >broken.record.xml
status=0; out=$("$cli" validate broken.record.xml 2>/dev/null) || status=$?
[ "$status" = 1 ] && grep -q '^broken.record.xml:2:[0-9]*: error: malformed XML' <<<"$out" || fail "malformed ($status): $out"
status=0; "$cli" validate missing.record.xml >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "a missing file is a usage error, got $status"
status=0; "$cli" validate --status published question.record.xml >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "an unknown status is a usage error, got $status"

# Every shipped sample validates, and against the form's XSD too (xmllint, an independent reader).
"$cli" validate "$samples"/*.record.xml >/dev/null || fail "a shipped sample does not validate"
"$cli" schema --form written-question -o written-question.xsd || fail "schema exited $?"
"$cli" schema --form motion -o motion.xsd || fail "schema exited $?"
xmllint --noout --schema written-question.xsd "$samples"/written-question-*.record.xml question.record.xml 2>xmllint.txt ||
  fail "xmllint rejects records: $(cat xmllint.txt)"
xmllint --noout --schema motion.xsd "$samples"/motion-*.record.xml 2>xmllint.txt || fail "xmllint: $(cat xmllint.txt)"
! xmllint --noout --schema written-question.xsd bad-values.record.xml 2>/dev/null || fail "xmllint accepted bad values"
"$cli" schema --submission -o submission.xsd && xmllint --noout submission.xsd || fail "submission schema"
status=0; "$cli" schema >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "schema without --form or --submission should be a usage error, got $status"

# Every verb is listed; copy-db without its arguments names the one missing.
"$cli" --help | grep -q 'verify-trail' || fail "--help does not show the whole verb table"
"$cli" --help | grep -q 'copy-db' || fail "--help does not list copy-db"
status=0; "$cli" copy-db 2>err.txt || status=$?
[ "$status" = 2 ] && grep -q -- '--from is required' err.txt || fail "copy-db with no arguments ($status): $(cat err.txt)"

# A broken council profile is refused with its place; a good one is used.
printf '<council-profile id="c" name="C">\n  <bank-holiday date="25/12/2023"/>\n</council-profile>\n' >bad.profile.xml
status=0; "$cli" --profile bad.profile.xml forms >/dev/null 2>err.txt || status=$?
[ "$status" = 1 ] && grep -q '^bad.profile.xml:2:17: error:' err.txt || fail "bad profile ($status): $(cat err.txt)"
printf '<council-profile id="c" name="C"><organisation code="E08000026" name="Coventry"/></council-profile>\n' >good.profile.xml
FORMWORK_PROFILE=good.profile.xml "$cli" forms >/dev/null || fail "a good profile from FORMWORK_PROFILE"
echo "formwork-cli record commands: all checks passed"
