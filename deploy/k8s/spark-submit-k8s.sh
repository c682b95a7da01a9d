#!/usr/bin/env bash
# Submits the audit to Kubernetes. Needs an image with Spark 3.5.7, Java 17 and /opt/antidote (the jar,
# conf/). IMAGE, K8S_API (https://host:443) and NAMESPACE come from the environment; GPU=1 uses GPU executors.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SPARK_HOME:?}" "${IMAGE:?}" "${K8S_API:?}"
template=$here/executor-pod-template.yaml
gpu_args=()
if [[ "${GPU:-0}" == 1 ]]; then
  template=$here/gpu-executor-pod-template.yaml
  gpu_args=(--conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=0.25
            --conf spark.executor.resource.gpu.discoveryScript=/opt/antidote/conf/gpu-discovery.sh
            --conf spark.executor.resource.gpu.vendor=nvidia.com)
fi
exec "$SPARK_HOME/bin/spark-submit" \
  --master "k8s://$K8S_API" --deploy-mode cluster --name antidote-audit \
  --class io.antidote.jobs.Antidote \
  --conf spark.kubernetes.namespace="${NAMESPACE:-default}" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.driver.podTemplateFile="$here/driver-pod-template.yaml" \
  --conf spark.kubernetes.executor.podTemplateFile="$template" \
  --conf spark.executor.instances="${EXECUTORS:-8}" \
  "${gpu_args[@]}" \
  local:///opt/antidote/antidote-jobs.jar audit --config /opt/antidote/conf/cluster.conf "$@"
