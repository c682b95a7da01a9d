package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The embed stage over images with the tiny test model: undecodable rows are counted and reported.
 */
class EmbeddingStageImageTest extends EmbedSparkTestBase {

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
        EmbeddingStage.embed(
            spark(), corpus(rows), EmbedTestData.tinyImageSettings(false), Optional.empty())) {
      assertEquals(3, r.embedded());
      assertEquals(2, r.failed());
      assertEquals(1, r.skipped());
      List<Row> errors = r.errors().orderBy(EmbeddingErrorSchema.SAMPLE_ID).collectAsList();
      assertEquals(
          List.of("bad-garbage", "bad-truncated"),
          errors.stream().map(e -> e.getString(0)).toList());
      for (Row e : errors) {
        org.junit.jupiter.api.Assertions.assertTrue(
            e.getString(4).startsWith("image decode failed"), e.getString(4));
        assertEquals("tiny-image-embedder", e.getString(1));
      }
      Row i0 = r.newEmbeddings().filter("sample_id = 'i0'").first();
      assertArrayEquals(EmbedTestData.expectedTinyImageVector(), floats(i0.getList(5)), 1e-4f);
      assertEquals(5L, r.summary().values().stream().filter(v -> v instanceof Long).count());
    }
  }
}
