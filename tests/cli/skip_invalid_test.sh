#!/usr/bin/env bash
# A submission with a draft its schema refuses: refused as a whole, naming the record, its
# title and fields and --skip-invalid, and writing nothing (exit 1); with --skip-invalid the
# rest is written, passes xmllint against the generated XSD, and what was left out is listed.
# --skip-invalid and --codes are refused where they cannot apply (exit 2).
set -euo pipefail
cli="$1"; profile="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

# A draft motion with its title and nothing else: the engine keeps it as a draft, the schema
# of a submission refuses it (a motion must say who moved it and what it says).
"$cli" template motion -o unfinished.xml || fail "template motion"
sed -i 's|<title */>|<title>Climate emergency</title>|; s|<title></title>|<title>Climate emergency</title>|' unfinished.xml
grep -q '<title>Climate emergency</title>' unfinished.xml || fail "the template has no empty title: $(cat unfinished.xml)"
"$cli" import unfinished.xml >import.txt 2>&1 || fail "import: $(cat import.txt)"
id=$(sed -n 's|.*<id>\([0-9a-f-]*\)</id>.*|\1|p' unfinished.xml | head -1)
[ -n "$id" ] || fail "no id in the template"
"$cli" list --limit 1000 >list.txt
grep -q "^$id" list.txt || fail "the draft $id is not listed: $(head -5 list.txt)"

submit() {
  "$cli" export --format xml --include-drafts --collection "Council questions" --year 2023 \
    --reference-date 2023-12-01 "$@"
}

# Without --skip-invalid: refused, naming it, and nothing written.
status=0
submit -o refused.xml >out.txt 2>err.txt || status=$?
[ "$status" -eq 1 ] || fail "a submission with an invalid draft exited $status, not 1: $(cat out.txt err.txt)"
[ ! -e refused.xml ] || fail "a refused submission was written"
for words in "$id" '"Climate emergency"' "motion-text" "moved-by" "--skip-invalid"; do
  grep -qF -- "$words" err.txt || fail "the refusal does not say $words: $(cat err.txt)"
done
if grep -q "line [0-9]" err.txt; then fail "the refusal names a line of an unwritten file: $(cat err.txt)"; fi

# With it: written, valid, and the draft listed as left out.
submit --skip-invalid -o skipped.xml >out.txt 2>err.txt || fail "--skip-invalid: $(cat err.txt)"
grep -q "Exported" out.txt || fail "--skip-invalid said: $(cat out.txt)"
grep -qF "warning: left out of the submission" err.txt || fail "no record listed as left out: $(cat err.txt)"
grep -qF "$id" err.txt || fail "the record left out is not named: $(cat err.txt)"
if grep -qF "$id" skipped.xml; then fail "the record left out is in the submission"; fi
"$cli" schema --submission -o submission.xsd || fail "schema --submission"
xmllint --noout --nonet --schema submission.xsd skipped.xml 2>xmllint.txt || fail "xmllint: $(cat xmllint.txt)"
count=$(grep -c '<Record ' skipped.xml)
total=$(grep -c '^[0-9a-f]\{8\}-' list.txt)
[ "$count" -eq $((total - 1)) ] || fail "the submission holds $count records, not $((total - 1))"

# Options where they cannot apply are refused as a usage error.
status=0
"$cli" export --format xlsx --skip-invalid -o book.xlsx >out.txt 2>err.txt || status=$?
[ "$status" -eq 2 ] || fail "--skip-invalid with a workbook exited $status, not 2"
grep -qF -- "--skip-invalid is for submissions" err.txt || fail "--skip-invalid with xlsx said: $(cat err.txt)"
status=0
submit --codes -o codes.xml >out.txt 2>err.txt || status=$?
[ "$status" -eq 2 ] || fail "--codes with a submission exited $status, not 2"
[ ! -e codes.xml ] || fail "a submission with --codes was written"
echo "ok"
