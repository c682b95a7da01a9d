package io.antidote.testing;

import ai.djl.Device;
import io.antidote.embed.EmbeddingBatch;
import io.antidote.embed.EmbeddingModel;
import io.antidote.embed.EmbeddingSettings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Real text embedded with the bundled MiniLM (the default embed model), row-major. Vectors are kept
 * under {@code target/text-vectors/} keyed by the SHA-256 of the texts, so a second run of a test
 * class on the same fixture does not embed again ({@code mvn clean} drops them).
 */
public final class TextVectors {
  public static final int DIM = 384;
  static final Path CACHE = Path.of("target", "text-vectors");

  private TextVectors() {}

  /** Embeddings of {@code texts}, {@code texts.size() x DIM}. */
  public static float[] embed(List<String> texts) {
    Path cached = CACHE.resolve(key(texts) + ".f32");
    if (Files.exists(cached)) {
      return read(cached, texts.size());
    }
    float[] v = embedNow(texts);
    try {
      Files.createDirectories(CACHE);
      Path tmp = Files.createTempFile(CACHE, "vectors", ".tmp");
      try (DataOutputStream o =
          new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
        for (float f : v) {
          o.writeFloat(f);
        }
      }
      Files.move(tmp, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return v;
  }

  /** The vector of each distinct text of {@code texts} (embedded, or read from the cache, once). */
  public static Map<String, float[]> byText(Collection<String> texts) {
    List<String> distinct = texts.stream().distinct().sorted().toList();
    float[] v = embed(distinct);
    Map<String, float[]> out = new HashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      out.put(distinct.get(i), java.util.Arrays.copyOfRange(v, i * DIM, (i + 1) * DIM));
    }
    return out;
  }

  /** The vectors of {@code texts} from {@code byText}, row-major. */
  public static float[] rows(Map<String, float[]> byText, List<String> texts) {
    float[] v = new float[texts.size() * DIM];
    for (int i = 0; i < texts.size(); i++) {
      System.arraycopy(byText.get(texts.get(i)), 0, v, i * DIM, DIM);
    }
    return v;
  }

  static String key(List<String> texts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(EmbeddingSettings.defaults().toString().getBytes(StandardCharsets.UTF_8));
      for (String t : texts) {
        d.update(t.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static float[] read(Path p, int n) {
    float[] v = new float[n * DIM];
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(p)))) {
      for (int i = 0; i < v.length; i++) {
        v[i] = in.readFloat();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return v;
  }

  /** Embeds in batches of 32 sorted by length. */
  private static float[] embedNow(List<String> texts) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> texts.get(i).length()));
    float[] out = new float[texts.size() * DIM];
    try (EmbeddingModel model =
        EmbeddingModel.load(EmbeddingSettings.defaults(), Device.cpu(), Map.of())) {
      for (int from = 0; from < order.size(); from += 32) {
        List<Integer> batch = order.subList(from, Math.min(order.size(), from + 32));
        List<String> t = new ArrayList<>();
        for (int i : batch) {
          t.add(texts.get(i));
        }
        float[][] v = model.embed(new EmbeddingBatch.Texts(t));
        for (int b = 0; b < batch.size(); b++) {
          System.arraycopy(v[b], 0, out, batch.get(b) * DIM, DIM);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("embedding failed", e);
    }
    return out;
  }
}
