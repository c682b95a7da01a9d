package io.antidote.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmbedLengthSortedBatchesTest {

  @Test
  void sortsWithinWindowsAndKeepsEveryItem() {
    List<String> in = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      in.add("x".repeat((i * 7) % 11 + 1));
    }
    LengthSortedBatches<String> b = new LengthSortedBatches<>(in.iterator(), 4, 3, String::length);
    List<List<String>> batches = new ArrayList<>();
    b.forEachRemaining(l -> batches.add(List.copyOf(l)));
    assertEquals(List.of(4, 4, 4, 4, 4, 3), batches.stream().map(List::size).toList());
    // Within one window (3 batches = 12 items) lengths are non-decreasing.
    List<String> firstWindow = new ArrayList<>();
    batches.subList(0, 3).forEach(firstWindow::addAll);
    for (int i = 1; i < firstWindow.size(); i++) {
      assertTrue(firstWindow.get(i - 1).length() <= firstWindow.get(i).length());
    }
    List<String> all = new ArrayList<>();
    batches.forEach(all::addAll);
    all.sort(null);
    List<String> expected = new ArrayList<>(in);
    expected.sort(null);
    assertEquals(expected, all);
  }

  @Test
  void readsNoMoreThanOneWindowAhead() {
    AtomicInteger pulled = new AtomicInteger();
    Iterator<Integer> endless =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            return pulled.incrementAndGet();
          }
        };
    LengthSortedBatches<Integer> b = new LengthSortedBatches<>(endless, 32, 8, i -> i % 5);
    for (int i = 0; i < 8; i++) {
      assertEquals(32, b.next().size());
    }
    assertEquals(256, pulled.get());
    b.next();
    assertEquals(512, pulled.get());
  }

  @Test
  void windowOfOneKeepsOrder() {
    List<Integer> in = List.of(5, 1, 4, 2, 3);
    LengthSortedBatches<Integer> b = new LengthSortedBatches<>(in.iterator(), 2, 1, i -> i);
    assertEquals(List.of(5, 1), b.next());
    assertEquals(List.of(4, 2), b.next());
    assertEquals(List.of(3), b.next());
    assertTrue(!b.hasNext());
  }
}
