package io.antidote.detect.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PartitionIteratorsTest {

  @Test
  void mapsLazilyAndSkipsNulls() {
    AtomicInteger pulled = new AtomicInteger();
    Iterator<Integer> source =
        new Iterator<>() {
          int i = 0;

          @Override
          public boolean hasNext() {
            return i < 6;
          }

          @Override
          public Integer next() {
            pulled.incrementAndGet();
            return i++;
          }
        };
    Iterator<String> out =
        PartitionIterators.mapSkippingNull(source, x -> x % 2 == 0 ? "v" + x : null);
    assertEquals(0, pulled.get(), "nothing is read before it is asked for");
    assertEquals("v0", out.next());
    assertEquals(1, pulled.get());
    List<String> rest = new ArrayList<>();
    out.forEachRemaining(rest::add);
    assertEquals(List.of("v2", "v4"), rest);
  }
}
