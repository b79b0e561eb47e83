#!/usr/bin/env bash
# Exports onto a full disk and a read-only disk, for real: a small tmpfs in a private
# mount namespace. Each must fail with a clear message, leave nothing new on the disk, and
# leave the file already at the target as it was.
set -euo pipefail
cli="$1"; profile="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/../support/in_mount_namespace.sh"
work=$(mktemp -d)
trap 'umount "$work/disk" 2>/dev/null || true; rm -rf "$work"' EXIT
unset FORMWORK_PLUGIN_PATH
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
mkdir "$work/disk"
mount -t tmpfs -o size=1m tmpfs "$work/disk" || fail "cannot mount a tmpfs"
xml=(--format xml --collection "Council questions and motions" --year 2023 --reference-date 2023-10-17 --include-drafts)

for format in xml xlsx; do
  args=("${xml[@]}"); [ "$format" = xlsx ] && args=(--format xlsx)
  echo "previous export" >"$work/disk/existing.$format"
  # Leave almost no room.
  dd if=/dev/zero of="$work/disk/filler" bs=1k count=1100 2>/dev/null || true
  status=0; out=$("$cli" export "${args[@]}" -o "$work/disk/existing.$format" 2>&1) || status=$?
  [ "$status" = 1 ] || fail "$format on a full disk exited $status: $out"
  grep -q 'No space left on device' <<<"$out" || fail "$format on a full disk: $out"
  [ "$(cat "$work/disk/existing.$format")" = "previous export" ] || fail "$format: the existing file was changed"
  [ "$(ls -A "$work/disk" | grep -vc -e '^filler$' -e "^existing\.")" = 0 ] || fail "$format: left files: $(ls -A "$work/disk")"
  rm -f "$work/disk/filler"
  echo "$format: a full disk fails cleanly"
done

"$cli" export "${xml[@]}" -o "$work/disk/ok.xml" >/dev/null || fail "an export with room failed"
mount -o remount,ro "$work/disk" || fail "cannot make the tmpfs read-only"
for format in xml xlsx; do
  args=("${xml[@]}"); [ "$format" = xlsx ] && args=(--format xlsx)
  status=0; out=$("$cli" export "${args[@]}" -o "$work/disk/ro.$format" 2>&1) || status=$?
  [ "$status" = 1 ] && grep -q 'Read-only file system' <<<"$out" || fail "$format on a read-only disk ($status): $out"
  [ ! -e "$work/disk/ro.$format" ] || fail "$format: a file appeared on a read-only disk"
  echo "$format: a read-only disk fails cleanly"
done
echo "export faults: all checks passed"
