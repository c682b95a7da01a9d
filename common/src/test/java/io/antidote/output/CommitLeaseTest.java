package io.antidote.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The rule that tells a dead commit from a live one, on leases built in the test. */
class CommitLeaseTest {
  private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private static CommitLease lease(String host, String renewedAt) {
    return new CommitLease(
        "r1", "a1", "parquet", host, 42, STARTED.toString(), STARTED.toString(), renewedAt, false);
  }

  @Test
  void aLeaseOnThisHostIsDeadOnceItsProcessIsGoneOrItsPidReused() {
    CommitLease l = lease("here", NOW.toString());
    assertFalse(l.isDead(NOW, TIMEOUT, "here", pid -> Optional.of(STARTED)), "process alive");
    assertTrue(l.isDead(NOW, TIMEOUT, "here", pid -> Optional.empty()), "no such process");
    assertTrue(
        l.isDead(NOW, TIMEOUT, "here", pid -> Optional.of(STARTED.plusSeconds(5))),
        "pid 42 now belongs to a process started later");
  }

  @Test
  void aLeaseFromAnotherHostIsDeadOnlyAfterTheTimeout() {
    assertFalse(
        lease("there", NOW.minus(TIMEOUT).toString())
            .isDead(NOW, TIMEOUT, "here", pid -> Optional.empty()),
        "renewed exactly one timeout ago");
    assertTrue(
        lease("there", NOW.minus(TIMEOUT).minusSeconds(1).toString())
            .isDead(NOW, TIMEOUT, "here", pid -> Optional.empty()));
    assertTrue(
        lease("there", NOW.toString())
            .abandon()
            .isDead(NOW, TIMEOUT, "here", pid -> Optional.empty()),
        "an abandoned lease is dead at once");
  }

  @Test
  void aLeaseIsWrittenAndReadAsJson() {
    CommitLease l = lease("here", NOW.toString());
    String json = new String(l.toJson(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"renewed_at\":\"2026-01-01T12:00:00Z\""), json);
    assertEquals(l, CommitLease.fromJson(l.toJson(), "lease.json"));
    IllegalStateException e =
        Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                CommitLease.fromJson(
                    "{\"run_id\":\"r1\"}".getBytes(StandardCharsets.UTF_8), "s/_lease.json"));
    assertTrue(
        e.getMessage().startsWith("cannot read the commit lease s/_lease.json"), e.getMessage());
  }
}
