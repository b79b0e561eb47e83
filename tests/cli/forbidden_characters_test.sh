#!/usr/bin/env bash
# U+0000 (issue 20): pugixml decodes &#0; like any character reference, and a value read from
# a record file, a ModernGov file or a profile ended there, with no error ("start&#0;end" was
# stored as "start"). Now &#0;, &#x0; and a NUL byte are each refused at FILE:LINE:COLUMN by
# validate, import, import --format moderngov and --profile, and nothing is stored.
set -euo pipefail
cli="$1"; moderngov="$2"; profile="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unset FORMWORK_PLUGIN_PATH FORMWORK_PROFILE
export FORMWORK_USER=democratic-services FORMWORK_DB="$work/council.db"

"$cli" import --samples >/dev/null 2>&1 || fail "import --samples"
records_before=$("$cli" list | wc -l)
council=7c1e2a94-3b5d-4f60-8a17-c2d9e0b4f6a1  # the seeds' Council, an attendance body

# Writes TARGET as SOURCE with BEFORE, INSERTED and AFTER put after the first ANCHOR, and prints
# the line and the column (in characters) where INSERTED starts, as LINE:COLUMN. An INSERTED of
# NUL is a NUL byte.
insert_after() {
  /usr/bin/python3 - "$@" <<'PY'
import sys
source, target, anchor, inserted = sys.argv[1:5]
before = sys.argv[5] if len(sys.argv) > 5 else ""
after = sys.argv[6] if len(sys.argv) > 6 else ""
text = open(source, encoding="utf-8").read()
inserted = "\0" if inserted == "NUL" else inserted
at = text.index(anchor) + len(anchor)
open(target, "w", encoding="utf-8").write(text[:at] + before + inserted + after + text[at:])
at += len(before)
line = text.count("\n", 0, at) + 1
column = at - (text.rfind("\n", 0, at) + 1) + 1
print(f"{line}:{column}")
PY
}

"$cli" template written-question -o template.record.xml || fail "template"
id=$(sed -n 's/.*<id>\([0-9a-f-]*\)<\/id>.*/\1/p' template.record.xml)
[ -n "$id" ] || fail "the template has no id"

for nul in '&#0;' '&#x0;' NUL; do
  if [ "$nul" = NUL ]; then written=""; else written=" (written as $nul)"; fi
  words="error: the character U+0000 is not allowed in XML 1.0$written"

  # A record file: validate says where, and import stores nothing.
  at=$(insert_after template.record.xml question.record.xml '<question>' "$nul" start end)
  status=0; out=$("$cli" validate question.record.xml 2>&1) || status=$?
  [ "$status" = 1 ] || fail "validate of $nul in a record file exited $status: $out"
  grep -qxF "question.record.xml:$at: $words" <<<"$out" || fail "validate of $nul in a record file: $out"
  status=0; out=$("$cli" import question.record.xml 2>&1) || status=$?
  [ "$status" = 1 ] || fail "import of $nul in a record file exited $status: $out"
  grep -qxF "question.record.xml:$at: $words" <<<"$out" || fail "import of $nul in a record file: $out"
  [ "$("$cli" list | wc -l)" = "$records_before" ] || fail "a record file with $nul was stored"
  status=0; "$cli" show "$id" >/dev/null 2>&1 || status=$?
  [ "$status" != 0 ] || fail "the record of a file with $nul is in the database"

  # A ModernGov file: refused at the place, and no meeting made.
  at=$(insert_after "$moderngov" getmeeting.xml '<meetinglocation>Council' "$nul")
  [ "$at" = 13:27 ] || fail "the venue moved: $at"
  status=0; out=$("$cli" import --format moderngov --body "$council" getmeeting.xml 2>&1) || status=$?
  [ "$status" = 1 ] || fail "import of $nul in a ModernGov file exited $status: $out"
  grep -qxF "getmeeting.xml:13:27: error: not readable as moderngov (plugin 'attendance'): ${words#error: }" <<<"$out" ||
    fail "import of $nul in a ModernGov file: $out"
  [ "$("$cli" list | wc -l)" = "$records_before" ] || fail "a ModernGov file with $nul made a meeting"

  # A council profile: refused at the place, and nothing runs with it.
  at=$(insert_after "$profile" council.profile.xml '<organisation code="E08000026" name="Coventry' "$nul")
  status=0; out=$("$cli" --profile council.profile.xml list 2>&1) || status=$?
  [ "$status" = 1 ] || fail "--profile with $nul exited $status: $out"
  grep -qxF "council.profile.xml:$at: $words" <<<"$out" || fail "--profile with $nul: $out"
done

# What XML allows, written as references, still reads; in CDATA a reference is only text.
insert_after template.record.xml question.record.xml '<question>' 'caf&#xE9; &#x41;<![CDATA[ &#0;]]>' >/dev/null
out=$("$cli" validate question.record.xml 2>&1) || true
grep -q 'not allowed in XML' <<<"$out" && fail "allowed references were refused: $out"
echo ok
