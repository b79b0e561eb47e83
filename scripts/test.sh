#!/usr/bin/env bash
# README command 2: install what is needed, build, and run the whole test suite through
# CTest. Usage: scripts/test.sh [--sanitize]   (--sanitize: under ASan and UBSan)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
build="$("$root/scripts/build.sh" "$@" | tail -n 1)"
# Twice as many slots as cores: a test that keeps a core busy takes two (tests/CMakeLists.txt),
# and the GUI tests, which mostly wait for their window, one.
ctest --test-dir "$build" --output-on-failure -j "$((2 * $(nproc)))"
