package io.antidote.detect.provenance;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
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
 * Reads the provenance lists from local, hdfs: or s3a: paths. One rule for every list: an entry is
 * a host name and matches that host and every host under it, so a registrable domain ({@code
 * example.co.uk}) matches the whole domain and a host ({@code photos.example.com}) that host and
 * its subdomains (see {@link ProvenanceRules}). A bad line, or an entry that can never match a row
 * (a URL, an IP address, a public suffix, a name under no known public suffix), stops the job with
 * the file, line number and content: a silently skipped entry is a hole in the audit.
 */
public final class DomainLists {
  private DomainLists() {}

  /** One host or domain per line; blank lines and {@code #} comments ignored. */
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
      out.add(entry(line, path, i + 1, key));
    }
    return out;
  }

  /**
   * CSV with header {@code domain,reregistered_at}; dates as yyyy-MM-dd. An entry listed twice with
   * different dates is an error.
   */
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
      String entry = entry(parts[0], path, i + 1, key);
      LocalDate date;
      try {
        date = LocalDate.parse(parts[1].trim());
      } catch (DateTimeParseException e) {
        throw new InvalidConfigException(
            key,
            path + " line " + (i + 1) + ": '" + parts[1].trim() + "' is not a date (yyyy-MM-dd)");
      }
      LocalDate before = out.putIfAbsent(entry, date);
      if (before != null && !before.equals(date)) {
        throw new InvalidConfigException(
            key,
            path
                + " line "
                + (i + 1)
                + ": '"
                + entry
                + "' is listed again with another date ("
                + date
                + ", earlier "
                + before
                + ")");
      }
    }
    return out;
  }

  /**
   * The entry on line {@code line}, normalised (lower case, no trailing dot, IDNA), or an {@link
   * InvalidConfigException} on {@code key} naming the file and line when it is no host name or can
   * never match a row: rows are judged by a host that has a registrable domain, so an IP address, a
   * public suffix ({@code co.uk}, {@code github.io}) or a name under no known suffix never matches.
   */
  static String entry(String raw, String path, int line, String key) {
    String written = raw.trim();
    String why = unmatchable(written);
    if (why != null) {
      throw new InvalidConfigException(key, path + " line " + line + ": '" + written + "' " + why);
    }
    return RegistrableDomain.normaliseListed(written);
  }

  /** Why {@code written} can never match a row's host, or null when it can. */
  private static String unmatchable(String written) {
    if (written.contains("://") || written.contains("/")) {
      return "is a URL or a path, not a host name: list the host (photos.example.com); an entry"
          + " matches that host and every host under it";
    }
    String bare =
        written.startsWith("[") && written.endsWith("]")
            ? written.substring(1, written.length() - 1)
            : written;
    if (InetAddresses.isInetAddress(bare)) {
      return "is an IP address: rows on IP hosts have no registrable domain and provenance does"
          + " not judge them";
    }
    String host;
    try {
      host = RegistrableDomain.normaliseListed(written);
    } catch (IllegalArgumentException e) {
      return "is not a host name (" + e.getMessage() + ")";
    }
    if (host.isEmpty() || !host.contains(".") || !InternetDomainName.isValid(host)) {
      return "is not a host name";
    }
    InternetDomainName name = InternetDomainName.from(host);
    if (name.isPublicSuffix()) {
      return "is a public suffix (Public Suffix List), under which every name is its own"
          + " registrable domain, so it matches nothing: list the domains under it";
    }
    if (!name.isUnderPublicSuffix()) {
      return "is under no public suffix the Public Suffix List knows: rows on such hosts have no"
          + " registrable domain and provenance does not judge them";
    }
    return null;
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
