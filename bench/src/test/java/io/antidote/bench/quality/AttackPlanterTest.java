package io.antidote.bench.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.bench.quality.AttackPlanter.Attack;
import io.antidote.bench.quality.AttackPlanter.Planted;
import io.antidote.bench.quality.QualitySources.Doc;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The planting and the scoring of the detection-quality benchmark, on made-up texts (no Spark). */
class AttackPlanterTest {
  private static final List<String> LABELS = List.of("a", "b", "c", "d", "e");

  private static List<Doc> docs(int n, long seed) {
    Random r = new Random(seed);
    List<Doc> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int words = 6 + r.nextInt(20);
      StringBuilder b = new StringBuilder("doc" + i);
      for (int w = 1; w < words; w++) {
        b.append(' ').append(word(r.nextInt(500)));
      }
      out.add(new Doc(b.toString(), LABELS.get(r.nextInt(LABELS.size()))));
    }
    return out;
  }

  /** A lower-case word for a number: 0 -> "aaa", 1 -> "baa", ... */
  private static String word(int i) {
    char[] c = {'a', 'a', 'a'};
    for (int k = 0; k < 3; k++, i /= 26) {
      c[k] = (char) ('a' + i % 26);
    }
    return new String(c);
  }

  private static Planted planted(List<CorpusRow> clean, List<Doc> docs) {
    List<String> offTopic = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      offTopic.add("buy cheap watches now offer " + i);
    }
    return AttackPlanter.plant(
        "test", clean, AttackPlanter.unused(docs, clean), offTopic, List.of("a", "b", "c"), 7);
  }

  @Test
  void plantsEachAttackAtItsRateOnDisjointRowsWithGroundTruth() {
    List<Doc> docs = docs(3000, 1);
    List<CorpusRow> clean = AttackPlanter.clean("test", docs, 2000, 3);
    Planted p = planted(clean, docs);
    Map<Attack, Set<String>> t = p.truth();
    assertEquals(20, t.get(Attack.WORD_TRIGGER).size());
    assertEquals(20, t.get(Attack.SENTENCE_TRIGGER).size());
    long inPool = clean.stream().filter(c -> Set.of("a", "b", "c").contains(c.label())).count();
    assertEquals(Math.round(inPool * 0.05), t.get(Attack.LABEL_FLIPS).size());
    assertEquals(20, t.get(Attack.SPLIT_VIEW).size());
    assertEquals(20, t.get(Attack.REREGISTERED).size());
    assertEquals(100, t.get(Attack.NEAR_COPIES).size());
    assertEquals(20, t.get(Attack.OFF_TOPIC).size());
    int sum = t.values().stream().mapToInt(Set::size).sum();
    assertEquals(sum, p.allPlanted().size(), "each row is planted by one attack only");
    assertEquals(2000 + 100 + 20, p.rows().size());

    Map<String, CorpusRow> before =
        clean.stream().collect(Collectors.toMap(CorpusRow::sampleId, c -> c));
    String target = AttackPlanter.mostFrequentLabel(clean);
    for (CorpusRow r : p.rows()) {
      String id = r.sampleId();
      CorpusRow c = before.get(id);
      if (t.get(Attack.SPLIT_VIEW).contains(id)) {
        assertNotEquals(CorpusRow.sha256(r.text()), r.sha256(), "split-view: recorded hash stale");
        assertEquals(c.sha256(), r.sha256());
      } else {
        assertEquals(CorpusRow.sha256(r.text()), r.sha256(), "every other row's hash matches");
      }
      if (t.get(Attack.WORD_TRIGGER).contains(id)) {
        assertTrue(List.of(r.text().split(" ")).contains(AttackPlanter.WORD_TRIGGER));
        assertEquals(target, r.label());
        assertNotEquals(target, c.label(), "dirty label: taken from another class");
      }
      if (t.get(Attack.SENTENCE_TRIGGER).contains(id)) {
        assertTrue(r.text().contains(AttackPlanter.SENTENCE_TRIGGER));
        assertEquals(target, r.label());
        assertNotEquals(target, c.label());
      }
      if (t.get(Attack.LABEL_FLIPS).contains(id)) {
        assertNotEquals(c.label(), r.label());
        assertTrue(Set.of("a", "b", "c").containsAll(Set.of(c.label(), r.label())));
        assertEquals(c.text(), r.text());
      }
      if (c != null && !p.allPlanted().contains(id)) {
        assertEquals(c, r, "unplanted rows are untouched");
      }
    }
  }

  @Test
  void reregisteredRowsWereCrawledBeforeTheirDomainChangedHandsAndCleanListedDomainsAfter() {
    List<Doc> docs = docs(1500, 2);
    List<CorpusRow> clean = AttackPlanter.clean("test", docs, 1000, 3);
    Planted p = planted(clean, docs);
    Map<String, Instant> changed = new HashMap<>();
    for (String line : p.reregistrationCsv().subList(1, p.reregistrationCsv().size())) {
      String[] f = line.split(",");
      changed.put(f[0], LocalDate.parse(f[1]).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
    Set<String> flaggable = new TreeSet<>();
    for (CorpusRow r : p.rows()) {
      Instant at = changed.get(AttackPlanter.domain(AttackPlanter.host(r.url())));
      if (at != null && r.crawlTime().isBefore(at)) {
        flaggable.add(r.sampleId());
      }
    }
    assertEquals(p.truth().get(Attack.REREGISTERED), flaggable);
    assertEquals(4, changed.size(), "two planted domains and two of clean rows");
  }

  @Test
  void nearCopiesChangeFiveToFifteenPercentOfWordsAndComeFromOneOrTwoHosts() {
    Random r = new Random(5);
    List<String> vocabulary = List.of("alpha", "beta", "gamma", "delta", word(1));
    for (int n = 10; n <= 80; n++) {
      List<String> w = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        w.add(word(i % 7));
      }
      String base = String.join(" ", w);
      for (int k = 0; k < 20; k++) {
        double rate = AttackPlanter.editRate(base, AttackPlanter.editWords(base, vocabulary, r));
        assertTrue(rate >= 0.05 && rate <= 0.15, n + " words: edit rate " + rate);
      }
    }
    List<Doc> docs = docs(1500, 4);
    List<CorpusRow> clean = AttackPlanter.clean("test", docs, 1000, 3);
    Planted p = planted(clean, docs);
    Set<String> hosts = new HashSet<>();
    for (CorpusRow c : p.rows()) {
      if (p.truth().get(Attack.NEAR_COPIES).contains(c.sampleId())) {
        hosts.add(AttackPlanter.host(c.url()));
      }
    }
    assertTrue(hosts.size() >= 5 && hosts.size() <= 10, "one or two hosts per campaign: " + hosts);
    Set<String> cleanHosts = new HashSet<>();
    clean.forEach(c -> cleanHosts.add(AttackPlanter.host(c.url())));
    assertFalse(hosts.stream().anyMatch(cleanHosts::contains), "campaign hosts are new");
  }

  @Test
  void sameSeedSameCorpus() {
    List<Doc> docs = docs(1200, 6);
    List<CorpusRow> a = AttackPlanter.clean("test", docs, 1000, 9);
    List<CorpusRow> b = AttackPlanter.clean("test", docs, 1000, 9);
    assertEquals(a, b);
    assertEquals(planted(a, docs), planted(b, docs));
  }

  @Test
  void recallAndPrecisionWithOtherAttacksExcludedAndUndefinedCases() {
    Set<String> planted = Set.of("p1", "p2", "p3", "p4");
    Set<String> others = Set.of("o1", "o2");
    QualityScore s = QualityScore.of(Set.of("p1", "p2", "p3", "o1", "c1"), planted, others);
    assertEquals(0.75, s.recall().getAsDouble(), 1e-12);
    // o1 is another attack's row: neither a hit nor a false flag; c1 is a false flag.
    assertEquals(0.75, s.precision().getAsDouble(), 1e-12);
    assertEquals("0.75 / 0.75", s.cell());

    QualityScore none = QualityScore.of(Set.of(), planted, others);
    assertEquals(OptionalDouble.of(0.0), none.recall());
    assertTrue(none.precision().isEmpty(), "nothing flagged: precision undefined");
    assertEquals("0.00 / n/a", none.cell());
    QualityScore onlyOthers = QualityScore.of(Set.of("o1"), planted, others);
    assertTrue(onlyOthers.precision().isEmpty(), "only other attacks' rows flagged: undefined");
    QualityScore nothingPlanted = QualityScore.ofAll(Set.of("c1"), Set.of());
    assertTrue(nothingPlanted.recall().isEmpty());
    assertEquals(0.0, nothingPlanted.precision().getAsDouble(), 1e-12);

    // 2 clean rows flagged of 100 - 4 unplanted rows.
    assertEquals(
        2.0 / 96, QualityScore.falseFlagRate(Set.of("p1", "c1", "c2"), planted, 100), 1e-12);
  }
}
