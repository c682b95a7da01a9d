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

  @Test
  void reregisteredEntryListedByHostMatchesThatHostAndHostsUnderIt() {
    ProvenanceRules byHost =
        new ProvenanceRules(
            Set.of(),
            Set.of(),
            Map.of("photos.example-gallery.com", LocalDate.parse("2023-06-01")),
            Action.DROP,
            Action.REVIEW);
    Instant before = Instant.parse("2023-01-01T00:00:00Z");
    var f = byHost.check("photos.example-gallery.com", "example-gallery.com", before).orElseThrow();
    assertEquals(java.util.List.of(ProvenanceRules.RULE_REREGISTERED), f.rules());
    assertEquals("photos.example-gallery.com", f.evidence().get("reregistered"));
    assertTrue(f.reason().startsWith("host photos.example-gallery.com was re-registered"));
    assertTrue(
        byHost.check("cdn.photos.example-gallery.com", "example-gallery.com", before).isPresent());
    assertTrue(
        byHost.check("www.example-gallery.com", "example-gallery.com", before).isEmpty(),
        "a sibling host is not under the listed host");
    assertTrue(byHost.check("example-gallery.com", "example-gallery.com", before).isEmpty());
    assertTrue(
        byHost.check("photos.example-gallery.com", "example-gallery.com", Instant.now()).isEmpty());
  }

  @Test
  void oneRuleForTheThreeLists() {
    // The same entries, one host and one registrable domain, match the same hosts in every list.
    Set<String> entries = Set.of("photos.example-gallery.com", "shop.example.co.uk");
    Map<String, LocalDate> dated = new java.util.HashMap<>();
    entries.forEach(e -> dated.put(e, LocalDate.parse("2023-06-01")));
    dated.put("old-news.com", LocalDate.parse("2023-06-01"));
    Set<String> withDomain = new java.util.HashSet<>(entries);
    withDomain.add("old-news.com");
    ProvenanceRules deny =
        new ProvenanceRules(withDomain, Set.of(), Map.of(), Action.DROP, Action.REVIEW);
    ProvenanceRules allow =
        new ProvenanceRules(Set.of(), withDomain, Map.of(), Action.DROP, Action.REVIEW);
    ProvenanceRules rereg =
        new ProvenanceRules(Set.of(), Set.of(), dated, Action.DROP, Action.REVIEW);
    String[][] hosts = {
      {"photos.example-gallery.com", "example-gallery.com", "true"},
      {"a.b.photos.example-gallery.com", "example-gallery.com", "true"},
      {"www.example-gallery.com", "example-gallery.com", "false"},
      {"shop.example.co.uk", "example.co.uk", "true"},
      {"example.co.uk", "example.co.uk", "false"},
      {"old-news.com", "old-news.com", "true"},
      {"www.old-news.com", "old-news.com", "true"},
      {"notold-news.com", "notold-news.com", "false"},
    };
    for (String[] h : hosts) {
      boolean listed = Boolean.parseBoolean(h[2]);
      assertEquals(listed, deny.check(h[0], h[1], null).isPresent(), "deny " + h[0]);
      assertEquals(!listed, allow.check(h[0], h[1], null).isPresent(), "allow " + h[0]);
      assertEquals(listed, rereg.check(h[0], h[1], null).isPresent(), "re-registered " + h[0]);
    }
  }

  @Test
  void theNearestReregisteredEntryGivesTheDate() {
    ProvenanceRules r =
        new ProvenanceRules(
            Set.of(),
            Set.of(),
            Map.of(
                "example.com", LocalDate.parse("2020-01-01"),
                "photos.example.com", LocalDate.parse("2024-01-01")),
            Action.DROP,
            Action.REVIEW);
    Instant crawled = Instant.parse("2022-01-01T00:00:00Z");
    assertEquals(
        "2024-01-01",
        r.check("photos.example.com", "example.com", crawled)
            .orElseThrow()
            .evidence()
            .get("reregistered_at"));
    assertTrue(r.check("www.example.com", "example.com", crawled).isEmpty());
  }

  @Test
  void entriesThatCanNeverMatchAreErrorsNamingFileAndLine(@TempDir Path dir) throws Exception {
    String[][] cases = {
      {"https://photos.example.com/gallery", "is a URL or a path"},
      {"https://photos.example.com", "is a URL or a path"},
      {"photos.example.com/gallery", "is a URL or a path"},
      {"192.0.2.7", "is an IP address"},
      {"[2001:db8::1]", "is an IP address"},
      {"co.uk", "is a public suffix"},
      {"github.io", "is a public suffix"},
      {"com", "is not a host name"},
      {"files.intranet.corp-internal", "is under no public suffix"},
      {"exa mple.com", "is not a host name"},
      {"example.com:8080", "is not a host name"},
    };
    for (String[] c : cases) {
      Path deny = dir.resolve("deny.txt");
      Files.writeString(deny, "# list\nexample.org\n" + c[0] + "\n");
      InvalidConfigException e =
          assertThrows(
              InvalidConfigException.class,
              () -> DomainLists.readDomains(deny.toString(), "antidote.k", new Configuration()),
              c[0]);
      assertTrue(e.getMessage().contains(deny + " line 3: '" + c[0] + "' " + c[1]), e.getMessage());
      assertTrue(e.getMessage().contains("antidote.k"), e.getMessage());
      Path rereg = dir.resolve("rereg.csv");
      Files.writeString(rereg, "domain,reregistered_at\n" + c[0] + ",2023-06-01\n");
      InvalidConfigException r =
          assertThrows(
              InvalidConfigException.class,
              () ->
                  DomainLists.readReregistered(rereg.toString(), "antidote.r", new Configuration()),
              c[0]);
      assertTrue(
          r.getMessage().contains(rereg + " line 2: '" + c[0] + "' " + c[1]), r.getMessage());
    }
    Path ok = dir.resolve("ok.csv");
    Files.writeString(
        ok,
        "domain,reregistered_at\nPhotos.Example-Gallery.com.,2023-06-01\nbad.github.io,2022-01-01\n");
    assertEquals(
        Map.of(
            "photos.example-gallery.com",
            LocalDate.parse("2023-06-01"),
            "bad.github.io",
            LocalDate.parse("2022-01-01")),
        DomainLists.readReregistered(ok.toString(), "antidote.r", new Configuration()));
    Files.writeString(ok, "domain,reregistered_at\nold.com,2023-06-01\nold.com,2024-06-01\n");
    InvalidConfigException twice =
        assertThrows(
            InvalidConfigException.class,
            () -> DomainLists.readReregistered(ok.toString(), "antidote.r", new Configuration()));
    assertTrue(
        twice.getMessage().contains("line 3: 'old.com' is listed again"), twice.getMessage());
  }
}
