package io.antidote.detect.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.InvalidConfigException;
import io.antidote.flags.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceRulesTest {
  private final ProvenanceRules rules =
      new ProvenanceRules(
          Set.of("cheap-pills.biz", "bad.github.io"),
          Set.of(),
          Map.of("old-news.com", LocalDate.parse("2023-06-01")),
          Action.DROP,
          Action.REVIEW);

  @Test
  void denyListMatchesHostsUnderAListedDomainOnly() {
    var f = rules.check("cdn.cheap-pills.biz", "cheap-pills.biz", null).orElseThrow();
    assertEquals(java.util.List.of(ProvenanceRules.RULE_DENY), f.rules());
    assertEquals(Action.DROP, f.action());
    assertEquals("cheap-pills.biz", f.evidence().get("deny_listed"));
    assertTrue(rules.check("good.github.io", "good.github.io", null).isEmpty());
    assertTrue(rules.check("notcheap-pills.biz", "notcheap-pills.biz", null).isEmpty());
  }

  @Test
  void reregisteredDomainFlagsRowsCrawledBeforeTheChangeOfHands() {
    Instant before = Instant.parse("2023-05-31T23:59:59Z");
    Instant after = Instant.parse("2023-06-01T00:00:00Z");
    var f = rules.check("www.old-news.com", "old-news.com", before).orElseThrow();
    assertEquals(java.util.List.of(ProvenanceRules.RULE_REREGISTERED), f.rules());
    assertEquals("2023-06-01", f.evidence().get("reregistered_at"));
    assertTrue(rules.check("www.old-news.com", "old-news.com", after).isEmpty());
    assertTrue(
        rules.check("www.old-news.com", "old-news.com", null).isPresent(),
        "unknown crawl time is flagged");
  }

  @Test
  void allowListFlagsEverythingElseForReview() {
    ProvenanceRules allow =
        new ProvenanceRules(
            Set.of(), Set.of("wikipedia.org"), Map.of(), Action.DROP, Action.REVIEW);
    assertTrue(allow.check("en.wikipedia.org", "wikipedia.org", null).isEmpty());
    var f = allow.check("example.com", "example.com", null).orElseThrow();
    assertEquals(Action.REVIEW, f.action());
    assertTrue(allow.check(null, null, null).isEmpty(), "rows without a host are not judged");
  }

  @Test
  void listsWithBadLinesNameFileAndLine(@TempDir Path dir) throws Exception {
    Path deny = dir.resolve("deny.txt");
    Files.writeString(deny, "# comment\n\nExample.COM.\nnot a domain\n");
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> DomainLists.readDomains(deny.toString(), "k", new Configuration()));
    assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    Files.writeString(deny, "# comment\n\nExample.COM.\n");
    assertEquals(
        Set.of("example.com"), DomainLists.readDomains(deny.toString(), "k", new Configuration()));
    Path rereg = dir.resolve("rereg.csv");
    Files.writeString(rereg, "domain,reregistered_at\nold.com,2023-13-01\n");
    InvalidConfigException d =
        assertThrows(
            InvalidConfigException.class,
            () -> DomainLists.readReregistered(rereg.toString(), "k", new Configuration()));
    assertTrue(d.getMessage().contains("2023-13-01"), d.getMessage());
  }
}
