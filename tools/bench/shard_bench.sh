#!/usr/bin/env bash
# Sharded run against a single run, as local processes (issue 18 item 6): for each
# FILES×ROWS set, one `sheetpipe run`, then N shards (all at once) + one merge for each N,
# with total CPU, wall time and peak RSS per process (GNU time), and the outputs compared.
#
# Usage: tools/bench/shard_bench.sh [BINARY] [DATA_DIR] [SETS] [SHARDS]
#   BINARY   default .build/release/sheetpipe (make release)
#   DATA_DIR default /tmp/sheetpipe-shard-bench (workbooks kept between runs)
#   SETS     default "200x5000 2000x500" (files x rows per file)
#   SHARDS   default "1 2 4"
set -euo pipefail
binary=$(realpath "${1:-.build/release/sheetpipe}")
data=${2:-/tmp/sheetpipe-shard-bench}
sets=${3:-"200x5000 2000x500"}
shard_counts=${4:-"1 2 4"}
mkdir -p "$data"

# One measured process: appends "wall_s cpu_s peak_kib exit" to $data/measure.
measure() {
  local out=$1
  shift
  /usr/bin/time -f "%e %U %S %M %x" -o "$out" "$@" >/dev/null 2>"$out.stderr" || true
}
read_measure() { awk '{printf "%s %.2f %s %s\n", $1, $2 + $3, $4, $5}' "$1"; }

echo "| set | what | processes | wall s | CPU s | peak RSS MiB (max) | merge wall s | merge peak RSS MiB | same outputs |"
echo "|---|---|---|---|---|---|---|---|---|"
for set in $sets; do
  files=${set%x*}
  rows=${set#*x}
  total=$((files * rows))
  folder="$data/run-$total-$files"
  if [ ! -f "$folder/bench.yml" ]; then
    # The bench's own generator (project-sheet workbooks as regions send them) and definition.
    "$binary" bench --run --files "$files" --sizes "$total" --data "$data/gen-$files" --no-peers --repeats 1 \
      >"$data/gen-$files.log" 2>&1
    rm -rf "$folder"
    mv "$data/gen-$files/run-$total" "$folder"
  fi
  cd "$folder"
  rm -rf single work-* merged-* out
  measure "$data/single.time" "$binary" run bench.yml --out single --quiet --fail-on never
  read -r wall cpu rss code < <(read_measure "$data/single.time")
  echo "| $files × $rows | single run | 1 | $wall | $cpu | $((rss / 1024)) | – | – | (reference, exit $code) |"
  for n in $shard_counts; do
    rm -rf "work-$n" "merged-$n"
    start=$(date +%s.%N)
    for ((i = 0; i < n; i++)); do
      measure "$data/shard-$n-$i.time" "$binary" run bench.yml --shard "$i/$n" --work "work-$n" --quiet &
    done
    wait
    shards_wall=$(echo "$(date +%s.%N) - $start" | bc)
    measure "$data/merge-$n.time" "$binary" merge bench.yml --work "work-$n" --out "merged-$n" --quiet --fail-on never
    cpu_sum=0
    rss_max=0
    for ((i = 0; i < n; i++)); do
      read -r _ cpu rss code < <(read_measure "$data/shard-$n-$i.time")
      [ "$code" = 0 ] || echo "shard $i/$n exited $code: $(cat "$data/shard-$n-$i.time.stderr")" >&2
      cpu_sum=$(echo "$cpu_sum + $cpu" | bc)
      [ "$rss" -gt "$rss_max" ] && rss_max=$rss
    done
    read -r mwall mcpu mrss mcode < <(read_measure "$data/merge-$n.time")
    same=yes
    for file in $(cd single && find . -type f ! -name manifest.json ! -name .sheetpipe-output | sort); do
      cmp -s "single/$file" "merged-$n/$file" || same="no ($file)"
    done
    total_wall=$(echo "$shards_wall + $mwall" | bc)
    total_cpu=$(echo "$cpu_sum + $mcpu" | bc)
    echo "| $files × $rows | $n shards + merge | $((n + 1)) | $(printf %.2f "$total_wall") | $(printf %.2f "$total_cpu") | $((rss_max / 1024)) (shards) | $mwall | $((mrss / 1024)) | $same |"
  done
  cd - >/dev/null
done
