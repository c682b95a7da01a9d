package io.antidote.detect.labeldisagreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.antidote.config.SettingsBlock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The neighbour vote and the flip decision on arrays, without Spark. */
class LabelFlipsTest {
  static final LabelDisagreementSettings S =
      LabelDisagreementSettings.fromConfig(SettingsBlock.defaults(LabelDisagreementSettings.PATH));

  @Test
  void voteCountsTheFirstKLabelledNeighboursAndBreaksTiesByName() {
    LabelVote v =
        LabelVote.of("cat", Arrays.asList("dog", "cat", null, "bird", "dog", "cat", "x"), 6);
    assertEquals(5, v.voters());
    assertEquals(0.4, v.ownShare(), 1e-12);
    // dog and cat tie at 2: the name that sorts first wins the majority.
    assertEquals("cat", v.majority());
    assertEquals("dog", v.other());
    assertEquals(0.4, v.otherShare(), 1e-12);
    LabelVote agree = LabelVote.of("cat", List.of("cat", "cat"), 10);
    assertNull(agree.other());
    assertEquals(1.0, agree.ownShare());
  }

  @Test
  void flipsOnlyBetweenCalibratedClassesPastTheTargetClassCut() {
    Map<String, ClassStats> classes =
        Map.of(
            "cat", ClassStats.of("cat", 100, 0.95, 0.9, 0.7, S),
            "dog", ClassStats.of("dog", 100, 0.9, 0.85, 0.6, S),
            // Not separable: neither flagged nor voted into.
            "fox", ClassStats.of("fox", 100, 0.5, 0.5, 0.3, S),
            // Too small to calibrate.
            "emu", ClassStats.of("emu", 5, 1.0, 1.0, 1.0, S));
    LabelFlips flips = new LabelFlips(classes, S.minShare());
    assertEquals(0.6, classes.get("dog").threshold(S.minShare()));
    // The cut is at least min-share even when the class's own quantile is lower.
    assertEquals(S.minShare(), classes.get("fox").threshold(S.minShare()));

    LabelVote toDog =
        LabelVote.of(
            "cat",
            List.of("dog", "dog", "dog", "dog", "dog", "dog", "dog", "cat", "cat", "cat"),
            10);
    assertTrue(flips.isFlip(toDog));
    LabelFlips.Flag f = flips.flag(toDog, List.of("n1", "n2", "n3", "n4", "n5", "n6"));
    assertEquals(0.7, f.score(), 1e-12);
    assertEquals(0.6, f.threshold());
    assertEquals("dog", f.evidence().get("majority_label"));
    assertEquals("0.7000", f.evidence().get("majority_share"));
    assertEquals("n1,n2,n3,n4,n5", f.evidence().get("neighbours"));
    assertTrue(
        f.reason().startsWith("labelled 'cat' but 7 of its 10 nearest neighbours"), f.reason());

    // Under dog's cut (0.6).
    assertFalse(
        flips.isFlip(
            LabelVote.of(
                "cat",
                List.of("dog", "dog", "dog", "dog", "dog", "cat", "cat", "cat", "cat", "x"),
                10)));
    // Into or out of an inseparable or uncalibrated class.
    assertFalse(
        flips.isFlip(
            LabelVote.of(
                "cat", List.of("fox", "fox", "fox", "fox", "fox", "fox", "fox", "fox"), 10)));
    assertFalse(
        flips.isFlip(
            LabelVote.of(
                "fox", List.of("dog", "dog", "dog", "dog", "dog", "dog", "dog", "dog"), 10)));
    assertFalse(
        flips.isFlip(
            LabelVote.of(
                "cat", List.of("emu", "emu", "emu", "emu", "emu", "emu", "emu", "emu"), 10)));
    // An unknown label (no figures) is never flagged.
    assertFalse(flips.isFlip(LabelVote.of("yak", List.of("dog", "dog", "dog", "dog"), 10)));
  }
}
