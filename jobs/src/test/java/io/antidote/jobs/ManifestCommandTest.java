package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keygen, manifest and verify from the command line with their exit codes, and a signed audit whose
 * private key appears in no output file, no console line and no log line.
 */
class ManifestCommandTest extends SparkTestBase {
  @TempDir Path tmp;

  private final CommandRun cli = new CommandRun();

  @Test
  void keygenManifestVerifyAndRefusals() throws Exception {
    Path corpus = tmp.resolve("corpus");
    new LaionRows().clean(30).write(spark(), corpus, 3);
    String priv = tmp.resolve("k.pem").toString();
    String pub = tmp.resolve("k.pub.pem").toString();
    assertEquals(
        ExitCode.OK, cli.run("keygen", "--private-key", priv, "--public-key", pub), cli.stderr());
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(priv))));
    assertEquals(
        ExitCode.USAGE, cli.run("keygen", "--private-key", priv, "--public-key", pub + ".2"));
    Assertions.assertTrue(cli.stderr().contains(priv + " exists"), cli.stderr());

    String manifest = tmp.resolve("corpus.dsse.json").toString();
    assertEquals(
        ExitCode.OK,
        cli.run("manifest", "--input", corpus.toString(), "--out", manifest, "--private-key", priv),
        cli.stderr());
    Assertions.assertTrue(cli.stdout().contains("3 shard(s)"));
    String[] verify = {
      "verify", "--input", corpus.toString(), "--manifest", manifest, "--public-key", pub
    };
    assertEquals(ExitCode.OK, cli.run(verify), cli.stderr());
    Assertions.assertTrue(cli.stdout().startsWith("verified: 3 shard(s)"));

    // A changed shard: exit 4, named.
    Path victim;
    try (Stream<Path> s = Files.list(corpus)) {
      victim = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList().get(2);
    }
    byte[] original = Files.readAllBytes(victim);
    byte[] flipped = original.clone();
    flipped[100] ^= 0x40;
    Files.write(victim, flipped);
    assertEquals(ExitCode.BAD_INPUT, cli.run(verify));
    Assertions.assertTrue(
        cli.stderr().contains("shard " + victim.getFileName() + " changed"), cli.stderr());
    Files.write(victim, original);

    // The manifest's signature tampered with: exit 4 before any shard is trusted.
    String envelope = Files.readString(Path.of(manifest));
    int at = envelope.indexOf("\"sig\" : \"") + 9;
    char c = envelope.charAt(at);
    Files.writeString(
        Path.of(manifest),
        envelope.substring(0, at) + (c == 'A' ? 'B' : 'A') + envelope.substring(at + 1));
    assertEquals(ExitCode.BAD_INPUT, cli.run(verify));
    Assertions.assertTrue(cli.stderr().contains("no signature verifies"), cli.stderr());

    // A key path that does not exist: a configuration error naming the key.
    assertEquals(
        ExitCode.USAGE,
        cli.run(
            "manifest",
            "--input",
            corpus.toString(),
            "--out",
            manifest,
            "--private-key",
            priv + ".missing"));
    Assertions.assertTrue(
        cli.stderr().contains("antidote.manifest.private-key-file"), cli.stderr());
  }

  @Test
  void signedAuditVerifiesAndLeaksNoPrivateKey() throws Exception {
    Path corpus = tmp.resolve("corpus");
    new LaionRows().clean(20).write(spark(), corpus, 2);
    String priv = tmp.resolve("k.pem").toString();
    String pub = tmp.resolve("k.pub.pem").toString();
    assertEquals(
        ExitCode.OK, cli.run("keygen", "--private-key", priv, "--public-key", pub), cli.stderr());
    String pem = Files.readString(Path.of(priv));
    String pemBody =
        pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
    byte[] der = Base64.getMimeDecoder().decode(pemBody);
    EdECPrivateKey key =
        (EdECPrivateKey)
            KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    byte[] seed = key.getBytes().orElseThrow();
    List<String> secrets =
        List.of(
            Base64.getEncoder().encodeToString(der),
            Base64.getEncoder().encodeToString(seed),
            java.util.HexFormat.of().formatHex(seed));

    String manifest = tmp.resolve("corpus.dsse.json").toString();
    Path root = tmp.resolve("out");
    StringWriter logs = new StringWriter();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    WriterAppender appender =
        WriterAppender.createAppender(
            PatternLayout.newBuilder().withPattern("%m%n%throwable").build(),
            null,
            logs,
            "manifest-secrets",
            false,
            true);
    appender.start();
    cfg.getRootLogger().addAppender(appender, Level.ALL, null);
    ctx.updateLoggers();
    List<String> console = new ArrayList<>();
    try {
      assertEquals(
          ExitCode.OK,
          cli.run(
              "manifest", "--input", corpus.toString(), "--out", manifest, "--private-key", priv),
          cli.stderr());
      console.add(cli.stdout() + cli.stderr());
      assertEquals(
          ExitCode.OK,
          cli.run(
              "audit",
              "--input",
              corpus.toString(),
              "--output",
              root.toString(),
              "--run-id",
              "signed",
              "--manifest",
              manifest,
              "--private-key",
              priv,
              "--public-key",
              pub,
              "--conf",
              "embed.enabled=false"),
          cli.stderr());
      console.add(cli.stdout() + cli.stderr());
      assertEquals(
          ExitCode.OK,
          cli.run("verify", "--output", root.toString(), "--run-id", "signed", "--public-key", pub),
          cli.stderr());
      console.add(cli.stdout() + cli.stderr());
    } finally {
      cfg.getRootLogger().removeAppender("manifest-secrets");
      ctx.updateLoggers();
      appender.stop();
    }
    Assertions.assertTrue(console.get(2).startsWith("verified: run signed"), console.get(2));
    Path runDir = root.resolve("runs").resolve("run_id=signed");
    Assertions.assertTrue(Files.exists(runDir.resolve("manifest.dsse.json")));
    Assertions.assertTrue(Files.exists(runDir.resolve("bom.cdx.json")));

    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
    }
    files.add(Path.of(manifest));
    List<String> texts = new ArrayList<>(console);
    texts.add(logs.toString());
    for (Path f : files) {
      texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    Assertions.assertTrue(logs.toString().contains("signed manifest"), "the log was captured");
    for (String secret : secrets) {
      for (int i = 0; i < texts.size(); i++) {
        String where = i < 4 ? "console or log " + i : files.get(i - 4).toString();
        assertFalse(texts.get(i).contains(secret), "the private key appears in " + where);
      }
    }
    // Raw bytes too: the seed in no binary output file.
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      assertFalse(
          new String(b, StandardCharsets.ISO_8859_1)
              .contains(new String(seed, StandardCharsets.ISO_8859_1)),
          "the raw seed appears in " + f);
    }
  }
}
