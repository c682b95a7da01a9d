package io.antidote.manifest;

import io.antidote.config.InvalidConfigException;
import io.antidote.config.SettingsBlock;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * {@code antidote.manifest}: the Ed25519 keys that sign and verify shard manifests. The private key
 * comes from a file or an environment variable (never from the configuration itself, which run.json
 * records), the public key from a file.
 */
public record ManifestSettings(
    String privateKeyFile, String privateKeyEnv, String publicKeyFile, String out) {
  public static final String PATH = "manifest";

  public static ManifestSettings fromConfig(SettingsBlock b) {
    ManifestSettings s =
        new ManifestSettings(
            b.string("private-key-file"),
            b.string("private-key-env"),
            b.string("public-key-file"),
            b.string("out"));
    b.check(
        s.privateKeyFile.isEmpty() || s.privateKeyEnv.isEmpty(),
        "private-key-env",
        "empty when manifest.private-key-file is set (one source for the private key)",
        "a variable name");
    b.check(
        s.privateKeyEnv.isEmpty() || s.privateKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "private-key-env",
        "the name of an environment variable",
        "'" + s.privateKeyEnv + "'");
    return s;
  }

  public boolean canSign() {
    return !privateKeyFile.isEmpty() || !privateKeyEnv.isEmpty();
  }

  /** The signing key; fails naming both keys when neither is set. */
  public PrivateKey privateKey() {
    if (!privateKeyFile.isEmpty()) {
      return Ed25519Keys.privateKeyFromFile(
          Path.of(privateKeyFile), "antidote.manifest.private-key-file");
    }
    if (!privateKeyEnv.isEmpty()) {
      return Ed25519Keys.privateKeyFromEnv(privateKeyEnv, "antidote.manifest.private-key-env");
    }
    throw new InvalidConfigException(
        "antidote.manifest.private-key-file",
        "is empty, and so is antidote.manifest.private-key-env: a manifest is signed with an"
            + " Ed25519 private key (create one with `antidote keygen` or"
            + " `openssl genpkey -algorithm ed25519`)");
  }

  /** The verifying key, when one is set. */
  public Optional<PublicKey> publicKey() {
    return publicKeyFile.isEmpty()
        ? Optional.empty()
        : Optional.of(
            Ed25519Keys.publicKeyFromFile(
                Path.of(publicKeyFile), "antidote.manifest.public-key-file"));
  }

  /** The verifying key; fails naming the key when it is not set. */
  public PublicKey requirePublicKey(String why) {
    return publicKey()
        .orElseThrow(
            () ->
                new InvalidConfigException(
                    "antidote.manifest.public-key-file",
                    "is empty; " + why + " needs the Ed25519 public key (X.509 PEM)"));
  }
}
