#!/usr/bin/env bash
# retention as a records manager uses it, on a SQLite file holding every plugin's samples (imported
# today, so each complete one's period runs from today): it lists exactly the records past their
# period for a date, from the day after the end date; --erase asks on a terminal and erases
# nothing on any answer but yes, refuses to guess without a terminal or without a reason, and
# with --yes erases exactly those listed, each with its own audit entry; a profile's mistakes are
# named at their line and column.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=rmanager FORMWORK_DB="$work/council.db"

"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
all_records() { "$cli" list --limit 1000 | sed -n 's/^\([0-9a-f-]\{36\}\)  \([a-z-]*\) *  \([a-z]*\) .*/\1 \2 \3/p'; }
all_records >before.txt
[ "$(wc -l <before.txt)" -ge 20 ] || fail "the samples did not import: $(cat before.txt)"
# The complete motions and EIAs: the profile below keeps both six years after completion.
awk '($2 == "motion" || $2 == "eia") && $3 == "complete" {print $1}' before.txt | sort >due.txt
[ "$(wc -l <due.txt)" = 3 ] || fail "expected the samples' 2 complete motions and 1 complete EIA: $(cat due.txt)"
grep -q ' motion draft$' before.txt && grep -q ' written-question draft$' before.txt ||
  fail "the samples hold no draft motion or written question, which the test needs untouched"

cat >council.profile.xml <<'EOF'
<council-profile id="test" name="Test Council">
  <retention form="motion" years="6"/>
  <retention form="eia" years="6" after="complete"/>
  <retention form="no-such-form" months="3"/>
</council-profile>
EOF
export FORMWORK_PROFILE="$work/council.profile.xml"
# Six calendar years from today (UTC), the last day of February where today is 29 February.
end=$(/usr/bin/python3 -c '
import datetime
t = datetime.datetime.now(datetime.timezone.utc).date()
try: print(t.replace(year=t.year + 6))
except ValueError: print(t.replace(year=t.year + 6, day=28))')
day_after=$(date -u -d "$end +1 day" +%F)
day_before=$(date -u -d "$end -1 day" +%F)
listed_ids() { sed -n 's/^\([0-9a-f-]\{36\}\)  .*/\1/p' | sort; }

# Before and on the end date: nothing; the unknown form is a warning at its place in the profile.
for on in "$day_before" "$end"; do
  status=0; out=$("$cli" retention --on "$on" 2>err.txt) || status=$?
  [ "$status" = 0 ] || fail "retention --on $on ($status): $out $(cat err.txt)"
  grep -q "^No records past their retention period on $on$" <<<"$out" || fail "retention --on $on listed: $out"
  grep -q "council.profile.xml:4:3: warning: no form 'no-such-form' is loaded" err.txt || fail "no warning: $(cat err.txt)"
done
# From the day after: exactly the complete motions and EIA, with their dates.
out=$("$cli" retention --on "$day_after" 2>/dev/null) || fail "retention --on $day_after: $out"
diff <(listed_ids <<<"$out") due.txt >/dev/null || fail "listed on $day_after: $out; expected $(cat due.txt)"
grep -q "^3 records past their retention period on $day_after$" <<<"$out" || fail "no count: $out"
grep -qE "^[0-9a-f-]{36}  motion +complete +$(date -u +%F)  $end  Debate - " <<<"$out" || fail "the columns: $out"
head -1 <<<"$out" | grep -q '^ID  *FORM  *STATUS  *STARTED  *ENDED  *TITLE$' || fail "the heading: $out"
out=$("$cli" retention --form motion --on "$day_after" 2>/dev/null) || fail "--form motion: $out"
[ "$(listed_ids <<<"$out" | wc -l)" = 2 ] && ! grep -q '  eia  ' <<<"$out" || fail "--form motion: $out"

# What the command line gets wrong: exit 2, nothing listed.
expect() {  # status words command...
  local want="$1" words="$2"; shift 2
  local status=0 said
  said=$("$@" 2>&1) || status=$?
  [ "$status" = "$want" ] && grep -q -- "$words" <<<"$said" || fail "$* ($status, expected $want): $said"
}
expect 2 "gives no retention period for form 'written-question'" "$cli" retention --form written-question
expect 2 "--on takes a date, YYYY-MM-DD, not '2025-02-30'" "$cli" retention --on 2025-02-30
expect 2 "none was given: use --profile FILE or FORMWORK_PROFILE" env -u FORMWORK_PROFILE "$cli" retention
printf '<council-profile id="quiet" name="Quiet"/>\n' >quiet.profile.xml
expect 2 "gives no retention periods" "$cli" --profile quiet.profile.xml retention
# A profile's mistakes, at their line and column: exit 1.
printf '<council-profile id="bad" name="Bad">\n  <retention form="eia" years="six"/>\n</council-profile>\n' >bad.profile.xml
expect 1 "bad.profile.xml:2:25: error: years must be a whole number from 0 to 100, not 'six'" \
  "$cli" --profile bad.profile.xml retention
printf '<council-profile id="bad" name="Bad">\n  <retention form="eia" years="6" after="published"/>\n</council-profile>\n' >status.profile.xml
expect 1 "status.profile.xml:2:3: error: form 'eia' has no status 'published'" "$cli" --profile status.profile.xml retention

# --erase: without a reason, without a terminal and without --yes, or answered no: nothing erased.
expect 2 "give the reason for erasing" "$cli" retention --on "$day_after" --erase </dev/null
expect 2 "give --yes to erase these 3 records without asking. Nothing was erased" \
  "$cli" retention --on "$day_after" --erase --reason "Retention schedule" </dev/null
on_terminal() {  # answer command...: runs the command with a terminal for its input, answering it
  local answer="$1"; shift
  printf '%s\n' "$answer" | script -qec "$(printf '%q ' "$@")" /dev/null
}
out=$(on_terminal no "$cli" retention --on "$day_after" --erase --reason "Retention schedule") || fail "answered no: $out"
grep -q "Erase these 3 records? Type yes to go on" <<<"$out" && grep -q "Nothing was erased" <<<"$out" || fail "no: $out"
out=$(on_terminal "" "$cli" retention --on "$day_after" --erase --reason "Retention schedule") || fail "answered nothing: $out"
grep -q "Nothing was erased" <<<"$out" || fail "an empty answer: $out"
all_records | diff - before.txt >/dev/null || fail "records went without a yes"

# yes on a terminal: the EIA alone (--form eia).
eia=$(awk '$2 == "eia" && $3 == "complete" {print $1}' before.txt)
out=$(on_terminal yes "$cli" retention --form eia --on "$day_after" --erase --reason "Retention schedule") || fail "yes: $out"
grep -q "Erase this record? Type yes to go on" <<<"$out" && grep -q "Erased record $eia: " <<<"$out" || fail "yes: $out"
status=0; "$cli" show "$eia" >/dev/null 2>&1 || status=$?
[ "$status" = 1 ] || fail "the EIA is still there after yes ($status)"

# --yes: exactly the motions listed, each with its own erase entry and the reason.
out=$("$cli" retention --on "$day_after" --erase --reason "Retention schedule: six years" --yes 2>err.txt) ||
  fail "--erase --yes: $out $(cat err.txt)"
diff <(sed -n 's/^Erased record \([0-9a-f-]\{36\}\): .*/\1/p' <<<"$out" | sort) <(grep -v "$eia" due.txt) >/dev/null ||
  fail "--yes erased: $out"
grep -q "^Erased 2 of 2 records$" <<<"$out" || fail "no summary: $out"
while read -r id form state; do
  status=0; "$cli" show "$id" >/dev/null 2>&1 || status=$?
  if grep -q "$id" due.txt; then
    [ "$status" = 1 ] || fail "$id ($form, $state) was due and is still there"
    history=$("$cli" history "$id")
    [ "$(grep -c '  rmanager  erase  ' <<<"$history")" = 1 ] || fail "$id has no erase entry of its own: $history"
    grep -qE "erased because: Retention schedule(: six years)?$" <<<"$history" || fail "$id's reason: $history"
  else
    [ "$status" = 0 ] || fail "$id ($form, $state) was not due, and is gone"
  fi
done <before.txt
out=$("$cli" verify-trail) || fail "verify-trail: $out"
grep -qE '^The audit log is intact: [0-9]+ entries, 3 of them erased$' <<<"$out" || fail "verify-trail: $out"
out=$("$cli" retention --on "$day_after" --erase --reason "Again" --yes 2>/dev/null) || fail "again: $out"
grep -q "^No records past their retention period on $day_after$" <<<"$out" || fail "listed after erasing: $out"
echo "retention: ok"
