package io.antidote.flags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Scores next to their cuts read as different numbers whenever they differ. */
class EvidenceTest {
  @Test
  void aScoreJustPastItsCutGetsTheDigitsThatShowIt() {
    assertArrayEquals(new String[] {"0.8781", "0.8779"}, Evidence.versus(0.87812, 0.87794, 3));
    assertArrayEquals(new String[] {"0.87801", "0.87800"}, Evidence.versus(0.878012, 0.878, 3));
  }

  @Test
  void clearlyDifferentNumbersKeepTheMinimumDigits() {
    assertArrayEquals(new String[] {"0.912", "0.878"}, Evidence.versus(0.912, 0.878, 3));
    assertArrayEquals(new String[] {"0.500", "0.500"}, Evidence.versus(0.5, 0.5, 3));
  }
}
