package io.antidote.manifest;

import io.antidote.config.InvalidConfigException;
import io.antidote.udfs.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys for signing shard manifests, with the JDK's own provider: private keys as PKCS#8 PEM
 * (what {@code openssl genpkey -algorithm ed25519} writes) or the raw 32-byte seed (as bytes or
 * base64, e.g. in an environment variable), public keys as X.509 PEM ({@code openssl pkey
 * -pubout}). Errors name the file or variable, never its content.
 */
public final class Ed25519Keys {
  /** PKCS#8 DER of an Ed25519 key without the 32-byte seed (RFC 8410, section 7). */
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private Ed25519Keys() {}

  /** A fresh key pair from the JDK's strong random source. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  /** The private key read from {@code file}; {@code key} is the setting that named it. */
  public static PrivateKey privateKeyFromFile(Path file, String key) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidConfigException(key, "cannot read the private key file " + file);
    }
    return privateKey(bytes, "file " + file, key);
  }

  /** The private key held by environment variable {@code variable}. */
  public static PrivateKey privateKeyFromEnv(String variable, String key) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new InvalidConfigException(
          key, "environment variable " + variable + " is not set or empty");
    }
    return privateKey(
        value.getBytes(StandardCharsets.US_ASCII), "environment variable " + variable, key);
  }

  private static PrivateKey privateKey(byte[] bytes, String where, String key) {
    byte[] der;
    String text = new String(bytes, StandardCharsets.US_ASCII).trim();
    if (bytes.length == 32) {
      der = pkcs8(bytes);
    } else if (text.startsWith("-----BEGIN PRIVATE KEY-----")) {
      der = pemBody(text, "PRIVATE KEY", where, key);
    } else {
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw badKey(where, key, "a PKCS#8 PEM private key, 32 raw bytes or their base64");
      }
      der = decoded.length == 32 ? pkcs8(decoded) : decoded;
    }
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw badKey(where, key, "an Ed25519 private key (PKCS#8)");
    }
  }

  /** The public key in X.509 PEM {@code file}. */
  public static PublicKey publicKeyFromFile(Path file, String key) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new InvalidConfigException(key, "cannot read the public key file " + file);
    }
    String where = "file " + file;
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(pemBody(text, "PUBLIC KEY", where, key)));
    } catch (GeneralSecurityException e) {
      throw badKey(where, key, "an Ed25519 public key (X.509 PEM)");
    }
  }

  /**
   * The public half of {@code key}. The JDK derives it only while generating, from the 32 random
   * bytes the generator draws: handing it the seed as its "random" gives the same pair back.
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    byte[] seed =
        ((EdECPrivateKey) key)
            .getBytes()
            .orElseThrow(() -> new IllegalArgumentException("the private key has no seed"));
    SecureRandom fixed =
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
          }
        };
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, fixed);
      KeyPair pair = g.generateKeyPair();
      if (!Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded())) {
        throw new IllegalStateException("the JDK's Ed25519 generator did not take the seed");
      }
      return pair.getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** SHA-256 (hex) of the public key's X.509 encoding: the DSSE key id. */
  public static String keyId(PublicKey key) {
    return ContentHash.sha256Hex(key.getEncoded());
  }

  public static String privatePem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  public static String publicPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static byte[] pkcs8(byte[] seed) {
    byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
    System.arraycopy(seed, 0, der, PKCS8_PREFIX.length, 32);
    return der;
  }

  private static byte[] pemBody(String text, String label, String where, String key) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw badKey(where, key, "a PEM block '" + begin + "'");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException x) {
      throw badKey(where, key, "base64 inside the PEM block");
    }
  }

  private static InvalidConfigException badKey(String where, String key, String expected) {
    return new InvalidConfigException(key, "the key in " + where + " is not " + expected);
  }
}
