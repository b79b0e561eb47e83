#!/usr/bin/env bash
# A full disk and a read-only disk, for real: a small tmpfs mounted by this test in a
# private mount namespace (unshare), so nothing outside the test sees it.
set -euo pipefail
driver="$1"; form="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
if [ -z "${FORMWORK_IN_MOUNT_NAMESPACE:-}" ]; then
  export FORMWORK_IN_MOUNT_NAMESPACE=1
  if unshare --map-root-user --mount true 2>/dev/null; then
    exec unshare --map-root-user --mount "$0" "$@"
  elif [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
    exec unshare --mount "$0" "$@"
  fi
  fail "cannot make a private mount namespace here (unshare refused)"
fi
work=$(mktemp -d)
trap 'umount "$work/disk" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir "$work/disk"
mount -t tmpfs -o size=512k tmpfs "$work/disk" || fail "cannot mount a tmpfs"

echo "-- full disk"
"$driver" fill "$work/disk/full.db" "$form" || fail "the full disk was not handled"

echo "-- read-only disk"
rm -f "$work/disk/full.db"*
"$driver" fill "$work/disk/ro.db" "$form" >/dev/null 2>&1 || true  # a database to read
mount -o remount,ro "$work/disk" || fail "cannot make the tmpfs read-only"
"$driver" read-only "$work/disk/ro.db" "$form" || fail "the read-only disk was not handled"
echo "disk faults: all checks passed"
