#!/usr/bin/env bash
# formwork-cli upgrade-db, the owner's step on a PostgreSQL database (docs/store.md, "Roles"):
# on the test cluster (CLUSTER-DIR, from scripts/pg_test_cluster.sh), an officer given a new
# database is told that its owner must create the tables, naming the owner's role; the owner's
# upgrade-db makes them and grants them to both roles; the officer then works; upgrade-db is
# refused to the officer and to a local file. No password is ever printed.
# Usage: upgrade_db_test.sh FORMWORK-CLI CLUSTER-DIR
set -euo pipefail
cli="$1"; cluster="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -s "$cluster/owner_connection" ] && [ -s "$cluster/connection" ] ||
  fail "no connection strings in $cluster: the PostgreSQL cluster fixture did not start"
owner="$(cat "$cluster/owner_connection")"
officer="$(cat "$cluster/connection")"
setting() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
owner_password="$(setting password "$owner")"; officer_password="$(setting password "$officer")"
[ -n "$owner_password" ] && [ -n "$officer_password" ] || fail "the cluster's connection strings hold no passwords"
no_password() { ! grep -q -e "$owner_password" -e "$officer_password" <<<"$2" || fail "$1 printed a password: $2"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE FORMWORK_DB
export FORMWORK_USER=csinclair

db="formwork_upgrade_$$_$RANDOM"
psql -X -q -v ON_ERROR_STOP=1 "$owner" -c "CREATE DATABASE $db" || fail "could not create database $db"

status=0; out=$("$cli" --db "$officer dbname=$db" list 2>&1) || status=$?
[ "$status" = 1 ] || fail "the officer's list on a database without tables exited $status: $out"
grep -q "has no Formwork tables yet, and user officer may not create them: the owner must, with formwork-cli upgrade-db logging in as role formwork_owner" <<<"$out" ||
  fail "the officer is not told to ask the owner: $out"
no_password "the officer's refusal" "$out"
[ "$(psql -X -At "$owner dbname=$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ] ||
  fail "the officer's refused open made tables"

status=0; out=$("$cli" --db "$officer dbname=$db" upgrade-db 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "user officer may not create them" <<<"$out" || fail "the officer's upgrade-db ($status): $out"

out=$("$cli" --db "$owner dbname=$db" upgrade-db 2>&1) || fail "the owner's upgrade-db exited $?: $out"
port="$(setting port "$owner")"
grep -q "^The database postgresql://formwork_owner@localhost:$port/$db is at schema version [0-9]* (its tables made now)$" <<<"$out" ||
  fail "upgrade-db said: $out"
grep -q "^granted to role formwork_officers$" <<<"$out" && grep -q "^granted to role formwork_records_managers$" <<<"$out" ||
  fail "upgrade-db does not say what it granted: $out"
no_password "upgrade-db" "$out"

"$cli" --db "$officer dbname=$db" import --samples >/dev/null 2>&1 || fail "the officer cannot import after the upgrade"
"$cli" --db "$officer dbname=$db" verify-trail >/dev/null || fail "the officer's trail does not verify"

# Again: nothing to upgrade, the grants made again.
out=$("$cli" --db "$owner dbname=$db" upgrade-db 2>&1) || fail "a second upgrade-db exited $?: $out"
grep -q "is at schema version [0-9]*$" <<<"$out" || fail "a second upgrade-db said: $out"
status=0; out=$("$cli" --db "$officer dbname=$db" upgrade-db 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "user officer may not upgrade or grant them: the owner must" <<<"$out" ||
  fail "the officer's upgrade-db of existing tables ($status): $out"

status=0; out=$("$cli" --db local.db upgrade-db 2>&1) || status=$?
[ "$status" = 2 ] && grep -q "takes a PostgreSQL database" <<<"$out" || fail "upgrade-db of a local file ($status): $out"
echo "upgrade-db: the officer told to ask formwork_owner; the owner's upgrade made and granted the tables"
