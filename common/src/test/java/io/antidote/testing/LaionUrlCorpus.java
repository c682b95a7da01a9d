package io.antidote.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A small corpus in two Parquet files on the hosts LAION rows come from (Pinterest, Shopify, eBay,
 * BBC image CDNs), with a deny-listed pharmacy domain, a duplicate campaign and swapped content
 * planted. Each row's registrable domain, source and file are recorded here by hand, so roll-ups
 * can be checked against a count that does not go through the code under test.
 */
public final class LaionUrlCorpus {
  /** Hand-written facts of one row: its registrable domain (null: none), source and file. */
  public record Facts(String domain, String source, String file) {}

  public static final String FILE_A = "a";
  public static final String FILE_B = "b";

  private final Map<String, Facts> facts = new TreeMap<>();
  private final LaionRows a = new LaionRows();
  private final LaionRows b = new LaionRows();
  private final String trap;

  /**
   * @param trap text planted in the campaign's label and source and in one URL (a test of escaping
   *     passes markup here)
   */
  public LaionUrlCorpus(String trap) {
    this.trap = trap;
    for (int i = 0; i < 40; i++) {
      add(
          a,
          "pin-" + i,
          "https://i.pinimg.com/originals/3f/9a/" + i + "/a1b2c3.jpg",
          "a cozy living room with plants number " + i,
          "topic" + (i % 3),
          "laion-part-00000",
          "pinimg.com");
    }
    for (int i = 0; i < 30; i++) {
      add(
          a,
          "shop-" + i,
          "https://cdn.shopify.com/s/files/1/0123/4567/products/shirt-" + i + ".jpg?v=161",
          "cotton shirt in colour " + i,
          "topic" + (i % 3),
          "laion-part-00000",
          "shopify.com");
    }
    // A campaign: 8 copies of one caption from eBay image hosts (exact_duplicates: review).
    for (int i = 0; i < 8; i++) {
      add(
          a,
          "camp-" + i,
          "https://i.ebayimg.com/images/g/AbC" + i + "/s-l1600.jpg",
          "buy the miracle cream now",
          trap,
          "vendor-7",
          "ebayimg.com");
    }
    for (int i = 0; i < 30; i++) {
      add(
          b,
          "bbc-" + i,
          "https://ichef.bbci.co.uk/news/976/cpsprodpb/" + i + "/production/photo.jpg",
          "news photograph of a street scene " + i,
          "topic" + (i % 3),
          "laion-part-00001",
          "bbci.co.uk");
    }
    // Deny-listed pharmacy domain (provenance: drop), its source the trap.
    for (int i = 0; i < 5; i++) {
      add(
          b,
          "pills-" + i,
          "https://img.cheap-pills.biz/p/" + i + ".jpg",
          "pharmacy banner " + i,
          "topic1",
          trap,
          "cheap-pills.biz");
    }
    // Split view: recorded hash of another caption (integrity: drop).
    for (int i = 0; i < 3; i++) {
      b.row(
          "swap-" + i,
          "https://i.pinimg.com/736x/swap/" + i + ".jpg",
          "swapped caption " + i,
          null,
          "topic2",
          LaionRows.sha("the original caption " + i),
          "laion-part-00001",
          "2023-02-01T00:00:00Z");
      facts.put("swap-" + i, new Facts("pinimg.com", "laion-part-00001", FILE_B));
    }
    // The trap in a URL, no URL, and a URL that does not parse.
    add(
        b,
        "trapurl-0",
        "https://www.example.org/" + trap,
        "a row",
        "topic0",
        "laion-part-00001",
        // java.net.URI refuses markup in a path: a trap with any leaves the URL without a domain.
        trap.matches("[A-Za-z0-9-]*") ? "example.org" : null);
    add(b, "nourl-0", null, "a text row without url", "topic0", "laion-part-00001", null);
    add(b, "badurl-0", "not a url", "a text row with junk url", "topic0", "laion-part-00001", null);
  }

  private void add(
      LaionRows file,
      String key,
      String url,
      String caption,
      String label,
      String source,
      String domain) {
    file.row(
        key, url, caption, null, label, LaionRows.sha(caption), source, "2023-03-01T00:00:00Z");
    facts.put(key, new Facts(domain, source, file == a ? FILE_A : FILE_B));
  }

  /** Facts by sample id. */
  public Map<String, Facts> facts() {
    return facts;
  }

  /**
   * Writes the two files (one Parquet file each, under {@code dir/a} and {@code dir/b}) and returns
   * the audit overrides that read them and deny-list the pharmacy.
   */
  public Map<String, String> write(SparkSession spark, Path dir) throws Exception {
    for (var e : Map.of(FILE_A, a, FILE_B, b).entrySet()) {
      e.getValue()
          .frame(spark)
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(dir.resolve(e.getKey()).toUri().toString());
    }
    Path deny = dir.resolve("deny.txt");
    Files.writeString(deny, "cheap-pills.biz\n");
    Map<String, String> o = new LinkedHashMap<>();
    o.put(
        "input.paths",
        "[\"" + dir.resolve(FILE_A).toUri() + "\", \"" + dir.resolve(FILE_B).toUri() + "\"]");
    o.put("detectors.provenance.deny-list", deny.toString());
    // The captions are one template with a counter, near duplicates of each other by construction:
    // the roll-up and report tests count planted flags, and near_duplicates/campaign have their own
    // real-text tests (CampaignRealTextTest, NearDuplicateAuditTest).
    o.put("detectors.near-duplicates.enabled", "false");
    o.put("detectors.campaign.enabled", "false");
    return o;
  }

  public String trap() {
    return trap;
  }

  public static List<String> files() {
    return List.of(FILE_A, FILE_B);
  }
}
