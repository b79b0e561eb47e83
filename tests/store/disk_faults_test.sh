#!/usr/bin/env bash
# A full disk and a read-only disk, for real: a small tmpfs mounted by this test in a
# private mount namespace (unshare), so nothing outside the test sees it.
set -euo pipefail
driver="$1"; form="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/../support/in_mount_namespace.sh"
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
