package io.antidote.udfs;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The registrable domain ("eTLD+1") of a URL, from the Public Suffix List that Guava maintains. A
 * domain is what an attacker buys or a deny list names: {@code cdn.images.example.co.uk} belongs to
 * {@code example.co.uk}. A hand-written TLD list gets this wrong for multi-part suffixes and
 * private suffixes.
 */
public final class RegistrableDomain {
  private RegistrableDomain() {}

  /**
   * The host of an http(s) URL, lower-cased and without a trailing dot; empty if the URL is
   * malformed.
   */
  public static Optional<String> host(String url) {
    if (url == null) {
      return Optional.empty();
    }
    String trimmed = url.trim();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        return Optional.empty();
      }
      String host = uri.getHost();
      if (host == null) {
        // java.net.URI refuses hosts with underscores, common in the wild; take the authority by
        // hand.
        String authority = uri.getRawAuthority();
        if (authority == null) {
          return Optional.empty();
        }
        host = authority.replaceFirst("^[^@]*@", "").replaceFirst(":\\d*$", "");
      }
      host = host.toLowerCase(Locale.ROOT);
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      return host.isEmpty() ? Optional.empty() : Optional.of(IDN.toASCII(host));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The registrable domain of {@code url}: empty when the URL is malformed, its host is an IP
   * address, or the host is itself a public suffix (nothing there can be registered).
   */
  public static Optional<String> of(String url) {
    return host(url).flatMap(RegistrableDomain::ofHost);
  }

  /** The registrable domain of a host name (see {@link #of}). */
  public static Optional<String> ofHost(String host) {
    if (host == null || !InternetDomainName.isValid(host)) {
      return Optional.empty();
    }
    InternetDomainName name = InternetDomainName.from(host);
    if (!name.isUnderPublicSuffix()) {
      return Optional.empty();
    }
    return Optional.of(name.topPrivateDomain().toString());
  }

  /** Normalises a domain written in a list (case, trailing dot, leading "www." kept as written). */
  public static String normaliseListed(String domain) {
    String d = domain.trim().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    return IDN.toASCII(d);
  }
}
