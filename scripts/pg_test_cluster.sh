#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#   scripts/pg_test_cluster.sh start DIR   initdb in DIR/data (replacing any leftover cluster
#                                           there, stopped first), start it on 127.0.0.1 and a
#                                           free port with TLS, make the roles and the database
#                                           "formwork", and write the connection strings:
#                                           DIR/connection        an officer (the tests' store)
#                                           DIR/owner_connection  the owner of the databases
#                                           DIR/records_manager_connection
#                                           DIR/admin_connection  the superuser, on the socket
#   scripts/pg_test_cluster.sh stop DIR    stop it and remove DIR/data
#   scripts/pg_test_cluster.sh halt DIR    stop it at once (pg_ctl stop -m immediate, as a
#                                           crash would), keeping its data
#   scripts/pg_test_cluster.sh resume DIR  start a halted cluster again, on the same port
# As a council's server should be (docs/store.md, "Roles" and "TLS"): over TCP only TLS
# (pg_hba hostssl, scram-sha-256 passwords; a plain connection is refused), with a
# certificate made here by a CA made here (DIR/tls/ca.crt; the name it is made for is
# localhost, 127.0.0.1 the address), and the roles docs/store.md gives: the owner
# "formwork_owner" (here also CREATEDB, so tests can make databases), the group roles
# "formwork_officers" and "formwork_records_managers", and the logins "officer" and
# "records_manager" in them. The superuser "formwork" comes in only on the unix socket, for
# set-up. DIR/tls/other-ca.crt is a CA that signed nothing here, for the tests of a wrong one.
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
  rm -f "$dir/connection" "$dir/owner_connection" "$dir/records_manager_connection" "$dir/admin_connection" "$dir/cluster_root" "$dir/port"
  rm -rf "$dir/tls"
}

server_options() {
  echo "-c listen_addresses=127.0.0.1 -c port=$1 -c unix_socket_directories=$2 -c fsync=off -c max_connections=100 -c ssl=on"
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

run "$bin/initdb" -D "$data" -U formwork --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync \
  >"$dir/initdb.log" 2>&1 || fail "initdb failed in $data: $(tail -n 5 "$dir/initdb.log")"

# The CA and the server's certificate (ssl_cert_file and ssl_key_file are server.crt and
# server.key in the data folder by default); the key readable by the server's user alone,
# as PostgreSQL demands.
command -v openssl >/dev/null || fail "openssl is needed to make the test server's certificate: apt-get install openssl"
tls="$dir/tls"
mkdir -p "$tls"
make_ca() {  # NAME FILE-STEM
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "/CN=$1" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tls/$2.key" -out "$tls/$2.crt" >>"$dir/initdb.log" 2>&1 || fail "openssl could not make the test CA $2"
}
make_ca "Formwork test CA" ca
make_ca "Formwork test CA that signed nothing" other-ca
rm -f "$tls/other-ca.key"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
  -keyout "$tls/server.key" -out "$tls/server.csr" >>"$dir/initdb.log" 2>&1 || fail "openssl could not make the server's key"
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$tls/server.ext"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 30 \
  -extfile "$tls/server.ext" -out "$tls/server.crt" >>"$dir/initdb.log" 2>&1 || fail "openssl could not sign the server's certificate"
install -m 600 "$tls/server.crt" "$tls/server.key" "$data/" || fail "cannot put the certificate in $data"
[ ${#as_server[@]} -eq 0 ] || chown postgres "$data/server.crt" "$data/server.key" || fail "cannot give the key to the postgres user"
rm -f "$tls/server.key" "$tls/ca.key" "$tls/server.csr" "$tls/ca.srl"

# TLS only over TCP; the superuser on the socket alone.
run tee "$data/pg_hba.conf" >/dev/null <<'HBA' || fail "cannot write $data/pg_hba.conf"
# Written by pg_test_cluster.sh. No "host" line: a connection without TLS is refused.
local   all  formwork                 trust
hostssl all  all       127.0.0.1/32   scram-sha-256
HBA

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

admin="host=$root port=$port user=formwork dbname=postgres"
# Every test database is made from template1: give it pg_trgm once, if the server has it.
if ! "$bin/psql" -X -q -v ON_ERROR_STOP=1 "host=$root port=$port user=formwork dbname=template1" \
    -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null 2>&1; then
  echo "pg_test_cluster: pg_trgm is not available (install postgresql-contrib); text search will use plain ILIKE" >&2
fi

# The roles of docs/store.md, with passwords made for this cluster.
password() { openssl rand -hex 16; }
owner_password="$(password)"; officer_password="$(password)"; manager_password="$(password)"
"$bin/psql" -X -q -v ON_ERROR_STOP=1 -v owner="$owner_password" -v officer="$officer_password" \
    -v manager="$manager_password" "$admin" >"$dir/roles.log" 2>&1 <<'SQL' || fail "could not make the roles: $(tail -n 5 "$dir/roles.log")"
CREATE ROLE formwork_owner LOGIN CREATEDB PASSWORD :'owner';
CREATE ROLE formwork_officers NOLOGIN;
CREATE ROLE formwork_records_managers NOLOGIN IN ROLE formwork_officers;
CREATE ROLE officer LOGIN PASSWORD :'officer' IN ROLE formwork_officers;
CREATE ROLE records_manager LOGIN PASSWORD :'manager' IN ROLE formwork_records_managers;
CREATE DATABASE formwork OWNER formwork_owner;
REVOKE ALL ON DATABASE formwork FROM PUBLIC;
GRANT CONNECT ON DATABASE formwork TO formwork_officers;
SQL

# hostaddr: no name lookup (localhost may be ::1 first); host: the name the certificate is checked against.
tls_options="host=localhost hostaddr=127.0.0.1 port=$port dbname=formwork sslmode=verify-full sslrootcert=$tls/ca.crt"
(
  umask 077
  echo "$tls_options user=officer password=$officer_password" >"$dir/connection"
  echo "$tls_options user=formwork_owner password=$owner_password" >"$dir/owner_connection"
  echo "$tls_options user=records_manager password=$manager_password" >"$dir/records_manager_connection"
  echo "$admin" >"$dir/admin_connection"
)
echo "$port" >"$dir/port"
"$bin/psql" -X -q -At "$(cat "$dir/connection")" -c "SELECT 1 FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl" \
  2>"$dir/roles.log" | grep -q 1 || fail "the officer cannot connect over TLS: $(tail -n 5 "$dir/roles.log")"
echo "pg_test_cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port over TLS (CA $tls/ca.crt), data in $data; connection strings in $dir"
