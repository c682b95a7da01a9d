package io.antidote.detect.neighbours;

import io.antidote.corpus.CorpusSchema;
import io.antidote.embed.EmbeddingSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Distributed k-nearest-neighbour self-join (cosine) over an embedding table: for every row its k
 * most similar other rows in the whole corpus.
 *
 * <p>How: an inverted-file index ({@link IvfIndex}) over spherical k-means cells trained on a
 * seeded sample on the driver; every row is assigned to its nearest cell, and scored exactly, by
 * blocked sgemm ({@link BlockedSimilarity}), against all members of the cells it probes. Cells are
 * packed into partitions of mutually near cells, so a row is shipped once per partition that needs
 * it, not once per cell. Two probing schemes ({@code knn.probe}):
 *
 * <ul>
 *   <li>{@code query} (default, the textbook IVF multi-probe): each row probes its own {@code
 *       nprobe} nearest cells. A row goes to its home partition as a member and to the partitions
 *       of its probed cells as a query; each partition emits partial top-k lists, and a second
 *       shuffle merges them by sample_id.
 *   <li>{@code cell}: the rows of a cell share one probe list (the cells its members vote for, see
 *       {@link IvfIndex}); every row's top-k is final where it is computed, so one shuffle and no
 *       merge, at lower recall when cells mix unrelated clusters (BENCHMARKS.md).
 * </ul>
 *
 * <p>Work per row is about {@code nprobe x cell-size} dot products: linear in the corpus at a fixed
 * cell size.
 *
 * <p>Input: {@code sample_id} string, {@code embedding} array&lt;float&gt; (all rows of one
 * dimension; rows with a null embedding are skipped), optionally {@code label}. Output: {@link
 * #SCHEMA}, one row per input row, neighbours most similar first. Deterministic for fixed input and
 * seed. The input is read three times (count, training sample, join): cache it if it is expensive
 * to recompute.
 *
 * <p>Parts: {@link PartitionPlan} (driver: quantiser and cell-to-partition map), {@link
 * ShippedRows} (map side, streamed, in the {@link RowWire} format), {@link PartitionSearch} (reduce
 * side: cell groups or probed cells), {@link PartialLists} (per-query probing: partial lists as
 * bytes, sorted by sample_id and merged one row at a time).
 */
public final class KnnSelfJoin {
  public static final String NEIGHBOUR_IDS = "neighbour_ids";
  public static final String NEIGHBOUR_LABELS = "neighbour_labels";
  public static final String SIMILARITIES = "similarities";
  public static final String CELL = "knn_cell";

  /**
   * Checks that a neighbour-list frame has the columns a reader needs, naming the reader and the
   * missing column.
   */
  public static void requireColumns(
      String reader, org.apache.spark.sql.types.StructType schema, String... columns) {
    java.util.List<String> has = java.util.Arrays.asList(schema.fieldNames());
    for (String c : columns) {
      if (!has.contains(c)) {
        throw new io.antidote.corpus.InputException(
            reader + " reads neighbour lists with column '" + c + "': " + has);
      }
    }
  }

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(CorpusSchema.SAMPLE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(CorpusSchema.LABEL, DataTypes.StringType, true),
            DataTypes.createStructField(CELL, DataTypes.IntegerType, false),
            DataTypes.createStructField(
                NEIGHBOUR_IDS, DataTypes.createArrayType(DataTypes.StringType, false), false),
            DataTypes.createStructField(
                NEIGHBOUR_LABELS, DataTypes.createArrayType(DataTypes.StringType, true), false),
            DataTypes.createStructField(
                SIMILARITIES, DataTypes.createArrayType(DataTypes.FloatType, false), false)
          });

  private final int k;
  private final KnnSettings settings;

  /** A join that finds the {@code k} nearest neighbours of every row. */
  public KnnSelfJoin(int k, KnnSettings settings) {
    this.k = KnnSettings.atLeast("k", k, 1);
    this.settings = settings;
  }

  /**
   * The neighbour lists of {@code embeddings} (sample_id, embedding, optionally label). Reads the
   * input three times (count, training sample, join) and plans on the driver; the neighbours are
   * computed when the returned frame is used.
   */
  public NeighbourLists run(Dataset<Row> embeddings) {
    SparkSession spark = embeddings.sparkSession();
    Dataset<Row> in = input(embeddings);
    long n = in.count();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator shipped = jsc.sc().longAccumulator("knn rows shipped");
    if (n == 0) {
      return new NeighbourLists(
          spark.createDataFrame(new ArrayList<Row>(), SCHEMA),
          new KnnJoinStats(0, 0, 0, 0, shipped));
    }
    PartitionPlan plan = PartitionPlan.of(in, n, settings, jsc.defaultParallelism());
    KnnJoinStats stats =
        new KnnJoinStats(n, plan.dim(), plan.index().cells, plan.partitions(), shipped);
    Broadcast<PartitionPlan> planB = jsc.broadcast(plan);
    int fk = k;
    boolean perQuery = settings.probe() == KnnSettings.Probe.QUERY;
    // 0 tells the shipper to use the index's per-cell probe lists.
    int nprobe = perQuery ? Math.min(settings.nprobe(), plan.index().cells) : 0;
    // Internal rows: the vectors are read as floats, not boxed into external Rows.
    JavaPairRDD<Integer, byte[]> received =
        in.queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitionsToPair(
                (PairFlatMapFunction<Iterator<InternalRow>, Integer, byte[]>)
                    rows -> new ShippedRows(rows, planB.value(), nprobe, shipped))
            .partitionBy(new HashPartitioner(plan.partitions()));
    JavaRDD<Row> searched;
    if (perQuery) {
      int mergeParts = Math.max(plan.partitions(), jsc.defaultParallelism());
      searched =
          received
              .mapPartitionsToPair(
                  it ->
                      PartitionSearch.probedCells(
                          ReceivedRows.read(it, planB.value().dim()),
                          planB.value(),
                          TaskContext.getPartitionId(),
                          fk))
              .repartitionAndSortWithinPartitions(new HashPartitioner(mergeParts))
              .mapPartitions(it -> PartialLists.merged(it, fk));
    } else {
      searched =
          received.mapPartitions(
              it -> {
                PartitionPlan p = planB.value();
                return PartitionSearch.cellGroups(
                    ReceivedRows.read(it, p.dim()), p, TaskContext.getPartitionId(), fk);
              });
    }
    Dataset<Row> neighbours = spark.createDataFrame(searched, SCHEMA);
    return new NeighbourLists(neighbours, stats);
  }

  /** sample_id, label (string, null when absent), embedding; rows without an embedding dropped. */
  private static Dataset<Row> input(Dataset<Row> embeddings) {
    List<String> cols = Arrays.asList(embeddings.columns());
    for (String required : List.of(CorpusSchema.SAMPLE_ID, EmbeddingSchema.EMBEDDING)) {
      if (!cols.contains(required)) {
        throw new IllegalArgumentException(
            "KNN self-join input lacks column '" + required + "'; it has " + cols);
      }
    }
    return embeddings
        .select(
            functions.col(CorpusSchema.SAMPLE_ID),
            cols.contains(CorpusSchema.LABEL)
                ? functions.col(CorpusSchema.LABEL).cast(DataTypes.StringType)
                : functions.lit(null).cast(DataTypes.StringType).as(CorpusSchema.LABEL),
            functions
                .col(EmbeddingSchema.EMBEDDING)
                .cast(DataTypes.createArrayType(DataTypes.FloatType, true))
                .as(EmbeddingSchema.EMBEDDING))
        .where(functions.col(EmbeddingSchema.EMBEDDING).isNotNull());
  }
}
