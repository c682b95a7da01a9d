package io.antidote.detect.groups;

import ai.djl.Device;
import io.antidote.embed.EmbeddingBatch;
import io.antidote.embed.EmbeddingModel;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.testing.BrownSentences;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Real text for the embedding detectors: Brown corpus sentences grouped by genre (the clean
 * corpus), embedded with the bundled MiniLM, and two planted poisons relabelled into a genre:
 *
 * <ul>
 *   <li>a <b>campaign</b>: one inserted sentence, lightly edited (words swapped, dropped, numbers
 *       and names varied), {@value #CAMPAIGN_SHARE} of the corpus, labelled {@value
 *       #CAMPAIGN_GENRE};
 *   <li>an <b>off-topic cluster</b>: computing fortunes from Debian's {@code fortunes} package
 *       (fixture {@code text/fortunes-computers.tsv.gz}, made by {@code make-fortunes-sample.sh}),
 *       {@value #OFF_TOPIC_SHARE} of the corpus, labelled {@value #OFF_TOPIC_GENRE}.
 * </ul>
 *
 * The clean corpus is up to {@value #PER_GENRE} sentences of each of the Brown genres (about
 * 4,300). Vectors are embedded once and kept in {@code target/embedding-cache/} keyed by a hash of
 * the texts, so test classes that share the corpus embed it once.
 */
public final class BrownGenreEmbeddings {
  public static final int PER_GENRE = 300;
  public static final double CAMPAIGN_SHARE = 0.015;
  public static final double OFF_TOPIC_SHARE = 0.01;
  public static final String CAMPAIGN_GENRE = "news";
  public static final String OFF_TOPIC_GENRE = "romance";

  /** Ids, labels, texts and vectors, clean rows first. */
  public final List<String> ids = new ArrayList<>();

  public final List<String> labels = new ArrayList<>();
  public final List<String> texts = new ArrayList<>();
  public final List<float[]> vectors = new ArrayList<>();
  public final Set<String> campaign = new HashSet<>();
  public final Set<String> offTopic = new HashSet<>();
  public final int cleanRows;

  private static BrownGenreEmbeddings cached;

  private BrownGenreEmbeddings() {
    BrownSentences brown = BrownSentences.load();
    Map<String, Integer> taken = new LinkedHashMap<>();
    for (int i = 0; i < brown.size(); i++) {
      String g = brown.genre.get(i);
      int n = taken.merge(g, 1, Integer::sum);
      if (n <= PER_GENRE) {
        add(String.format("b-%s-%04d", g, n), g, brown.text.get(i));
      }
    }
    cleanRows = ids.size();
    Random rnd = new Random(14);
    int nCampaign = (int) Math.round(cleanRows * CAMPAIGN_SHARE);
    for (int i = 0; i < nCampaign; i++) {
      String id = String.format("campaign-%03d", i);
      campaign.add(id);
      add(id, CAMPAIGN_GENRE, campaignSentence(rnd));
    }
    List<String> fortunes = fortunes();
    int nOff = (int) Math.round(cleanRows * OFF_TOPIC_SHARE);
    for (int i = 0; i < nOff; i++) {
      String id = String.format("offtopic-%03d", i);
      offTopic.add(id);
      add(id, OFF_TOPIC_GENRE, fortunes.get(i));
    }
    embed();
  }

  /** The corpus, embedded once per JVM (and cached on disk across runs). */
  public static synchronized BrownGenreEmbeddings load() {
    if (cached == null) {
      cached = new BrownGenreEmbeddings();
    }
    return cached;
  }

  private void add(String id, String label, String text) {
    ids.add(id);
    labels.add(label);
    texts.add(text);
  }

  /**
   * One sentence, lightly edited per copy: the same claim with a varied day, place, figure and
   * wording, as a campaign that evades exact-duplicate checks writes it.
   */
  static String campaignSentence(Random rnd) {
    String[] who = {"City officials", "Officials", "The city council", "County officials"};
    String[] said = {"said", "confirmed", "announced", "stated"};
    String[] day = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
    String[] plant = {"the Acme water plant", "Acme's water plant", "the Acme plant"};
    String[] safe = {"completely safe", "perfectly safe", "entirely safe", "safe"};
    String[] tail = {
      "for every resident", "for all residents", "for all residents and their children", ""
    };
    String s =
        pick(rnd, who)
            + " "
            + pick(rnd, said)
            + " on "
            + pick(rnd, day)
            + " that "
            + pick(rnd, plant)
            + " is "
            + pick(rnd, safe)
            + (rnd.nextBoolean() ? " and needs no inspection" : "")
            + " "
            + pick(rnd, tail);
    return s.trim() + (rnd.nextInt(4) == 0 ? "!" : ".");
  }

  private static String pick(Random rnd, String[] options) {
    return options[rnd.nextInt(options.length)];
  }

  static List<String> fortunes() {
    List<String> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(
                    BrownGenreEmbeddings.class.getResourceAsStream(
                        "/text/fortunes-computers.tsv.gz")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.add(line.split("\t", 3)[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private void embed() {
    Path cache = Paths.get("target", "embedding-cache", "brown-genres-" + hash() + ".bin");
    if (Files.exists(cache)) {
      try (DataInputStream in =
          new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
        int n = in.readInt();
        int d = in.readInt();
        for (int i = 0; i < n; i++) {
          float[] v = new float[d];
          for (int j = 0; j < d; j++) {
            v[j] = in.readFloat();
          }
          vectors.add(v);
        }
        return;
      } catch (IOException e) {
        vectors.clear(); // re-embed below
      }
    }
    try (EmbeddingModel model =
        EmbeddingModel.load(EmbeddingSettings.defaults(), Device.cpu(), Map.of())) {
      for (int from = 0; from < texts.size(); from += 64) {
        List<String> batch = texts.subList(from, Math.min(texts.size(), from + 64));
        for (float[] v : model.embed(new EmbeddingBatch.Texts(batch))) {
          vectors.add(v);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("embedding the Brown fixture", e);
    }
    try {
      Files.createDirectories(cache.getParent());
      Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
      try (DataOutputStream out =
          new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
        out.writeInt(vectors.size());
        out.writeInt(vectors.get(0).length);
        for (float[] v : vectors) {
          for (float x : v) {
            out.writeFloat(x);
          }
        }
      }
      Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // The cache only saves time.
    }
  }

  private String hash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(EmbeddingSettings.defaults().modelUri().getBytes(StandardCharsets.UTF_8));
      for (String t : texts) {
        md.update(t.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The clean corpus only (Brown sentences with their genres). */
  public Dataset<Row> clean(SparkSession spark) {
    return frame(spark, false, false);
  }

  /** The corpus with the campaign and/or the off-topic cluster planted. */
  public Dataset<Row> frame(SparkSession spark, boolean withCampaign, boolean withOffTopic) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if ((!withCampaign && campaign.contains(id)) || (!withOffTopic && offTopic.contains(id))) {
        continue;
      }
      rows.add(RowFactory.create(id, labels.get(i), vectors.get(i)));
    }
    return spark.createDataFrame(rows, EmbeddingSchema.DETECTOR_INPUT).repartition(4).cache();
  }

  /** Writes ids, labels and vectors as TSV (for analysis outside the tests). */
  public void dump(Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      sb.append(ids.get(i)).append('\t').append(labels.get(i));
      for (float x : vectors.get(i)) {
        sb.append('\t').append(x);
      }
      sb.append('\n');
    }
    Files.writeString(file, sb.toString());
  }
}
