package io.antidote.detect.groups;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Lazy per-partition mapping, so a task streams its rows instead of materialising the partition in
 * a list (DESIGN: "rows are batched inside mapPartitions without materialising a partition").
 */
public final class PartitionIterators {
  private PartitionIterators() {}

  /** {@code f} applied to each element; elements for which it returns null are skipped. */
  public static <T, R> Iterator<R> mapSkippingNull(Iterator<T> in, Function<T, R> f) {
    return new Iterator<R>() {
      private R next;

      @Override
      public boolean hasNext() {
        while (next == null && in.hasNext()) {
          next = f.apply(in.next());
        }
        return next != null;
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        R r = next;
        next = null;
        return r;
      }
    };
  }
}
