package io.antidote.detect.imagehash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Noto emoji of the demo corpus (64×64 RGBA PNGs, Apache-2.0; see
 * jobs/src/main/resources/io/antidote/demo/README.md), without the rows planted as poison: 240
 * distinct real pictures, keyed by sample id in sample-id order.
 */
public final class DemoEmoji {
  /** The demo corpus, relative to the common module (where Maven runs its tests). */
  static final Path DEMO = Path.of("../jobs/src/main/resources/io/antidote/demo");

  private DemoEmoji() {}

  public static Map<String, byte[]> load(SparkSession spark) {
    Set<String> planted;
    try {
      planted =
          Files.readAllLines(DEMO.resolve("ground-truth.csv")).stream()
              .skip(1)
              .map(l -> l.split(",")[0])
              .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException("demo ground truth missing under " + DEMO.toAbsolutePath(), e);
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(DEMO.resolve("corpus").toAbsolutePath().toString())
            .where("jpg is not null")
            .select("key", "jpg")
            .orderBy("key")
            .collectAsList()) {
      if (!planted.contains(r.getString(0))) {
        out.put(r.getString(0), (byte[]) r.get(1));
      }
    }
    return out;
  }
}
