#!/usr/bin/env bash
# kill -9 at random moments during exports of a workbook and of an XML submission, both
# through an unnamed temporary file (O_TMPFILE) and through the named one used where a
# filesystem has no O_TMPFILE (forced with the test switch FORMWORK_TEST_NO_TMPFILE=1), in
# the build tree and on a tmpfs. After every kill nothing is beside the target but at most
# the killed export's own temporaries (the next export sweeps them away), and the target is
# absent or a whole, valid file; after an export that finishes, nothing is left at all.
#   export_kill_test.sh CLI PROFILE BUILD_FOLDER [ROUNDS]
set -euo pipefail
cli="$1"; profile="$2"; build_folder="$3"; rounds="${4:-6}"
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/../support/in_mount_namespace.sh"
work=$(mktemp -d -p "$build_folder" export-kill.XXXXXX)
pid=""
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; umount "$work/tmpfs" 2>/dev/null || true; rm -rf "$work"' EXIT
unset FORMWORK_PLUGIN_PATH FORMWORK_TEST_NO_TMPFILE
export FORMWORK_DB="$work/council.db" FORMWORK_PROFILE="$profile" FORMWORK_USER=clerk
"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"

# Enough records for an export to take some hundreds of milliseconds: copies of a sample
# EIA under new ids, added in batches until both exports take that long. A sanitized build
# gets there with a few hundred; an optimised one needs more, and the test stays short in both.
# awk reads to the end: an early exit would make `list` die of SIGPIPE under pipefail.
eia=$("$cli" list --limit 1000 | awk '$2 == "eia" && !found {print $1; found = 1}')
"$cli" show "$eia" -o "$work/eia.record.xml" || fail "show $eia"
add_copies() {  # COUNT
  mkdir "$work/copies"
  /usr/bin/python3 - "$work/eia.record.xml" "$eia" "$work/copies" "$1" <<'PY'
import sys, uuid
source, old, folder, count = sys.argv[1:]
text = open(source, encoding="utf-8").read()
for n in range(int(count)):
    open(f"{folder}/{n}.record.xml", "w", encoding="utf-8").write(text.replace(old, str(uuid.uuid4())))
PY
  "$cli" import "$work/copies/"*.record.xml >/dev/null 2>&1 || fail "importing the copies"
  rm -rf "$work/copies"
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
submission=(--format xml --collection "Council questions and motions" --year 2023 --reference-date 2023-10-17 --include-drafts)
export_ms() {  # ARGUMENTS...: how long one whole export takes
  local start; start=$(ms)
  "$cli" export "$@" -o "$work/sizing.out" >/dev/null || fail "sizing export $*"
  echo $(( $(ms) - start ))
}
copies=0
for batch in 200 200 400 800 1600; do
  add_copies "$batch"; copies=$((copies + batch))
  xlsx_ms=$(export_ms --format xlsx); xml_ms=$(export_ms "${submission[@]}")
  [ "$xlsx_ms" -lt 250 ] || [ "$xml_ms" -lt 250 ] || break
done
rm -f "$work/sizing.out"
echo "$copies copies: a workbook export takes ${xlsx_ms}ms, a submission ${xml_ms}ms"

mkdir "$work/tmpfs" "$work/tree"
mount -t tmpfs -o size=256m tmpfs "$work/tmpfs" || fail "cannot mount a tmpfs"
[ "$(stat -f -c %T "$work/tmpfs")" = tmpfs ] || fail "$work/tmpfs is not a tmpfs"

whole() {  # FORMAT FILE: the file is a complete workbook or submission
  if [ "$1" = xlsx ]; then unzip -tqq "$2" >/dev/null 2>&1; else xmllint --noout --stream "$2" 2>/dev/null; fi
}

# Nothing beside the target but temporaries of ours, and at most the two of one export (its
# file and, for a workbook, libxlsxwriter's scratch folder): older ones were swept.
check_folder() {  # FOLDER TARGET_NAME WHEN MOST
  local left
  left=$(ls -A "$1" | grep -vxF "$2" || true)
  if [ -n "$left" ]; then
    grep -qvE '^\..*\.formwork-tmp-[A-Za-z0-9]{6}$' <<<"$left" && fail "$3: not a temporary of ours beside the target: $left"
    [ "$(wc -l <<<"$left")" -le "$4" ] || fail "$3: temporaries were left to pile up: $left"
  fi
  return 0
}

for place in tree tmpfs; do
  for mode in unnamed named; do
    for format in xlsx xml; do
      folder="$work/$place/$mode-$format"; mkdir "$folder"
      target="$folder/export.$format"; label="$place, $mode, $format"
      if [ "$mode" = named ]; then export FORMWORK_TEST_NO_TMPFILE=1; else unset FORMWORK_TEST_NO_TMPFILE; fi
      if [ "$format" = xlsx ]; then arguments=(--format xlsx); else arguments=("${submission[@]}"); fi
      start=$(ms); "$cli" export "${arguments[@]}" -o "$target" >/dev/null || fail "$label: an export that runs to the end"
      took=$(( $(ms) - start ))
      [ "$took" -ge 100 ] || fail "$label: the export took only ${took}ms; make it bigger"
      killed=0; leftovers=0
      for _ in $(seq 1 "$rounds"); do
        delay=$(( RANDOM * 32768 + RANDOM )); delay=$(( delay % took ))
          "$cli" export "${arguments[@]}" -o "$target" >/dev/null 2>&1 &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -9 $pid 2>/dev/null || true
        status=0; wait $pid 2>/dev/null || status=$?
        [ "$status" = 137 ] && killed=$((killed + 1))
        check_folder "$folder" "export.$format" "$label, killed after ${delay}ms" 2
        [ -n "$(ls -A "$folder" | grep -vxF "export.$format" || true)" ] && leftovers=$((leftovers + 1))
        [ ! -e "$target" ] || whole "$format" "$target" || fail "$label: the target is not whole after a kill at ${delay}ms"
      done
      "$cli" export "${arguments[@]}" -o "$target" >/dev/null || fail "$label: the export after the kills"
      check_folder "$folder" "export.$format" "$label, after an export that finished" 0
      whole "$format" "$target" || fail "$label: the last export is not whole"
      echo "$label: $killed of $rounds exports killed part-way, $leftovers left temporaries for the next to sweep; none left at the end"
    done
  done
done
/usr/bin/python3 -c 'import openpyxl, sys; openpyxl.load_workbook(sys.argv[1], read_only=True)' "$work/tmpfs/named-xlsx/export.xlsx" ||
  fail "openpyxl cannot read the last workbook"
echo "export kill test: all checks passed"
