#!/usr/bin/env bash
# What a screen reader gets from the real formwork window (issue 19): every table of the record
# editor read and edited through AT-SPI, the forms navigator and the problems list found by
# name, the record list read. It makes a database of the shipped samples in a fresh folder,
# then starts one Xvfb and, for one record at a time, a private D-Bus session with its own
# accessibility bus (at-spi-bus-launcher), `formwork --open ID` with GTK's ATK bridge, and
# accessibility_test.py (pyatspi, /usr/bin/python3) against it:
#   the seed EIA          the record list, the navigator, "2.2 Protected characteristics"
#   an approval trail     "Contributors and approvers for submission"
#   a meeting             "Members' attendance"
#   the faulty EIA        the problems list, and the problems of table cells as descriptions
# Each thing missing is a `FAIL:` line; the exit status is 1 when there is one. Every wait has
# a timeout: a record's checks are stopped after 25 seconds, the whole run after 110 (half as
# long again with AddressSanitizer), and every process started is ended.
#
# Usage: accessibility_test.sh FORMWORK FORMWORK_CLI
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Under Xvfb: each run in a D-Bus session of its own, so that a window that dies cannot leave
# the next one an accessibility registry still waiting on it.
if [ "${1:-}" = "--display" ]; then
  shift
  formwork="$1"; cli="$2"; db="$3"; work="$4"; shift 4
  status=0
  for run in "$@"; do
    timeout -k 3 "$A11Y_RUN_SECONDS" dbus-run-session -- "$here/accessibility_test.sh" --session "$formwork" "$cli" "$db" "$work" "$run" \
      || { code=$?; status=1
           if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
             echo "FAIL: the checks of \"$run\" were stopped after $A11Y_RUN_SECONDS s"
           fi; }
  done
  exit "$status"
fi

# In one private D-Bus session: the accessibility bus, one formwork process, its checks.
if [ "${1:-}" = "--session" ]; then
  shift
  formwork="$1"; cli="$2"; db="$3"; work="$4"; run="$5"
  pids=()
  # shellcheck disable=SC2317 # called by the trap
  stop_all() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    done
    pids=()
  }
  trap stop_all EXIT

  launcher=/usr/libexec/at-spi-bus-launcher
  [ -x "$launcher" ] || launcher="$(dpkg -L at-spi2-core 2>/dev/null | grep '/at-spi-bus-launcher$' | head -n 1)"
  if [ -z "$launcher" ] || [ ! -x "$launcher" ]; then fail "no at-spi-bus-launcher (install at-spi2-core)"; fi
  "$launcher" --launch-immediately >"$work/at-spi-bus.log" 2>&1 &
  pids+=("$!")
  bus_up=no
  for _ in $(seq 50); do
    if address="$(timeout 5 dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress 2>/dev/null)" \
       && grep -q 'unix:' <<<"$address"; then bus_up=yes; break; fi
    sleep 0.2
  done
  [ "$bus_up" = yes ] || fail "the accessibility bus did not start within 10 s: $(cat "$work/at-spi-bus.log")"

  export GTK_MODULES=gail:atk-bridge FORMWORK_UNDER_TEST=1 XDG_CONFIG_HOME="$work/config"
  unset NO_AT_BRIDGE FORMWORK_DB FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
  mkdir -p "$XDG_CONFIG_HOME"

  # The run is "ID CHECK...".
  read -r -a words <<<"$run"
  id="${words[0]}"; checks=("${words[@]:1}")
  echo "== formwork --open $id: ${checks[*]}"
  log="$work/formwork-$id.log"
  "$formwork" --db "$db" --open "$id" >"$log" 2>&1 &
  app=$!
  pids+=("$app")
  status=0
  timeout -k 2 $((A11Y_CHECK_SECONDS + 2)) /usr/bin/python3 "$here/accessibility_test.py" --cli "$cli" --db "$db" \
    --pid "$app" --plugins "$source_dir/plugins" --work "$work" --timeout "$A11Y_CHECK_SECONDS" "${checks[@]}" || {
      code=$?
      [ "$code" -ne 124 ] && [ "$code" -ne 137 ] ||
        echo "FAIL: accessibility_test.py was stopped after $((A11Y_CHECK_SECONDS + 2)) s (${checks[*]})"
      status=1
    }
  if ! kill -0 "$app" 2>/dev/null; then
    code=0
    wait "$app" || code=$?
    signal=""
    [ "$code" -le 128 ] || signal=" (signal $(kill -l $((code - 128)) 2>/dev/null || echo $((code - 128))))"
    echo "FAIL: formwork --open $id ended, exit status $code$signal, before its checks were done; it said:"
    grep -v -e 'Gtk-CRITICAL' -e '^$' "$log" | tail -n 10 | sed 's/^/    /'
    status=1
  fi
  exit "$status"
fi

# ---------------------------------------------------------------------------------------------
[ $# -eq 2 ] || { echo "usage: $0 FORMWORK FORMWORK_CLI" >&2; exit 2; }
formwork="$1"; cli="$2"
for tool in /usr/bin/python3 dbus-run-session dbus-send Xvfb; do
  command -v "$tool" >/dev/null || fail "no $tool (scripts/setup.sh installs it)"
done
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || fail "/usr/bin/python3 has no pyatspi (install python3-pyatspi)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/formwork.db"
unset FORMWORK_DB FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
"$cli" --db "$db" import --samples >"$work/import.log" 2>&1 || fail "formwork-cli import --samples exited $?: $(tail -n 5 "$work/import.log")"

# The id of the record of FORM whose title contains TEXT (the first, when several do).
id_of() {
  local id
  id="$("$cli" --db "$db" list --form "$1" --limit 1000 | awk -v text="$2" \
        'length($1) == 36 && $1 ~ /^[0-9a-f-]+$/ && index($0, text) { print $1; exit }')"
  [ -n "$id" ] || fail "formwork-cli list --form $1 has no record titled with \"$2\""
  echo "$id"
}
eia="$(id_of eia "Youth Justice Strategy")"
faulty="$(id_of eia "Faulty example")"
trail="$(id_of approval-trail "Coventry Youth Justice Plan")"
meeting="$(id_of attendance-meeting "Cabinet 2023-10-03")"

# A complete record is locked (DESIGN.md): the records the test edits are reopened first, with
# a reason, as an officer reopens one. Those already drafts are left as they are.
reopen() {
  local row status revision
  row="$("$cli" --db "$db" list --limit 1000 | awk -v id="$1" '$1 == id')"
  status="$(echo "$row" | awk '{print $3}')"; revision="$(echo "$row" | awk '{print $4}')"
  [ "$status" = "draft" ] && return 0
  "$cli" --db "$db" set-status "$1" draft --revision "$revision" --reopen "Checked with a screen reader" \
    >"$work/reopen.log" 2>&1 || fail "formwork-cli set-status $1 draft --reopen exited $?: $(cat "$work/reopen.log")"
}
for record in "$eia" "$trail" "$meeting"; do reopen "$record"; done

# The time each record's checks may take (they take about 10 s) and the whole run's, half as
# long again for a build with AddressSanitizer (within CTest's 180 s either way).
halves=2
if ldd "$formwork" 2>/dev/null | grep -q libasan; then halves=3; fi
export A11Y_CHECK_SECONDS=$((19 * halves / 2)) A11Y_RUN_SECONDS=$((25 * halves / 2))
total_seconds=$((4 * A11Y_RUN_SECONDS + 10))

status=0
timeout -k 5 "$total_seconds" "$here/../../scripts/under_xvfb.sh" \
  "$here/accessibility_test.sh" --display "$formwork" "$cli" "$db" "$work" \
  "$eia records navigator eia=$eia" \
  "$trail approval=$trail" \
  "$meeting meeting=$meeting" \
  "$faulty problems=$faulty" 2> >(grep -v -e 'Failed to set fd limit' -e '^dbus-daemon\[' -e 'SpiRegistry daemon is running' >&2) \
  || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "FAIL: the accessibility checks did not finish within $total_seconds s"
fi
[ "$status" -eq 0 ] || { echo "the screen reader's checks failed (exit status $status); see the FAIL lines above"; exit 1; }
echo "a screen reader reads and edits every table, the navigator and the problems list"
