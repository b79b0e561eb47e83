#!/usr/bin/env bash
# formwork-cli end to end: --version, `plugins` on the programs' own folder, and a bogus
# file put on FORMWORK_PLUGIN_PATH reported by name with its reason and exit code 3.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$cli" --version) || fail "--version exited $?"
grep -q '^formwork-cli [0-9]\+\.[0-9]\+\.[0-9]\+$' <<<"$out" || fail "--version printed: $out"
grep -q 'Formwork SDK 1.10 (1010)' <<<"$out" || fail "--version does not name the SDK: $out"

unset FORMWORK_PLUGIN_PATH
out=$("$cli" plugins) || fail "plugins exited $? with only the shipped plugins: $out"
for id in eia approvals attendance questions; do
  grep -qE "^  $id +" <<<"$out" || fail "plugins does not list $id: $out"
done
grep -q '^Loaded plugins: 4$' <<<"$out" || fail "expected 4 loaded plugins: $out"
grep -q '^Refused files: 0$' <<<"$out" || fail "expected no refusals: $out"

echo 'not a library' >"$work/bogus.so"
status=0
out=$(FORMWORK_PLUGIN_PATH="/nonexistent-formwork-dir:$work" "$cli" plugins) || status=$?
[ "$status" -eq 3 ] || fail "expected exit code 3 with a refused file, got $status: $out"
grep -q '^Loaded plugins: 4$' <<<"$out" || fail "the bogus file stopped other plugins loading: $out"
grep -qF "$work/bogus.so" <<<"$out" || fail "the bogus file is not named: $out"
grep -q 'not a shared library' <<<"$out" || fail "the reason is not given: $out"
grep -qF '/nonexistent-formwork-dir' <<<"$out" || fail "the missing folder is not reported: $out"

# The same file named with --plugin-dir, after the subcommand.
status=0
out=$("$cli" plugins --plugin-dir "$work/bogus.so") || status=$?
[ "$status" -eq 3 ] && grep -qF "$work/bogus.so" <<<"$out" || fail "--plugin-dir file not reported ($status): $out"

status=0
"$cli" no-such-command >/dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "an unknown subcommand should exit 2, got $status"
echo "formwork-cli plugins: all checks passed"
