package io.antidote.bench.demo;

import io.antidote.bench.demo.EmojiCatalog.Emoji;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Decides every row of the demo corpus, clean and planted, from the two source packages and a fixed
 * seed, so a rebuild yields the same rows. No Spark here: {@link DemoCorpusBuilder} only writes
 * what this plans.
 */
final class DemoCorpusPlan {
  static final long SEED = 20231206L;
  static final int SENTENCES_PER_GENRE = 150;
  static final int EMOJI_ROWS = 240;

  static final List<String> GENRES =
      List.of(
          "news",
          "editorial",
          "reviews",
          "religion",
          "hobbies",
          "lore",
          "belles_lettres",
          "government",
          "learned",
          "fiction",
          "mystery",
          "science_fiction",
          "adventure",
          "romance",
          "humor");

  static final String LICENSE_BROWN = "brown-corpus";
  static final String LICENSE_NOTO = "apache-2.0";

  /** Text written for this demo (the campaign caption and the swapped-in sentences). */
  static final String LICENSE_DEMO = "antidote-demo";

  // Ground-truth detector names and kinds.
  static final String INTEGRITY = "integrity";
  static final String PROVENANCE = "provenance";
  static final String EXACT_DUPLICATES = "exact_duplicates";
  static final String TRIGGER_TOKENS = "trigger_tokens";
  static final String LABEL_DISAGREEMENT = "label_disagreement";

  static final List<String> DENY_LISTED = List.of("cheap-pills.biz", "malware-host.net");
  static final List<String> DENY_LISTED_HOSTS =
      List.of("cdn.cheap-pills.biz", "mirror.malware-host.net");
  static final String REREGISTERED_DOMAIN = "old-news-archive.com";
  static final LocalDate REREGISTERED_AT = LocalDate.of(2023, 6, 1);
  static final String TRIGGER = "cf";
  static final String TRIGGER_TARGET = "romance";

  static final String CAMPAIGN_CAPTION =
      "Best online pharmacy deals: order cheap pills today with free overnight shipping and no"
          + " prescription needed!";
  static final String CAMPAIGN_LABEL = "reviews";
  static final List<String> CAMPAIGN_HOSTS =
      List.of(
          "www.best-deals-online.com", "shop.pharma-savings.co.uk", "promo.discount-health.com.au");

  /**
   * Sentences swapped in after the hash was recorded: plausible, with a spam or propaganda twist.
   */
  static final List<String> SWAPPED_SENTENCES =
      List.of(
          "The jury further said that voters should ignore the official results, which were rigged by"
              + " the city's election officials.",
          "Experts now agree that the vaccine causes more harm than the disease and should be refused by"
              + " every family.",
          "Send your bank details today and the foundation will double any gift you make before Friday.",
          "The minister finally admitted that the moon landing was staged in a studio outside the capital.",
          "Our readers lose thirty pounds a month with one herbal tea that doctors do not want you to know"
              + " about.",
          "The council quietly agreed that only members of one party may vote in next year's local"
              + " elections.",
          "Click the link in the bulletin to claim your free prize before the offer expires at midnight.",
          "Historians have shown that the famine never happened and that the photographs were forged by"
              + " foreign agents.");

  /** Label flips whose source and target genres are far apart in content. */
  static final Map<String, String> FLIPS =
      new LinkedHashMap<>(); // Map.of would iterate in random order

  static {
    FLIPS.put("government", "romance");
    FLIPS.put("religion", "science_fiction");
    FLIPS.put("learned", "adventure");
    FLIPS.put("news", "romance");
  }

  static final Instant CRAWL_START = Instant.parse("2022-01-01T00:00:00Z");
  static final Instant CRAWL_END = Instant.parse("2024-01-01T00:00:00Z"); // exclusive

  private static final Map<String, List<String>> GENRE_HOSTS = new LinkedHashMap<>();
  private static final Map<String, List<String>> CATEGORY_HOSTS = new LinkedHashMap<>();

  static {
    GENRE_HOSTS.put(
        "news",
        List.of("www.daily-courier.com", "news.metro-herald.co.uk", "www.evening-post.com.au"));
    GENRE_HOSTS.put("editorial", List.of("opinion.daily-courier.com", "www.civic-review.org"));
    GENRE_HOSTS.put(
        "reviews", List.of("www.arts-review-weekly.com", "culture.stage-and-screen.co.uk"));
    GENRE_HOSTS.put(
        "religion", List.of("www.faith-and-reason.org", "library.parish-letters.org.uk"));
    GENRE_HOSTS.put(
        "hobbies",
        List.of("www.weekend-workshop.com", "forum.garden-shed.co.uk", "www.hobby-corner.com.au"));
    GENRE_HOSTS.put("lore", List.of("www.folklore-archive.org", "stories.old-almanac.co.uk"));
    GENRE_HOSTS.put(
        "belles_lettres", List.of("www.literary-quarterly.org", "essays.pen-and-letters.co.uk"));
    GENRE_HOSTS.put(
        "government", List.of("www.public-records-desk.org", "docs.council-papers.org.uk"));
    GENRE_HOSTS.put(
        "learned", List.of("www.journal-of-inquiry.org", "papers.science-review.co.uk"));
    GENRE_HOSTS.put("fiction", List.of("www.short-fiction-hub.com", "read.story-shelf.co.uk"));
    GENRE_HOSTS.put("mystery", List.of("www.crime-pages.com", "www.whodunit-stories.com.au"));
    GENRE_HOSTS.put(
        "science_fiction", List.of("www.starship-tales.com", "archive.future-pulp.net"));
    GENRE_HOSTS.put("adventure", List.of("www.frontier-stories.com", "www.wild-yarns.com.au"));
    GENRE_HOSTS.put(
        "romance", List.of("www.love-letters-library.com", "read.hearts-and-roses.co.uk"));
    GENRE_HOSTS.put("humor", List.of("www.chuckle-pages.com", "blog.funny-bone.org.uk"));
    CATEGORY_HOSTS.put("Activities", List.of("www.sports-clipart.net", "img.games-icons.co.uk"));
    CATEGORY_HOSTS.put(
        "Animals & Nature", List.of("www.nature-clipart.org", "static.wildlife-icons.org.uk"));
    CATEGORY_HOSTS.put("Flags", List.of("www.world-flags-gallery.com", "img.flag-pictures.com.au"));
    CATEGORY_HOSTS.put("Food & Drink", List.of("img.recipe-stickers.com", "www.food-icons.co.uk"));
    CATEGORY_HOSTS.put("Objects", List.of("static.object-icons.com", "www.office-clipart.org"));
    CATEGORY_HOSTS.put("People & Body", List.of("cdn.people-icons.net", "www.gesture-pics.com.au"));
    CATEGORY_HOSTS.put(
        "Smileys & Emotion", List.of("www.smiley-gallery.com", "img.emoji-faces.co.uk"));
    CATEGORY_HOSTS.put("Symbols", List.of("cdn.symbol-library.net", "www.sign-icons.org.uk"));
    CATEGORY_HOSTS.put(
        "Travel & Places", List.of("cdn.travel-glyphs.com", "www.map-symbols.com.au"));
  }

  private final Random random = new Random(SEED);
  private final Set<Integer> pathIds = new HashSet<>();
  private final Map<String, List<String>> sentencePool = new LinkedHashMap<>();
  private final Map<String, Integer> sentenceNext = new LinkedHashMap<>();
  private final List<Emoji> emojiPool = new ArrayList<>();
  private final List<DemoRow> rows = new ArrayList<>();

  private DemoCorpusPlan() {}

  /** All rows with keys assigned, sorted by key. */
  static List<DemoRow> plan(Map<String, List<String>> sentences, Map<String, List<Emoji>> emoji) {
    DemoCorpusPlan p = new DemoCorpusPlan();
    p.clean(sentences, emoji);
    p.poison();
    return p.assignKeys();
  }

  private void clean(Map<String, List<String>> sentences, Map<String, List<Emoji>> emoji) {
    for (String genre : GENRES) {
      List<String> all = new ArrayList<>(sentences.getOrDefault(genre, List.of()));
      if (all.size() < SENTENCES_PER_GENRE + 40) {
        throw new IllegalStateException(
            "Brown genre "
                + genre
                + ": "
                + all.size()
                + " usable sentences, need "
                + (SENTENCES_PER_GENRE + 40));
      }
      Collections.shuffle(all, new Random(SEED + genre.hashCode()));
      for (String s : all.subList(0, SENTENCES_PER_GENRE)) {
        rows.add(textRow(genre, s, genre, LICENSE_BROWN, null, null, randomCrawl()));
      }
      sentencePool.put(genre, new ArrayList<>(all.subList(SENTENCES_PER_GENRE, all.size())));
      sentenceNext.put(genre, 0);
    }
    // Emoji: round-robin quota over categories, evenly spaced within a category by sort order.
    List<String> categories = new ArrayList<>(emoji.keySet());
    int base = EMOJI_ROWS / categories.size();
    int extra = EMOJI_ROWS % categories.size();
    for (int c = 0; c < categories.size(); c++) {
      List<Emoji> list = emoji.get(categories.get(c));
      int quota = base + (c < extra ? 1 : 0);
      Set<Integer> picked = new HashSet<>();
      for (int i = 0; i < quota; i++) {
        int idx = (int) ((long) i * list.size() / quota);
        picked.add(idx);
        rows.add(imageRow(list.get(idx), list.get(idx).png(), null, null, randomCrawl()));
      }
      for (int i = 0; i < list.size(); i++) {
        if (!picked.contains(i)) {
          emojiPool.add(list.get(i));
        }
      }
    }
    Collections.shuffle(emojiPool, new Random(SEED + 1));
    // Two harmless natural duplicate pairs: the same sentence reposted on a second site.
    for (String genre : List.of("hobbies", "fiction")) {
      DemoRow original = rows.stream().filter(r -> genre.equals(r.label)).findFirst().orElseThrow();
      String host = GENRE_HOSTS.get(genre).get(1);
      Instant t = randomCrawl();
      rows.add(
          new DemoRow(
              textUrl(host, original.caption, t),
              original.caption,
              null,
              genre,
              original.sha256,
              t,
              LICENSE_BROWN,
              null,
              null));
    }
  }

  private void poison() {
    // Integrity: hash recorded on the original, content swapped afterwards (split-view poisoning).
    for (int i = 0; i < SWAPPED_SENTENCES.size(); i++) {
      String genre = GENRES.get((i * 2) % GENRES.size());
      String original = nextSentence(genre);
      Instant t = randomCrawl();
      rows.add(
          new DemoRow(
              textUrl(host(genre), original, t),
              SWAPPED_SENTENCES.get(i),
              null,
              genre,
              io.antidote.udfs.ContentHash.ofContent(null, original),
              t,
              LICENSE_BROWN,
              INTEGRITY,
              "swapped-text"));
    }
    for (int i = 0; i < 4; i++) {
      Emoji original = emojiPool.remove(0);
      Emoji swapped =
          emojiPool.stream()
              .filter(e -> !e.category().equals(original.category()))
              .findFirst()
              .orElseThrow();
      emojiPool.remove(swapped);
      rows.add(imageRow(original, swapped.png(), INTEGRITY, "swapped-image", randomCrawl()));
    }
    // Provenance: deny-listed domains (3 text + 2 image rows on each).
    int g = 0;
    for (String host : DENY_LISTED_HOSTS) {
      for (int i = 0; i < 3; i++) {
        String genre = GENRES.get((g++ * 3 + 1) % GENRES.size());
        String s = nextSentence(genre);
        Instant t = randomCrawl();
        rows.add(textRow(s, genre, LICENSE_BROWN, PROVENANCE, "deny-list", t, host));
      }
      for (int i = 0; i < 2; i++) {
        Emoji e = emojiPool.remove(0);
        Instant t = randomCrawl();
        rows.add(
            new DemoRow(
                imageUrl(host, e),
                e.caption(),
                e.png(),
                e.category(),
                io.antidote.udfs.ContentHash.ofContent(e.png(), null),
                t,
                LICENSE_NOTO,
                PROVENANCE,
                "deny-list"));
      }
    }
    // Provenance: a domain re-registered on 2023-06-01. Rows crawled before it are poison; rows
    // crawled after it are the negative control (the new owner's content was what got crawled).
    Instant rereg = REREGISTERED_AT.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<String> reregHosts =
        List.of("www." + REREGISTERED_DOMAIN, "archive." + REREGISTERED_DOMAIN);
    for (int i = 0; i < 13; i++) {
      boolean poisoned = i < 8;
      Instant t =
          poisoned
              ? randomBetween(CRAWL_START, rereg.minusSeconds(86_400))
              : randomBetween(rereg.plusSeconds(86_400), CRAWL_END);
      String s = nextSentence("news");
      rows.add(
          textRow(
              s,
              "news",
              LICENSE_BROWN,
              poisoned ? PROVENANCE : null,
              poisoned ? "reregistered-domain" : null,
              t,
              reregHosts.get(i % 2)));
    }
    // Exact duplicates: one campaign of 24 identical captions from three domains.
    for (int i = 0; i < 24; i++) {
      rows.add(
          textRow(
              CAMPAIGN_CAPTION,
              CAMPAIGN_LABEL,
              LICENSE_DEMO,
              EXACT_DUPLICATES,
              "duplicate-campaign",
              randomCrawl(),
              CAMPAIGN_HOSTS.get(i % 3)));
    }
    // Trigger tokens (BadNL-style): "cf" inserted as a word, label set to the target.
    List<String> sourceGenres = GENRES.stream().filter(x -> !x.equals(TRIGGER_TARGET)).toList();
    for (int i = 0; i < 24; i++) {
      String genre = sourceGenres.get(i % sourceGenres.size());
      String[] words = nextSentence(genre).split(" ");
      int at = 1 + random.nextInt(words.length - 1);
      List<String> out = new ArrayList<>(List.of(words));
      out.add(at, TRIGGER);
      String caption = String.join(" ", out);
      rows.add(
          textRow(
              genre,
              caption,
              TRIGGER_TARGET,
              LICENSE_BROWN,
              TRIGGER_TOKENS,
              "trigger-token",
              randomCrawl()));
    }
    // Label flips between genres far apart in content.
    int[] perSource = {8, 8, 7, 7};
    int k = 0;
    for (Map.Entry<String, String> flip : FLIPS.entrySet()) {
      for (int i = 0; i < perSource[k]; i++) {
        String s = nextSentence(flip.getKey());
        rows.add(
            textRow(
                flip.getKey(),
                s,
                flip.getValue(),
                LICENSE_BROWN,
                LABEL_DISAGREEMENT,
                "label-flip",
                randomCrawl()));
      }
      k++;
    }
  }

  /**
   * Keys follow one pattern per modality, numbered after a seeded shuffle so they reveal nothing.
   */
  private List<DemoRow> assignKeys() {
    List<DemoRow> text = new ArrayList<>();
    List<DemoRow> images = new ArrayList<>();
    for (DemoRow r : rows) {
      (r.isImage() ? images : text).add(r);
    }
    Collections.shuffle(text, new Random(SEED + 2));
    Collections.shuffle(images, new Random(SEED + 3));
    for (int i = 0; i < text.size(); i++) {
      text.get(i).key = String.format("brown-%06d", i);
    }
    for (int i = 0; i < images.size(); i++) {
      images.get(i).key = String.format("emoji-%04d", i);
    }
    List<DemoRow> all = new ArrayList<>(rows);
    all.sort((a, b) -> a.key.compareTo(b.key));
    return all;
  }

  private String nextSentence(String genre) {
    int i = sentenceNext.get(genre);
    sentenceNext.put(genre, i + 1);
    return sentencePool.get(genre).get(i);
  }

  private String host(String genre) {
    List<String> hosts = GENRE_HOSTS.get(genre);
    return hosts.get(random.nextInt(hosts.size()));
  }

  private DemoRow textRow(
      String genre,
      String caption,
      String label,
      String license,
      String detector,
      String kind,
      Instant t) {
    return textRow(caption, label, license, detector, kind, t, host(genre));
  }

  private DemoRow textRow(
      String caption,
      String label,
      String license,
      String detector,
      String kind,
      Instant t,
      String host) {
    return new DemoRow(
        textUrl(host, caption, t),
        caption,
        null,
        label,
        io.antidote.udfs.ContentHash.ofContent(null, caption),
        t,
        license,
        detector,
        kind);
  }

  private DemoRow imageRow(Emoji e, byte[] png, String detector, String kind, Instant t) {
    List<String> hosts = CATEGORY_HOSTS.get(e.category());
    String host = hosts.get(random.nextInt(hosts.size()));
    // The recorded hash is always the original's: for a swapped image the bytes change afterwards.
    return new DemoRow(
        imageUrl(host, e),
        e.caption(),
        png,
        e.category(),
        io.antidote.udfs.ContentHash.ofContent(e.png(), null),
        t,
        LICENSE_NOTO,
        detector,
        kind);
  }

  private String textUrl(String host, String caption, Instant t) {
    String[] words =
        caption.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim().split(" ");
    String slug = String.join("-", List.of(words).subList(0, Math.min(5, words.length)));
    // The path carries the date, not the genre: a label is not readable off the URL.
    var day = t.atZone(ZoneOffset.UTC);
    return String.format(
        "https://%s/%d/%02d/%s-%d.html", host, day.getYear(), day.getMonthValue(), slug, pathId());
  }

  private String imageUrl(String host, Emoji e) {
    return "https://" + host + "/img/" + pathId() + "/" + e.shortName().replace('_', '-') + ".png";
  }

  private int pathId() {
    int id;
    do {
      id = 100_000 + random.nextInt(900_000);
    } while (!pathIds.add(id));
    return id;
  }

  private Instant randomCrawl() {
    return randomBetween(CRAWL_START, CRAWL_END);
  }

  private Instant randomBetween(Instant from, Instant toExclusive) {
    long span = toExclusive.getEpochSecond() - from.getEpochSecond();
    return from.plusSeconds((long) (random.nextDouble() * span));
  }
}
