package io.antidote.detect.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.function.DoubleUnaryOperator;
import org.netlib.util.intW;

/**
 * Eigen decomposition of real symmetric matrices with LAPACK's {@code dsyevr} (relatively robust
 * representations), through the {@code dev.ludovic.netlib} front end Spark ships: native LAPACK
 * when one is installed, the pure-Java F2J port otherwise. For the top k of a d×d matrix it costs
 * one tridiagonal reduction (≈ 4/3·d³ flops; d = 1024 takes about a second in pure Java) plus
 * O(d·k) per vector.
 */
public final class SymmetricEigen {
  private SymmetricEigen() {}

  /**
   * The {@code k} largest eigenpairs of the symmetric column-major n×n matrix {@code a} (upper
   * triangle read).
   */
  public static EigenPairs top(double[] a, int n, int k) {
    if (a.length != n * n) {
      throw new IllegalArgumentException("matrix has " + a.length + " entries, expected " + n * n);
    }
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
    }
    double[] work0 = a.clone();
    LAPACK lapack = LAPACK.getInstance();
    intW m = new intW(0);
    intW info = new intW(0);
    double[] w = new double[n];
    double[] z = new double[n * k];
    int[] isuppz = new int[2 * n];
    double[] wq = new double[1];
    int[] iwq = new int[1];
    String range = k == n ? "A" : "I";
    int il = n - k + 1;
    lapack.dsyevr(
        "V", range, "U", n, work0, n, 0, 0, il, n, 0.0, m, w, z, n, isuppz, wq, -1, iwq, -1, info);
    int lwork = (int) wq[0];
    int liwork = iwq[0];
    lapack.dsyevr(
        "V",
        range,
        "U",
        n,
        work0,
        n,
        0,
        0,
        il,
        n,
        0.0,
        m,
        w,
        z,
        n,
        isuppz,
        new double[lwork],
        lwork,
        new int[liwork],
        liwork,
        info);
    if (info.val != 0 || m.val != k) {
      // The partial range goes through bisection + inverse iteration, which can fail on large
      // clusters of
      // equal eigenvalues (seen with the pure-Java F2J port: m = 0, info = 0). Fall back to all
      // pairs.
      return topOfAll(a, n, k);
    }
    int found = m.val;
    double[] values = new double[found];
    double[][] vectors = new double[found][];
    for (int i = 0; i < found; i++) {
      int src = found - 1 - i; // LAPACK returns ascending order
      values[i] = w[src];
      double[] v = new double[n];
      System.arraycopy(z, src * n, v, 0, n);
      vectors[i] = fixSign(v);
    }
    return new EigenPairs(values, vectors);
  }

  /** All eigenpairs, descending. */
  public static EigenPairs all(double[] a, int n) {
    return top(a, n, n);
  }

  /** The top k from a full decomposition by divide and conquer ({@code dsyevd}). */
  static EigenPairs topOfAll(double[] a, int n, int k) {
    double[] v = a.clone();
    double[] w = new double[n];
    intW info = new intW(0);
    LAPACK lapack = LAPACK.getInstance();
    double[] wq = new double[1];
    int[] iwq = new int[1];
    lapack.dsyevd("V", "U", n, v, n, w, wq, -1, iwq, -1, info);
    int lwork = (int) wq[0];
    int liwork = iwq[0];
    lapack.dsyevd("V", "U", n, v, n, w, new double[lwork], lwork, new int[liwork], liwork, info);
    if (info.val != 0) {
      throw new ArithmeticException(
          "dsyevd failed with info = " + info.val + " on a " + n + "x" + n + " matrix");
    }
    double[] values = new double[k];
    double[][] vectors = new double[k][];
    for (int i = 0; i < k; i++) {
      int src = n - 1 - i;
      values[i] = w[src];
      double[] x = new double[n];
      System.arraycopy(v, src * n, x, 0, n);
      vectors[i] = fixSign(x);
    }
    return new EigenPairs(values, vectors);
  }

  /** f(A) = V·diag(f(λ))·Vᵀ for symmetric A, column-major n×n. */
  public static double[] apply(double[] a, int n, DoubleUnaryOperator f) {
    EigenPairs e = all(a, n);
    double[] out = new double[n * n];
    for (int k = 0; k < e.size(); k++) {
      double fl = f.applyAsDouble(e.value(k));
      double[] v = e.vector(k);
      for (int j = 0; j < n; j++) {
        double vj = fl * v[j];
        for (int i = 0; i < n; i++) {
          out[i + j * n] += v[i] * vj;
        }
      }
    }
    return out;
  }

  private static double[] fixSign(double[] v) {
    int arg = 0;
    for (int i = 1; i < v.length; i++) {
      if (Math.abs(v[i]) > Math.abs(v[arg])) {
        arg = i;
      }
    }
    if (v[arg] < 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = -v[i];
      }
    }
    return v;
  }
}
