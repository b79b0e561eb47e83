#!/usr/bin/env bash
# formwork-cli copy-db: a local database (the samples imported, a status change, a
# submission's serial number) copied to the test cluster's PostgreSQL server, where
# verify-trail passes with the same head digest, list shows the same records, the counter
# carries on, and a second copy into the now non-empty database is refused. The password
# in the connection string is never printed. CONNECTION-FILE logs in as the owner of the
# databases (copy-db makes the target's tables); the officer's connection string is in the
# file "connection" beside it, and the officer reads the copy.
# Usage: copy_db_test.sh FORMWORK-CLI CONNECTION-FILE PROFILE
set -euo pipefail
cli="$1"; connection_file="$2"; profile="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -s "$connection_file" ] || fail "no connection string in $connection_file: the PostgreSQL cluster fixture did not start"
server="$(cat "$connection_file")"
setting() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
port="$(setting port "$server")"; user="$(setting user "$server")"; host="$(setting host "$server")"
password="$(setting password "$server")"
officer="$(cat "$(dirname "$connection_file")/connection")"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE FORMWORK_DB
export FORMWORK_USER=csinclair

db="formwork_copy_$$_$RANDOM"
psql -X -q -v ON_ERROR_STOP=1 "$server" -c "CREATE DATABASE $db" || fail "could not create database $db"
target="$server dbname=$db"
named="postgresql://$user@$host:$port/$db"

"$cli" --db local.db import --samples >/dev/null
id=$("$cli" --db local.db list --form written-question | awk 'NR == 2 {print $1}')
[ -n "$id" ] || fail "no written question among the samples"
"$cli" --db local.db --profile "$profile" export --format xml --collection "Council questions" --year 2023 \
  --reference-date 2023-10-17 -o submission.xml >/dev/null || fail "the submission export (serial number 1) failed"
source_trail=$("$cli" --db local.db verify-trail) || fail "the source does not verify: $source_trail"
source_head=$(sed -n 's/^head digest: //p' <<<"$source_trail")
source_list=$("$cli" --db local.db list)

out=$("$cli" copy-db --from local.db --to "$target" 2>&1) || fail "copy-db exited $?: $out"
grep -q "^Copied local.db to $named: [0-9]* records, [0-9]* audit entries" <<<"$out" ||
  fail "copy-db said: $out"
grep -q "^head digest: $source_head$" <<<"$out" || fail "copy-db's head digest is not the source's ($source_head): $out"
[ -n "$password" ] && ! grep -q "$password" <<<"$out" || fail "copy-db printed the password: $out"

copy_trail=$("$cli" --db "$target" verify-trail) || fail "verify-trail on the copy: $copy_trail"
grep -q "^head digest: $source_head$" <<<"$copy_trail" || fail "the copy's head digest differs: $copy_trail"
[ "$(head -n 1 <<<"$source_trail")" = "$(head -n 1 <<<"$copy_trail")" ] || fail "entry counts differ: $copy_trail"
[ "$("$cli" --db "$target" list)" = "$source_list" ] || fail "list differs on the copy"
# copy-db granted the tables it made: an officer reads the copy.
officer_trail=$("$cli" --db "$officer dbname=$db" verify-trail 2>&1) || fail "the officer cannot read the copy: $officer_trail"
grep -q "^head digest: $source_head$" <<<"$officer_trail" || fail "the officer's head digest differs: $officer_trail"
"$cli" --db "$target" history "$id" | grep -q "import" || fail "the copy has no history for $id"
serial=$(psql -X -At "$server dbname=$db" -c "SELECT value FROM counters WHERE name = 'submission-serial'")
[ "$serial" = 1 ] || fail "the submission serial number was not copied: '$serial'"
grep -q ", 1 counter$" <<<"$(head -n 1 <<<"$out")" || fail "copy-db does not count the counter: $out"

# The copy is a working database: a save there extends the same chain.
"$cli" --db "$target" set-status "$id" withdrawn --revision 1 >/dev/null 2>&1 || true
"$cli" --db "$target" verify-trail >/dev/null || fail "the copy does not verify after a save"

# A second copy into the same (now non-empty) database is refused, and changes nothing.
before=$(psql -X -At "$server dbname=$db" -c "SELECT count(*) FROM audit")
status=0; out=$("$cli" copy-db --from local.db --to "$target" 2>&1) || status=$?
[ "$status" = 1 ] || fail "a copy into a non-empty database exited $status: $out"
grep -q "already holds records" <<<"$out" || fail "the refusal does not say why: $out"
! grep -q "$password" <<<"$out" || fail "the refusal printed the password: $out"
[ "$(psql -X -At "$server dbname=$db" -c "SELECT count(*) FROM audit")" = "$before" ] || fail "the refused copy wrote"

# A server that is not there: a clear message, without the password.
status=0; out=$("$cli" --db "postgresql://formwork:s3cr3t-pw@127.0.0.1:1/$db" list 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "could not connect to the database server postgresql://formwork@127.0.0.1:1/$db" <<<"$out" ||
  fail "an unreachable server ($status): $out"
! grep -q "s3cr3t" <<<"$out" || fail "the connection error printed the password: $out"

# Bad arguments are named.
status=0; out=$("$cli" copy-db --from missing.db --to "$target" 2>&1) || status=$?
[ "$status" = 2 ] && grep -q "no database file missing.db" <<<"$out" || fail "a missing source ($status): $out"
status=0; out=$("$cli" copy-db --from local.db --to other.db 2>&1) || status=$?
[ "$status" = 2 ] && grep -q "takes a PostgreSQL database" <<<"$out" || fail "a file as the target ($status): $out"
echo "copy-db: $(head -n 1 <<<"$copy_trail"), head digest $source_head"
