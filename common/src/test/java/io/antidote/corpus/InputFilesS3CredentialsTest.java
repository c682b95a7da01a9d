package io.antidote.corpus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.testing.S3ProxyServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong or missing object-store credentials are named as such before any work starts, against a
 * real S3 API (S3Proxy), not passed on as the AWS SDK's run-on message.
 */
class InputFilesS3CredentialsTest {
  @TempDir static Path tmp;
  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(tmp, List.of("corpus"));
    Configuration good = conf();
    try (FileSystem fs = FileSystem.newInstance(java.net.URI.create("s3a://corpus/"), good);
        OutputStream out =
            fs.create(new org.apache.hadoop.fs.Path("s3a://corpus/in/part-0.parquet"))) {
      out.write("PAR1 not really parquet PAR1".getBytes(StandardCharsets.US_ASCII));
    }
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static Configuration conf() {
    Configuration c = new Configuration();
    s3.configure(c);
    // A fresh S3A client per test: the file-system cache would hand back the one with good keys.
    c.setBoolean("fs.s3a.impl.disable.cache", true);
    return c;
  }

  @Test
  void theRightCredentialsListTheCorpus() {
    assertTrue(InputFiles.list(List.of("s3a://corpus/in"), conf()).size() == 1);
  }

  @Test
  void aWrongSecretIsNamedAsRefusedCredentials() {
    Configuration c = conf();
    c.set("fs.s3a.secret.key", "not-the-secret");
    InputException e =
        assertThrows(InputException.class, () -> InputFiles.list(List.of("s3a://corpus/in"), c));
    String m = e.getMessage();
    assertTrue(m.startsWith("cannot list input path s3a://corpus/in: "), m);
    assertTrue(m.contains("fs.s3a.secret.key"), m);
    assertTrue(m.contains("access denied") || m.contains("does not accept the credentials"), m);
    assertFalse(m.contains("Request ID"), "no raw AWS SDK message: " + m);
    assertFalse(m.contains("not-the-secret"), "the secret is not echoed: " + m);
    assertTrue(m.lines().count() == 1, "one line: " + m);
  }

  @Test
  void missingCredentialsNameTheSettingsToSet() {
    Configuration c = conf();
    c.unset("fs.s3a.access.key");
    c.unset("fs.s3a.secret.key");
    InputException e =
        assertThrows(InputException.class, () -> InputFiles.list(List.of("s3a://corpus/in"), c));
    String m = e.getMessage();
    // With no keys S3A signs nothing and the store answers 403, or the provider finds none: either
    // way the message names the settings to fix.
    assertTrue(m.contains("no credentials for the object store") || m.contains("access denied"), m);
    assertTrue(m.contains("fs.s3a.access.key"), m);
    assertFalse(m.contains("Request ID"), "no raw AWS SDK message: " + m);
  }

  @Test
  void anUnreachableEndpointIsNamed() {
    Configuration c = conf();
    c.set("fs.s3a.endpoint", "http://127.0.0.1:9");
    c.set("fs.s3a.attempts.maximum", "1");
    c.set("fs.s3a.retry.limit", "1");
    c.set("fs.s3a.connection.establish.timeout", "1000");
    InputException e =
        assertThrows(InputException.class, () -> InputFiles.list(List.of("s3a://corpus/in"), c));
    assertTrue(e.getMessage().contains("cannot reach the file system's endpoint"), e.getMessage());
  }
}
