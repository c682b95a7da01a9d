package io.antidote.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.antidote.corpus.InputException;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus's signed manifest, written and verified on real Parquet files: a flipped byte, a removed
 * shard, an added shard and a forged manifest are each refused, naming the shard.
 */
class ShardManifestRoundTripTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void writeVerifyAndRefuseEveryTampering() throws Exception {
    Path corpus = tmp.resolve("corpus");
    new LaionRows().clean(60).write(spark(), corpus, 3);
    List<String> paths = List.of(corpus.toUri().toString());
    KeyPair pair = Ed25519Keys.generate();
    String manifestFile = tmp.resolve("corpus.manifest.json").toUri().toString();

    ShardManifest written = ShardManifests.ofCorpus(spark(), paths);
    ShardManifests.write(
        written, pair.getPrivate(), manifestFile, spark().sparkContext().hadoopConfiguration());
    List<Path> shards = parquetFiles(corpus);
    assertEquals(3, shards.size());
    assertEquals(3, written.entries().size());
    assertEquals(60L, written.entries().stream().mapToLong(ShardEntry::rows).sum());
    for (ShardEntry e : written.entries()) {
      Path file = corpus.resolve(e.path());
      assertEquals(Files.size(file), e.size());
      assertEquals(io.antidote.udfs.ContentHash.sha256Hex(Files.readAllBytes(file)), e.sha256());
      assertEquals(1, e.rowGroups());
    }

    ShardManifest verified =
        ShardManifests.verifyCorpus(spark(), paths, manifestFile, pair.getPublic());
    assertEquals(written.rootDigest(), verified.rootDigest());

    // One byte flipped in the middle of one shard: same size, another digest.
    Path victim = shards.get(1);
    byte[] original = Files.readAllBytes(victim);
    byte[] flipped = original.clone();
    flipped[flipped.length / 2] ^= 0x01;
    Files.write(victim, flipped);
    InputException changed = refused(paths, manifestFile, pair);
    String name = victim.getFileName().toString();
    Assertions.assertTrue(
        changed.getMessage().contains("shard " + name + " changed: sha256"), changed.getMessage());
    assertEquals(1, count(changed.getMessage(), "shard "), changed.getMessage());
    Files.write(victim, original);

    // A shard removed.
    Path moved = tmp.resolve("aside.parquet");
    Files.move(victim, moved);
    InputException missing = refused(paths, manifestFile, pair);
    Assertions.assertTrue(
        missing.getMessage().contains("shard " + name + " is missing"), missing.getMessage());
    Files.move(moved, victim);

    // A shard added.
    Path extra = corpus.resolve("part-99999-planted.parquet");
    Files.copy(shards.get(0), extra);
    InputException added = refused(paths, manifestFile, pair);
    Assertions.assertTrue(
        added.getMessage().contains("shard part-99999-planted.parquet is not in the manifest"),
        added.getMessage());
    Files.delete(extra);

    // The corpus is as signed again.
    ShardManifests.verifyCorpus(spark(), paths, manifestFile, pair.getPublic());
  }

  private InputException refused(List<String> paths, String manifest, KeyPair pair) {
    InputException e =
        assertThrows(
            InputException.class,
            () -> ShardManifests.verifyCorpus(spark(), paths, manifest, pair.getPublic()));
    Assertions.assertTrue(e.getMessage().contains(manifest), e.getMessage());
    return e;
  }

  private static int count(String text, String word) {
    return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
  }

  private static List<Path> parquetFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
