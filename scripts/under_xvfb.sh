#!/usr/bin/env bash
# Runs a command in a private Xvfb (1280x1024, 24 bits) and returns its exit status.
# Usage: scripts/under_xvfb.sh COMMAND [ARG...]
# Xvfb chooses its own free display number and tells it through -displayfd, so any number of
# these can start at once: `xvfb-run -a` guesses a number, and two started together can guess
# the same one, which kept the GUI tests queueing one at a time behind a lock.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "$0: no Xvfb (scripts/setup.sh installs xvfb)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/under-xvfb.XXXXXX")"
xvfb_pid=""
stop_xvfb() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_xvfb EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
# Xvfb writes the number, then a newline, once it accepts connections.
for _ in $(seq 1 300); do
  if grep -q '^[0-9][0-9]*$' "$work/display" 2>/dev/null; then break; fi
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "$0: Xvfb ended before it was ready: $(tail -n 5 "$work/xvfb.log")" >&2
    exit 2
  fi
  sleep 0.05
done
display="$(head -n 1 "$work/display")"
case "$display" in
  '' | *[!0-9]*) echo "$0: Xvfb gave no display number within 15 s: $(tail -n 5 "$work/xvfb.log")" >&2; exit 2 ;;
esac

status=0
DISPLAY=":$display" "$@" || status=$?
exit "$status"
