package io.antidote.detect.provenance;

import io.antidote.flags.Action;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Provenance rules over a row's host, registrable domain and crawl time (pure logic; the Spark glue
 * is {@link ProvenanceDetector}). Three rules:
 *
 * <p>One matching rule for the three lists: an entry matches its host and every host under it, so a
 * registrable domain matches the whole domain; where several entries match a host, the nearest
 * (longest) one counts.
 *
 * <ul>
 *   <li>deny list: the host or any parent domain down to the registrable one is listed;
 *   <li>allow list: when one is given, rows whose host is not under a listed entry;
 *   <li>re-registered domains (or hosts): the row was crawled before the domain changed hands, so
 *       the URL now serves whatever the new owner puts there. Carlini et al. (2023) bought expired
 *       domains behind LAION and other URL-list datasets for a few dollars each: a downloader
 *       fetching the list later gets the attacker's content. A row without a crawl time on such a
 *       domain is flagged too.
 * </ul>
 *
 * Rows without a parsable http(s) host are not judged here; the audit counts them.
 */
public final class ProvenanceRules implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String RULE_DENY = "deny-list";
  public static final String RULE_OFF_ALLOW = "off-allow-list";
  public static final String RULE_REREGISTERED = "reregistered-domain";

  private final Set<String> deny;
  private final Set<String> allow;
  private final Map<String, LocalDate> reregistered;
  private final Action action;
  private final Action offAllowAction;

  public ProvenanceRules(
      Set<String> deny,
      Set<String> allow,
      Map<String, LocalDate> reregistered,
      Action action,
      Action offAllowAction) {
    this.deny = Set.copyOf(deny);
    this.allow = Set.copyOf(allow);
    this.reregistered = Map.copyOf(reregistered);
    this.action = action;
    this.offAllowAction = offAllowAction;
  }

  public boolean isEmpty() {
    return deny.isEmpty() && allow.isEmpty() && reregistered.isEmpty();
  }

  /**
   * What was found for one row: the rules that fired, a reason, evidence, and the strongest action.
   */
  public record Finding(
      List<String> rules, String reason, Map<String, String> evidence, Action action) {}

  public Optional<Finding> check(String host, String domain, Instant crawlTime) {
    if (host == null || domain == null) {
      return Optional.empty();
    }
    List<String> rules = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Map<String, String> evidence = new LinkedHashMap<>();
    Action strongest = null;
    evidence.put("host", host);
    evidence.put("domain", domain);

    Optional<String> denied = listedAncestor(host, domain, deny);
    if (denied.isPresent()) {
      rules.add(RULE_DENY);
      reasons.add("host " + host + " is under " + denied.get() + ", which is on the deny list");
      evidence.put("deny_listed", denied.get());
      strongest = action;
    }
    if (!allow.isEmpty() && listedAncestor(host, domain, allow).isEmpty()) {
      rules.add(RULE_OFF_ALLOW);
      reasons.add("host " + host + " is not under any domain on the allow list");
      strongest = stronger(strongest, offAllowAction);
    }
    Optional<String> reregisteredEntry = listedAncestor(host, domain, reregistered.keySet());
    if (reregisteredEntry.isPresent()) {
      String listed = reregisteredEntry.get();
      LocalDate changedHands = reregistered.get(listed);
      Instant since = changedHands.atStartOfDay(ZoneOffset.UTC).toInstant();
      if (crawlTime == null || crawlTime.isBefore(since)) {
        rules.add(RULE_REREGISTERED);
        reasons.add(
            (listed.equals(domain) ? "domain " : "host ")
                + listed
                + " was re-registered on "
                + changedHands
                + (crawlTime == null
                    ? " and the row has no crawl time"
                    : ", after this row was crawled (" + crawlTime + ")")
                + ": the URL now serves the new owner's content");
        evidence.put("reregistered", listed);
        evidence.put("reregistered_at", changedHands.toString());
        evidence.put("crawl_time", String.valueOf(crawlTime));
        strongest = stronger(strongest, action);
      }
    }
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    evidence.put("rules", String.join(",", rules));
    return Optional.of(
        new Finding(List.copyOf(rules), String.join("; ", reasons), evidence, strongest));
  }

  private static Action stronger(Action a, Action b) {
    if (a == null) {
      return b;
    }
    return a == Action.DROP || b == Action.DROP ? Action.DROP : Action.REVIEW;
  }

  /**
   * The host itself or its nearest parent domain, down to the registrable domain, that is in {@code
   * list}.
   */
  static Optional<String> listedAncestor(String host, String domain, Set<String> list) {
    if (list.isEmpty()) {
      return Optional.empty();
    }
    String h = host;
    while (true) {
      if (list.contains(h)) {
        return Optional.of(h);
      }
      if (h.equals(domain) || !h.contains(".")) {
        return Optional.empty();
      }
      h = h.substring(h.indexOf('.') + 1);
    }
  }
}
