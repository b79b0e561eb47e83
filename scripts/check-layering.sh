#!/usr/bin/env bash
# Checks the include rules of DESIGN.md's layering on a source tree (default: this one):
#   - the engine (sdk/, forms/, exporters/) never includes a wx header;
#   - within the engine, the model (forms/model/) includes no host or store header, and the
#     host (forms/host/) no store header;
#   - plugins/ includes nothing of ours but the SDK, and no wx;
#   - the SDK's public headers use only the standard library, pugixml, Boost.Config and
#     Boost.DLL's alias header.
# Prints each violation as file:line: rule, and exits 1 if there is any.
set -uo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root" || exit 2
status=0
report() { echo "$1: $2" >&2; status=1; }

sources() { [ -d "$1" ] && find "$1" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.in' \) | sort; }
includes() { grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$1" | sed -E 's/^([0-9]+):[^<"]*[<"]([^>"]*)[>"].*/\1 \2/'; }

# Reports each #include, in the files under folder $1, of a header matching any of the glob
# patterns after the rule $2.
refuse_includes() {
  local dir="$1" rule="$2"; shift 2
  while IFS= read -r file; do
    while read -r line header; do
      for pattern in "$@"; do
        # shellcheck disable=SC2053 # the pattern is a glob
        if [[ "$header" == $pattern ]]; then report "$file:$line" "$rule ($header)"; break; fi
      done
    done < <(includes "$file")
  done < <(sources "$dir")
}

for dir in sdk forms exporters; do
  refuse_includes "$dir" "the engine must not include a wx header" 'wx/*' '*/wx/*'
done
# The engine's three rooms: a header of another room is named by its include folder, or
# reached by a relative path into that room's folder.
refuse_includes forms/model "the model includes no host or store header" \
  'formwork/host/*' '*host/include/*' '*host/src/*' 'formwork/store/*' '*store/include/*' '*store/src/*'
refuse_includes forms/host "the host includes no store header" 'formwork/store/*' '*store/include/*' '*store/src/*'

while IFS= read -r file; do
  while read -r line header; do
    case "$header" in
      wx/*) report "$file:$line" "plugins must not include wx ($header); draw through the SDK's views";;
      formwork/sdk/*) ;;
      formwork/*|*app/*|*../*) report "$file:$line" "plugins see only the SDK ($header)";;
    esac
  done < <(includes "$file")
done < <(sources plugins)

while IFS= read -r file; do
  while read -r line header; do
    case "$header" in
      formwork/sdk/*|pugixml.hpp|boost/config.hpp|boost/config/*|boost/dll/alias.hpp) ;;
      */*|*.*) report "$file:$line" "SDK headers may use only the standard library, pugixml, Boost.Config and boost/dll/alias.hpp ($header)";;
    esac
  done < <(includes "$file")
done < <(sources sdk/include)

exit $status
