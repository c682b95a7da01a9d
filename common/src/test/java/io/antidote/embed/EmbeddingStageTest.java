package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.antidote.corpus.CorpusSchema;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embed stage over small DataFrames with the real models: incremental runs and bad rows. */
class EmbeddingStageTest extends SparkTestBase {
  @TempDir Path tmp;

  private Dataset<Row> corpus(List<Object[]> rows) {
    List<Row> r = new ArrayList<>();
    for (Object[] o : rows) {
      r.add(RowFactory.create(o[0], null, o[1], o.length > 2 ? o[2] : null, null, null, "test", null));
    }
    return spark().createDataFrame(r, CorpusSchema.SCHEMA);
  }

  private static Object[] text(String id, String text) {
    return new Object[] {id, text};
  }

  private static Object[] image(String id, byte[] bytes) {
    return new Object[] {id, null, bytes};
  }

  @Test
  void textRunsAreIncremental() throws Exception {
    String table = tmp.resolve("embeddings").toString();
    EmbeddingSettings settings = EmbeddingSettings.builder().batchSize(4).build();
    List<Object[]> first = new ArrayList<>();
    String[] captions = {
      "a red bicycle leaning against a wall", "two dogs running on a beach", "a bowl of ramen",
      "sunset over the mountains", "a man reading a newspaper", "children playing football",
      "an old steam locomotive", "a cup of coffee on a wooden table", "a bowl of ramen"
    };
    for (int i = 0; i < captions.length; i++) {
      first.add(text("s" + i, captions[i]));
    }
    first.add(text("s-null", null));

    int modelsBefore = ExecutorModels.loadedCount();
    EmbeddingResult r1;
    try (EmbeddingResult r = EmbeddingStage.embed(spark(), corpus(first), settings, Optional.of(table))) {
      r1 = r;
      assertEquals(9, r.embedded());
      assertEquals(0, r.reused());
      assertEquals(0, r.unchanged());
      assertEquals(0, r.failed());
      assertEquals(1, r.skipped());
      assertEquals(0, r.errors().count());
      List<Row> rows = r.newEmbeddings().collectAsList();
      assertEquals(9, rows.size());
      assertEquals(Arrays.asList(EmbeddingSchema.SCHEMA.fieldNames()), Arrays.asList(r.newEmbeddings().columns()));
      // The vector of s2 is what the model gives for that text outside Spark.
      Row s2 = rows.stream().filter(x -> x.getString(0).equals("s2")).findFirst().orElseThrow();
      assertEquals("all-minilm-l6-v2", s2.getString(1));
      assertEquals(384, s2.getInt(4));
      float[] direct = ExecutorModels.get(settings, Device.cpu(), Map.of())
          .embed(new EmbeddingBatch.Texts(List.of("a bowl of ramen")))[0];
      assertArrayEquals(direct, floats(s2.getList(5)), 1e-5f);
      EmbeddingTable.append(r.newEmbeddings(), table);
    }
    assertEquals(modelsBefore + 1, ExecutorModels.loadedCount(), "one model per executor JVM and device");

    // Unchanged input: nothing to embed, nothing to write.
    try (EmbeddingResult r = EmbeddingStage.embed(spark(), corpus(first), settings, Optional.of(table))) {
      assertEquals(0, r.embedded());
      assertEquals(0, r.reused());
      assertEquals(9, r.unchanged());
      assertEquals(0, r.newEmbeddings().count());
    }

    // Appended rows: two new texts are embedded, a new sample with known content reuses its vector.
    List<Object[]> appended = new ArrayList<>(first);
    appended.add(text("s9", "a lighthouse in a storm"));
    appended.add(text("s10", "a plate of fresh sushi"));
    appended.add(text("s11", "sunset over the mountains"));
    try (EmbeddingResult r = EmbeddingStage.embed(spark(), corpus(appended), settings, Optional.of(table))) {
      assertEquals(2, r.embedded());
      assertEquals(1, r.reused());
      assertEquals(9, r.unchanged());
      assertEquals(1, r.skipped());
      Map<String, Row> byId =
          r.newEmbeddings().collectAsList().stream()
              .collect(Collectors.toMap(x -> x.getString(0), x -> x));
      assertEquals(List.of("s10", "s11", "s9"), byId.keySet().stream().sorted().toList());
      EmbeddingTable.append(r.newEmbeddings(), table);
      assertEquals(r1.model(), r.model());
    }
    assertEquals(modelsBefore + 1, ExecutorModels.loadedCount(), "the model is reused across runs");
    Dataset<Row> all = EmbeddingTable.read(spark(), table).orElseThrow();
    assertEquals(12, all.count());
    assertEquals(12, all.select(EmbeddingSchema.SAMPLE_ID, EmbeddingSchema.CONTENT_SHA256).distinct().count());
    List<Row> sunsets =
        all.filter("sample_id in ('s3', 's11')").select(EmbeddingSchema.EMBEDDING).collectAsList();
    assertArrayEquals(floats(sunsets.get(0).getList(0)), floats(sunsets.get(1).getList(0)), 0f);

    // Another model version (different preprocessing) does not reuse these vectors.
    EmbeddingSettings shorter = settings.toBuilder().maxTokens(64).build();
    try (EmbeddingResult r = EmbeddingStage.embed(spark(), corpus(first.subList(0, 2)), shorter, Optional.of(table))) {
      assertEquals(2, r.embedded());
      assertEquals(0, r.unchanged());
    }
  }

  @Test
  void corruptImagesAreCountedAndReported() {
    byte[] good = EmbedTestData.bytes("tiny-image.png");
    List<Object[]> rows = new ArrayList<>();
    rows.add(image("i0", good));
    rows.add(image("i1", EmbedTestData.png(48, 40, 0xd02020, 1)));
    rows.add(image("i2", EmbedTestData.png(32, 32, 0x2020d0, 2)));
    rows.add(image("bad-truncated", Arrays.copyOf(good, 50)));
    rows.add(image("bad-garbage", "<html>404 not found</html>".getBytes()));
    rows.add(image("no-image", null));
    try (EmbeddingResult r =
        EmbeddingStage.embed(spark(), corpus(rows), EmbedTestData.tinyImageSettings(false), Optional.empty())) {
      assertEquals(3, r.embedded());
      assertEquals(2, r.failed());
      assertEquals(1, r.skipped());
      List<Row> errors = r.errors().orderBy(EmbeddingErrorSchema.SAMPLE_ID).collectAsList();
      assertEquals(List.of("bad-garbage", "bad-truncated"), errors.stream().map(e -> e.getString(0)).toList());
      for (Row e : errors) {
        org.junit.jupiter.api.Assertions.assertTrue(e.getString(4).startsWith("image decode failed"), e.getString(4));
        assertEquals("tiny-image-embedder", e.getString(1));
      }
      Row i0 = r.newEmbeddings().filter("sample_id = 'i0'").first();
      assertArrayEquals(EmbedTestData.expectedTinyImageVector(), floats(i0.getList(5)), 1e-4f);
      assertEquals(5L, r.summary().values().stream().filter(v -> v instanceof Long).count());
    }
  }

  private static float[] floats(List<Object> list) {
    float[] f = new float[list.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = ((Number) list.get(i)).floatValue();
    }
    return f;
  }
}
