# Sourced by the CLI tests that run on a SQLite file and again on the PostgreSQL test cluster.
# use_test_database NAME [OWNER-CONNECTION-FILE]: sets FORMWORK_DB to a new SQLite file in the
# current folder, or, given the cluster's owner connection file, to a new database on the server
# whose tables the owner made (upgrade-db), reached as an officer (the "connection" file beside
# it), as a council's team works. Needs $cli and fail().
use_test_database() {
  local name="$1" owner_file="${2:-}"
  export FORMWORK_DB="$PWD/$name.db"
  [ -n "$owner_file" ] || return 0
  [ -s "$owner_file" ] || fail "no connection string in $owner_file: the PostgreSQL cluster fixture did not start"
  local owner officer db
  owner="$(cat "$owner_file")"; officer="$(cat "$(dirname "$owner_file")/connection")"
  db="formwork_${name}_$$_$RANDOM"
  psql -X -q -v ON_ERROR_STOP=1 "$owner" -c "CREATE DATABASE $db" || fail "could not create database $db"
  "$cli" --db "$owner dbname=$db" upgrade-db >/dev/null || fail "upgrade-db as the owner of $db"
  export FORMWORK_DB="$officer dbname=$db"
}
