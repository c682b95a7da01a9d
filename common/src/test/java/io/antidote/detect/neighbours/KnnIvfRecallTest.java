package io.antidote.detect.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Recall of the inverted-file self-join against exact blocked search, on arrays in one JVM. */
class KnnIvfRecallTest {

  @Test
  void topKHeapKeepsTheMostSimilarWithDeterministicTies() {
    TopKHeaps h = new TopKHeaps(1, 3);
    float[] sims = {0.1f, 0.9f, 0.5f, 0.9f, 0.7f, 0.2f};
    for (int i = 0; i < sims.length; i++) {
      h.offer(0, sims[i], i);
    }
    float[] out = new float[3];
    int[] ids = h.sorted(0, out);
    assertEquals(1, ids[0]);
    assertEquals(3, ids[1]);
    assertEquals(4, ids[2]);
    assertEquals(0.7f, out[2]);
  }

  @Test
  void blockedGemmMatchesNaiveDotProducts() {
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(300, 37, 5, 4, 0.5, 0.3, 1);
    float[] out = new float[300 * 300];
    BlockedSimilarity.dot(e.vectors, 0, 300, e.vectors, 0, 300, 37, out);
    for (int i = 0; i < 300; i += 17) {
      for (int j = 0; j < 300; j += 13) {
        double s = 0;
        for (int d = 0; d < 37; d++) {
          s += e.vectors[i * 37 + d] * e.vectors[j * 37 + d];
        }
        assertEquals(s, out[i * 300 + j], 1e-5);
      }
    }
  }

  @Test
  void ivfRecallAt10IsAtLeast095On20kClustered384dVectors() {
    int n = 20_000;
    int dim = 384;
    SyntheticEmbeddings e = SyntheticEmbeddings.clustered(n, dim, 400, 16, 1.0, 0.3, 7);
    long t0 = System.nanoTime();
    KnnResult exact = ExactKnn.selfJoin(e.vectors, n, dim, 10);
    long t1 = System.nanoTime();
    KnnSettings settings = KnnTestData.knn().withCells(250, 8);
    KnnResult ivf = IvfKnn.selfJoin(e.vectors, n, dim, 10, settings);
    long t2 = System.nanoTime();
    double recall = ivf.recallAgainst(exact);
    System.out.printf(
        "KnnIvfRecallTest: n=%d exact %.1fs, ivf (per-cell probing, one JVM) %.1fs (%s), recall@10=%.4f, BLAS=%s%n",
        n, (t1 - t0) / 1e9, (t2 - t1) / 1e9, settings, recall, BlockedSimilarity.implementation());
    assertTrue(recall >= 0.95, "recall@10 " + recall);
  }
}
