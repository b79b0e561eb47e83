#!/usr/bin/env bash
# kill -9 during a loop of saves, three times over one database: every save the store
# acknowledged is there afterwards, SQLite's leftover WAL is recovered (never deleted by
# us), integrity_check passes and the audit trail is intact.
set -euo pipefail
driver="$1"; form="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=0
: >"$work/acked"
for round in 1 2 3; do
  "$driver" save-loop "$work/crash.db" "$form" >"$work/out.$round" 2>"$work/err.$round" &
  pid=$!
  want=$((round * 40))
  for _ in $(seq 1 400); do
    [ "$(wc -l <"$work/out.$round")" -ge 40 ] && break
    kill -0 $pid 2>/dev/null || fail "the saving process died by itself: $(cat "$work/err.$round")"
    sleep 0.05
  done
  kill -9 $pid
  wait $pid 2>/dev/null || true
  # Only complete lines were acknowledged.
  grep -E '^saved [0-9a-f-]{36} [0-9]+$' "$work/out.$round" >>"$work/acked" || true
  [ "$(wc -l <"$work/acked")" -ge "$want" ] || fail "round $round: too few saves acknowledged before the kill"
  [ -e "$work/crash.db-wal" ] || fail "round $round: no -wal file after the kill (was it deleted?)"
  "$driver" check "$work/crash.db" "$work/acked" "$form" || fail "round $round: after kill -9"
done
echo "crash test: $(wc -l <"$work/acked") acknowledged saves survived three kills"
