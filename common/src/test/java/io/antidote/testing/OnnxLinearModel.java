package io.antidote.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an ONNX model {@code embedding = Flatten(pixel_values) · W + b} (input [N, C, H, W] float,
 * output [N, D]) as the protobuf ONNX defines (onnx.proto, IR version 8, opset 13), so a test can
 * build a trained linear image tower without Python. Only the few fields this graph needs are
 * encoded.
 */
public final class OnnxLinearModel {
  private static final int FLOAT = 1;

  private OnnxLinearModel() {}

  /** {@code weights} is [C·H·W][D] row-major, {@code bias} [D]. */
  public static void write(
      Path file, int channels, int height, int width, float[][] weights, float[] bias)
      throws IOException {
    int in = channels * height * width;
    int out = bias.length;
    if (weights.length != in || weights[0].length != out) {
      throw new IllegalArgumentException("weights must be [" + in + "][" + out + "]");
    }
    float[] flat = new float[in * out];
    for (int i = 0; i < in; i++) {
      System.arraycopy(weights[i], 0, flat, i * out, out);
    }
    Proto graph = new Proto();
    graph.message(1, node("Flatten", new String[] {"pixel_values"}, "flat"));
    graph.message(1, node("MatMul", new String[] {"flat", "W"}, "projected"));
    graph.message(1, node("Add", new String[] {"projected", "b"}, "embedding"));
    graph.string(2, "linear_image_tower");
    graph.message(5, tensor("W", new long[] {in, out}, flat));
    graph.message(5, tensor("b", new long[] {out}, bias));
    graph.message(11, valueInfo("pixel_values", new Object[] {"N", channels, height, width}));
    graph.message(12, valueInfo("embedding", new Object[] {"N", out}));

    Proto opset = new Proto();
    opset.string(1, "");
    opset.varint(2, 13);
    Proto model = new Proto();
    model.varint(1, 8);
    model.string(2, "antidote-tests");
    model.message(7, graph);
    model.message(8, opset);
    Files.write(file, model.bytes());
  }

  private static Proto node(String op, String[] inputs, String output) {
    Proto n = new Proto();
    for (String i : inputs) {
      n.string(1, i);
    }
    n.string(2, output);
    n.string(3, op.toLowerCase() + "_" + output);
    n.string(4, op);
    return n;
  }

  private static Proto tensor(String name, long[] dims, float[] values) {
    Proto t = new Proto();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, FLOAT);
    t.string(8, name);
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    t.bytes(9, raw.array());
    return t;
  }

  /** dims: Integer for a fixed size, String for a named (dynamic) one. */
  private static Proto valueInfo(String name, Object[] dims) {
    Proto shape = new Proto();
    for (Object d : dims) {
      Proto dim = new Proto();
      if (d instanceof Integer i) {
        dim.varint(1, i);
      } else {
        dim.string(2, (String) d);
      }
      shape.message(1, dim);
    }
    Proto tensorType = new Proto();
    tensorType.varint(1, FLOAT);
    tensorType.message(2, shape);
    Proto type = new Proto();
    type.message(1, tensorType);
    Proto info = new Proto();
    info.string(1, name);
    info.message(2, type);
    return info;
  }

  /** Protobuf wire format: varints (wire type 0) and length-delimited fields (wire type 2). */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
    }

    void bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
    }

    void string(int field, String value) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void message(int field, Proto value) {
      bytes(field, value.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
