package io.antidote.detect.provenance;

import io.antidote.config.InvalidConfigException;
import io.antidote.udfs.RegistrableDomain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads the provenance lists from local, hdfs: or s3a: paths. A bad line stops the job with the
 * file, line number and content, since a silently skipped deny-list entry is a hole in the audit.
 */
public final class DomainLists {
  private DomainLists() {}

  /** One domain per line; blank lines and {@code #} comments ignored. */
  public static Set<String> readDomains(String path, String key, Configuration conf) {
    Set<String> out = new LinkedHashSet<>();
    if (path.isEmpty()) {
      return out;
    }
    List<String> lines = readLines(path, key, conf);
    for (int i = 0; i < lines.size(); i++) {
      String line = stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      if (line.contains(" ") || line.contains("/") || !line.contains(".")) {
        throw new InvalidConfigException(
            key, path + " line " + (i + 1) + ": '" + line + "' is not a domain name");
      }
      out.add(RegistrableDomain.normaliseListed(line));
    }
    return out;
  }

  /** CSV with header {@code domain,reregistered_at}; dates as yyyy-MM-dd. */
  public static Map<String, LocalDate> readReregistered(
      String path, String key, Configuration conf) {
    Map<String, LocalDate> out = new LinkedHashMap<>();
    if (path.isEmpty()) {
      return out;
    }
    List<String> lines = readLines(path, key, conf);
    boolean header = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = stripComment(lines.get(i));
      if (line.isEmpty()) {
        continue;
      }
      if (header) {
        header = false;
        if (!line.replace(" ", "").equalsIgnoreCase("domain,reregistered_at")) {
          throw new InvalidConfigException(
              key,
              path
                  + " line "
                  + (i + 1)
                  + ": expected the header 'domain,reregistered_at', got '"
                  + line
                  + "'");
        }
        continue;
      }
      String[] parts = line.split(",");
      if (parts.length != 2) {
        throw new InvalidConfigException(
            key, path + " line " + (i + 1) + ": expected 'domain,yyyy-MM-dd', got '" + line + "'");
      }
      try {
        out.put(RegistrableDomain.normaliseListed(parts[0]), LocalDate.parse(parts[1].trim()));
      } catch (DateTimeParseException e) {
        throw new InvalidConfigException(
            key,
            path + " line " + (i + 1) + ": '" + parts[1].trim() + "' is not a date (yyyy-MM-dd)");
      }
    }
    return out;
  }

  private static String stripComment(String line) {
    int hash = line.indexOf('#');
    return (hash >= 0 ? line.substring(0, hash) : line).trim();
  }

  private static List<String> readLines(String path, String key, Configuration conf) {
    Path p = new Path(path);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      throw new InvalidConfigException(key, "cannot read " + path + ": " + e.getMessage());
    }
    return lines;
  }
}
