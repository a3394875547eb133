#!/usr/bin/env bash
# Runs one libFuzzer target for a budget of CPU seconds (not wall seconds: on a busy machine the
# fuzzer gets a share of a core), then merges what it found into the committed corpus.
# Usage: Fuzz/run-target.sh BINARY TARGET CPU_SECONDS [SCRATCH]
# Prints libFuzzer's final lines, the CPU seconds spent, and how many new inputs the merge kept.
# Findings (crash-, timeout-, oom-) go to Fuzz/findings/TARGET/.
set -euo pipefail
binary=$1 target=$2 budget=$3 scratch=${4:-/tmp}
mkdir -p "Fuzz/findings/$target" "Fuzz/corpus/$target"
found=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$found" "$log"' EXIT
export TMPDIR=$scratch SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=quarantine_size_mb=16:detect_leaks=0
export SHEETPIPE_FUZZ_TARGET=$target
# A wall-clock bound too (4x the budget), should the machine be so busy that the budget never comes.
"$binary" "$found" "Fuzz/corpus/$target" -max_total_time=$((budget * 4)) -rss_limit_mb=256 -timeout=1 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="Fuzz/findings/$target/" >"$log" 2>&1 &
pid=$!
ticks=$(getconf CLK_TCK)
cpu=0
while kill -0 "$pid" 2>/dev/null; do
  # utime + stime, fields 14 and 15 of /proc/PID/stat (the name, field 2, has no space here).
  if stat=$(cat "/proc/$pid/stat" 2>/dev/null); then
    cpu=$(echo "$stat" | awk -v t="$ticks" '{ printf "%d", ($14 + $15) / t }')
  fi
  if [ "$cpu" -ge "$budget" ]; then kill -INT "$pid" 2>/dev/null || true; fi
  sleep 2
done
wait "$pid" || true
grep -E '^(#[0-9]+[[:space:]]+(DONE|INITED)|stat::|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)' "$log" || true
echo "cpu_seconds: $cpu"
"$binary" -merge=1 "Fuzz/corpus/$target" "$found" 2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files' || true
