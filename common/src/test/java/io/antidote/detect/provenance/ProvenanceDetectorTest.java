package io.antidote.detect.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.config.AuditSettings;
import io.antidote.corpus.Corpus;
import io.antidote.corpus.CorpusReader;
import io.antidote.corpus.RowFacts;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provenance detector on Spark, from Parquet rows through row facts to flags. */
class ProvenanceDetectorTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void rowsOnAHostListedAsReregisteredAreAllFlagged() throws Exception {
    LaionRows rows = new LaionRows().clean(30);
    Set<String> planted = new TreeSet<>();
    for (int i = 0; i < 40; i++) {
      rows.text(
          "gallery-" + i,
          "https://photos.example-gallery.com/img/" + i + ".jpg",
          "gallery picture number " + i,
          "t",
          "2022-0" + (1 + i % 9) + "-10T08:00:00Z");
      planted.add("gallery-" + i);
    }
    for (int i = 0; i < 10; i++) {
      // The same registrable domain on another host, and the listed host crawled after the sale.
      rows.text(
          "sibling-" + i,
          "https://www.example-gallery.com/" + i,
          "sibling page " + i,
          "t",
          "2022-03-01T00:00:00Z");
      rows.text(
          "later-" + i,
          "https://photos.example-gallery.com/new/" + i,
          "new owner's picture " + i,
          "t",
          "2024-03-01T00:00:00Z");
    }
    String input = rows.write(spark(), tmp.resolve("in"), 2);
    Path rereg = tmp.resolve("rereg.csv");
    Files.writeString(rereg, "domain,reregistered_at\nphotos.example-gallery.com,2023-06-01\n");
    AuditSettings s =
        AuditFixture.settings(
            input, null, Map.of("detectors.provenance.reregistered-domains", rereg.toString()));
    Corpus corpus = CorpusReader.read(spark(), s.input());
    ProvenanceDetector d =
        (ProvenanceDetector)
            ProvenanceDetector.build(
                s.detector(ProvenanceSettings.class), spark().sparkContext().hadoopConfiguration());
    Set<String> flagged = new TreeSet<>();
    for (Row r : d.flag(RowFacts.of(corpus.rows())).select("sample_id").collectAsList()) {
      flagged.add(r.getString(0));
    }
    assertEquals(planted, flagged);
  }
}
