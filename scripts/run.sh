#!/usr/bin/env bash
# README command 1: install what is needed, build, and run Formwork. Without a display it
# says so and runs the command-line demo instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
build="$("$root/scripts/build.sh" | tail -n 1)"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/bin/formwork" "$@"
fi
echo "No display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so Formwork's window cannot open."
echo "Running the command-line demo instead: formwork-cli plugins"
echo
exec "$build/bin/formwork-cli" plugins
