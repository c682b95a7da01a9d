package io.antidote.bench.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One row of the demo corpus before its key is assigned. {@code detector}/{@code kind} are null for
 * clean rows; for planted rows they are the ground-truth line.
 */
final class DemoRow {
  String key;
  final String url;
  final String caption;
  final byte[] jpg;
  final String label;
  final String sha256;
  final Instant crawlTime;
  final String license;
  final String detector;
  final String kind;

  DemoRow(
      String url,
      String caption,
      byte[] jpg,
      String label,
      String sha256,
      Instant crawlTime,
      String license,
      String detector,
      String kind) {
    this.url = url;
    this.caption = caption;
    this.jpg = jpg;
    this.label = label;
    this.sha256 = sha256;
    this.crawlTime = crawlTime;
    this.license = license;
    this.detector = detector;
    this.kind = kind;
  }

  boolean isImage() {
    return jpg != null;
  }

  boolean isPoison() {
    return detector != null;
  }

  /** The shard this row lives in: a stable function of the key alone. */
  String shard() {
    String hash = io.antidote.udfs.ContentHash.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    return String.format("shard-%05d", Integer.parseInt(hash.substring(0, 2), 16) & 1);
  }
}
