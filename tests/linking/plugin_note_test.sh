#!/usr/bin/env bash
# Every plugin the build makes carries its identity in an ELF note that binutils' readelf,
# a reader independent of ours, finds: owner "Formwork", the identity's type, its frozen
# 296 bytes. No relocation touches the note's section, so its bytes in the file are the
# bytes the host reads, before and without loading the library.
# Usage: plugin_note_test.sh PLUGIN.so...
set -euo pipefail
failures=()
for plugin in "$@"; do
    notes=$(readelf -nW "$plugin")
    grep -Eq '^ +Formwork +0x00000128\b.*\(0x46570001\)' <<<"$notes" ||
        failures+=("$plugin: no Formwork identity note of 0x128 bytes and type 0x46570001 in: $notes")
    # The section's address range, then every relocation's target.
    range=$(readelf -SW "$plugin" | sed -n 's/.*\] \.note\.formwork \+NOTE \+\([0-9a-f]\+\) [0-9a-f]\+ \([0-9a-f]\+\) .*/\1 \2/p')
    if [ -z "$range" ]; then failures+=("$plugin: no .note.formwork section"); continue; fi
    read -r start size <<<"$range"
    start=$((16#$start)); end=$((start + 16#$size))
    while read -r offset _; do
        at=$((16#$offset))
        if [ "$at" -ge "$start" ] && [ "$at" -lt "$end" ]; then
            failures+=("$plugin: a relocation at 0x$offset, inside .note.formwork")
        fi
    done < <(readelf -rW "$plugin" | grep -E '^[0-9a-f]{8,} ')
done
if [ $# -lt 4 ]; then echo "expected the four domain plugins at least, got $#" >&2; exit 1; fi
if [ ${#failures[@]} -gt 0 ]; then printf '%s\n' "${failures[@]}" >&2; exit 1; fi
echo "checked the identity notes of $# plugins"
