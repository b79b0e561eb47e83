#!/usr/bin/env bash
# Starts the real formwork program under Xvfb with --screenshot: it must open its window,
# write a PNG of it, and exit 0 by itself.
set -euo pipefail
formwork="$1"; shot="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$(dirname "$shot")"
rm -f "$shot"
xvfb-run -a -s "-screen 0 1280x1024x24" "$formwork" --screenshot "$shot" || fail "formwork exited $?"
[ -s "$shot" ] || fail "no screenshot at $shot"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$shot is not a PNG"
echo "formwork started, showed its window and saved $shot"
