#!/usr/bin/env bash
# The layering check must pass on this tree and fail on a tree that breaks each rule,
# so that a passing check means something.
set -uo pipefail
check="$1"; tree="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

"$check" "$tree" || fail "the source tree breaks the layering rules"

expect_violation() {  # folder file line rule-words
  rm -rf "$work/t"; mkdir -p "$work/t/$1"
  printf '%s\n' "$3" >"$work/t/$1/$2"
  out=$("$check" "$work/t" 2>&1) && fail "not caught: '$3' in $1/$2"
  grep -q "$4" <<<"$out" || fail "wrong message for '$3' in $1/$2: $out"
}
expect_violation forms/store/src store.cpp '#include <wx/string.h>' 'must not include a wx header'
expect_violation forms/model/src record.cpp '#include <formwork/host/form_registry.hpp>' 'the model includes no host or store header'
expect_violation forms/model/include/formwork/model record.hpp '#include <formwork/store/record_store.hpp>' 'the model includes no host or store header'
expect_violation forms/model/src record.cpp '#include "../../store/src/store_writes.hpp"' 'the model includes no host or store header'
expect_violation forms/host/src form_registry.cpp '#include <formwork/store/audit_log.hpp>' 'the host includes no store header'
expect_violation forms/host/src form_registry.cpp ' # include "../../store/include/formwork/store/open_store.hpp"' 'the host includes no store header'
expect_violation exporters xlsx.cpp '  #  include "wx/log.h"' 'must not include a wx header'
expect_violation plugins/eia eia.cpp '#include <formwork/host/plugin_host.hpp>' 'plugins see only the SDK'
expect_violation plugins/eia eia.cpp '#include "../../app/gui/main_frame.hpp"' 'plugins see only the SDK'
expect_violation plugins/eia eia.cpp '#include <wx/dc.h>' 'plugins must not include wx'
expect_violation sdk/include/formwork/sdk views.hpp '#include <boost/filesystem.hpp>' 'SDK headers may use only'
expect_violation sdk/include/formwork/sdk views.hpp '#include <sqlite3.h>' 'SDK headers may use only'

rm -rf "$work/t"; mkdir -p "$work/t/sdk/include/formwork/sdk" "$work/t/plugins/eia" "$work/t/forms/host/src" "$work/t/forms/store/src"
printf '#include <formwork/model/record.hpp>\n#include <formwork/host/plugin_host.hpp>\n' >"$work/t/forms/host/src/ok.cpp"
printf '#include <formwork/model/record.hpp>\n#include <formwork/store/audit_log.hpp>\n' >"$work/t/forms/store/src/ok.cpp"
printf '#include <vector>\n#include <pugixml.hpp>\n#include <boost/dll/alias.hpp>\n' >"$work/t/sdk/include/formwork/sdk/ok.hpp"
printf '#include <formwork/sdk/plugin.hpp>\n#include <string>\n' >"$work/t/plugins/eia/ok.cpp"
"$check" "$work/t" || fail "allowed includes were reported"
echo "layering check: all checks passed"
