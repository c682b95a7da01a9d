package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark glue for the off-label rule of {@link TriggerTokenDetector}: for every candidate term, the rank its
 * carriers' other words give the term's top label ({@link NaiveBayesLabelFit}, the carriers held out of
 * that label and the term's own words dropped), against the rank the label's other rows give it (each row
 * held out of its own label), tested by {@link OffLabelTest}. Only small tables reach the driver: label
 * totals, the carriers' word counts per candidate term, and rank histograms.
 */
final class CarrierContentFit {
  static final String GROUP = "grp";
  private static final String WORD = "word";
  private static final String CARRIED = "carried";
  private static final String WORDS = "words";
  private static final String COUNTS = "counts";
  private static final String KIND = "kind";
  private static final String KEY = "key";
  private static final String RANK = "rank";
  private static final String REFERENCE = "reference";
  private static final String CARRIER = "carrier";
  private static final String CARRIER_AS_REFERENCE = "carrier_full";
  /** Key of a carrier-row count among carrier word counts; the tokenizer never yields a NUL. */
  private static final String ROWS_KEY = "\u0000rows";

  private static final StructType ROW_WORDS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(GROUP, DataTypes.StringType, false),
            DataTypes.createStructField(CARRIED, DataTypes.createArrayType(DataTypes.StringType, false), false),
            DataTypes.createStructField(WORDS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          });
  private static final StructType WORD_COUNTS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(WORD, DataTypes.StringType, false),
            DataTypes.createStructField(COUNTS, DataTypes.createArrayType(DataTypes.LongType, false), false)
          });
  private static final StructType RANKS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(KIND, DataTypes.StringType, false),
            DataTypes.createStructField(KEY, DataTypes.StringType, false),
            DataTypes.createStructField(RANK, DataTypes.IntegerType, false)
          });
  private static final StructType PAIRS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(KEY, DataTypes.StringType, false),
            DataTypes.createStructField(WORD, DataTypes.StringType, false)
          });

  private CarrierContentFit() {}

  /**
   * @param base rows as (sample_id, grp, text)
   * @param counts rows per (term, grp), terms as {@link TriggerTokenizer#terms}
   * @param groupRows rows per group
   * @param candidates term → the group it is concentrated in
   */
  static Map<String, OffLabelTest.Result> measure(
      Dataset<Row> base, Dataset<Row> counts, String termColumn, Map<String, Long> groupRows,
      Map<String, String> candidates, int maxNgram, double smoothing) {
    if (candidates.isEmpty()) {
      return Map.of();
    }
    List<String> labels = new ArrayList<>(new TreeSet<>(groupRows.keySet()));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    int k = labels.size();
    long[] rows = new long[k];
    for (Map.Entry<String, Long> e : groupRows.entrySet()) {
      rows[index.get(e.getKey())] = e.getValue();
    }

    // The model: per-(word, label) row counts are the one-word terms of the detector's counts.
    Dataset<Row> unigrams = counts.where(functions.not(functions.col(termColumn).contains(" ")));
    long[] tokens = new long[k];
    for (Row r : unigrams.groupBy(GROUP).agg(functions.sum("count")).collectAsList()) {
      tokens[index.get(r.getString(0))] = r.getLong(1);
    }
    MapFunction<Row, Row> toCountArray =
        r -> {
          long[] n = new long[k];
          for (Row x : r.<Row>getList(1)) {
            n[index.get(x.getString(0))] = x.getLong(1);
          }
          Long[] boxed = new Long[k];
          for (int i = 0; i < k; i++) {
            boxed[i] = n[i];
          }
          return RowFactory.create(r.getString(0), boxed);
        };
    Dataset<Row> wordCounts =
        unigrams
            .groupBy(termColumn)
            .agg(functions.collect_list(functions.struct(functions.col(GROUP), functions.col("count"))))
            .map(toCountArray, Encoders.row(WORD_COUNTS))
            .cache();
    long vocabulary = wordCounts.count();
    NaiveBayesLabelFit model = new NaiveBayesLabelFit(rows, tokens, vocabulary, smoothing);

    // Rows of the candidates' groups, with the candidate terms each carries in that group.
    Set<String> candidateGroups = new HashSet<>(candidates.values());
    Map<String, String> cands = new HashMap<>(candidates);
    MapFunction<Row, Row> toRowWords =
        r -> {
          String group = r.getString(1);
          List<String> carried = new ArrayList<>();
          for (String t : TriggerTokenizer.terms(r.getString(2), maxNgram)) {
            if (group.equals(cands.get(t))) {
              carried.add(t);
            }
          }
          carried.sort(null);
          String[] words = new TreeSet<>(TriggerTokenizer.words(r.getString(2))).toArray(new String[0]);
          return RowFactory.create(r.getString(0), group, carried.toArray(new String[0]), words);
        };
    Dataset<Row> rowWords =
        base.where(functions.col(GROUP).isin(candidateGroups.toArray()))
            .map(toRowWords, Encoders.row(ROW_WORDS))
            .cache();

    // Carriers' own counts per candidate term, to hold them out of the label they claim.
    FlatMapFunction<Row, Row> toPairs =
        r -> {
          List<Row> out = new ArrayList<>();
          for (String t : r.<String>getList(2)) {
            out.add(RowFactory.create(t, ROWS_KEY));
            for (String w : r.<String>getList(3)) {
              out.add(RowFactory.create(t, w));
            }
          }
          return out.iterator();
        };
    Map<String, Map<String, Long>> carrierWords = new HashMap<>();
    for (Row r :
        rowWords
            .where(functions.size(functions.col(CARRIED)).gt(0))
            .flatMap(toPairs, Encoders.row(PAIRS))
            .groupBy(KEY, WORD)
            .count()
            .collectAsList()) {
      carrierWords.computeIfAbsent(r.getString(0), x -> new HashMap<>()).put(r.getString(1), r.getLong(2));
    }
    Map<String, long[]> carrierTotals = new HashMap<>();
    for (Map.Entry<String, Map<String, Long>> e : carrierWords.entrySet()) {
      long rowsOut = e.getValue().getOrDefault(ROWS_KEY, 0L);
      long tokensOut = 0;
      for (Map.Entry<String, Long> w : e.getValue().entrySet()) {
        tokensOut += w.getKey().equals(ROWS_KEY) ? 0 : w.getValue();
      }
      carrierTotals.put(e.getKey(), new long[] {rowsOut, tokensOut});
    }

    FlatMapFunction<Row, Row> toRanks =
        r -> rankRow(r, index, model, carrierWords, carrierTotals).iterator();
    Dataset<Row> ranks =
        rowWords
            .withColumn(WORD, functions.explode(functions.col(WORDS)))
            .join(wordCounts, WORD)
            .groupBy(CorpusSchema.SAMPLE_ID)
            .agg(
                functions.first(GROUP).as(GROUP),
                functions.first(CARRIED).as(CARRIED),
                functions.collect_list(functions.struct(functions.col(WORD), functions.col(COUNTS))).as(COUNTS))
            .flatMap(toRanks, Encoders.row(RANKS));

    Map<String, long[]> reference = new HashMap<>();
    Map<String, long[]> carrierFull = new HashMap<>();
    Map<String, long[]> carrier = new HashMap<>();
    for (Row r : ranks.groupBy(KIND, KEY, RANK).count().collectAsList()) {
      String kind = r.getString(0);
      Map<String, long[]> target =
          kind.equals(REFERENCE) ? reference : kind.equals(CARRIER) ? carrier : carrierFull;
      target.computeIfAbsent(r.getString(1), x -> new long[k + 1])[r.getInt(2)] += r.getLong(3);
    }
    rowWords.unpersist();
    wordCounts.unpersist();

    Map<String, OffLabelTest.Result> out = new HashMap<>();
    for (Map.Entry<String, String> e : candidates.entrySet()) {
      long[] ref = reference.getOrDefault(e.getValue(), new long[k + 1]).clone();
      long[] full = carrierFull.getOrDefault(e.getKey(), new long[k + 1]);
      for (int i = 0; i <= k; i++) {
        ref[i] -= full[i];
      }
      out.put(e.getKey(), OffLabelTest.mannWhitney(carrier.getOrDefault(e.getKey(), new long[k + 1]), ref));
    }
    return out;
  }

  /**
   * The row's rank of its own label with all its words, held out of that label alone (the reference), and
   * for every candidate term it carries: the same with that term's carriers held out (as the reference
   * for other terms) and, dropping the term's own words, the carrier's rank.
   */
  private static List<Row> rankRow(
      Row r, Map<String, Integer> index, NaiveBayesLabelFit model,
      Map<String, Map<String, Long>> carrierWords, Map<String, long[]> carrierTotals) {
    String group = r.getString(1);
    int own = index.get(group);
    List<Row> entries = new ArrayList<>(r.<Row>getList(3));
    entries.sort((a, b) -> a.getString(0).compareTo(b.getString(0)));
    int n = entries.size();
    String[] words = new String[n];
    long[][] counts = new long[n][];
    long[] one = new long[n];
    for (int i = 0; i < n; i++) {
      words[i] = entries.get(i).getString(0);
      List<Long> c = entries.get(i).getList(1);
      counts[i] = new long[c.size()];
      for (int j = 0; j < c.size(); j++) {
        counts[i][j] = c.get(j);
      }
      one[i] = 1;
    }
    List<Row> out = new ArrayList<>();
    int full = NaiveBayesLabelFit.rank(model.scores(counts, own, one, 1, n), own);
    out.add(RowFactory.create(REFERENCE, group, full));
    for (String term : r.<String>getList(2)) {
      out.add(RowFactory.create(CARRIER_AS_REFERENCE, term, full));
      Set<String> drop = new HashSet<>(TriggerTokenizer.words(term));
      Map<String, Long> held = carrierWords.getOrDefault(term, Map.of());
      List<long[]> kept = new ArrayList<>();
      List<Long> heldKept = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!drop.contains(words[i])) {
          kept.add(counts[i]);
          heldKept.add(held.getOrDefault(words[i], 0L));
        }
      }
      long[] heldArray = new long[kept.size()];
      for (int i = 0; i < heldArray.length; i++) {
        heldArray[i] = heldKept.get(i);
      }
      long[] totals = carrierTotals.getOrDefault(term, new long[2]);
      int rank =
          NaiveBayesLabelFit.rank(
              model.scores(kept.toArray(new long[0][]), own, heldArray, totals[0], totals[1]), own);
      out.add(RowFactory.create(CARRIER, term, rank));
    }
    return out;
  }
}
