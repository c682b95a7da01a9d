package io.antidote.jobs;

import io.antidote.config.AuditSettings;
import io.antidote.config.InvalidConfigException;
import io.antidote.manifest.Ed25519Keys;
import io.antidote.manifest.ManifestSettings;
import io.antidote.manifest.ShardManifest;
import io.antidote.manifest.ShardManifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code keygen}, {@code manifest} and {@code verify} commands: an Ed25519 key pair, a signed
 * shard manifest of a corpus, and the check of a corpus or a committed run against its manifest.
 * Keys are read before Spark starts, so a wrong key path is a configuration error (exit 2); a
 * corpus or run that does not match is bad input (exit 4).
 */
final class ManifestJob {
  private ManifestJob() {}

  /**
   * Writes a new key pair to manifest.private-key-file (owner-only) and manifest.public-key-file.
   */
  static String keygen(AuditSettings settings) {
    ManifestSettings m = settings.manifest();
    if (m.privateKeyFile().isEmpty() || m.publicKeyFile().isEmpty()) {
      throw new InvalidConfigException(
          m.privateKeyFile().isEmpty()
              ? "antidote.manifest.private-key-file"
              : "antidote.manifest.public-key-file",
          "is empty: keygen writes the pair to --private-key FILE and --public-key FILE");
    }
    KeyPair pair = Ed25519Keys.generate();
    Path priv = Path.of(m.privateKeyFile());
    Path pub = Path.of(m.publicKeyFile());
    try {
      createOwnerOnly(priv);
      Files.writeString(priv, Ed25519Keys.privatePem(pair.getPrivate()));
      Files.writeString(
          pub,
          Ed25519Keys.publicPem(pair.getPublic()),
          java.nio.file.StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new InvalidConfigException(
          e.getFile().equals(priv.toString())
              ? "antidote.manifest.private-key-file"
              : "antidote.manifest.public-key-file",
          e.getFile() + " exists; keygen never replaces a key");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the key pair: " + e.getMessage(), e);
    }
    return "wrote the private key "
        + priv
        + " (keep it secret) and the public key "
        + pub
        + " (key id "
        + Ed25519Keys.keyId(pair.getPublic())
        + ")";
  }

  private static void createOwnerOnly(Path p) throws IOException {
    try {
      Files.createFile(
          p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(p);
    }
  }

  /** Hashes the corpus under input.paths and writes its signed manifest to manifest.out. */
  static String write(AuditSettings settings) {
    AuditJob.requireInput(settings);
    String out = settings.manifest().out();
    if (out.isEmpty()) {
      throw new InvalidConfigException(
          "antidote.manifest.out", "is empty: give --out FILE, where the signed manifest goes");
    }
    PrivateKey key = settings.manifest().privateKey();
    SparkSession spark = SparkSessions.create(settings.spark(), settings.output().format());
    ShardManifest m = ShardManifests.ofCorpus(spark, settings.input().paths());
    ShardManifests.write(m, key, out, spark.sparkContext().hadoopConfiguration());
    return "signed manifest of "
        + m.entries().size()
        + " shard(s) written to "
        + out
        + ": root digest sha256:"
        + m.rootDigest()
        + ", key id "
        + Ed25519Keys.keyId(Ed25519Keys.publicKeyOf(key));
  }

  /**
   * Checks the corpus under input.paths against input.manifest, or, without input, the committed
   * run run.id under output.root against the manifest beside its run.json.
   */
  static String verify(AuditSettings settings) {
    PublicKey key = settings.manifest().requirePublicKey("verify");
    if (!settings.input().paths().isEmpty()) {
      String manifest = settings.input().manifest();
      if (manifest.isEmpty()) {
        throw new InvalidConfigException(
            "antidote.input.manifest", "is empty: give --manifest FILE to verify a corpus against");
      }
      SparkSession spark = SparkSessions.create(settings.spark(), settings.output().format());
      ShardManifest m = ShardManifests.verifyCorpus(spark, settings.input().paths(), manifest, key);
      return "verified: "
          + m.entries().size()
          + " shard(s) match the signed manifest "
          + manifest
          + " (root digest sha256:"
          + m.rootDigest()
          + ")";
    }
    if (settings.runId().isEmpty()) {
      throw new InvalidConfigException(
          "antidote.input.paths",
          "is empty, and so is antidote.run.id: verify a corpus (--input PATH --manifest FILE) or a"
              + " committed run (--output ROOT --run-id ID)");
    }
    SparkSession spark = SparkSessions.create(settings.spark(), settings.output().format());
    ShardManifest m =
        ShardManifests.verifyRun(spark, settings.output().root(), settings.runId(), key);
    return "verified: run "
        + settings.runId()
        + " under "
        + settings.output().root()
        + ": "
        + m.entries().size()
        + " output file(s) match its signed manifest (root digest sha256:"
        + m.rootDigest()
        + ")";
  }
}
