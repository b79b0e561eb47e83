#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#   scripts/pg_test_cluster.sh start DIR   initdb in DIR/data (replacing any leftover cluster
#                                           there, stopped first), start it on 127.0.0.1 and a
#                                           free port, and write its connection string to
#                                           DIR/connection
#   scripts/pg_test_cluster.sh stop DIR    stop it and remove DIR/data
#   scripts/pg_test_cluster.sh halt DIR    stop it at once (pg_ctl stop -m immediate, as a
#                                           crash would), keeping its data
#   scripts/pg_test_cluster.sh resume DIR  start a halted cluster again, on the same port
# Trust authentication, on loopback and the unix socket only; the superuser is "formwork".
# Run as root, the server runs as the unprivileged "postgres" user (created if missing),
# since PostgreSQL refuses to run as root. Any failure says why and exits non-zero: the
# PostgreSQL tests then fail, never skip.
set -euo pipefail

fail() { echo "pg_test_cluster: $*" >&2; exit 1; }

[ $# -eq 2 ] || fail "usage: $0 start|stop|halt|resume DIR"
action=$1
mkdir -p "$2"
dir="$(cd "$2" && pwd)"

bin="${FORMWORK_PG_BIN:-}"
if [ -z "$bin" ]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bin="$candidate"
  done
fi
[ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] ||
  fail "PostgreSQL's initdb and pg_ctl were not found (looked in /usr/lib/postgresql/*/bin; set FORMWORK_PG_BIN). Install the server: apt-get install postgresql postgresql-contrib (scripts/setup.sh does)"

# Who runs the server: ourselves, or "postgres" when we are root.
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres ||
      fail "running as root, and there is no unprivileged 'postgres' user to run the server as, nor could one be made"
  fi
  as_server=(runuser -u postgres --)
fi
run() { "${as_server[@]}" "$@"; }

# Where the cluster lives: DIR/data, with its socket and logs in DIR; or, when the server's
# user cannot reach DIR (a build tree under /root), or DIR's path is too long for a unix
# socket (107 bytes), a private folder under /tmp whose name is kept in DIR/cluster_root.
stop_cluster() {
  local root="$dir"
  [ -f "$dir/cluster_root" ] && root="$(cat "$dir/cluster_root")"
  if [ -f "$root/data/postmaster.pid" ]; then
    run "$bin/pg_ctl" -D "$root/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$root/data"
  case "$root" in /tmp/formwork-pg.*) rm -rf "$root" ;; esac
  rm -f "$dir/connection" "$dir/cluster_root" "$dir/port"
}

server_options() {
  echo "-c listen_addresses=127.0.0.1 -c port=$1 -c unix_socket_directories=$2 -c fsync=off -c max_connections=100"
}

case "$action" in
stop)
  stop_cluster
  echo "pg_test_cluster: stopped and removed the cluster of $dir"
  exit 0
  ;;
halt | resume)
  [ -f "$dir/port" ] || fail "no cluster was started in $dir"
  root="$dir"
  [ -f "$dir/cluster_root" ] && root="$(cat "$dir/cluster_root")"
  if [ "$action" = halt ]; then
    run "$bin/pg_ctl" -D "$root/data" -m immediate -w -t 30 stop >/dev/null || fail "pg_ctl stop -m immediate failed in $root/data"
  else
    run "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 -o "$(server_options "$(cat "$dir/port")" "$root")" start \
      >/dev/null || fail "the server did not start again in $root/data: $(tail -n 5 "$root/server.log" 2>/dev/null)"
  fi
  exit 0
  ;;
start) ;;
*) fail "usage: $0 start|stop|halt|resume DIR (not '$action')" ;;
esac

stop_cluster  # a leftover from an aborted run
root="$dir"
if [ ${#as_server[@]} -gt 0 ]; then chown postgres "$dir" 2>/dev/null || true; fi
if [ ${#dir} -gt 80 ] || ! run test -w "$dir" -a -x "$dir"; then
  root="$(mktemp -d /tmp/formwork-pg.XXXXXX)" || fail "cannot make a folder under /tmp for the cluster"
  [ ${#as_server[@]} -eq 0 ] || chown postgres "$root" || fail "cannot give $root to the postgres user"
  echo "$root" >"$dir/cluster_root"
fi
data="$root/data"
run test -w "$root" || fail "the server's user cannot write $root"

run "$bin/initdb" -D "$data" -U formwork --auth-local=trust --auth-host=trust -E UTF8 --locale=C --no-sync \
  >"$dir/initdb.log" 2>&1 || fail "initdb failed in $data: $(tail -n 5 "$dir/initdb.log")"

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

started=
for attempt in 1 2 3 4 5; do
  port="$(free_port)" || fail "could not find a free port on 127.0.0.1"
  if run "$bin/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 \
      -o "$(server_options "$port" "$root")" start >/dev/null 2>&1; then
    started=1
    break
  fi
  echo "pg_test_cluster: the server did not start on port $port (attempt $attempt); trying another" >&2
done
[ -n "$started" ] || fail "the server did not start in $data: $(tail -n 5 "$root/server.log" 2>/dev/null)"

connection="host=127.0.0.1 port=$port user=formwork dbname=postgres"
# Every test database is made from template1: give it pg_trgm once, if the server has it.
if ! "$bin/psql" -X -q -v ON_ERROR_STOP=1 "$connection dbname=template1" \
    -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null 2>&1; then
  echo "pg_test_cluster: pg_trgm is not available (install postgresql-contrib); text search will use plain ILIKE" >&2
fi
echo "$port" >"$dir/port"
echo "$connection" >"$dir/connection"
echo "pg_test_cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $data; connection string in $dir/connection"
