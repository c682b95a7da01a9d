#!/usr/bin/env bash
# A real multi-JVM Spark standalone cluster on this machine, from the jars Maven already has (no Spark
# download): one master and WORKERS workers (default 2), each its own JVM launching its own executor JVMs.
# Then it spark-submits the given Antidote command to it (default: the demo) and stops the cluster.
# Memory: EXECUTOR_MEMORY (default 1g), WORKER_MEMORY (what a worker offers, default 2g), DRIVER_MEMORY
# (default 2g).
#   deploy/local-standalone-cluster.sh                         # demo on the cluster
#   deploy/local-standalone-cluster.sh audit --input /data/corpus --output /tmp/out
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
workers=${WORKERS:-2}
work=${CLUSTER_DIR:-$here/jobs/target/standalone-cluster}
port=${MASTER_PORT:-7077}
executor_memory=${EXECUTOR_MEMORY:-1g}
driver_memory=${DRIVER_MEMORY:-2g}

# Build the job jar and its classpath (Spark included) if needed, as ./antidote does.
"$here/antidote" help >/dev/null
classpath=$(cat "$here/jobs/target/classpath.txt")

# Spark's launcher wants a SPARK_HOME with a jars/ folder and a RELEASE file; make one out of symlinks.
rm -rf "$work" && mkdir -p "$work/spark-home/jars" "$work/logs"
touch "$work/spark-home/RELEASE"
IFS=: read -ra entries <<<"$classpath"
for e in "${entries[@]}"; do
  [[ "$e" == */io/antidote/* ]] || ln -sf "$e" "$work/spark-home/jars/"  # our code comes from the job jar
done
export SPARK_HOME=$work/spark-home SPARK_SCALA_VERSION=2.12
mapfile -t jvm < <(grep -v '^#' "$here/conf/jvm-options")
cp="$work/spark-home/jars/*"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java "${jvm[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$work/logs/master.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do grep -q "I have been elected leader" "$work/logs/master.log" && break; sleep 1; done
for i in $(seq 1 "$workers"); do
  java "${jvm[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --webui-port 0 --cores 1 --memory "${WORKER_MEMORY:-2g}" --work-dir "$work/worker-$i" \
    "spark://127.0.0.1:$port" >"$work/logs/worker-$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 60); do
  [[ $(grep -l "Successfully registered with master" "$work"/logs/worker-*.log 2>/dev/null | wc -l) -ge $workers ]] && break
  sleep 1
done
echo "standalone cluster: master spark://127.0.0.1:$port, $workers workers (logs in $work/logs)" >&2

args=("$@")
[[ ${#args[@]} -eq 0 ]] && args=(demo --output "$work/antidote-out")
java "${jvm[@]}" -Xmx"$driver_memory" -cp "$cp" org.apache.spark.deploy.SparkSubmit \
  --master "spark://127.0.0.1:$port" --deploy-mode client \
  --class io.antidote.jobs.Antidote \
  --conf spark.executor.memory="$executor_memory" --conf spark.executor.cores=1 \
  --conf "spark.executor.extraJavaOptions=${jvm[*]}" \
  --conf "spark.driver.extraJavaOptions=-Dlog4j.configurationFile=$here/conf/log4j2.properties" \
  "$here/jobs/target/antidote-jobs.jar" "${args[@]}"
