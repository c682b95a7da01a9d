package io.antidote.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image tower for a CLIP-style pair, trained here because no pretrained image encoder is
 * reachable offline: a linear map from an image's pixels (2×2 average-pooled to 14×14) to the text
 * embedding of its caption, fitted by ridge regression against a frozen text model (the "locked
 * text tower" idea of LiT, Zhai et al. 2022, with a linear image side). Written as ONNX over the
 * full normalised input [N, 3, 28, 28] that {@code ImageEmbeddingTranslator} feeds (mean 0.5, std
 * 0.5 per channel, so v = 2p/255 − 1): pooling and the channel average are linear, so the pooled
 * map is spread over the input with weight 1/12.
 */
public final class LinearImageTower {
  private static final int POOLED = FashionMnist.SIDE / 2;
  private static final int FEATURES = POOLED * POOLED + 1; // + bias

  private final double[][] weights; // [FEATURES][dim]

  private LinearImageTower(double[][] weights) {
    this.weights = weights;
  }

  /**
   * Fits images {@code ids} of {@code data} to {@code targets[j]} (the caption embedding of image
   * ids[j]).
   */
  public static LinearImageTower fit(
      FashionMnist data, int[] ids, float[][] targets, double ridge) {
    int dim = targets[0].length;
    double[][] a = new double[FEATURES][FEATURES];
    double[][] b = new double[FEATURES][dim];
    for (int j = 0; j < ids.length; j++) {
      double[] f = features(data, ids[j]);
      for (int p = 0; p < FEATURES; p++) {
        for (int q = 0; q <= p; q++) {
          a[p][q] += f[p] * f[q];
        }
        for (int d = 0; d < dim; d++) {
          b[p][d] += f[p] * targets[j][d];
        }
      }
    }
    for (int p = 0; p < FEATURES; p++) {
      for (int q = 0; q < p; q++) {
        a[q][p] = a[p][q];
      }
      a[p][p] += ridge;
    }
    return new LinearImageTower(solve(a, b));
  }

  /** The pooled, normalised pixels of image {@code i} and a constant 1. */
  static double[] features(FashionMnist data, int i) {
    double[] f = new double[FEATURES];
    for (int y = 0; y < FashionMnist.SIDE; y++) {
      for (int x = 0; x < FashionMnist.SIDE; x++) {
        f[(y / 2) * POOLED + x / 2] += (2.0 * data.pixel(i, x, y) / 255.0 - 1) / 4;
      }
    }
    f[FEATURES - 1] = 1;
    return f;
  }

  /** The tower's (unnormalised) embedding of image {@code i}, as the ONNX model computes it. */
  public float[] embed(FashionMnist data, int i) {
    double[] f = features(data, i);
    float[] out = new float[weights[0].length];
    for (int d = 0; d < out.length; d++) {
      double s = 0;
      for (int p = 0; p < FEATURES; p++) {
        s += f[p] * weights[p][d];
      }
      out[d] = (float) s;
    }
    return out;
  }

  public void writeOnnx(Path file) throws IOException {
    int side = FashionMnist.SIDE;
    int dim = weights[0].length;
    float[][] full = new float[3 * side * side][dim];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          double[] w = weights[(y / 2) * POOLED + x / 2];
          float[] row = full[c * side * side + y * side + x];
          for (int d = 0; d < dim; d++) {
            row[d] = (float) (w[d] / 12);
          }
        }
      }
    }
    float[] bias = new float[dim];
    for (int d = 0; d < dim; d++) {
      bias[d] = (float) weights[FEATURES - 1][d];
    }
    OnnxLinearModel.write(file, 3, side, side, full, bias);
  }

  /** Solves a·x = b for symmetric positive definite a (Cholesky). */
  private static double[][] solve(double[][] a, double[][] b) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
      }
    }
    int m = b[0].length;
    double[][] x = new double[n][m];
    for (int col = 0; col < m; col++) {
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double s = b[i][col];
        for (int k = 0; k < i; k++) {
          s -= l[i][k] * y[k];
        }
        y[i] = s / l[i][i];
      }
      for (int i = n - 1; i >= 0; i--) {
        double s = y[i];
        for (int k = i + 1; k < n; k++) {
          s -= l[k][i] * x[k][col];
        }
        x[i][col] = s / l[i][i];
      }
    }
    return x;
  }
}
