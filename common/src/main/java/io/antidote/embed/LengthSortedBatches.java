package io.antidote.embed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.ToIntFunction;

/**
 * Groups an iterator into batches without materialising it: reads a window of {@code batchSize *
 * windowBatches} items, sorts the window by length so that texts of similar length share a batch
 * (less padding, less wasted compute), and hands out its batches before reading the next window.
 * Memory is bounded by one window; with {@code windowBatches = 1} the order is kept and only the
 * batch is sorted out of (no reordering across batches).
 */
final class LengthSortedBatches<T> implements Iterator<List<T>> {
  private final Iterator<T> in;
  private final int batchSize;
  private final int windowSize;
  private final ToIntFunction<T> length;
  private List<T> window = List.of();
  private int next;

  LengthSortedBatches(Iterator<T> in, int batchSize, int windowBatches, ToIntFunction<T> length) {
    if (batchSize < 1 || windowBatches < 1) {
      throw new IllegalArgumentException(
          "batchSize and windowBatches must be >= 1, got " + batchSize + ", " + windowBatches);
    }
    this.in = in;
    this.batchSize = batchSize;
    this.windowSize = Math.multiplyExact(batchSize, windowBatches);
    this.length = length;
  }

  @Override
  public boolean hasNext() {
    if (next < window.size()) {
      return true;
    }
    if (!in.hasNext()) {
      return false;
    }
    List<T> w = new ArrayList<>(Math.min(windowSize, 1 << 16));
    while (w.size() < windowSize && in.hasNext()) {
      w.add(in.next());
    }
    if (windowSize > batchSize) {
      w.sort(Comparator.comparingInt(length));
    }
    window = w;
    next = 0;
    return true;
  }

  @Override
  public List<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int end = Math.min(next + batchSize, window.size());
    List<T> batch = window.subList(next, end);
    next = end;
    return batch;
  }
}
