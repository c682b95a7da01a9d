package io.antidote.bench.quality;

import io.antidote.udfs.ContentHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** One row of a benchmark corpus in the canonical schema (no image column: text corpora). */
public record CorpusRow(
    String sampleId,
    String url,
    String text,
    String label,
    String sha256,
    String source,
    Instant crawlTime) {

  /** SHA-256 (hex) of the text's UTF-8 bytes: what the audit recomputes for a text row. */
  public static String sha256(String text) {
    return ContentHash.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  CorpusRow withText(String t) {
    return new CorpusRow(sampleId, url, t, label, sha256, source, crawlTime);
  }

  CorpusRow withTextAndHash(String t) {
    return new CorpusRow(sampleId, url, t, label, sha256(t), source, crawlTime);
  }

  CorpusRow withLabel(String l) {
    return new CorpusRow(sampleId, url, text, l, sha256, source, crawlTime);
  }

  CorpusRow withUrl(String u) {
    return new CorpusRow(sampleId, u, text, label, sha256, source, crawlTime);
  }
}
