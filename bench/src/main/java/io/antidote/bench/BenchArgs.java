package io.antidote.bench;

import java.util.HashMap;
import java.util.Map;

/** The benchmarks' command lines: {@code --name value} pairs, anything else an error. */
public final class BenchArgs {
  private BenchArgs() {}

  public static Map<String, String> parse(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "expected --name value pairs, got '" + args[i] + "' at position " + i);
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }
}
