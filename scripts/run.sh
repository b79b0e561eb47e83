#!/usr/bin/env bash
# README command 1: install what is needed, build, put the shipped samples in the embedded
# database (once: running again adds nothing), and run Formwork. Without a display it says
# so and runs the command-line demo instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
build="$("$root/scripts/build.sh" | tail -n 1)"
cli="$build/bin/formwork-cli"

echo "Putting the shipped samples in the database (samples already there are left as they are):"
"$cli" import --samples >/dev/null
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/bin/formwork" "$@"
fi
echo
echo "No display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so Formwork's window cannot open."
echo "Running the command-line demo instead."
echo
echo "\$ formwork-cli plugins"
"$cli" plugins || true
echo
echo "\$ formwork-cli list"
"$cli" list
echo
echo "\$ formwork-cli verify-trail"
exec "$cli" verify-trail
