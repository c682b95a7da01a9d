package io.antidote.curation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The partition of a sample for Deep Partition Aggregation (Levine &amp; Feizi, "Deep Partition
 * Aggregation: Provable Defense against General Poisoning Attacks", ICLR 2021): a deterministic
 * function of the sample's content alone, so inserting or removing one sample touches one partition
 * (changing one is a removal and an insertion) and the majority vote of one model per partition is
 * certified against as many insertions or removals as half its margin. The content is the image
 * bytes and the text's UTF-8 bytes, each length-prefixed (so no two different samples encode
 * alike); SHA-256's first 8 bytes, unsigned, modulo the partition count. It is not keyed: an
 * attacker who knows the count can aim all poison at one partition, which costs DPA nothing (each
 * poisoned sample still changes one vote) but is worth knowing. Exact duplicates share a partition,
 * as DPA's hashing of content intends.
 */
public final class ContentPartition {
  private ContentPartition() {}

  /** The partition in [0, partitions) of the sample with {@code image} and {@code text}. */
  public static int of(byte[] image, String text, int partitions) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be positive, got " + partitions);
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    feed(md, (byte) 'i', image);
    feed(md, (byte) 't', text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    long h = ByteBuffer.wrap(md.digest()).getLong();
    return (int) Long.remainderUnsigned(h, partitions);
  }

  /** A tag, then -1 for null or the length, then the bytes. */
  private static void feed(MessageDigest md, byte tag, byte[] bytes) {
    md.update(tag);
    md.update(ByteBuffer.allocate(8).putLong(bytes == null ? -1 : bytes.length).array());
    if (bytes != null) {
      md.update(bytes);
    }
  }
}
