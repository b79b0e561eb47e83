#!/usr/bin/env bash
# Configures and builds Formwork. Usage: scripts/build.sh [--sanitize]
# Builds into build/ (or build-sanitize/ with AddressSanitizer and UBSan) and prints the
# build folder's path as its last line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build"
options=()
if [ "${1:-}" = "--sanitize" ]; then
  build="$root/build-sanitize"
  options+=(-DFORMWORK_SANITIZE=ON)
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${options[@]}" >/dev/null
cmake --build "$build" >&2
echo "$build"
