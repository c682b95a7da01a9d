package io.antidote.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.config.InvalidConfigException;
import io.antidote.detect.linalg.DenseVectors;
import io.antidote.embed.EmbeddingBatch;
import io.antidote.embed.EmbeddingModel;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.FashionMnist;
import io.antidote.testing.LaionRows;
import io.antidote.testing.LinearImageTower;
import io.antidote.testing.SparkTestBase;
import io.antidote.udfs.ContentHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Caption–image alignment inside the audit, on real images with a real text model: Fashion-MNIST
 * images captioned in words, the bundled all-MiniLM-L6-v2 as the text tower, and as the image tower
 * a linear map from pixels to MiniLM's caption space fitted on 1,400 other images (see {@link
 * LinearImageTower}: no pretrained CLIP is reachable offline, so the pair is trained here,
 * LiT-style). 1,000 audited pairs, 50 (5%) with the caption of another kind of item (a shoe
 * captioned as a shirt, a bag as trousers), plus a row whose image is missing and two whose bytes
 * are not an image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptionImageAlignmentAuditTest extends SparkTestBase {
  private static final int TRAIN = 1000;
  private static final int CALIBRATION = 400;
  private static final int AUDITED = 1000;
  private static final int POISONED = 50;
  private static final List<String> TEMPLATES =
      List.of(
          "a photo of a %s",
          "a %s on a plain background",
          "a black and white picture of a %s",
          "product shot of a %s for an online shop");

  private FashionMnist data;
  private Path work;
  private String towerUri;
  private double calibratedCut;
  private LinearImageTower tower;
  private Map<String, float[]> captionVectors;

  @BeforeAll
  void trainTowerAndWriteCorpora() throws Exception {
    runBefore();
    data = FashionMnist.load();
    work = Files.createTempDirectory("alignment-audit");
    captionVectors = captionVectors();
    int[] ids = new int[TRAIN];
    float[][] targets = new float[TRAIN][];
    for (int i = 0; i < TRAIN; i++) {
      ids[i] = i;
      targets[i] = captionVectors.get(caption(data.label(i), i));
    }
    // Ridge 300: the best recall at a 1% calibrated cut among 1..10^4 on held-out images (heavier
    // shrinkage keeps the blurry predictions of ambiguous images away from every caption).
    tower = LinearImageTower.fit(data, ids, targets, 300.0);
    Path onnx = work.resolve("fashion-tower.onnx");
    tower.writeOnnx(onnx);
    towerUri = onnx.toUri().toString();

    // The cut, calibrated as a user would on pairs they trust and the tower was not fitted on: the
    // 1st
    // percentile of 400 honest held-out pairs.
    double[] honest = new double[CALIBRATION];
    for (int j = 0; j < CALIBRATION; j++) {
      int i = TRAIN + j;
      honest[j] =
          DenseVectors.cosine(tower.embed(data, i), captionVectors.get(caption(data.label(i), i)));
    }
    Arrays.sort(honest);
    calibratedCut = honest[CALIBRATION / 100];

    // In-JVM figures for the record: honest vs mismatched pairs among the audited images.
    double[] held = new double[AUDITED];
    double[] wrong = new double[AUDITED];
    for (int j = 0; j < AUDITED; j++) {
      int i = TRAIN + CALIBRATION + j;
      held[j] =
          DenseVectors.cosine(tower.embed(data, i), captionVectors.get(caption(data.label(i), i)));
      wrong[j] =
          DenseVectors.cosine(
              tower.embed(data, i), captionVectors.get(caption(otherKind(data.label(i), i), i)));
    }
    System.out.printf(
        "alignment fixture: cut %.4f; honest held-out mean %.4f below cut %d; mismatched mean %.4f below cut %d%n",
        calibratedCut,
        mean(held),
        below(held, calibratedCut),
        mean(wrong),
        below(wrong, calibratedCut));
  }

  /** Caption embeddings of every template and class, from the text tower itself. */
  private Map<String, float[]> captionVectors() throws Exception {
    List<String> captions = new ArrayList<>();
    for (int c = 0; c < FashionMnist.CLASSES.size(); c++) {
      for (int t = 0; t < TEMPLATES.size(); t++) {
        captions.add(String.format(TEMPLATES.get(t), FashionMnist.CLASSES.get(c)));
      }
    }
    Map<String, float[]> out = new HashMap<>();
    try (EmbeddingModel model =
        EmbeddingModel.load(EmbeddingSettings.defaults(), Device.cpu(), Map.of())) {
      float[][] v = model.embed(new EmbeddingBatch.Texts(captions));
      for (int i = 0; i < captions.size(); i++) {
        out.put(captions.get(i), v[i]);
      }
    }
    return Map.copyOf(out);
  }

  private static String caption(int label, int i) {
    return String.format(
        TEMPLATES.get(Math.floorMod(i * 7, TEMPLATES.size())), FashionMnist.CLASSES.get(label));
  }

  /** A label of another kind of item than {@code label}, chosen by {@code i}. */
  private static int otherKind(int label, int i) {
    Random r = new Random(i);
    int other;
    do {
      other = r.nextInt(FashionMnist.CLASSES.size());
    } while (FashionMnist.kind(other) == FashionMnist.kind(label));
    return other;
  }

  /**
   * A written corpus and what the test knows about it, owned by the test method that wrote it.
   *
   * @param mismatched ids of the pairs given the caption of another kind of item
   * @param expectedCosine the cosine of each audited pair computed here, in one JVM, from the same
   *     tower and captions
   */
  private record Corpus(String input, Set<String> mismatched, Map<String, Double> expectedCosine) {
    Corpus {
      mismatched = Set.copyOf(mismatched);
      expectedCosine = Map.copyOf(expectedCosine);
    }
  }

  private Corpus corpus(String name, boolean poison) {
    Set<String> mismatched = new HashSet<>();
    Map<String, Double> expectedCosine = new HashMap<>();
    LaionRows rows = new LaionRows();
    for (int j = 0; j < AUDITED; j++) {
      int i = TRAIN + CALIBRATION + j;
      boolean bad = poison && j % (AUDITED / POISONED) == 3;
      String id = String.format("%s-%04d", bad ? "mismatch" : "pair", j);
      if (bad) {
        mismatched.add(id);
      }
      byte[] png = data.png(i);
      String caption = caption(bad ? otherKind(data.label(i), i) : data.label(i), i);
      expectedCosine.put(
          id, DenseVectors.cosine(tower.embed(data, i), captionVectors.get(caption)));
      rows.row(
          id,
          "https://shop.example-fashion.com/items/" + j + ".png",
          caption,
          png,
          FashionMnist.CLASSES.get(data.label(i)),
          ContentHash.sha256Hex(png),
          "shard-0",
          "2024-03-01T00:00:00Z");
    }
    byte[] html = "<html>404 not found</html>".getBytes();
    byte[] truncated = Arrays.copyOf(data.png(0), 40);
    rows.row(
        "broken-html",
        "https://shop.example-fashion.com/items/x.png",
        "a photo of a coat",
        html,
        "coat",
        ContentHash.sha256Hex(html),
        "shard-0",
        "2024-03-01T00:00:00Z");
    rows.row(
        "broken-truncated",
        "https://shop.example-fashion.com/items/y.png",
        "a photo of a dress",
        truncated,
        "dress",
        ContentHash.sha256Hex(truncated),
        "shard-0",
        "2024-03-01T00:00:00Z");
    rows.row(
        "no-image",
        "https://shop.example-fashion.com/items/z.html",
        "a photo of a sandal",
        null,
        "sandal",
        LaionRows.sha("a photo of a sandal"),
        "shard-0",
        "2024-03-01T00:00:00Z");
    return new Corpus(rows.write(spark(), work.resolve(name), 2), mismatched, expectedCosine);
  }

  private Map<String, String> settings(boolean mainEmbed) {
    Map<String, String> o = new LinkedHashMap<>();
    String p = "antidote.detectors.caption-image-alignment.";
    o.put(p + "enabled", "true");
    o.put(p + "image-tower.model.uri", towerUri);
    o.put(p + "image-tower.image.width", "28");
    o.put(p + "image-tower.image.height", "28");
    o.put(p + "image-tower.image.resize", "stretch");
    o.put(p + "image-tower.image.mean", "[0.5, 0.5, 0.5]");
    o.put(p + "image-tower.image.std", "[0.5, 0.5, 0.5]");
    o.put(p + "min-cosine", Double.toString(calibratedCut));
    o.put("antidote.embed.enabled", Boolean.toString(mainEmbed));
    if (!mainEmbed) {
      // The text tower named explicitly: the same model as the default embed model, embedded by its
      // own pass.
      o.put(p + "text-tower.model.uri", EmbeddingSettings.BUNDLED_MINILM);
      o.put(p + "text-tower.max-tokens", "256");
    }
    // Only what this test is about, to keep it short.
    for (String d :
        List.of(
            "spectral-signatures", "activation-clustering", "knn-outliers", "label-disagreement")) {
      o.put("antidote.detectors." + d + ".enabled", "false");
    }
    return o;
  }

  @Test
  void findsMismatchedCaptionsAndReusesVectorsOnRerun() throws Exception {
    Corpus corpus = corpus("poisoned", true);
    String input = corpus.input();
    Set<String> mismatched = corpus.mismatched();
    assertEquals(POISONED, mismatched.size());
    Path out = work.resolve("out-poisoned");
    AuditResult first = audit(input, out, "run-1", settings(true));

    Set<String> flagged = new HashSet<>();
    Dataset<Row> flags =
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .where("detector = 'caption_image_alignment'");
    for (Row r : flags.select("sample_id", "reason").collectAsList()) {
      flagged.add(r.getString(0));
      Assertions.assertTrue(r.getString(1).startsWith("caption-image cosine "), r.getString(1));
    }
    long hits = flagged.stream().filter(mismatched::contains).count();
    double recall = hits / (double) mismatched.size();
    double precision = flagged.isEmpty() ? 0 : hits / (double) flagged.size();
    System.out.printf(
        "alignment audit: %d flagged, recall %.3f precision %.3f%n",
        flagged.size(), recall, precision);
    // The pipeline (PNG decoding, preprocessing, ONNX Runtime, the join of the two towers' vectors)
    // flags
    // exactly the pairs whose cosine, computed here from the same weights, is below the cut.
    assertEquals(AUDITED, corpus.expectedCosine().size());
    for (Map.Entry<String, Double> e : corpus.expectedCosine().entrySet()) {
      if (Math.abs(e.getValue() - calibratedCut) > 1e-4) {
        assertEquals(
            e.getValue() < calibratedCut,
            flagged.contains(e.getKey()),
            e.getKey() + " cosine " + e.getValue());
      }
    }
    // Quality is the tower's: a linear map from pixels, fitted on 1,000 images, confuses some
    // honest
    // images; held-out figures at this cut are about 0.75 recall at 1.2% of honest pairs.
    Assertions.assertTrue(recall >= 0.7, "recall " + recall);
    Assertions.assertTrue(precision >= 0.7, "precision " + precision);

    JsonNode run = new ObjectMapper().readTree(first.runJson());
    JsonNode report = run.get("detector_reports").get("caption_image_alignment");
    Assertions.assertNotNull(report, first.runJson());
    assertEquals(AUDITED, report.get("scored_pairs").asLong());
    assertEquals(3, report.get("skipped_rows").asLong(), "no image, two undecodable");
    // The embed stage reports per model id; the detector's report names the towers it read.
    JsonNode embed = run.get("embed");
    assertEquals(2, embed.get("fashion-tower").get("failed").asLong());
    assertEquals(1, embed.get("fashion-tower").get("skipped").asLong());
    assertEquals(
        AUDITED + 3,
        embed.get("all-minilm-l6-v2").get("embedded").asLong(),
        "the embed model's own pass");
    Assertions.assertTrue(
        report.get("image_tower").asText().startsWith("file:"), report.toString());

    // One staged partition per model; the text tower is the embed model, embedded once.
    Dataset<Row> table = spark().read().parquet(out.resolve("embeddings").toString());
    Map<String, Long> perModel = new HashMap<>();
    for (Row r : table.groupBy("model_id").count().collectAsList()) {
      perModel.put(r.getString(0), r.getLong(1));
    }
    assertEquals(
        Map.of("all-minilm-l6-v2", (long) AUDITED + 3, "fashion-tower", (long) AUDITED), perModel);
    assertEquals(
        2,
        spark()
            .read()
            .parquet(out.resolve("embed_errors").toString())
            .where("model_id = 'fashion-tower'")
            .count());

    // A second run on the same corpus embeds nothing and flags the same pairs.
    AuditResult second = audit(input, out, "run-2", settings(true));
    JsonNode secondRun = new ObjectMapper().readTree(second.runJson());
    assertEquals(0, secondRun.get("embed").get("fashion-tower").get("embedded").asLong());
    assertEquals(0, secondRun.get("embed").get("all-minilm-l6-v2").get("embedded").asLong());
    assertEquals(
        flagged.size(),
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .where("detector = 'caption_image_alignment' and run_id = 'run-2'")
            .count());
  }

  @Test
  void cleanPairsStayUnderTheStatedRate() {
    Corpus corpus = corpus("clean", false);
    assertEquals(Set.of(), corpus.mismatched());
    Path out = work.resolve("out-clean");
    audit(corpus.input(), out, "clean-1", settings(false));
    long flagged =
        spark()
            .read()
            .parquet(out.resolve("flags").toString())
            .where("detector = 'caption_image_alignment'")
            .count();
    System.out.printf("alignment clean: %d of %d honest pairs flagged%n", flagged, AUDITED);
    // The cut is the 1st percentile of 400 calibration pairs: about 1% of honest pairs, 2% at most.
    Assertions.assertTrue(flagged <= 0.02 * AUDITED, flagged + " honest pairs flagged");
    // With antidote.embed off, each tower had its own pass.
    Map<String, Long> perModel = new HashMap<>();
    for (Row r :
        spark()
            .read()
            .parquet(out.resolve("embeddings").toString())
            .groupBy("model_id")
            .count()
            .collectAsList()) {
      perModel.put(r.getString(0), r.getLong(1));
    }
    assertEquals(
        Map.of("all-minilm-l6-v2", (long) AUDITED + 3, "fashion-tower", (long) AUDITED), perModel);
  }

  @Test
  void configNamesWhatIsMissing() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("antidote.detectors.caption-image-alignment.enabled", "true");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> AuditFixture.settings("/tmp/in", null, o));
    Assertions.assertTrue(
        e.getMessage().contains("caption-image-alignment.image-tower.model.uri"), e.getMessage());

    o.put(
        "antidote.detectors.caption-image-alignment.image-tower.model.uri",
        "file:/models/image.onnx");
    o.put("antidote.embed.modality", "image");
    o.put("antidote.embed.model.uri", "file:/models/other-image.onnx");
    e =
        assertThrows(
            InvalidConfigException.class,
            () -> {
              io.antidote.config.AuditSettings s = AuditFixture.settings("/tmp/in", null, o);
              io.antidote.detect.alignment.CaptionImageAlignmentDetector.build(
                  s.detector(io.antidote.detect.alignment.CaptionImageAlignmentSettings.class),
                  new io.antidote.detect.DetectorEnvironment(null, s.embed(), true));
            });
    Assertions.assertTrue(e.getMessage().contains("text-tower.model.uri"), e.getMessage());
  }

  /**
   * The audit as the job runs it: the model-free detectors, then embed and the embedding detectors.
   */
  private AuditResult audit(String input, Path out, String runId, Map<String, String> overrides) {
    return AuditFixture.auditWithModels(spark(), input, out, runId, overrides);
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }

  private static long below(double[] x, double cut) {
    return Arrays.stream(x).filter(v -> v < cut).count();
  }
}
