package io.antidote.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.audit.AuditCounts;
import io.antidote.audit.AuditResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The printed summary shows rows the model could not embed, and says nothing when there are none.
 */
class SummaryTest {
  private static AuditResult result(long embedFailed) {
    return result(248, 0, embedFailed);
  }

  private static AuditResult result(long read, long rejected, long embedFailed) {
    long audited = read - rejected;
    AuditCounts c =
        new AuditCounts(
            read,
            rejected,
            audited,
            audited - 5,
            5,
            0,
            0,
            0,
            0,
            0,
            Map.of("integrity", 0L),
            Map.of(),
            Map.of(),
            0,
            0,
            0,
            audited,
            embedFailed);
    return new AuditResult(
        "r1",
        false,
        "/out",
        Map.of("embed_errors", "/out/embed_errors/run_id=r1"),
        c,
        Map.of("read", 1000L),
        "{}");
  }

  @Test
  void embedFailuresArePrintedWhenThereAreSome() {
    String s = Summary.of(result(7));
    assertTrue(
        s.contains("embed failures              7  (rows without a vector; see embed_errors/)"), s);
    assertFalse(Summary.of(result(0)).contains("embed failures"));
  }

  @Test
  void rowsReadCountTheInputAndTheKindsSplitTheAuditedRows() {
    String s = Summary.of(result(250, 2, 0));
    assertTrue(s.contains("rows read                 250\n"), s);
    assertTrue(s.contains("rows rejected               2"), s);
    assertTrue(s.contains("rows audited              248  (5 text, 243 image)"), s);
  }
}
