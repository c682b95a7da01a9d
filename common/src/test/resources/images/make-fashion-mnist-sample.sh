#!/usr/bin/env bash
# Builds the Fashion-MNIST sample the caption–image alignment tests read: the first 2,400 images of the
# test split (28x28 grey, one byte per pixel, row-major) and their labels (0..9), headers stripped.
# Source: Debian's dataset-fashion-mnist (Zalando Research, MIT licence):
#   apt-get install dataset-fashion-mnist
set -eu  # no pipefail: head closes the pipe early on purpose
N=${N:-2400}
D=${D:-/usr/share/datasets/fashion-mnist}
cd "$(dirname "$0")"
zcat "$D/t10k-labels-idx1-ubyte.gz" | tail -c +9 | head -c "$N" | gzip -9n > fashion-mnist-labels.bin.gz
zcat "$D/t10k-images-idx3-ubyte.gz" | tail -c +17 | head -c $((N * 784)) | gzip -9n > fashion-mnist-images.bin.gz
ls -l fashion-mnist-*.bin.gz
