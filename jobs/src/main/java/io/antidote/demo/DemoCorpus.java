package io.antidote.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The embedded default corpus: Brown-corpus sentences and Noto emoji with planted poison, shipped
 * in the jar (see {@code io/antidote/demo/README.md}). Spark cannot read jar resources, so {@link
 * #extract} copies it to a local folder first.
 */
public final class DemoCorpus {
  private static final String BASE = "/io/antidote/demo/";
  public static final List<String> SHARDS =
      List.of("corpus/part-00000.parquet", "corpus/part-00001.parquet");
  public static final String DENY_LIST = "deny-list.txt";
  public static final String REREGISTERED = "reregistered-domains.csv";
  public static final String GROUND_TRUTH = "ground-truth.csv";

  private final Path dir;

  private DemoCorpus(Path dir) {
    this.dir = dir;
  }

  /** Copies the corpus, its lists and ground truth into {@code dir}. */
  public static DemoCorpus extract(Path dir) {
    List<String> files = new ArrayList<>(SHARDS);
    files.addAll(List.of(DENY_LIST, REREGISTERED, GROUND_TRUTH));
    try {
      for (String f : files) {
        Path target = dir.resolve(f);
        Files.createDirectories(target.getParent());
        try (InputStream in = DemoCorpus.class.getResourceAsStream(BASE + f)) {
          if (in == null) {
            throw new IllegalStateException(
                "the demo corpus resource " + BASE + f + " is missing from the jar");
          }
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the demo corpus to " + dir, e);
    }
    return new DemoCorpus(dir);
  }

  public Path corpusDir() {
    return dir.resolve("corpus");
  }

  public Path denyList() {
    return dir.resolve(DENY_LIST);
  }

  public Path reregisteredDomains() {
    return dir.resolve(REREGISTERED);
  }

  /** Planted poison: detector name → sample ids it should flag. */
  public Map<String, Set<String>> groundTruth() {
    Map<String, Set<String>> truth = new TreeMap<>();
    try {
      List<String> lines = Files.readAllLines(dir.resolve(GROUND_TRUTH), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] p = line.split(",");
        truth.computeIfAbsent(p[1].trim(), k -> new TreeSet<>()).add(p[0].trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return truth;
  }

  /** Ground truth kinds: sample id → kind (e.g. swapped-text, deny-list). */
  public Map<String, String> kinds() {
    Map<String, String> kinds = new LinkedHashMap<>();
    try {
      List<String> lines = Files.readAllLines(dir.resolve(GROUND_TRUTH), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          String[] p = line.split(",");
          kinds.put(p[0].trim(), p[2].trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kinds;
  }
}
