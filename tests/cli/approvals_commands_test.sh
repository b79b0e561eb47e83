#!/usr/bin/env bash
# Approval trails on the command line: the sign-off table pasted out of a Word report becomes a
# record (or replaces the table of one), with each inferred role and unreadable date named by
# line and row; a text that is no table, or a format nobody reads, is refused and adds nothing.
set -euo pipefail
cli="$1"; trails="$2"; samples="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=governance-services FORMWORK_DB="$work/council.db"

out=$("$cli" forms) || fail "forms exited $?: $out"
grep -qE '^  approval-trail +v1  Report approval trail  \(plugin approvals\)$' <<<"$out" || fail "forms: $out"
out=$("$cli" import --format list) || fail "import --format list exited $?"
grep -qE '^  word-trail  \(form approval-trail\)' <<<"$out" || fail "import --format list: $out"

# The seeds' trails validate clean as shipped.
out=$("$cli" validate --status complete "$samples"/approval-trail-{adult-social-care,youth-justice-plan,devolution-deal}-2023.record.xml 2>&1) \
  || fail "the seeds' trails do not validate: $out"
grep -qx '3 files checked: 0 with errors, 0 with warnings only' <<<"$out" || fail "seed trails: $out"

# A pasted trail becomes a new draft, with the inferred roles named by line and row.
cp "$trails/adult-social-care-2023.txt" asc.txt
out=$("$cli" import --format word-trail asc.txt 2>err.txt) || fail "import word-trail exited $?: $out $(cat err.txt)"
grep -q "^asc.txt:[0-9]*:sign-offs/row\[10\]/role: warning: role Finance inferred from the title 'Chief Operating Officer (Section 151 Officer)'" <<<"$out" \
  || fail "no inferred-role note: $out"
id=$(sed -n 's/^asc.txt: added \([0-9a-f-]*\) (revision 1)$/\1/p' <<<"$out")
[ -n "$id" ] || fail "no record added: $out"
grep -q ': 1 read, 0 refused$' err.txt || fail "summary: $(cat err.txt)"
"$cli" show "$id" -o trail.xml || fail "show"
[ "$(grep -c '<row>' trail.xml)" -ge 12 ] || fail "the sign-offs did not reach the record: $(cat trail.xml)"
grep -q '<name>Barry Hastie</name>' trail.xml && grep -q '<sent>2023-08-23</sent>' trail.xml || fail "row values: $(cat trail.xml)"

# --into replaces the table of that record, at the revision the officer started from.
cp "$trails/youth-justice-plan-2023.txt" yjp.txt
out=$("$cli" import --format word-trail --into "$id" --revision 1 yjp.txt 2>&1) || fail "import --into exited $?: $out"
grep -q "^yjp.txt: updated $id (revision 2)$" <<<"$out" || fail "import --into: $out"
"$cli" show "$id" -o trail.xml
grep -q '<name>Sarah Kinsell</name>' trail.xml && ! grep -q 'Barry Hastie' trail.xml || fail "--into did not replace the table"
status=0; out=$("$cli" import --format word-trail --into "$id" --revision 1 yjp.txt 2>&1) || status=$?
[ "$status" != 0 ] && grep -qi "revision" <<<"$out" || fail "a stale --into was not refused ($status): $out"

# Refusals: no table; a format no plugin reads. Nothing is added.
printf 'Dear colleague,\nplease approve the report.\n' > letter.txt
status=0; out=$("$cli" import --format word-trail letter.txt 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "letter.txt: error: .*no sign-off table" <<<"$out" || fail "a letter was not refused ($status): $out"
status=0; out=$("$cli" import --format minutes-pdf letter.txt 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "no loaded plugin reads the format 'minutes-pdf'; there are: .*word-trail" <<<"$out" \
  || fail "an unknown format ($status): $out"
[ "$("$cli" list | tail -1)" = "Records 1-1 of 1" ] || fail "a refused import added a record: $("$cli" list)"
"$cli" verify-trail >/dev/null || fail "verify-trail after the imports"
echo ok
