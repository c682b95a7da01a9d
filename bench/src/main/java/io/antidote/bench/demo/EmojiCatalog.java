package io.antidote.bench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Noto emoji of the npm package {@code emoji-datasource-google}: {@code emoji.json} names each
 * emoji and its category, {@code img/google/64/} holds a 64x64 PNG per emoji.
 */
final class EmojiCatalog {
  record Emoji(String caption, String shortName, String category, int sortOrder, byte[] png) {}

  private EmojiCatalog() {}

  /**
   * Emoji with a Google image, grouped by category (categories sorted by name, emoji by sort
   * order), each caption and each PNG once. The {@code Component} category (skin-tone swatches) is
   * left out.
   */
  static Map<String, List<Emoji>> byCategory(Path dir) throws IOException {
    Path json = dir.resolve("emoji.json");
    Path images = dir.resolve("img/google/64");
    if (!Files.isRegularFile(json) || !Files.isDirectory(images)) {
      throw new IOException(
          "emoji catalogue: expected "
              + json
              + " and "
              + images
              + " (the emoji-datasource-google package)");
    }
    List<Emoji> all = new ArrayList<>();
    for (JsonNode e : new ObjectMapper().readTree(json.toFile())) {
      if (!e.path("has_img_google").asBoolean(false)
          || "Component".equals(e.path("category").asText())) {
        continue;
      }
      String name = e.path("name").asText("");
      if (name.isBlank()) {
        name = e.path("short_name").asText().replace('_', ' ');
      }
      byte[] png = Files.readAllBytes(images.resolve(e.path("image").asText()));
      all.add(
          new Emoji(
              "an emoji of " + name.toLowerCase(Locale.ROOT),
              e.path("short_name").asText(),
              e.path("category").asText(),
              e.path("sort_order").asInt(),
              png));
    }
    all.sort(Comparator.comparing(Emoji::category).thenComparingInt(Emoji::sortOrder));
    Set<String> captions = new HashSet<>();
    Set<String> pngHashes = new HashSet<>();
    Map<String, List<Emoji>> out = new LinkedHashMap<>();
    for (Emoji e : all) {
      if (captions.add(e.caption())
          && pngHashes.add(io.antidote.udfs.ContentHash.sha256Hex(e.png()))) {
        out.computeIfAbsent(e.category(), c -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }
}
