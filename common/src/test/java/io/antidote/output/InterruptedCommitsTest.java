package io.antidote.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.antidote.testing.AuditFixture;
import io.antidote.testing.LaionRows;
import io.antidote.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run does with the leftovers of other runs under its output root, whatever their ids: a
 * commit whose lease is dead is rolled back, a partition with no run.json and no live lease is
 * removed, and a run whose lease is alive (committing beside it) is left exactly as it is.
 */
class InterruptedCommitsTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void deadCommitsAreRolledBackAndALiveOneIsLeftAlone() throws Exception {
    String in = new LaionRows().clean(6).write(spark(), tmp.resolve("in"), 1);
    Path root = tmp.resolve("out");
    Path stagingParent = tmp.resolve(".antidote-staging").resolve("out");
    // A run committing now, in this very process: its lease is alive.
    String liveAttempt = UUID.randomUUID().toString();
    Path live = stagingParent.resolve("run_id=live-" + liveAttempt);
    write(
        live.resolve("_lease.json"),
        CommitLease.ofThisProcess("live", liveAttempt, "parquet").toJson());
    write(root.resolve("lineage/run_id=live/part-0.parquet"), new byte[] {1});
    // A run that died on another host two hours ago, mid-commit.
    String deadAttempt = UUID.randomUUID().toString();
    Path dead = stagingParent.resolve("run_id=dead-" + deadAttempt);
    String twoHoursAgo = Instant.now().minusSeconds(7200).toString();
    write(
        dead.resolve("_lease.json"),
        new CommitLease(
                "dead",
                deadAttempt,
                "parquet",
                "elsewhere.example",
                1,
                null,
                twoHoursAgo,
                twoHoursAgo,
                false)
            .toJson());
    write(dead.resolve("curated/run_id=dead/part-0.parquet"), new byte[] {1});
    write(root.resolve("lineage/run_id=dead/part-0.parquet"), new byte[] {1});
    // A partition nobody holds, and a committed run.
    write(root.resolve("flags/run_id=gone/detector=integrity/part-0.parquet"), new byte[] {1});
    write(root.resolve("runs/run_id=gone/._run.json-x"), new byte[] {1});
    write(root.resolve("lineage/run_id=kept/part-0.parquet"), new byte[] {1});
    write(root.resolve("runs/run_id=kept/run.json"), new byte[] {'{', '}'});

    AuditFixture.audit(spark(), in, root, "next", Map.of());

    assertEquals(
        List.of(
            "flags",
            "lineage",
            "lineage/run_id=kept",
            "lineage/run_id=kept/part-0.parquet",
            "lineage/run_id=live",
            "lineage/run_id=live/part-0.parquet",
            // The next run's own roll-ups (the folder; its partition is filtered out below).
            "rollups",
            "runs",
            "runs/run_id=kept",
            "runs/run_id=kept/run.json"),
        AuditFixture.tree(root).stream()
            .filter(p -> !p.contains("run_id=next"))
            .filter(p -> !p.startsWith("curated"))
            .toList());
    assertEquals(
        List.of("run_id=live-" + liveAttempt, "run_id=live-" + liveAttempt + "/_lease.json"),
        AuditFixture.tree(stagingParent));
  }

  private static void write(Path p, byte[] content) throws Exception {
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }
}
