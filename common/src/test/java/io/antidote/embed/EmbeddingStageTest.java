package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embed stage over small DataFrames with the real default text model: incremental runs. */
class EmbeddingStageTest extends EmbedSparkTestBase {
  @TempDir Path tmp;

  /**
   * In a Spark task on CPU, threads-per-predictor 0 becomes the task's cores (spark.task.cpus: 1
   * here), so two concurrent tasks do not each start ONNX Runtime's every-core thread pool; a value
   * set by the user wins, and a GPU keeps the runtime's default.
   */
  @Test
  void unsetPredictorThreadsAreTheTasksCores() {
    EmbeddingSettings unset = EmbeddingSettings.builder().threadsPerPredictor(0).build();
    EmbeddingSettings three = EmbeddingSettings.builder().threadsPerPredictor(3).build();
    List<Integer> inTasks =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark().sparkContext())
            .parallelize(List.of(1, 2), 2)
            .map(
                x ->
                    EmbedPartition.withTaskThreads(
                            x == 1 ? unset : three,
                            org.apache.spark.TaskContext.get(),
                            Device.cpu())
                        .threadsPerPredictor())
            .collect();
    assertEquals(List.of(1, 3), inTasks);
    int onGpu =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark().sparkContext())
            .parallelize(List.of(1), 1)
            .map(
                x ->
                    EmbedPartition.withTaskThreads(
                            unset, org.apache.spark.TaskContext.get(), Device.gpu(0))
                        .threadsPerPredictor())
            .collect()
            .get(0);
    assertEquals(0, onGpu);
    assertEquals(
        0, EmbedPartition.withTaskThreads(unset, null, Device.cpu()).threadsPerPredictor());
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

    // Other test classes in this JVM may have loaded the same model already: start from none.
    ExecutorModels.closeAll();
    int modelsBefore = ExecutorModels.loadedCount();
    EmbeddingResult r1;
    try (EmbeddingResult r =
        EmbeddingStage.embed(spark(), corpus(first), settings, Optional.of(table))) {
      r1 = r;
      assertEquals(9, r.embedded());
      assertEquals(0, r.reused());
      assertEquals(0, r.unchanged());
      assertEquals(0, r.failed());
      assertEquals(1, r.skipped());
      List<Row> rows = r.newEmbeddings().collectAsList();
      assertEquals(9, rows.size());
      assertEquals(
          Arrays.asList(EmbeddingSchema.SCHEMA.fieldNames()),
          Arrays.asList(r.newEmbeddings().columns()));
      // The vector of s2 is what the model gives for that text outside Spark.
      Row s2 = rows.stream().filter(x -> x.getString(0).equals("s2")).findFirst().orElseThrow();
      assertEquals("all-minilm-l6-v2", s2.getString(1));
      assertEquals(384, s2.getInt(4));
      float[] direct =
          // The model a one-core task loaded (threads-per-predictor 0 = the task's cores).
          ExecutorModels.get(
                  settings.toBuilder().threadsPerPredictor(1).build(), Device.cpu(), Map.of())
              .embed(new EmbeddingBatch.Texts(List.of("a bowl of ramen")))[0];
      assertArrayEquals(direct, floats(s2.getList(5)), 1e-5f);
      EmbeddingTable.append(r.newEmbeddings(), table);
    }
    assertEquals(
        modelsBefore + 1, ExecutorModels.loadedCount(), "one model per executor JVM and device");

    // Unchanged input: nothing to embed, nothing to write.
    try (EmbeddingResult r =
        EmbeddingStage.embed(spark(), corpus(first), settings, Optional.of(table))) {
      assertEquals(0, r.embedded());
      assertEquals(0, r.reused());
      assertEquals(9, r.unchanged());
      assertEquals(0, r.newRows());
    }

    // Appended rows: two new texts are embedded, a new sample with known content reuses its vector.
    List<Object[]> appended = new ArrayList<>(first);
    appended.add(text("s9", "a lighthouse in a storm"));
    appended.add(text("s10", "a plate of fresh sushi"));
    appended.add(text("s11", "sunset over the mountains"));
    try (EmbeddingResult r =
        EmbeddingStage.embed(spark(), corpus(appended), settings, Optional.of(table))) {
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
    Row sizes =
        all.agg(
                org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
                org.apache.spark.sql.functions.countDistinct(
                    org.apache.spark.sql.functions.col(EmbeddingSchema.SAMPLE_ID),
                    org.apache.spark.sql.functions.col(EmbeddingSchema.CONTENT_SHA256)))
            .first();
    assertEquals(12L, sizes.getLong(0));
    assertEquals(12L, sizes.getLong(1), "one row per (sample_id, content hash)");
    List<Row> sunsets =
        all.filter("sample_id in ('s3', 's11')").select(EmbeddingSchema.EMBEDDING).collectAsList();
    assertArrayEquals(floats(sunsets.get(0).getList(0)), floats(sunsets.get(1).getList(0)), 0f);
  }

  @Test
  void aSinglePartitionInputIsEmbeddedOnEveryCore() throws Exception {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(text("p" + i, "caption number " + i + " of a one-file corpus"));
    }
    Dataset<Row> oneFile = corpus(rows).coalesce(1);
    assertEquals(1, oneFile.rdd().getNumPartitions());
    int slots = spark().sparkContext().defaultParallelism();
    try (EmbeddingResult r =
        EmbeddingStage.embed(
            spark(), oneFile, EmbeddingSettings.builder().build(), Optional.empty())) {
      assertEquals(40, r.embedded());
      assertEquals(2 * slots, r.cachedModelOutput().rdd().getNumPartitions(), "two tasks per core");
      // Every task got rows: no core idles while another embeds the whole file.
      List<Integer> perPartition = partitionSizes(r.cachedModelOutput());
      assertEquals(
          2 * slots, perPartition.stream().filter(n -> n > 0).count(), perPartition.toString());
    }
    // Two partitions, every row in one of them (a one-file corpus read as two byte-range splits,
    // only one holding the row group): spread over every slot all the same.
    Dataset<Row> skewed = corpus(rows).repartition(slots, org.apache.spark.sql.functions.lit(0));
    List<Integer> skewedSizes = partitionSizes(EmbeddingStage.spreadOverCores(spark(), skewed));
    assertEquals(2 * slots, skewedSizes.size(), skewedSizes.toString());
    org.junit.jupiter.api.Assertions.assertTrue(
        skewedSizes.stream().allMatch(n -> n > 0), skewedSizes.toString());
    // An input already split finer keeps its partitions (no shuffle added).
    Dataset<Row> split = corpus(rows).repartition(2 * slots + 3);
    assertEquals(
        2 * slots + 3, EmbeddingStage.spreadOverCores(spark(), split).rdd().getNumPartitions());
  }

  private static List<Integer> partitionSizes(Dataset<Row> rows) {
    return rows.javaRDD()
        .mapPartitions(
            it -> {
              int n = 0;
              while (it.hasNext()) {
                it.next();
                n++;
              }
              return List.of(n).iterator();
            })
        .collect();
  }
}
