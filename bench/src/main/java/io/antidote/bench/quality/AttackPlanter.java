package io.antidote.bench.quality;

import io.antidote.bench.quality.QualitySources.Doc;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds a clean benchmark corpus from labelled texts (synthetic but plausible URLs, hosts, shards
 * and crawl times) and plants the attacks of the literature into a copy of it, with the ground
 * truth of each. Pure Java and seeded: the same inputs give the same rows.
 *
 * <p>Attacks (rates are of the clean corpus's rows; in-place attacks take disjoint rows):
 *
 * <ul>
 *   <li>BadNL word trigger (Chen et al. 2021): the rare word {@code tq} inserted at a random
 *       position of 1 % of rows of other classes, relabelled to the target class (dirty label).
 *   <li>BadNL sentence trigger: "I watched this 3D movie last weekend." at the start or end of
 *       another 1 %, relabelled to the target class.
 *   <li>Label flips: 5 % of the rows of the corpus's separable classes get another of those labels.
 *   <li>Split-view tampering (Carlini et al. 2023): 1 % of rows now carry other content (an unused
 *       text of the corpus) under their recorded sha256.
 *   <li>Re-registered domains: 1 % of rows move to two domains that a re-registration CSV lists
 *       with a date after every crawl time. The CSV also lists two domains of clean rows with a
 *       date before every crawl time (rows that must not be flagged).
 *   <li>Near-copy campaigns: 5 campaigns of 20 added rows, each an unused text of >= 10 words with
 *       5-15 % of its words replaced by corpus words, on one or two new hosts, crawled in one hour.
 *   <li>Off-topic cluster: 1 % added rows of one class of another corpus, on two new hosts, with
 *       labels of this corpus drawn at random.
 * </ul>
 */
public final class AttackPlanter {
  public enum Attack {
    WORD_TRIGGER("word trigger"),
    SENTENCE_TRIGGER("sentence trigger"),
    LABEL_FLIPS("label flips"),
    SPLIT_VIEW("split-view"),
    REREGISTERED("re-registered"),
    NEAR_COPIES("near-copies"),
    OFF_TOPIC("off-topic");

    public final String title;

    Attack(String title) {
      this.title = title;
    }
  }

  /** A corpus with planted attacks, the ids of each attack's rows and the re-registration CSV. */
  public record Planted(
      List<CorpusRow> rows, Map<Attack, Set<String>> truth, List<String> reregistrationCsv) {
    public Set<String> allPlanted() {
      Set<String> all = new TreeSet<>();
      truth.values().forEach(all::addAll);
      return all;
    }
  }

  public static final String WORD_TRIGGER = "tq";
  public static final String SENTENCE_TRIGGER = "I watched this 3D movie last weekend.";
  public static final double TRIGGER_RATE = 0.01;
  public static final double FLIP_RATE = 0.05;
  public static final double SPLIT_VIEW_RATE = 0.01;
  public static final double REREGISTERED_RATE = 0.01;
  public static final int CAMPAIGNS = 5;
  public static final int CAMPAIGN_ROWS = 20;
  public static final double MIN_EDIT = 0.05;
  public static final double MAX_EDIT = 0.15;
  public static final double OFF_TOPIC_RATE = 0.01;

  static final Instant CRAWL_START =
      LocalDate.of(2022, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  static final Instant CRAWL_END =
      LocalDate.of(2023, 7, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  static final String REREGISTERED_AFTER = "2024-03-01";
  static final String REREGISTERED_BEFORE = "2021-06-01";

  private static final List<String> HOST_PREFIX =
      List.of("daily", "open", "the", "north", "metro", "free", "old", "bright", "new", "true");
  private static final List<String> HOST_TLD = List.of(".com", ".org", ".net");

  private AttackPlanter() {}

  /** The clean corpus: {@code rows} documents drawn without replacement, seeded. */
  public static List<CorpusRow> clean(String corpus, List<Doc> docs, int rows, long seed) {
    List<Doc> pick = sample(docs, rows, seed);
    List<String> hosts = hosts(corpus, 40, new Random(seed + 1));
    Random r = new Random(seed + 2);
    List<CorpusRow> out = new ArrayList<>();
    for (int i = 0; i < pick.size(); i++) {
      Doc d = pick.get(i);
      // Zipf-like: a few big hosts, a long tail.
      String host = hosts.get((int) Math.floor(hosts.size() * Math.pow(r.nextDouble(), 2)));
      out.add(
          new CorpusRow(
              String.format("%s-%06d", corpus, i),
              url(host, d.text(), i),
              d.text(),
              d.label(),
              CorpusRow.sha256(d.text()),
              String.format("shard-%05d", i % 4),
              crawlTime(r)));
    }
    return out;
  }

  /** The documents of {@code docs} that {@link #clean} did not pick (spare content for attacks). */
  public static List<Doc> unused(List<Doc> docs, List<CorpusRow> clean) {
    Set<String> used = clean.stream().map(CorpusRow::text).collect(Collectors.toSet());
    return docs.stream().filter(d -> !used.contains(d.text())).toList();
  }

  /**
   * Plants every attack into a copy of {@code clean}.
   *
   * @param spare unused texts of the same corpus (split-view content, near-copy originals)
   * @param offTopic texts of one class of another corpus
   * @param flipClasses the corpus's separable classes, between which labels are flipped
   */
  public static Planted plant(
      String corpus,
      List<CorpusRow> clean,
      List<Doc> spare,
      List<String> offTopic,
      List<String> flipClasses,
      long seed) {
    Random r = new Random(seed);
    int n = clean.size();
    List<CorpusRow> rows = new ArrayList<>(clean);
    Map<Attack, Set<String>> truth = new EnumMap<>(Attack.class);
    String target = mostFrequentLabel(clean);
    List<String> labels = clean.stream().map(CorpusRow::label).distinct().sorted().toList();

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, r);
    Set<Integer> taken = new LinkedHashSet<>();

    // BadNL word and sentence triggers, dirty label.
    int triggers = count(n, TRIGGER_RATE);
    for (int i : take(order, taken, triggers, i -> !clean.get(i).label().equals(target))) {
      CorpusRow c = rows.get(i);
      List<String> words = new ArrayList<>(List.of(c.text().split(" ")));
      words.add(r.nextInt(words.size() + 1), WORD_TRIGGER);
      rows.set(i, c.withTextAndHash(String.join(" ", words)).withLabel(target));
      mark(truth, Attack.WORD_TRIGGER, c);
    }
    for (int i : take(order, taken, triggers, i -> !clean.get(i).label().equals(target))) {
      CorpusRow c = rows.get(i);
      String t =
          r.nextBoolean() ? SENTENCE_TRIGGER + " " + c.text() : c.text() + " " + SENTENCE_TRIGGER;
      rows.set(i, c.withTextAndHash(t).withLabel(target));
      mark(truth, Attack.SENTENCE_TRIGGER, c);
    }

    // Label flips between separable classes.
    Set<String> pool = new TreeSet<>(flipClasses);
    pool.retainAll(labels);
    if (pool.size() >= 2) {
      List<String> poolList = List.copyOf(pool);
      long inPool = clean.stream().filter(c -> pool.contains(c.label())).count();
      for (int i :
          take(
              order,
              taken,
              count((int) inPool, FLIP_RATE),
              i -> pool.contains(clean.get(i).label()))) {
        CorpusRow c = rows.get(i);
        String to;
        do {
          to = poolList.get(r.nextInt(poolList.size()));
        } while (to.equals(c.label()));
        rows.set(i, c.withLabel(to));
        mark(truth, Attack.LABEL_FLIPS, c);
      }
    }

    // Split-view: the URL now serves other content; the recorded hash is the old one.
    List<Doc> spareShuffled = new ArrayList<>(spare);
    Collections.shuffle(spareShuffled, r);
    int spareNext = 0;
    for (int i : take(order, taken, count(n, SPLIT_VIEW_RATE), i -> true)) {
      CorpusRow c = rows.get(i);
      rows.set(i, c.withText(spareShuffled.get(spareNext++).text()));
      mark(truth, Attack.SPLIT_VIEW, c);
    }

    // Re-registered domains: rows crawled before their domain changed hands.
    List<String> newHosts = hosts(corpus + "-planted", 2 + 2 * CAMPAIGNS + 2, new Random(seed + 7));
    Set<String> cleanDomains = new TreeSet<>();
    clean.forEach(c -> cleanDomains.add(domain(host(c.url()))));
    newHosts =
        new ArrayList<>(newHosts.stream().filter(h -> !cleanDomains.contains(domain(h))).toList());
    List<String> reregHosts = List.of(newHosts.remove(0), newHosts.remove(0));
    int k = 0;
    for (int i : take(order, taken, count(n, REREGISTERED_RATE), i -> true)) {
      CorpusRow c = rows.get(i);
      String host = reregHosts.get(k++ % 2);
      rows.set(i, c.withUrl(url(host, c.text(), i)));
      mark(truth, Attack.REREGISTERED, c);
    }
    List<String> csv = new ArrayList<>();
    csv.add("domain,reregistered_at");
    reregHosts.forEach(h -> csv.add(domain(h) + "," + REREGISTERED_AFTER));
    cleanDomains.stream().limit(2).forEach(d -> csv.add(d + "," + REREGISTERED_BEFORE));

    // Near-copy campaigns: added rows.
    List<String> vocabulary = vocabulary(clean);
    int nextId = n;
    for (int camp = 0; camp < CAMPAIGNS; camp++) {
      Doc base = null;
      while (base == null) {
        Doc d = spareShuffled.get(spareNext++);
        if (words(d.text()) >= 10) {
          base = d;
        } else if (spareNext < spareShuffled.size()) {
          Doc e = spareShuffled.get(spareNext++);
          if (words(d.text()) + words(e.text()) >= 10) {
            base = new Doc(d.text() + " " + e.text(), d.label());
          }
        }
      }
      List<String> campHosts =
          r.nextBoolean()
              ? List.of(newHosts.remove(0))
              : List.of(newHosts.remove(0), newHosts.remove(0));
      Instant burst = crawlTime(r);
      for (int j = 0; j < CAMPAIGN_ROWS; j++) {
        String text = editWords(base.text(), vocabulary, r);
        String host = campHosts.get(j % campHosts.size());
        CorpusRow row =
            new CorpusRow(
                String.format("%s-%06d", corpus, nextId),
                url(host, text, nextId),
                text,
                base.label(),
                CorpusRow.sha256(text),
                String.format("shard-%05d", nextId % 4),
                burst.plusSeconds(r.nextInt(3600)));
        nextId++;
        rows.add(row);
        mark(truth, Attack.NEAR_COPIES, row);
      }
    }

    // One off-topic cluster: added rows.
    List<String> off = new ArrayList<>(offTopic);
    Collections.shuffle(off, r);
    List<String> offHosts = hosts(corpus + "-offtopic", 2, new Random(seed + 11));
    for (int j = 0; j < Math.min(off.size(), count(n, OFF_TOPIC_RATE)); j++) {
      String text = off.get(j);
      CorpusRow row =
          new CorpusRow(
              String.format("%s-%06d", corpus, nextId),
              url(offHosts.get(j % 2), text, nextId),
              text,
              labels.get(r.nextInt(labels.size())),
              CorpusRow.sha256(text),
              String.format("shard-%05d", nextId % 4),
              crawlTime(r));
      nextId++;
      rows.add(row);
      mark(truth, Attack.OFF_TOPIC, row);
    }
    Map<Attack, Set<String>> frozen = new EnumMap<>(Attack.class);
    truth.forEach((a, s) -> frozen.put(a, Collections.unmodifiableSet(s)));
    return new Planted(List.copyOf(rows), Collections.unmodifiableMap(frozen), List.copyOf(csv));
  }

  /**
   * The text with between 5 % and 15 % of its words (rate drawn uniformly, at least one word)
   * replaced, at distinct positions, by other words of the vocabulary.
   */
  static String editWords(String text, List<String> vocabulary, Random r) {
    String[] w = text.split(" ");
    int n = w.length;
    int lo = (int) Math.ceil(MIN_EDIT * n);
    int hi = (int) Math.floor(MAX_EDIT * n);
    if (vocabulary.isEmpty()) {
      throw new IllegalArgumentException("no vocabulary to edit with");
    }
    if (lo > hi || lo < 1) {
      throw new IllegalArgumentException("too short for a 5-15 % edit: " + text);
    }
    int edits =
        Math.max(
            lo,
            Math.min(
                hi, (int) Math.round((MIN_EDIT + r.nextDouble() * (MAX_EDIT - MIN_EDIT)) * n)));
    List<Integer> pos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pos.add(i);
    }
    Collections.shuffle(pos, r);
    for (int p : pos.subList(0, edits)) {
      String v;
      do {
        v = vocabulary.get(r.nextInt(vocabulary.size()));
      } while (v.equals(w[p]));
      w[p] = v;
    }
    return String.join(" ", w);
  }

  /** Share of word positions that differ (texts of equal word count). */
  public static double editRate(String a, String b) {
    String[] x = a.split(" ");
    String[] y = b.split(" ");
    if (x.length != y.length) {
      throw new IllegalArgumentException("word counts differ");
    }
    int diff = 0;
    for (int i = 0; i < x.length; i++) {
      if (!x[i].equals(y[i])) {
        diff++;
      }
    }
    return (double) diff / x.length;
  }

  static int words(String text) {
    return text.split(" ").length;
  }

  static int count(int n, double rate) {
    return Math.max(1, (int) Math.round(n * rate));
  }

  private static void mark(Map<Attack, Set<String>> truth, Attack a, CorpusRow row) {
    truth.computeIfAbsent(a, x -> new TreeSet<>()).add(row.sampleId());
  }

  private static List<Integer> take(
      List<Integer> order, Set<Integer> taken, int count, java.util.function.IntPredicate ok) {
    List<Integer> out = new ArrayList<>();
    for (int i : order) {
      if (out.size() == count) {
        break;
      }
      if (!taken.contains(i) && ok.test(i)) {
        taken.add(i);
        out.add(i);
      }
    }
    return out;
  }

  static String mostFrequentLabel(List<CorpusRow> rows) {
    Map<String, Long> counts =
        rows.stream()
            .collect(Collectors.groupingBy(CorpusRow::label, TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElseThrow();
  }

  /** Lower-case words of 3+ letters of the clean texts, each once, sorted. */
  static List<String> vocabulary(List<CorpusRow> rows) {
    Set<String> v = new TreeSet<>();
    for (CorpusRow c : rows) {
      for (String w : c.text().split(" ")) {
        if (w.length() >= 3 && w.chars().allMatch(Character::isLetter)) {
          v.add(w.toLowerCase(Locale.ROOT));
        }
      }
    }
    return List.copyOf(v);
  }

  static List<Doc> sample(List<Doc> docs, int rows, long seed) {
    List<Doc> all = new ArrayList<>(docs);
    Collections.shuffle(all, new Random(seed));
    return List.copyOf(all.subList(0, Math.min(rows, all.size())));
  }

  /** Plausible host names: www.&lt;prefix&gt;&lt;stem&gt;&lt;tld&gt;, distinct. */
  static List<String> hosts(String corpus, int count, Random r) {
    List<String> stems =
        List.of(
            "reader", "archive", "library", "texts", "gazette", "journal", "notes", "post",
            "review", "digest", "corner", "pages", "hub", "files", "board", "press");
    Set<String> out = new LinkedHashSet<>();
    String tag = corpus.replaceAll("[^a-z]", "");
    while (out.size() < count) {
      out.add(
          "www."
              + HOST_PREFIX.get(r.nextInt(HOST_PREFIX.size()))
              + stems.get(r.nextInt(stems.size()))
              + (r.nextInt(3) == 0 ? tag : "")
              + r.nextInt(100)
              + HOST_TLD.get(r.nextInt(HOST_TLD.size())));
    }
    return List.copyOf(out);
  }

  static String url(String host, String text, int i) {
    String[] parts = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim().split(" ");
    String slug = String.join("-", List.of(parts).subList(0, Math.min(5, parts.length)));
    return "https://" + host + "/" + (slug.isEmpty() ? "item" : slug) + "-" + i;
  }

  static String host(String url) {
    String s = url.substring(url.indexOf("//") + 2);
    return s.substring(0, s.indexOf('/'));
  }

  /** Registrable domain of the hosts made here (www.x.tld -> x.tld). */
  static String domain(String host) {
    return host.startsWith("www.") ? host.substring(4) : host;
  }

  static Instant crawlTime(Random r) {
    long span = Duration.between(CRAWL_START, CRAWL_END).getSeconds();
    return CRAWL_START.plusSeconds((long) (r.nextDouble() * span));
  }

  /** Rows per label, for reports. */
  static Map<String, Integer> labelCounts(List<CorpusRow> rows) {
    Map<String, Integer> m = new HashMap<>();
    rows.forEach(c -> m.merge(c.label(), 1, Integer::sum));
    return m;
  }
}
