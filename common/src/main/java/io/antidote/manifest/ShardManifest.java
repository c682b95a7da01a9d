package io.antidote.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.antidote.corpus.InputException;
import io.antidote.udfs.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a corpus (or of a committed run's outputs) with their sizes, SHA-256 digests and
 * Parquet row counts, and a root digest over them, laid out as an in-toto Statement v1 (subject:
 * the root digest; predicate: the resources) as sigstore's model-transparency lays out model files.
 * The root digest is the SHA-256 of the entries' {@link ShardEntry#canonicalLine() lines} sorted by
 * path, so it can be recomputed without this code. It proves which bytes were audited, not that
 * they are clean; unsigned it proves nothing (see {@link Dsse}).
 *
 * @param name the subject's name: the corpus folder's name, or {@code run_id=<id>}
 * @param kind {@code corpus} or {@code run}
 * @param entries sorted by path
 */
public record ShardManifest(String name, String kind, List<ShardEntry> entries) {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://antidote.io/shard-manifest/v1";
  public static final String KIND_CORPUS = "corpus";
  public static final String KIND_RUN = "run";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ShardManifest {
    List<ShardEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(ShardEntry::path));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).path().equals(sorted.get(i - 1).path())) {
        throw new IllegalArgumentException("shard " + sorted.get(i).path() + " is listed twice");
      }
    }
    entries = List.copyOf(sorted);
  }

  /** SHA-256 (hex) over the sorted entries' canonical lines. */
  public String rootDigest() {
    StringBuilder b = new StringBuilder();
    entries.forEach(e -> b.append(e.canonicalLine()));
    return ContentHash.sha256Hex(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The in-toto Statement v1 as JSON bytes: the DSSE payload. */
  public byte[] statement() {
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("name", name);
    subject.put("digest", Map.of("sha256", rootDigest()));
    List<Map<String, Object>> resources = new ArrayList<>();
    for (ShardEntry e : entries) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", e.path());
      r.put("size", e.size());
      r.put("digest", Map.of("sha256", e.sha256()));
      if (e.rows() != null) {
        r.put("rows", e.rows());
        r.put("row_groups", e.rowGroups());
      }
      resources.add(r);
    }
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("kind", kind);
    predicate.put(
        "root_digest",
        "sha256 over the lines 'sha256 size rows row_groups path\\n' sorted by path");
    predicate.put("resources", resources);
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("_type", STATEMENT_TYPE);
    statement.put("subject", List.of(subject));
    statement.put("predicateType", PREDICATE_TYPE);
    statement.put("predicate", predicate);
    try {
      return JSON.writeValueAsBytes(statement);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a statement written by {@link #statement()}; its subject digest must equal the root
   * digest of its resources. {@code source} names the manifest file in errors.
   */
  public static ShardManifest fromStatement(byte[] statement, String source) {
    try {
      JsonNode s = JSON.readTree(statement);
      expect(STATEMENT_TYPE.equals(s.path("_type").asText()), source, "_type " + STATEMENT_TYPE);
      expect(
          PREDICATE_TYPE.equals(s.path("predicateType").asText()),
          source,
          "predicateType " + PREDICATE_TYPE);
      JsonNode subject = s.path("subject").path(0);
      JsonNode predicate = s.path("predicate");
      List<ShardEntry> entries = new ArrayList<>();
      for (JsonNode r : predicate.path("resources")) {
        entries.add(
            new ShardEntry(
                r.path("name").asText(),
                r.path("size").asLong(),
                r.path("digest").path("sha256").asText(),
                r.has("rows") ? r.path("rows").asLong() : null,
                r.has("row_groups") ? r.path("row_groups").asInt() : null));
      }
      ShardManifest m =
          new ShardManifest(
              subject.path("name").asText(), predicate.path("kind").asText(), entries);
      String recorded = subject.path("digest").path("sha256").asText();
      expect(
          m.rootDigest().equals(recorded),
          source,
          "a subject digest equal to the root digest of its resources (recorded "
              + recorded
              + ", computed "
              + m.rootDigest()
              + ")");
      return m;
    } catch (IOException | IllegalArgumentException e) {
      throw new InputException(
          "manifest " + source + " holds no readable in-toto statement: " + e.getMessage(), e);
    }
  }

  private static void expect(boolean ok, String source, String expected) {
    if (!ok) {
      throw new InputException(
          "manifest " + source + " is not a shard manifest: expected " + expected);
    }
  }
}
