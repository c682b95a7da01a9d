package io.antidote.detect.linalg;

/** Small dense-vector kernels on primitive arrays (no allocation, no Spark). */
public final class DenseVectors {
  private DenseVectors() {}

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** ⟨x − μ, v⟩ without materialising x − μ. */
  public static double centredDot(float[] x, double[] mean, double[] v) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - mean[i]) * v[i];
    }
    return s;
  }

  /** y = A·(x − μ) for a row-major k×d matrix A (k rows of length d). */
  public static double[] project(float[] x, double[] mean, double[][] rows) {
    double[] y = new double[rows.length];
    for (int r = 0; r < rows.length; r++) {
      y[r] = centredDot(x, mean, rows[r]);
    }
    return y;
  }

  public static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  /** Cosine similarity; NaN when either vector has zero norm or the lengths differ. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      return Double.NaN;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return Double.NaN;
    }
    return dot / Math.sqrt(na * nb);
  }

  /** xᵀ·M·x for a symmetric column-major n×n M. */
  public static double quadraticForm(double[] x, double[] m) {
    int n = x.length;
    double s = 0;
    for (int j = 0; j < n; j++) {
      double col = 0;
      for (int i = 0; i < n; i++) {
        col += m[i + j * n] * x[i];
      }
      s += col * x[j];
    }
    return s;
  }
}
