#!/usr/bin/env python3
"""Builds tiny-image-embedder.onnx, a small real image model for testing the DJL image path offline.

No pretrained image model ships in a package reachable from the build machines, so this writes a
conv/pool/linear graph with fixed seeded weights (not trained):

    pixels [N,3,32,32] -> Conv 3->8 (3x3, stride 2, pad 1) -> Relu -> GlobalAveragePool -> Flatten
                       -> Gemm 8->16 -> embedding [N,16]

together with a test image (tiny-image.png, 32x32 RGB) and the embedding numpy computes for it with the
same preprocessing as the Java side (RGB / 255, minus MEAN, over STD, NCHW), so the test can check the
whole DJL path (decode, normalise, layout, ONNX Runtime) against an independent computation.

Needs only Debian's python3-onnx and python3-numpy:  /usr/bin/python3 make_tiny_image_model.py
"""
import os
import struct
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
MEAN = np.array([0.5, 0.4, 0.3], dtype=np.float32)
STD = np.array([0.25, 0.2, 0.3], dtype=np.float32)
rng = np.random.default_rng(20260101)
conv_w = rng.normal(0, 0.5, size=(8, 3, 3, 3)).astype(np.float32)
conv_b = rng.normal(0, 0.1, size=(8,)).astype(np.float32)
fc_w = rng.normal(0, 0.5, size=(16, 8)).astype(np.float32)  # Gemm with transB=1: [out, in]
fc_b = rng.normal(0, 0.1, size=(16,)).astype(np.float32)


def build_model():
    x = helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, 32, 32])
    y = helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 16])
    nodes = [
        helper.make_node("Conv", ["pixel_values", "conv_w", "conv_b"], ["c"], kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("GlobalAveragePool", ["r"], ["p"]),
        helper.make_node("Flatten", ["p"], ["f"], axis=1),
        helper.make_node("Gemm", ["f", "fc_w", "fc_b"], ["image_embeds"], transB=1),
    ]
    inits = [numpy_helper.from_array(a, n) for a, n in
             [(conv_w, "conv_w"), (conv_b, "conv_b"), (fc_w, "fc_w"), (fc_b, "fc_b")]]
    graph = helper.make_graph(nodes, "tiny_image_embedder", [x], [y], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="antidote-test")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def reference(pixels_u8):
    """numpy forward pass of the same graph for one HxWx3 uint8 image."""
    x = (pixels_u8.astype(np.float32) / 255.0 - MEAN) / STD  # HWC
    x = np.transpose(x, (2, 0, 1))  # CHW
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    out = np.zeros((8, 16, 16), dtype=np.float32)
    for o in range(8):
        for i in range(16):
            for j in range(16):
                patch = xp[:, 2 * i:2 * i + 3, 2 * j:2 * j + 3]
                out[o, i, j] = np.sum(patch * conv_w[o]) + conv_b[o]
    pooled = np.maximum(out, 0).mean(axis=(1, 2))
    return fc_w @ pooled + fc_b


def write_png(path, pixels_u8):
    h, w, _ = pixels_u8.shape
    raw = b"".join(b"\x00" + pixels_u8[r].tobytes() for r in range(h))

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xffffffff)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def test_image():
    yy, xx = np.mgrid[0:32, 0:32]
    img = np.zeros((32, 32, 3), dtype=np.uint8)
    img[..., 0] = (xx * 8) % 256
    img[..., 1] = (yy * 8) % 256
    img[..., 2] = ((xx + yy) * 4 + 40 * ((xx // 8 + yy // 8) % 2)) % 256
    return img


if __name__ == "__main__":
    onnx.save(build_model(), os.path.join(HERE, "tiny-image-embedder.onnx"))
    img = test_image()
    write_png(os.path.join(HERE, "tiny-image.png"), img)
    with open(os.path.join(HERE, "tiny-image-expected.txt"), "w") as f:
        f.write(" ".join("%.7g" % v for v in reference(img)) + "\n")
    print("wrote tiny-image-embedder.onnx, tiny-image.png, tiny-image-expected.txt")
