package io.antidote.detect.offtopic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One row's isolation from other units, from its neighbour list. */
class UnitIsolationTest {

  @Test
  void ownUnitRowsAreSkippedAndTheRankThOtherUnitRowGivesTheDistance() {
    UnitIsolation iso =
        UnitIsolation.of(
            "b",
            "shop.com",
            List.of("a", "c", "d", "e", "f"),
            Arrays.asList("shop.com", "shop.com", "x.org", null, "y.net"),
            List.of(0.99f, 0.9f, 0.7f, 0.6f, 0.5f),
            2,
            0.95);
    assertEquals(0.4, iso.distance(), 1e-6);
    assertTrue(iso.copy(), "0.99-similar to an earlier row of its own unit");
    assertEquals(0.01, iso.nearestSameUnit(), 1e-6);
  }

  @Test
  void theFirstOfCopiesCountsAndShortListsGiveALowerBound() {
    UnitIsolation first =
        UnitIsolation.of(
            "a",
            "shop.com",
            List.of("b", "c"),
            List.of("shop.com", "x.org"),
            List.of(0.99f, 0.8f),
            3,
            0.95);
    assertFalse(first.copy(), "a copy of a later row is the one that counts");
    assertEquals(0.2, first.distance(), 1e-6);
    UnitIsolation noUnit =
        UnitIsolation.of(
            "a", null, List.of("b", "c"), List.of("x", "x"), List.of(0.9f, 0.8f), 1, 0.95);
    assertEquals(0.1, noUnit.distance(), 1e-6);
    assertTrue(Double.isNaN(noUnit.nearestSameUnit()));
    assertTrue(
        Double.isNaN(
            UnitIsolation.of("a", "u", List.of(), List.of(), List.of(), 1, 0.95).distance()));
  }

  @Test
  void largeUnitsUseASmallerRank() {
    assertEquals(10, UnitIsolation.rankFor(10, 0.01));
    assertEquals(8, UnitIsolation.rankFor(10, 0.2));
    assertEquals(1, UnitIsolation.rankFor(10, 0.99));
  }
}
