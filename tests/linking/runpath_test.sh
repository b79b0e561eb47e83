#!/usr/bin/env bash
# DESIGN.md: every RPATH or RUNPATH entry of every program, library and plugin the build makes,
# and of everything it installs, is absolute or starts with $ORIGIN, and none is empty. An
# empty or relative entry is searched from the current directory, so a library dropped where
# someone runs formwork-cli from would be loaded and run.
# Usage: runpath_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
install_root=$(mktemp -d)
trap 'rm -rf "$install_root"' EXIT

# Everything `cmake --install` puts in place, as a package would install it.
DESTDIR="$install_root" cmake --install "$build" --prefix /usr >/dev/null

checked=0
failures=()
check_file() {
    local file=$1 entries entry
    entries=$(readelf -d "$file" 2>/dev/null | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]$/\2/p')
    checked=$((checked + 1))
    [ -n "$entries" ] || return 0
    # Each entry between colons, the empty ones too (a leading, trailing or doubled colon).
    while IFS= read -r entry; do
        case "$entry" in
            /*|'$ORIGIN'|'$ORIGIN/'*) ;;
            '') failures+=("$file: an empty entry in '$entries' (the current directory)") ;;
            *) failures+=("$file: '$entry' in '$entries' is neither absolute nor \$ORIGIN-relative") ;;
        esac
    done < <(printf '%s\n' "$entries" | awk -v RS=':' '{ sub(/\n$/, ""); print }')
}

while IFS= read -r -d '' file; do
    if head -c 4 "$file" 2>/dev/null | grep -q $'^\x7fELF'; then check_file "$file"; fi
done < <(find "$build" "$install_root" -type f \( -perm -u+x -o -name '*.so' -o -name '*.so.*' \) \
           -not -path '*/CMakeFiles/*' -print0)

if [ "$checked" -lt 10 ]; then
    echo "only $checked ELF files found under $build and its install: is the build there?" >&2
    exit 1
fi
# The attack itself: a library named like one formwork-cli needs, in the folder it is run from,
# whose constructor would leave a mark. It must never be loaded.
planted="$install_root/planted"
mkdir -p "$planted"
cat > "$planted/planted.c" <<'C'
#include <stdio.h>
__attribute__((constructor)) static void planted(void) {
    FILE* mark = fopen("PLANTED-LIBRARY-RAN", "w");
    if (mark) fclose(mark);
}
C
cc -shared -fPIC -Wl,-soname,libxlsxwriter.so.4 -o "$planted/libxlsxwriter.so.4" "$planted/planted.c"
(cd "$planted" && "$build/bin/formwork-cli" --version >/dev/null 2>&1) || true
if [ -e "$planted/PLANTED-LIBRARY-RAN" ]; then
    failures+=("$build/bin/formwork-cli loaded libxlsxwriter.so.4 from the folder it was run in")
fi

if [ "${#failures[@]}" -gt 0 ]; then
    printf '%s\n' "${failures[@]}" >&2
    exit 1
fi
echo "$checked ELF files built or installed; every RPATH/RUNPATH entry is absolute or \$ORIGIN-relative"
