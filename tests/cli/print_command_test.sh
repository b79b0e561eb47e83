#!/usr/bin/env bash
# `formwork-cli print`, as an officer attaching an EIA to a committee report would use it:
# the samples imported, the Youth Justice EIA printed to a file that xmllint reads as XML and
# that carries the seed's own words, the same document on standard output, what the profile
# keeps out left out unless asked for, and a bad id or folder refused with nothing written.
set -euo pipefail
cli="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=equality-team FORMWORK_DB="$work/council.db"
eia=7bbbe46b-8c5c-4e62-826e-db1947cd0cb2  # the Youth Justice Strategy EIA (plugins/eia/samples)

"$cli" import --samples >/dev/null || fail "import --samples exited $?"
"$cli" list --form eia | grep -q "^$eia  eia " || fail "the Youth Justice EIA was not imported"

out=$("$cli" print "$eia" -o eia.html) || fail "print exited $?: $out"
grep -q "^Printed Equality impact assessment \"Coventry City Council’s Youth Justice Strategy and Plan.*\" to eia.html$" <<<"$out" \
  || fail "print said: $out"
xmllint --noout eia.html || fail "the printed EIA is not well-formed XML"
head -c 15 eia.html | grep -qx '<!DOCTYPE html>' || fail "the document does not start with <!DOCTYPE html>: $(head -c 80 eia.html)"
# Words of the seed's own EIA (seed 004, lines 5365-5640), with its values as people read them.
for phrase in \
  "Coventry City Council’s Youth Justice Strategy and Plan - 2021-23 - 2022 Update" \
  "Operational Lead – Coventry Youth Justice Service – Help &amp; Protection, Children’s Services" \
  "Punishing Abuse Report(2021)" \
  "responding to a child’s unique identity, including gender and gender reassignment" \
  "Marriage and civil partnership" \
  "Positive impact (P)" \
  "31 August 2023" \
  "Review of policy / strategy"; do
  grep -qF "$phrase" eia.html || fail "the printed EIA lacks '$phrase'"
done
! grep -q '<td[^>]*>policy-review<' eia.html || fail "a choice printed as its code"

# Every record of every plugin prints as well-formed XML.
for id in $("$cli" list --limit 1000 | grep -oE '^[0-9a-f]{8}-[0-9a-f-]{27}'); do
  "$cli" print "$id" > any.html || fail "print $id exited $?"
  xmllint --noout any.html || fail "the printed record $id is not well-formed XML"
  count=$((${count:-0} + 1))
done
[ "${count:-0}" -ge 20 ] || fail "only ${count:-0} records printed"

# Without -o, the same document on standard output.
"$cli" print "$eia" > stdout.html || fail "print to standard output exited $?"
cmp -s stdout.html eia.html || fail "standard output differs from the file"

# A profile that keeps the impact table out of exports: left out, unless asked for.
cat > internal.profile.xml <<'XML'
<council-profile id="internal" name="Internal">
  <organisation code="E08000026" name="Coventry City Council"/>
  <unpublished form="eia" path="impacts"/>
</council-profile>
XML
"$cli" --profile internal.profile.xml print "$eia" -o published.html >/dev/null || fail "print with a profile exited $?"
! grep -q "Gender reassignment" published.html || fail "an unpublished table was printed"
grep -q "Coventry City Council</p>" published.html || fail "the profile's organisation is not printed"
"$cli" --profile internal.profile.xml print --include-unpublished "$eia" -o internal.html >/dev/null \
  || fail "print --include-unpublished exited $?"
grep -q "Gender reassignment" internal.html || fail "--include-unpublished left the impact table out"
xmllint --noout published.html internal.html || fail "a printed document is not well-formed XML"

# A bad id: a clear message naming it and the database, exit 1, and no file.
status=0; out=$("$cli" print 00000000-0000-4000-8000-000000000000 -o missing.html 2>&1) || status=$?
[ "$status" = 1 ] || fail "print of an unknown id exited $status"
grep -qx "formwork-cli print: no record 00000000-0000-4000-8000-000000000000 in .*council.db" <<<"$out" || fail "unknown id: $out"
[ ! -e missing.html ] || fail "print of an unknown id left a file"
# ... and a file already there is left as it was.
before=$(sha256sum < eia.html)
"$cli" print not-an-id -o eia.html >/dev/null 2>&1 && fail "print of a bad id succeeded"
[ "$(sha256sum < eia.html)" = "$before" ] || fail "a failed print changed the file already there"

# A folder that does not exist: refused, naming the file, and nothing left behind.
status=0; out=$("$cli" print "$eia" -o no/such/folder/eia.html 2>&1) || status=$?
[ "$status" = 1 ] && grep -q "no/such/folder" <<<"$out" || fail "a missing folder ($status): $out"
[ ! -e no ] || fail "a failed print created the folder"
leftovers=$(find . -name '*.tmp*' -o -name '.*eia.html*' | head -1)
[ -z "$leftovers" ] || fail "a temporary file was left behind: $leftovers"

"$cli" print --help | grep -q -- "--include-unpublished" || fail "print --help does not offer --include-unpublished"
echo "ok"
