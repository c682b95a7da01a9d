package io.antidote.detect.trigger;

import io.antidote.corpus.CorpusSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FilterFunction;
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
 * Spark glue for the off-label evidence of {@link TriggerTokenDetector}: for every candidate term,
 * the misfit bin ({@link NaiveBayesLabelFit#misfitBin}) its carriers' other words give the term's
 * top label ({@link NaiveBayesLabelFit}; the term's own words and its context, {@link TermContext},
 * dropped), against the bin the label's other rows give it; every row, carrier or not, is held out
 * of its own label. Tested by {@link OffLabelTest}. Only small tables reach the driver: label
 * totals, carrier counts and context words per candidate term, and rank histograms.
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
  private static final String HELD = "held";
  private static final String REFERENCE = "reference";
  private static final String CARRIER = "carrier";
  private static final String CARRIER_AS_REFERENCE = "carrier_full";

  private static final StructType ROW_WORDS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(GROUP, DataTypes.StringType, false),
            DataTypes.createStructField(
                CARRIED, DataTypes.createArrayType(DataTypes.StringType, false), false),
            DataTypes.createStructField(
                WORDS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          });
  private static final StructType WORD_COUNTS =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(WORD, DataTypes.StringType, false),
            DataTypes.createStructField(
                COUNTS, DataTypes.createArrayType(DataTypes.LongType, false), false)
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
      Dataset<Row> base,
      Dataset<Row> counts,
      String termColumn,
      Map<String, Long> groupRows,
      Map<String, String> candidates,
      int maxNgram,
      double smoothing,
      double contextMinCarrierShare,
      double contextMinExclusivity) {
    if (candidates.isEmpty()) {
      return Map.of();
    }
    List<String> labels = new ArrayList<>(new TreeSet<>(groupRows.keySet()));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    int k = labels.size();

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
            .agg(
                functions.collect_list(
                    functions.struct(functions.col(GROUP), functions.col("count"))))
            .map(toCountArray, Encoders.row(WORD_COUNTS))
            .cache();
    long vocabulary = wordCounts.count();
    NaiveBayesLabelFit model = new NaiveBayesLabelFit(tokens, vocabulary, smoothing);

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
          String[] words =
              new TreeSet<>(TriggerTokenizer.words(r.getString(2))).toArray(new String[0]);
          return RowFactory.create(r.getString(0), group, carried.toArray(new String[0]), words);
        };
    Dataset<Row> rowWords =
        base.where(functions.col(GROUP).isin(candidateGroups.toArray()))
            .map(toRowWords, Encoders.row(ROW_WORDS))
            .cache();

    // Every row of a candidate's group with its words' counts per label, for one pass over its
    // words below: a row costs what its words do, however many candidate terms it carries.
    Dataset<Row> rowCounts =
        rowWords
            .withColumn(WORD, functions.explode(functions.col(WORDS)))
            .join(wordCounts, WORD)
            .groupBy(CorpusSchema.SAMPLE_ID)
            .agg(
                functions.first(GROUP).as(GROUP),
                functions.first(CARRIED).as(CARRIED),
                functions
                    .collect_list(functions.struct(functions.col(WORD), functions.col(COUNTS)))
                    .as(COUNTS))
            .cache();

    // Per candidate term, its carriers and how many of them contain each word that could be its
    // context (TermContext); only the context words and the carrier counts reach the driver.
    Map<String, Long> carriers = new HashMap<>();
    for (Row r :
        rowWords
            .select(functions.explode(functions.col(CARRIED)).as(KEY))
            .groupBy(KEY)
            .count()
            .collectAsList()) {
      carriers.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> carrierCounts = new HashMap<>(carriers);
    FlatMapFunction<Row, Row> toPairs =
        r -> {
          int own = index.get(r.getString(1));
          List<String> words = new ArrayList<>();
          List<Row> wordRows = r.getList(3);
          long[] targetRows = new long[wordRows.size()];
          for (int i = 0; i < targetRows.length; i++) {
            words.add(wordRows.get(i).getString(0));
            targetRows[i] = longs(wordRows.get(i).get(1))[own];
          }
          List<Row> out = new ArrayList<>();
          for (String[] p :
              CarrierRowFit.contextPairs(
                  words, targetRows, r.getList(2), carrierCounts, contextMinCarrierShare)) {
            out.add(RowFactory.create(p[0], p[1]));
          }
          return out.iterator();
        };
    Dataset<Row> held =
        rowCounts
            .where(functions.size(functions.col(CARRIED)).gt(0))
            .flatMap(toPairs, Encoders.row(PAIRS))
            .groupBy(KEY, WORD)
            .agg(functions.count(functions.lit(1)).as(HELD));
    FilterFunction<Row> isContext =
        r -> {
          String term = r.getString(r.fieldIndex(KEY));
          long[] n = longs(r.get(r.fieldIndex(COUNTS)));
          return TermContext.isContext(
              r.getLong(r.fieldIndex(HELD)),
              carrierCounts.getOrDefault(term, 0L),
              n[index.get(cands.get(term))],
              contextMinCarrierShare,
              contextMinExclusivity);
        };
    Map<String, Set<String>> context = new HashMap<>();
    for (Row r : held.join(wordCounts, WORD).filter(isContext).select(KEY, WORD).collectAsList()) {
      context.computeIfAbsent(r.getString(0), x -> new HashSet<>()).add(r.getString(1));
    }

    // Every row of a candidate's group: its misfit bin for its own label with all its words, held
    // out of that label alone (the reference), also kept per carried term (to take carriers out of
    // the reference); and per carried term, the bin from the carrier's other words (the term's own
    // words and its context left out), the carrier held out of the label as every reference row
    // is (leave one out). Holding out all carriers at once would take from a label whatever its
    // carriers share (a template's words), so templated vocabulary would not fit it.
    FlatMapFunction<Row, Row> toRanks = r -> ranks(r, index, model, context).iterator();
    Dataset<Row> ranks = rowCounts.flatMap(toRanks, Encoders.row(RANKS));

    Map<String, long[]> reference = new HashMap<>();
    Map<String, long[]> carrierFull = new HashMap<>();
    Map<String, long[]> carrier = new HashMap<>();
    for (Row r : ranks.groupBy(KIND, KEY, RANK).count().collectAsList()) {
      String kind = r.getString(0);
      Map<String, long[]> target =
          kind.equals(REFERENCE) ? reference : kind.equals(CARRIER) ? carrier : carrierFull;
      target.computeIfAbsent(r.getString(1), x -> new long[NaiveBayesLabelFit.BINS])[r.getInt(2)] +=
          r.getLong(3);
    }
    rowCounts.unpersist();
    rowWords.unpersist();
    wordCounts.unpersist();

    Map<String, OffLabelTest.Result> out = new HashMap<>();
    for (Map.Entry<String, String> e : candidates.entrySet()) {
      long[] ref = reference.getOrDefault(e.getValue(), new long[NaiveBayesLabelFit.BINS]).clone();
      long[] full = carrierFull.getOrDefault(e.getKey(), new long[NaiveBayesLabelFit.BINS]);
      for (int i = 0; i < ref.length; i++) {
        ref[i] -= full[i];
      }
      out.put(
          e.getKey(),
          OffLabelTest.mannWhitney(
              carrier.getOrDefault(e.getKey(), new long[NaiveBayesLabelFit.BINS]), ref));
    }
    return out;
  }

  /**
   * The row's misfit bin for its own label, held out of it: once as the reference, once per carried
   * term as that term's carrier-as-reference, and per carried term from its other words ({@link
   * CarrierRowFit}).
   */
  private static List<Row> ranks(
      Row r,
      Map<String, Integer> index,
      NaiveBayesLabelFit model,
      Map<String, Set<String>> context) {
    String group = r.getString(1);
    int own = index.get(group);
    List<String> words = new ArrayList<>();
    List<long[]> counts = new ArrayList<>();
    for (Row w : r.<Row>getList(3)) {
      words.add(w.getString(0));
      counts.add(longs(w.get(1)));
    }
    List<String> carried = r.getList(2);
    CarrierRowFit.Scores s = CarrierRowFit.scores(words, counts, own, carried, context, model);
    int full = NaiveBayesLabelFit.misfitBin(s.reference(), own);
    List<Row> out = new ArrayList<>();
    out.add(RowFactory.create(REFERENCE, group, full));
    for (String term : carried) {
      out.add(RowFactory.create(CARRIER_AS_REFERENCE, term, full));
    }
    for (Map.Entry<String, double[]> e : s.carriers().entrySet()) {
      out.add(
          RowFactory.create(CARRIER, e.getKey(), NaiveBayesLabelFit.misfitBin(e.getValue(), own)));
    }
    return out;
  }

  private static long[] longs(Object array) {
    List<?> c =
        array instanceof List<?> l
            ? l
            : scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<?>) array);
    long[] out = new long[c.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = ((Number) c.get(j)).longValue();
    }
    return out;
  }
}
