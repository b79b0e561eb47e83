#!/usr/bin/env bash
# `import` reports as it goes: each file's outcome is printed, and flushed, once its batch of
# 1,000 is committed. An import of 2,500 files killed as soon as its first line arrives has not
# run on to the end, and every record it printed as added is stored (it may be killed while
# printing a committed batch: what it printed is true, what it had no time to print is not
# claimed). Before, an import buffered everything and printed nothing until the last batch.
# And a plugin's checks on an imported record are printed at import, not only by validate.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=clerk

# 2,500 record files: a shipped question sample, each with an id of its own.
"$cli" --db "$work/source.db" import --samples >/dev/null 2>&1 || fail "import --samples"
id=$("$cli" --db "$work/source.db" list --form written-question | awk 'NR == 2 {print $1}')
[ -n "$id" ] || fail "no written question among the samples"
"$cli" --db "$work/source.db" show "$id" -o question.xml
mkdir files
/usr/bin/python3 - question.xml files "$id" <<'PY'
import sys, uuid
text = open(sys.argv[1], encoding="utf-8").read()
for n in range(2500):
    open(f"{sys.argv[2]}/q{n:04}.xml", "w", encoding="utf-8").write(text.replace(sys.argv[3], str(uuid.uuid4())))
PY

mkfifo out.fifo
"$cli" --db "$work/progress.db" import files/*.xml >out.fifo 2>import.err &
importer=$!
exec 3<out.fifo
IFS= read -r first <&3 || fail "import printed nothing at all"
kill -9 "$importer" 2>/dev/null || fail "the import had ended before its first line arrived: it printed only at the end"
wait "$importer" 2>/dev/null || true
{ printf '%s\n' "$first"; cat <&3; } >printed.txt
exec 3<&-

printed=$(grep -c ': added ' printed.txt || true)
"$cli" --db "$work/progress.db" list --form written-question --limit 100000 | awk 'NR > 1 && $1 != "Records" {print $1}' | sort >stored-ids.txt
stored=$(wc -l <stored-ids.txt)
echo "printed $printed added, $stored stored, of 2500"
[ "$printed" -ge 1 ] || fail "no file was reported as added"
[ "$stored" -lt 2500 ] || fail "all 2500 were saved before the first line came out"
[ $((stored % 1000)) -eq 0 ] || fail "$stored stored: not whole batches of 1000"
sed -n 's/.*: added \([0-9a-f-]*\) .*/\1/p' printed.txt | sort >printed-ids.txt
missing=$(comm -23 printed-ids.txt stored-ids.txt | wc -l)
[ "$missing" -eq 0 ] || fail "$missing records printed as added are not stored"
"$cli" --db "$work/progress.db" verify-trail >/dev/null || fail "the trail does not verify after the kill"

# A plugin's checks at import: the faulty approval-trail sample lacks a Legal approver (the
# approvals plugin's check, not a rule of the form), and the import says so.
"$cli" --db "$work/checks.db" import --samples >checks.txt 2>&1 || true
grep -q 'approval-trail-faulty-example.record.xml: added ' checks.txt || fail "the faulty trail was not imported"
grep -q 'approval-trail-faulty-example.record.xml:sign-offs: error: No approver has the role Legal' checks.txt ||
    fail "import did not print the plugin's check: $(cat checks.txt)"
