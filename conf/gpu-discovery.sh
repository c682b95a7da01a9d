#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this executor
# can use as {"name":"gpu","addresses":["0","1"]}. Addresses are CUDA ordinals as this process sees
# them (inside a container that limits visible devices, nvidia-smi lists only those, numbered from 0),
# which is what the embed stage passes to DJL's Device.gpu(i).
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery.sh: nvidia-smi not found; no GPUs on $(hostname)" >&2
  echo '{"name":"gpu","addresses":[]}'
  exit 0
fi

indices=$(nvidia-smi --query-gpu=index --format=csv,noheader,nounits)
addresses=""
for i in $indices; do
  i="${i//[[:space:]]/}"
  [ -z "$i" ] && continue
  addresses="${addresses:+$addresses,}\"$i\""
done
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
