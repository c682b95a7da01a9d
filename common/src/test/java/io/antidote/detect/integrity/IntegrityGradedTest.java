package io.antidote.detect.integrity;

import io.antidote.config.SettingsBlock;
import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.InputException;
import io.antidote.corpus.RowFacts;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.imagehash.DemoEmoji;
import io.antidote.detect.imagehash.PerceptualHash;
import io.antidote.embed.RgbImages;
import io.antidote.flags.Evidence;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.SparkTestBase;
import io.antidote.udfs.ContentHash;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graded integrity on real pictures (the demo corpus's Noto emoji, jobs/src/main/resources/io/
 * antidote/demo): a recorded SHA-256 that no longer matches is benign drift (review) when the image
 * is a re-encoded or resized copy of the recorded one, and tampering (drop) when another picture
 * was swapped in.
 */
class IntegrityGradedTest extends SparkTestBase {
  private final IntegrityDetector detector =
      new IntegrityDetector(
          IntegritySettings.fromConfig(SettingsBlock.defaults(IntegritySettings.PATH)));

  private List<byte[]> emoji;

  @BeforeEach
  void loadEmoji() {
    if (emoji == null) {
      emoji = new ArrayList<>(DemoEmoji.load(spark()).values());
    }
  }

  /** Canonical rows from {sample_id, image, recorded sha256, phash}, plus lineage columns. */
  private Dataset<Row> corpus(List<Object[]> rows, DataType phashType) {
    StructType schema =
        CorpusSchema.SCHEMA
            .add("phash", phashType, true)
            .add(CorpusSchema.INPUT_FILE, DataTypes.StringType, true)
            .add(CorpusSchema.ROW_INDEX, DataTypes.LongType, true);
    List<Row> out = new ArrayList<>();
    long i = 0;
    for (Object[] r : rows) {
      out.add(
          RowFactory.create(
              r[0],
              "https://img.example.com/" + r[0],
              "an emoji",
              r[1],
              "emoji",
              r[2],
              "shard-0",
              null,
              r[3],
              "part-0.parquet",
              i++));
    }
    return spark().createDataFrame(out, schema);
  }

  private Map<String, Row> flagged(Dataset<Row> corpus) {
    Dataset<Row> flags = detector.flag(RowFacts.of(corpus), Optional.of(corpus));
    Map<String, Row> m = new HashMap<>();
    for (Row r : flags.collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  private static Map<String, String> evidence(Row flag) {
    return flag.getJavaMap(flag.fieldIndex(FlagSchema.EVIDENCE));
  }

  private static String action(Row flag) {
    return evidence(flag).get(Evidence.ACTION);
  }

  @Test
  void reencodedImagesAreReviewedAndSwappedImagesDropped() {
    Random rnd = new Random(5);
    List<Object[]> rows = new ArrayList<>();
    int n = emoji.size();
    int drift = 0;
    int swapped = 0;
    for (int i = 0; i < 120; i++) {
      byte[] original = emoji.get(i);
      String ref = PerceptualHash.hex(hash(original));
      String sha = ContentHash.sha256Hex(original);
      if (i % 3 == 0) {
        byte[] copy = jpeg(original, 0.7f + 0.2f * rnd.nextFloat());
        rows.add(new Object[] {"jpeg-" + i, copy, sha, ref});
        drift++;
      } else if (i % 3 == 1) {
        byte[] copy = resize(original, Math.pow(2, -1 + 2 * rnd.nextDouble()));
        rows.add(new Object[] {"resized-" + i, copy, sha, ref});
        drift++;
      } else {
        rows.add(new Object[] {"swapped-" + i, emoji.get((i + n / 2) % n), sha, ref});
        swapped++;
      }
    }
    for (int i = 120; i < 140; i++) {
      byte[] b = emoji.get(i);
      rows.add(
          new Object[] {"clean-" + i, b, ContentHash.sha256Hex(b), PerceptualHash.hex(hash(b))});
    }
    Map<String, Row> flags = flagged(corpus(rows, DataTypes.StringType));
    int reviewed = 0;
    int dropped = 0;
    for (Map.Entry<String, Row> e : flags.entrySet()) {
      String id = e.getKey();
      Map<String, String> ev = evidence(e.getValue());
      if (id.startsWith("jpeg-") || id.startsWith("resized-")) {
        Assertions.assertEquals("review", action(e.getValue()), id + ": " + e.getValue());
        Assertions.assertEquals(IntegrityDetector.GRADE_BENIGN, ev.get(IntegrityDetector.GRADE));
        Assertions.assertEquals("10", ev.get(IntegrityDetector.PHASH_CUT));
        Assertions.assertTrue(Integer.parseInt(ev.get(IntegrityDetector.PHASH_DISTANCE)) <= 10);
        reviewed++;
      } else if (id.startsWith("swapped-")) {
        Assertions.assertEquals("drop", action(e.getValue()), id + ": " + e.getValue());
        Assertions.assertEquals(IntegrityDetector.GRADE_TAMPERING, ev.get(IntegrityDetector.GRADE));
        dropped++;
      }
    }
    Assertions.assertEquals(drift, reviewed, "every re-encoded or resized row is reviewed");
    Assertions.assertEquals(swapped, dropped, "every swapped row is dropped");
    Assertions.assertEquals(drift + swapped, flags.size(), "no clean row flagged");
  }

  @Test
  void longReferencesGradeLikeHexAndMissingOrBadReferencesAreNamed() {
    byte[] a = emoji.get(3);
    byte[] b = emoji.get(200);
    long ha = hash(a);
    String shaA = ContentHash.sha256Hex(a);
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"drift", jpeg(a, 0.8f), shaA, ha});
    rows.add(new Object[] {"swap", b, shaA, ha});
    rows.add(new Object[] {"no-ref", b, shaA, null});
    rows.add(new Object[] {"negative", a, shaA, Long.MIN_VALUE | 1L});
    Map<String, Row> longFlags = flagged(corpus(rows, DataTypes.LongType));
    Assertions.assertEquals("review", action(longFlags.get("drift")));
    Assertions.assertEquals("drop", action(longFlags.get("swap")));
    Assertions.assertEquals(
        PerceptualHash.hex(ha),
        evidence(longFlags.get("swap")).get(IntegrityDetector.REFERENCE_PHASH));
    // No reference value: the ungraded behaviour, no grade in the evidence.
    Assertions.assertEquals("drop", action(longFlags.get("no-ref")));
    Assertions.assertNull(evidence(longFlags.get("no-ref")).get(IntegrityDetector.GRADE));
    Assertions.assertFalse(longFlags.containsKey("negative"), "matching sha256: not flagged");

    List<Object[]> bad = new ArrayList<>();
    bad.add(new Object[] {"bad-1", b, shaA, "not-a-hash"});
    bad.add(new Object[] {"bad-2", b, shaA, "0123456789abcdef0"});
    Map<String, Row> badFlags = flagged(corpus(bad, DataTypes.StringType));
    for (String id : List.of("bad-1", "bad-2")) {
      Row f = badFlags.get(id);
      Assertions.assertEquals("drop", action(f));
      Assertions.assertEquals(
          IntegrityDetector.GRADE_UNGRADED, evidence(f).get(IntegrityDetector.GRADE));
      String reason = f.getString(f.fieldIndex(FlagSchema.REASON));
      Assertions.assertTrue(reason.contains("column 'phash'"), reason);
    }
    Assertions.assertTrue(
        evidence(badFlags.get("bad-1"))
            .get(IntegrityDetector.GRADE_PROBLEM)
            .contains("'not-a-hash'"));

    InputException e =
        Assertions.assertThrows(
            InputException.class,
            () ->
                detector.checkInput(
                    DetectorInput.CORPUS_ROWS,
                    CorpusSchema.SCHEMA.add("phash", DataTypes.DoubleType, true)));
    Assertions.assertTrue(
        e.getMessage().contains("'phash'") && e.getMessage().contains("double"), e.getMessage());
  }

  private static long hash(byte[] image) {
    try {
      return PerceptualHash.of(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      return RgbImages.decode(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] jpeg(byte[] image, float quality) {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      w.setOutput(ios);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      w.write(null, new IIOImage(decode(image), null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  private static byte[] resize(byte[] image, double factor) {
    BufferedImage src = decode(image);
    int w = (int) Math.round(src.getWidth() * factor);
    int h = (int) Math.round(src.getHeight() * factor);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(src, 0, 0, w, h, null);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(out, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
