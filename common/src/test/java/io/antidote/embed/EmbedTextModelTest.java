package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled default text model through DJL (ONNX Runtime + HuggingFace tokenizer): semantic
 * sanity, and agreement with an independent implementation of the same model (langchain4j's own
 * AllMiniLmL6V2EmbeddingModel, a test-only dependency) to 1e-4.
 */
class EmbedTextModelTest {
  private static EmbeddingModel model;

  @BeforeAll
  static void load() {
    model = EmbeddingModel.load(EmbeddingSettings.defaults(), Device.cpu(), Map.of());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static float[] one(String text) throws Exception {
    return model.embed(new EmbeddingBatch.Texts(List.of(text)))[0];
  }

  @Test
  void paraphrasesAreCloseAndUnrelatedSentencesFar() throws Exception {
    float[] cat = one("A cat is sitting on the mat.");
    float[] catParaphrase = one("There is a cat sitting on a rug.");
    float[] finance = one("The central bank raised interest rates by half a percentage point.");
    float[] financeParaphrase = one("Interest rates were increased by the central bank by 0.5%.");
    double same1 = Vectors.cosine(cat, catParaphrase);
    double same2 = Vectors.cosine(finance, financeParaphrase);
    double diff = Vectors.cosine(cat, finance);
    assertTrue(same1 > 0.6, "paraphrase cosine " + same1);
    assertTrue(same2 > 0.6, "paraphrase cosine " + same2);
    assertTrue(diff < 0.2, "unrelated cosine " + diff);
    assertEquals(384, cat.length);
    double norm = Math.sqrt(Vectors.cosine(cat, cat) * dot(cat, cat));
    assertEquals(1.0, norm, 1e-5);
  }

  @Test
  void matchesLangchain4jReferenceTo1eMinus4() throws Exception {
    AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
    List<String> texts =
        List.of(
            "A photo of a dog playing in the snow.",
            "Stocks fell sharply on Monday.",
            "the quick brown fox jumps over the lazy dog",
            "Émigrés café: naïve façade, 42 résumés!",
            "x");
    // One padded batch through DJL, one at a time through langchain4j.
    float[][] ours = model.embed(new EmbeddingBatch.Texts(texts));
    for (int i = 0; i < texts.size(); i++) {
      float[] ref = reference.embed(texts.get(i)).content().vector();
      assertArrayEquals(ref, ours[i], 1e-4f, "vector of '" + texts.get(i) + "'");
    }
  }

  @Test
  void batchedEqualsSingleAndIsThreadSafe() throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      texts.add(
          "caption number " + i + (i % 3 == 0 ? " with a much longer tail of extra words" : ""));
    }
    float[][] batched = model.embed(new EmbeddingBatch.Texts(texts));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> singles = new ArrayList<>();
      for (String t : texts) {
        singles.add(pool.submit(() -> one(t)));
      }
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(batched[i], singles.get(i).get(), 1e-5f, "row " + i);
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(
        model.predictorCount() >= 1 && model.predictorCount() <= 5,
        "predictors " + model.predictorCount());
  }

  private static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) d += a[i] * b[i];
    return d;
  }
}
