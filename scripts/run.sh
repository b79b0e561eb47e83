#!/usr/bin/env bash
# README command 1: install what is needed, build, put the shipped samples in the embedded
# database (once: running again adds nothing), and run Formwork. Without a display it says
# so and runs the command-line demo instead, which ends by exporting a workbook and a
# submission and saying where they are.
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
"$cli" verify-trail
echo
# The demo's exports: a workbook of every record, and a submission of the complete ones,
# for the seeds' council (profiles/coventry.profile.xml gives its organisation code).
out="$build/demo"
mkdir -p "$out"
"$cli" export --format xlsx -o "$out/returns.xlsx"
"$cli" --profile "$root/profiles/coventry.profile.xml" export --format xml \
  --collection "Council questions and motions" --year 2023 --reference-date 2023-10-17 \
  -o "$out/submission.xml"
echo
echo "The demo's exports are in $out:"
echo "  $out/returns.xlsx     (open it in Excel or LibreOffice)"
echo "  $out/submission.xml   (check it: build/bin/formwork-cli schema --submission -o s.xsd && xmllint --schema s.xsd $out/submission.xml)"
