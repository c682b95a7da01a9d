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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A clean corpus with few hosts whose content goes with the host, as a small crawl of topical sites
 * is: 2,000 Brown sentences of five genres, each genre served by one site; 20 stock sentences of a
 * genre, each reposted 5-20 times with 0-10 % of words edited on its genre's site (natural
 * duplication, and as concentrated as a group can be: one key). Against random rows each stock
 * group is far too concentrated (one key of five for 5-20 rows); none is a campaign because its
 * site serves hundreds of other rows, and none is flagged {@code near_duplicates}: against the
 * groups' own empirical null, being on one site is what a group here is. Three planted campaigns
 * (20 edited copies from one or two new hosts) are both.
 */
class CampaignFewHostsTest extends SparkTestBase {
  private static final StructType CORPUS =
      new StructType()
          .add(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(CorpusSchema.URL, DataTypes.StringType, true)
          .add(CorpusSchema.TEXT, DataTypes.StringType, true)
          .add(CorpusSchema.SOURCE, DataTypes.StringType, true)
          .add(CorpusSchema.CRAWL_TIME, DataTypes.TimestampType, true)
          .add(CorpusSchema.LABEL, DataTypes.StringType, true);

  @Test
  void naturalRepostsOnFewTopicalHostsAreNotCampaignsAndPlantedOnesAre() {
    BrownSentences b = BrownSentences.load();
    Random random = new Random(20261208);
    List<String> genres = new ArrayList<>();
    List<Row> data = new ArrayList<>();
    List<String> clean = new ArrayList<>();
    Set<String> natural = new HashSet<>();
    Set<String> planted = new HashSet<>();
    java.util.Map<String, Integer> perGenre = new java.util.HashMap<>();
    for (int i = 0; i < b.size() && data.size() < 2000; i++) {
      String genre = b.genre.get(i);
      if (!genres.contains(genre)) {
        if (genres.size() == 5) {
          continue;
        }
        genres.add(genre);
      }
      if (perGenre.merge(genre, 1, Integer::sum) > 400) {
        continue;
      }
      String id = String.format("brown-%05d", i);
      data.add(row(id, site(genre), b.text.get(i), random));
      clean.add(b.text.get(i));
      natural.add(id);
    }
    List<String> vocabulary = PlantedCampaigns.vocabulary(clean);
    List<String> payloads = new ArrayList<>();
    for (int i = b.size() - 1; i > 0 && payloads.size() < 23; i--) {
      if (b.text.get(i).split(" ").length >= 25) {
        payloads.add(b.text.get(i));
      }
    }
    for (int s = 0; s < 20; s++) {
      String site = site(genres.get(s % 5));
      int copies = 5 + random.nextInt(16);
      for (int c = 0; c < copies; c++) {
        String id = String.format("stock-%02d-%02d", s, c);
        String text =
            c == 0
                ? payloads.get(s)
                : PlantedCampaigns.edit(
                    payloads.get(s), 0.1 * random.nextDouble(), vocabulary, random);
        data.add(row(id, site, text, random));
        natural.add(id);
      }
    }
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < 20; k++) {
        String id = String.format("camp-%d-%02d", c, k);
        String host = "www.offers-" + c + (c == 1 && k % 2 == 1 ? "b" : "a") + ".net";
        String text =
            PlantedCampaigns.edit(
                payloads.get(20 + c), 0.05 + 0.1 * random.nextDouble(), vocabulary, random);
        data.add(row(id, host, text, random));
        planted.add(id);
      }
    }
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
    NearDuplicateGroups.Grouped g =
        NearDuplicateGroups.ofText(corpus, facts, NearDuplicateSettingsTest.defaults());
    try {
      DetectorSettings drop = new DetectorSettings(true, Action.DROP, 1.0, 0.01);
      DetectorSettings review = new DetectorSettings(true, Action.REVIEW, 1.0, 0.01);
      Set<String> flagged = ids(new CampaignDetector(new CampaignSettings(drop)).flag(g));
      Set<String> nearFlagged =
          ids(new NearDuplicateDetector(new NearDuplicateDetectorSettings(review)).flag(g));
      long nearFalse = natural.stream().filter(nearFlagged::contains).count();
      long nearFound = planted.stream().filter(nearFlagged::contains).count();
      long falseFlags = natural.stream().filter(flagged::contains).count();
      long found = planted.stream().filter(flagged::contains).count();
      // Without devotion these groups would be campaigns: how many stock groups the
      // concentration test alone rejects.
      long concentrated =
          g.groups()
              .where(
                  g.groups()
                      .col(NearDuplicateGroups.P_VALUE)
                      .leq(g.groups().col(NearDuplicateGroups.P_CUT))
                      .and(g.groups().col(NearDuplicateGroups.DEVOTION).lt(0.5)))
              .count();
      System.out.printf(
          "few hosts: %d natural rows, %d flagged campaign, %d near_duplicates; planted %d of %d"
              + " (near_duplicates %d); groups concentrated but not devoted: %d; report %s%n",
          natural.size(),
          falseFlags,
          nearFalse,
          found,
          planted.size(),
          nearFound,
          concentrated,
          g.report());
      assertEquals(0, falseFlags, "natural rows flagged as campaign");
      Assertions.assertTrue(found >= 0.95 * planted.size(), "campaign recall " + found);
      Assertions.assertTrue(
          concentrated >= 10, "stock groups that random rows would call concentrated");
      // ...and as concentrated as the corpus's groups usually are: the groups' own empirical
      // null absorbs them, so near_duplicates flags none of them and still every campaign row.
      assertEquals(0, nearFalse, "natural rows flagged near_duplicates");
      assertEquals(planted.size(), nearFound, "campaign rows flagged near_duplicates");
      Assertions.assertTrue(
          g.report().get("empirical_null").toString().startsWith("empirical null of"),
          g.report().toString());
    } finally {
      g.release();
    }
  }

  private static String site(String genre) {
    return "www." + genre.replace('_', '-') + "-pages.org";
  }

  private static Row row(String id, String host, String text, Random random) {
    return RowFactory.create(
        id,
        "https://" + host + "/" + id,
        text,
        "crawl",
        new Timestamp(1_700_000_000_000L + random.nextInt(1_000_000_000)),
        null);
  }

  private static Set<String> ids(Dataset<Row> flags) {
    Set<String> s = new HashSet<>();
    for (Row r : flags.select(FlagSchema.SAMPLE_ID).collectAsList()) {
      s.add(r.getString(0));
    }
    return s;
  }
}
