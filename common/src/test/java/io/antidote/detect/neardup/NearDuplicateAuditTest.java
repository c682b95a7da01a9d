package io.antidote.detect.neardup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.audit.AuditResult;
import io.antidote.testing.AuditFixture;
import io.antidote.testing.BrownSentences;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit end to end: a Parquet corpus of clean real captions on three domains, a campaign of 12
 * edited copies from one domain, and a stock sentence copied on 6 hosts of the corpus. The run
 * writes one {@code groups/} row per group, flags the campaign's rows as {@code campaign} (drop)
 * and {@code near_duplicates} (review; its provenance is concentrated), lists the stock sentence's
 * group as natural without flagging it (its members in {@code group_members/}), and reports the
 * grouping in run.json.
 */
class NearDuplicateAuditTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void auditWritesGroupsAndFlagsTheCampaignOnly() throws Exception {
    BrownSentences brown = BrownSentences.load();
    List<String> vocabulary = PlantedCampaigns.vocabulary(brown.text.subList(0, 2000));
    Random random = new Random(5);
    LaionRows rows = new LaionRows().clean(150);
    String payload = brown.text.get(12000);
    Set<String> campaign = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      String id = "camp-" + i;
      rows.text(
          id,
          "https://www.win-free-prizes.net/" + i,
          PlantedCampaigns.edit(payload, 0.05 + 0.1 * random.nextDouble(), vocabulary, random),
          "topic1",
          "2023-06-01T10:0" + (i % 10) + ":00Z");
      campaign.add(id);
    }
    String stock = brown.text.get(12100);
    String[] hosts = {
      "https://www.example-news.com/s",
      "https://blog.gardening.co.uk/s",
      "http://photos.birds.org/s"
    };
    Set<String> stockIds = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      rows.text("stock-" + i, hosts[i % 3] + i, stock, "topic" + (i % 3), "2023-02-01T00:00:00Z");
      stockIds.add("stock-" + i);
    }
    String input = rows.write(spark(), tmp.resolve("corpus"), 2);
    Path out = tmp.resolve("out");
    AuditResult r = AuditFixture.audit(spark(), input, out, "nd-1", Map.of());

    Dataset<Row> flags = spark().read().parquet(out.resolve("flags").toString());
    assertEquals(campaign, ids(flags.where("detector = 'campaign'")));
    assertEquals(campaign, ids(flags.where("detector = 'near_duplicates'")));
    Set<String> stockFlagged = ids(flags.where("detector in ('near_duplicates', 'campaign')"));
    stockFlagged.retainAll(stockIds);
    assertEquals(Set.of(), stockFlagged, "the stock sentence's copies are natural, not flagged");
    Row camp = flags.where("detector = 'campaign' and sample_id = 'camp-3'").first();
    Map<String, String> evidence = camp.getJavaMap(camp.fieldIndex("evidence"));
    assertEquals("drop", evidence.get("action"));
    assertEquals("12", evidence.get("group_size"));
    assertEquals("1", evidence.get("distinct_domains"));

    Dataset<Row> groups = spark().read().parquet(out.resolve("groups").toString());
    assertEquals(2, groups.count(), "one row per group");
    Row g = groups.where("group_id = '" + evidence.get("group_id") + "'").first();
    assertEquals("campaign", g.getAs("decision"));
    assertEquals(12L, (long) g.<Long>getAs("size"));
    assertEquals(List.of("win-free-prizes.net"), g.getList(g.fieldIndex("domains")));
    Row natural = groups.where("decision != 'campaign'").first();
    assertEquals("natural", natural.getAs("decision"));
    assertEquals(3L, (long) natural.<Long>getAs("distinct_domains"));
    // Unflagged natural groups are named member by member in group_members/.
    Dataset<Row> members = spark().read().parquet(out.resolve("group_members").toString());
    assertEquals(
        stockIds,
        ids(members.where("group_id = '" + natural.<String>getAs("group_id") + "'")),
        "the natural group's members");
    assertEquals(campaign, ids(members.where("group_id = '" + evidence.get("group_id") + "'")));
    assertEquals(18, members.count(), "one row per grouped sample");

    Assertions.assertTrue(r.counts().dropSamples() >= 12);
    JsonNode report =
        new ObjectMapper()
            .readTree(r.runJson())
            .get("detector_reports")
            .get("near_duplicate_groups");
    assertEquals(2, report.get("groups").asLong());
    assertEquals(1, report.get("campaign_groups").asLong());
    assertEquals(1, report.get("natural_groups").asLong());
    assertEquals(6, report.get("natural_rows").asLong());
    Row near = flags.where("detector = 'near_duplicates' and sample_id = 'camp-3'").first();
    Map<String, String> nearEvidence = near.getJavaMap(near.fieldIndex("evidence"));
    assertEquals("review", nearEvidence.get("action"));
    assertEquals("campaign", nearEvidence.get("group_decision"));
    Assertions.assertTrue(
        Double.parseDouble(nearEvidence.get("p_value"))
            <= Double.parseDouble(nearEvidence.get("p_cut")),
        nearEvidence.toString());
    assertEquals(0, report.get("text").get("buckets_capped").asLong());
  }

  private static Set<String> ids(Dataset<Row> flags) {
    Set<String> s = new HashSet<>();
    for (Row r : flags.select("sample_id").collectAsList()) {
      s.add(r.getString(0));
    }
    return s;
  }
}
