package io.antidote.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lease a run holds on its staging folder ({@code _lease.json}), which tells a later run
 * whether this one is still alive. A lease is dead when its process ran on the same host and is
 * gone (no process with that pid, or one started at another time: the pid was reused), or when it
 * was last renewed longer than the timeout ago. The second rule trusts clocks: hosts whose clocks
 * differ by more than the timeout may take a live run for dead; a process stalled for longer than
 * the timeout (a long GC pause, a suspended VM) is taken for dead too.
 *
 * @param processStartedAt the process's own start, to tell a reused pid apart; null if unknown
 * @param abandoned set by a run that failed after its commit point, so the next run finishes its
 *     commit at once instead of waiting for the timeout
 */
public record CommitLease(
    String runId,
    String attempt,
    String format,
    String host,
    long pid,
    String processStartedAt,
    String startedAt,
    String renewedAt,
    boolean abandoned) {
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** A new lease for this process, renewed now. */
  public static CommitLease ofThisProcess(String runId, String attempt, String format) {
    ProcessHandle self = ProcessHandle.current();
    String now = Instant.now().toString();
    return new CommitLease(
        runId,
        attempt,
        format,
        localHost(),
        self.pid(),
        self.info().startInstant().map(Instant::toString).orElse(null),
        now,
        now,
        false);
  }

  public CommitLease renewed(Instant now) {
    return new CommitLease(
        runId, attempt, format, host, pid, processStartedAt, startedAt, now.toString(), abandoned);
  }

  public CommitLease abandon() {
    return new CommitLease(
        runId, attempt, format, host, pid, processStartedAt, startedAt, renewedAt, true);
  }

  /**
   * Whether the run holding this lease is gone, seen from {@code localHost} at {@code now}; {@code
   * processStart} gives the start of a local process by pid, empty when there is none.
   */
  public boolean isDead(
      Instant now,
      Duration timeout,
      String localHost,
      java.util.function.LongFunction<Optional<Instant>> processStart) {
    if (abandoned) {
      return true;
    }
    if (host.equals(localHost)) {
      Optional<Instant> started = processStart.apply(pid);
      if (started.isEmpty()) {
        return true;
      }
      if (processStartedAt != null && !started.get().toString().equals(processStartedAt)) {
        return true;
      }
    }
    return Instant.parse(renewedAt).plus(timeout).isBefore(now);
  }

  /** {@link #isDead} on this host, now. */
  public boolean isDead(Duration timeout) {
    return isDead(
        Instant.now(),
        timeout,
        localHost(),
        pid -> ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()));
  }

  public String describe() {
    return "run "
        + runId
        + " (attempt "
        + attempt
        + ", pid "
        + pid
        + " on "
        + host
        + ", started "
        + startedAt
        + ", lease renewed "
        + renewedAt
        + (abandoned ? ", abandoned after its commit point" : "")
        + ")";
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lease in {@code json}; {@code source} (its path) is named in the error. */
  public static CommitLease fromJson(byte[] json, String source) {
    try {
      CommitLease lease = JSON.readValue(json, CommitLease.class);
      if (lease.runId() == null || lease.host() == null || lease.renewedAt() == null) {
        throw new IOException("run_id, host and renewed_at are required");
      }
      Instant.parse(lease.renewedAt());
      return lease;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot read the commit lease "
              + source
              + ": "
              + new String(json, StandardCharsets.UTF_8)
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
