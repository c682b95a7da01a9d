#!/usr/bin/env bash
# Submits the audit to a cluster with spark-submit. Everything after the options goes to the job:
#   SPARK_HOME=/opt/spark MASTER=yarn deploy/spark-submit-audit.sh \
#     --input hdfs:///corpora/laion/part-*.parquet --output hdfs:///audits --run-id 2026-11-23
# Environment: SPARK_HOME (required), MASTER (default yarn), DEPLOY_MODE (default cluster),
# ANTIDOTE_JAR (default jobs/target/antidote-jobs.jar), EXTRA_SUBMIT_ARGS (e.g. executor sizes),
# ANTIDOTE_CONF (default conf/cluster.conf; shipped with --files).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
: "${SPARK_HOME:?set SPARK_HOME to your Spark 3.5 installation}"
jar=${ANTIDOTE_JAR:-$here/jobs/target/antidote-jobs.jar}
conf=${ANTIDOTE_CONF:-$here/conf/cluster.conf}
[[ -f "$jar" ]] || { echo "no job jar at $jar; build it with: mvn -B -DskipTests package" >&2; exit 2; }
# Java 17 module flags Spark needs (spark-submit adds most of them itself since 3.3; harmless twice).
opens=$(grep -v '^#' "$here/conf/jvm-options" | tr '\n' ' ')
# S3A for s3a:// corpora: the Hadoop of Spark 3.5 is 3.3.4; its AWS SDK bundle comes along.
exec "$SPARK_HOME/bin/spark-submit" \
  --class io.antidote.jobs.Antidote \
  --master "${MASTER:-yarn}" \
  --deploy-mode "${DEPLOY_MODE:-cluster}" \
  --packages org.apache.hadoop:hadoop-aws:3.3.4 \
  --files "$conf" \
  --conf "spark.driver.extraJavaOptions=$opens" \
  --conf "spark.executor.extraJavaOptions=$opens" \
  ${EXTRA_SUBMIT_ARGS:-} \
  "$jar" audit --config "$(basename "$conf")" "$@"
