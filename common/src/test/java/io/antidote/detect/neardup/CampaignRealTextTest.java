package io.antidote.detect.neardup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.corpus.CorpusSchema;
import io.antidote.corpus.RowFacts;
import io.antidote.detect.DetectorSettings;
import io.antidote.flags.Action;
import io.antidote.flags.FlagSchema;
import io.antidote.testing.BrownSentences;
import io.antidote.testing.SparkTestBase;
import io.antidote.udfs.AntidoteFunctions;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Campaigns and natural duplicates in real text. The corpus: 3,000 Brown sentences, each served by
 * the host of its Brown document (500 documents: real provenance structure, and the corpus's own
 * natural repeats); 30 "stock" sentences copied 5-20 times with 0-10 % of words edited, each copy
 * from the host of a random corpus row (natural duplication of clean web data); and 5 campaigns of
 * 20 copies of a Brown sentence with 5-15 % of words edited, from one or two hosts of their own.
 */
class CampaignRealTextTest extends SparkTestBase {
  private static final StructType CORPUS =
      new StructType()
          .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(CorpusSchema.URL, DataTypes.StringType, true)
          .add(CorpusSchema.TEXT, DataTypes.StringType, true)
          .add(CorpusSchema.SOURCE, DataTypes.StringType, true)
          .add(CorpusSchema.CRAWL_TIME, DataTypes.TimestampType, true)
          .add(CorpusSchema.LABEL, DataTypes.StringType, true);

  private static final Set<String> campaignIds = new HashSet<>();
  private static final Set<String> stockIds = new HashSet<>();
  private static final Set<String> cleanIds = new HashSet<>();
  private static final Map<String, Integer> campaignOf = new HashMap<>();
  private static NearDuplicateGroups.Grouped grouped;
  private static Set<String> nearDuplicateFlags;
  private static Set<String> campaignFlags;
  private static long rows;

  private void build() {
    if (grouped != null) {
      return;
    }
    BrownSentences b = BrownSentences.load();
    Random random = new Random(20261207);
    List<Row> data = new ArrayList<>();
    List<String> clean = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String id = String.format("brown-%05d", i);
      String host = "www." + b.file.get(i) + "-press.com";
      data.add(row(id, host, b.text.get(i), "shard-" + (i % 4), random));
      cleanIds.add(id);
      clean.add(b.text.get(i));
      hosts.add(host);
    }
    List<String> vocabulary = PlantedCampaigns.vocabulary(clean);
    List<String> payloads = longSentences(b, 10000, 35);
    for (int s = 0; s < 30; s++) {
      String stock = payloads.get(5 + s);
      int copies = 5 + random.nextInt(16);
      for (int c = 0; c < copies; c++) {
        String id = String.format("stock-%02d-%02d", s, c);
        String text =
            c == 0
                ? stock
                : PlantedCampaigns.edit(stock, 0.1 * random.nextDouble(), vocabulary, random);
        data.add(
            row(id, hosts.get(random.nextInt(hosts.size())), text, "shard-" + (c % 4), random));
        stockIds.add(id);
      }
    }
    for (int c = 0; c < 5; c++) {
      String payload = payloads.get(c);
      for (int k = 0; k < 20; k++) {
        String id = String.format("camp-%d-%02d", c, k);
        String host = "www.deals-" + c + (c % 2 == 1 && k % 2 == 1 ? "b" : "a") + ".com";
        String text =
            PlantedCampaigns.edit(payload, 0.05 + 0.1 * random.nextDouble(), vocabulary, random);
        data.add(row(id, host, text, "shard-" + (k % 4), random));
        campaignIds.add(id);
        campaignOf.put(id, c);
      }
    }
    rows = data.size();
    Dataset<Row> corpus = spark().createDataFrame(data, CORPUS);
    Dataset<Row> facts =
        corpus.select(
            corpus.col(CorpusSchema.SAMPLE_ID).as(RowFacts.SAMPLE_ID),
            AntidoteFunctions.URL_HOST.apply(corpus.col(CorpusSchema.URL)).as(RowFacts.HOST),
            AntidoteFunctions.REGISTRABLE_DOMAIN
                .apply(corpus.col(CorpusSchema.URL))
                .as(RowFacts.DOMAIN),
            corpus.col(CorpusSchema.SOURCE).as(RowFacts.SOURCE),
            corpus.col(CorpusSchema.CRAWL_TIME).as(RowFacts.CRAWL_TIME),
            corpus.col(CorpusSchema.LABEL).as(RowFacts.LABEL));
    grouped = NearDuplicateGroups.ofText(corpus, facts, NearDuplicateSettingsTest.defaults());
    DetectorSettings review = new DetectorSettings(true, Action.REVIEW, 1.0, 0.01);
    DetectorSettings drop = new DetectorSettings(true, Action.DROP, 1.0, 0.01);
    nearDuplicateFlags =
        ids(new NearDuplicateDetector(new NearDuplicateDetectorSettings(review)).flag(grouped));
    campaignFlags = ids(new CampaignDetector(new CampaignSettings(drop)).flag(grouped));
    System.out.println("near-duplicate groups report: " + grouped.report());
  }

  private static Row row(String id, String host, String text, String source, Random random) {
    return RowFactory.create(
        id,
        "https://" + host + "/" + id,
        text,
        source,
        new Timestamp(1_700_000_000_000L + random.nextInt(1_000_000_000)),
        null);
  }

  /** Sentences of at least {@code minWords} words from row {@code from} on (outside the corpus). */
  private static List<String> longSentences(BrownSentences b, int from, int minWords) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < b.size() && out.size() < 40; i++) {
      if (b.text.get(i).split(" ").length >= minWords) {
        out.add(b.text.get(i));
      }
    }
    return out;
  }

  private static Set<String> ids(Dataset<Row> flags) {
    Set<String> s = new HashSet<>();
    for (Row r : flags.select(FlagSchema.SAMPLE_ID).collectAsList()) {
      s.add(r.getString(0));
    }
    return s;
  }

  private static double share(Set<String> flagged, Set<String> of) {
    return (double) of.stream().filter(flagged::contains).count() / of.size();
  }

  @AfterAll
  static void release() {
    if (grouped != null) {
      grouped.release();
      grouped = null;
    }
  }

  @Test
  void plantedCampaignsAreFoundAndFlaggedAsCampaigns() {
    build();
    double nearRecall = share(nearDuplicateFlags, campaignIds);
    double campaignRecall = share(campaignFlags, campaignIds);
    System.out.printf(
        "campaign rows: near_duplicates recall %.3f, campaign recall %.3f%n",
        nearRecall, campaignRecall);
    Assertions.assertTrue(nearRecall >= 0.95, "near_duplicates recall " + nearRecall);
    Assertions.assertTrue(campaignRecall >= 0.95, "campaign recall " + campaignRecall);
    // Each campaign is one group: its members never split across groups or merge with another.
    Map<String, Integer> groupCampaign = new HashMap<>();
    for (Row r : grouped.members().collectAsList()) {
      Integer c = campaignOf.get(r.getString(0));
      if (c != null) {
        Integer before = groupCampaign.put(r.getString(1), c);
        Assertions.assertTrue(
            before == null || before.equals(c), "group " + r.getString(1) + " mixes campaigns");
      }
    }
    assertEquals(5, new HashSet<>(groupCampaign.values()).size());
  }

  @Test
  void naturalDuplicatesFromManyHostsAreGroupedButNotFlagged() {
    build();
    Map<String, String> groupOf = new HashMap<>();
    for (Row r : grouped.members().collectAsList()) {
      groupOf.put(r.getString(0), r.getString(1));
    }
    Map<String, String> decisionOf = new HashMap<>();
    for (Row g :
        grouped
            .groups()
            .select(NearDuplicateGroups.GROUP_ID, NearDuplicateGroups.DECISION)
            .collectAsList()) {
      decisionOf.put(g.getString(0), g.getString(1));
    }
    double stockGrouped = share(groupOf.keySet(), stockIds);
    long stockNatural =
        stockIds.stream()
            .filter(id -> NearDuplicateGroups.NATURAL.equals(decisionOf.get(groupOf.get(id))))
            .count();
    long stockCampaign = stockIds.stream().filter(campaignFlags::contains).count();
    long cleanCampaign = cleanIds.stream().filter(campaignFlags::contains).count();
    long stockNear = stockIds.stream().filter(nearDuplicateFlags::contains).count();
    long cleanNear = cleanIds.stream().filter(nearDuplicateFlags::contains).count();
    System.out.printf(
        "stock rows %d: grouped %.3f, in natural groups %d, near_duplicates %d, campaign %d;"
            + " clean Brown rows %d: campaign %d, near_duplicates %d; all rows %d%n",
        stockIds.size(),
        stockGrouped,
        stockNatural,
        stockNear,
        stockCampaign,
        cleanIds.size(),
        cleanCampaign,
        cleanNear,
        rows);
    // The stock copies are found and listed in groups/ as natural groups...
    Assertions.assertTrue(stockGrouped >= 0.95, "stock near-duplicate recall " + stockGrouped);
    Assertions.assertTrue(
        stockNatural >= 0.95 * stockIds.size(), "stock rows in natural groups " + stockNatural);
    // ...but natural duplication is neither a campaign nor a near_duplicates flag: at most 0.1 %
    // of all rows each.
    Assertions.assertTrue(
        stockCampaign + cleanCampaign <= 0.001 * rows,
        "natural rows flagged as campaign: "
            + stockCampaign
            + " stock, "
            + cleanCampaign
            + " clean");
    Assertions.assertTrue(
        stockNear + cleanNear <= 0.001 * rows,
        "natural rows flagged as near_duplicates: "
            + stockNear
            + " stock, "
            + cleanNear
            + " clean");
  }

  @Test
  void groupTableHasOneRowPerGroupWithItsProvenance() {
    build();
    Dataset<Row> groups = grouped.groups();
    assertEquals(groups.count(), groups.select(NearDuplicateGroups.GROUP_ID).distinct().count());
    assertEquals(
        grouped.members().select(NearDuplicateGroups.GROUP_ID).distinct().count(), groups.count());
    List<Row> campaigns =
        groups
            .where(groups.col(NearDuplicateGroups.DECISION).equalTo(NearDuplicateGroups.CAMPAIGN))
            .collectAsList();
    for (Row g : campaigns) {
      long distinctDomains = g.getLong(g.fieldIndex(NearDuplicateGroups.DISTINCT_DOMAINS));
      Assertions.assertTrue(distinctDomains <= 2, g.toString());
      Assertions.assertTrue(
          g.getDouble(g.fieldIndex(NearDuplicateGroups.P_VALUE))
              <= g.getDouble(g.fieldIndex(NearDuplicateGroups.P_CUT)));
      assertEquals("text", g.getString(g.fieldIndex(NearDuplicateGroups.KIND)));
    }
    Assertions.assertTrue(campaigns.size() >= 5, "campaign groups " + campaigns.size());
  }
}
