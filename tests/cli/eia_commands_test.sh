#!/usr/bin/env bash
# The EIA on the command line, as an officer meets it: `forms` lists it with its version, the
# council's own EIA validates clean, the faulty one names each broken rule by field path, and
# the completion statement the impact table gives is offered, then written on request.
set -euo pipefail
source "$(dirname "$0")/../support/in_mount_namespace.sh"
cli="$1"; samples="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'umount "$work/disk" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=equality-team

out=$("$cli" forms) || fail "forms exited $?: $out"
grep -qE '^  eia +v1  Equality impact assessment  \(plugin eia\)$' <<<"$out" || fail "forms: $out"

# The shipped sample: nothing to say, at its own status and at complete.
for status in "" complete; do
  out=$("$cli" validate ${status:+--status "$status"} "$samples/eia-youth-justice-strategy-2023.record.xml" 2>err.txt) \
    || fail "validate of the Youth Justice EIA (status '$status') exited $?: $out $(cat err.txt)"
  [ -z "$out" ] || fail "the Youth Justice EIA is not clean: $out"
  grep -qx '1 file checked: 0 with errors, 0 with warnings only' err.txt || fail "summary: $(cat err.txt)"
done

# The faulty sample: exit 1, and each rule by its field's path.
cp "$samples/eia-faulty-example.record.xml" faulty.record.xml
status=0; out=$("$cli" validate faulty.record.xml 2>/dev/null) || status=$?
[ "$status" = 1 ] || fail "validate of the faulty EIA exited $status"
for expected in \
  "cabinet-member/portfolio: error: Portfolio is required" \
  "other-project-details: error: Other project: details is required" \
  "impacts/row\[@key='disability'\]/nature: error: Nature of impact and any mitigations required is required" \
  "impacts/row\[@key='pregnancy-maternity'\]/impact: warning: Insufficient data" \
  "workforce/sex: error: The counts by sex must add up to the headcount." \
  "workforce/sexual-orientation: error: The counts by sexual orientation must add up to the headcount." \
  "approval/head-of-service-date: error: The Head of Service cannot sign before the date of completion." \
  "approval/member-name: warning: A date sent to the Lead Elected Member needs the member's name." \
  "completion: warning: The completion statement says \"Positive impact" \
  "completion: offer: \"both\" (Both positive and negative impact has been identified for one or more protected groups)"; do
  grep -q "^faulty.record.xml:$expected" <<<"$out" || fail "no '$expected' in: $out"
done

# The offer, taken, on a read-only disk: refused with the file named, and the file untouched.
mkdir disk && mount -t tmpfs -o size=1m tmpfs disk || fail "cannot mount a tmpfs"
cp faulty.record.xml disk/ && mount -o remount,ro disk || fail "cannot make the tmpfs read-only"
before=$(sha256sum < disk/faulty.record.xml)
status=0; "$cli" validate --apply-derived disk/faulty.record.xml >/dev/null 2>err.txt || status=$?
[ "$status" = 1 ] && grep -q "disk/faulty.record.xml" err.txt || fail "a read-only disk: exit $status, $(cat err.txt)"
[ "$(sha256sum < disk/faulty.record.xml)" = "$before" ] || fail "a failed write changed the file"
[ "$(ls -A disk)" = "faulty.record.xml" ] || fail "a failed write left a file behind: $(ls -A disk)"

# Taken where it can be written: atomically, after which it is neither offered nor warned.

"$cli" validate --apply-derived faulty.record.xml >out.txt 2>err.txt || true
grep -qx 'faulty.record.xml: wrote 1 derived value' out.txt || fail "apply-derived: $(cat out.txt)"
grep -q '<completion>both</completion>' faulty.record.xml || fail "the derived value is not in the file"
out=$("$cli" validate faulty.record.xml 2>/dev/null) || true
! grep -q '^faulty.record.xml:completion:' <<<"$out" || fail "still offered or warned after applying: $out"
grep -q 'workforce/sex: error' <<<"$out" || fail "applying the derived value lost the other findings: $out"
echo "ok"
