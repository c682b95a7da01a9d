package io.antidote.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads a gzipped three-column TSV fixture (label, origin, text) from the test classpath. */
final class TsvFixture {
  private TsvFixture() {}

  static List<String[]> read(String resource) {
    InputStream raw = TsvFixture.class.getResourceAsStream(resource);
    if (raw == null) {
      throw new IllegalStateException(resource + " is not on the test classpath");
    }
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        rows.add(line.split("\t", 3));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
