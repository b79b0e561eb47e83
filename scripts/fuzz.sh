#!/usr/bin/env bash
# Builds the fuzz targets with clang into build-fuzz/ and runs each for SECONDS (default 60), with
# its seeds and dictionary. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (docs/fuzzing.md)
# Prints each target's executions per second, and fails if any target crashed, naming the file
# that libFuzzer kept of the input. The corpora grow in build-fuzz/fuzz/corpus/ from run to run;
# FORMWORK_FUZZ_BUILD names another build folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FORMWORK_FUZZ_BUILD:-$root/build-fuzz}"
seconds="${1:-60}"
shift || true
case "$seconds" in
  '' | *[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac

"$root/scripts/setup.sh"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFORMWORK_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" >&2

manifest="$build/fuzz-targets.tsv"
wanted=("$@")
known=()
failed=()
while IFS=$'\t' read -r name program dictionary seeds; do
  known+=("$name")
  if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
  corpus="$build/fuzz/corpus/$name"
  crashes="$build/fuzz/crashes/$name"
  log="$build/fuzz/$name.log"
  mkdir -p "$corpus" "$crashes"
  # The seeds, copied in afresh each run (a seed changed in the tree is fuzzed as it is now).
  IFS='|' read -r -a seed_paths <<<"$seeds"
  for seed in "${seed_paths[@]}"; do
    if [ -d "$seed" ]; then
      find "$seed" -maxdepth 1 -type f ! -name '.*' -exec cp -f {} "$corpus/" \;
    elif [[ "$seed" == *.so* ]]; then
      # A library without its debug sections: the same program headers and notes, a tenth the size.
      strip --strip-debug -o "$corpus/$(basename "$seed")" "$seed"
    else
      cp -f "$seed" "$corpus/"
    fi
  done
  echo "fuzz: $name for ${seconds}s ($(find "$corpus" -type f | wc -l) inputs to start from)"
  status=0
  "$program" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$dictionary" -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1 || status=$?
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  coverage="$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+' || true)"
  echo "fuzz: $name: ${rate:-?} executions per second, ${runs:-?} runs, ${coverage:-no coverage line}"
  if [ "$status" -ne 0 ]; then
    failed+=("$name")
    grep -E 'ERROR: |runtime error|SUMMARY: ' "$log" | head -n 5 | sed 's/^/fuzz:   /' || true
    artifacts="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")"
    echo "fuzz: $name CRASHED (exit $status); its input: ${artifacts:-none written, see the log}; the log: $log"
  fi
done <"$manifest"

for name in "${wanted[@]}"; do
  if [[ " ${known[*]} " != *" $name "* ]]; then
    echo "fuzz: no target '$name'; the targets: ${known[*]}" >&2
    exit 2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashed: ${failed[*]}; keep each input in tests/fuzz/regressions/<target>/ (docs/fuzzing.md)" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a crash"
