package io.antidote.detect.knn;

import io.antidote.corpus.CorpusSchema;
import io.antidote.embed.EmbeddingSchema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

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
 *       merge, at lower recall when cells mix unrelated clusters (BENCHMARKS-knn.md).
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
 */
public final class KnnSelfJoin {
  public static final String NEIGHBOUR_IDS = "neighbour_ids";
  public static final String NEIGHBOUR_LABELS = "neighbour_labels";
  public static final String SIMILARITIES = "similarities";
  public static final String CELL = "knn_cell";

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
  private Stats lastStats;

  public KnnSelfJoin(int k, KnnSettings settings) {
    this.k = KnnSettings.atLeast("k", k, 1);
    this.settings = settings;
  }

  /**
   * Figures of the last {@link #run}: sizes, and how many copies of each row the shuffle carried.
   */
  public static final class Stats {
    public final long rows;
    public final int dim;
    public final int cells;
    public final int partitions;
    private final LongAccumulator shipped;

    Stats(long rows, int dim, int cells, int partitions, LongAccumulator shipped) {
      this.rows = rows;
      this.dim = dim;
      this.cells = cells;
      this.partitions = partitions;
      this.shipped = shipped;
    }

    /** Row copies shuffled per input row; known once the output has been computed. */
    public double replication() {
      return rows == 0 ? 0 : (double) shipped.value() / rows;
    }

    @Override
    public String toString() {
      return "rows="
          + rows
          + " dim="
          + dim
          + " cells="
          + cells
          + " partitions="
          + partitions
          + String.format(" replication=%.2f", replication());
    }
  }

  public Stats lastStats() {
    return lastStats;
  }

  public Dataset<Row> run(Dataset<Row> embeddings) {
    SparkSession spark = embeddings.sparkSession();
    List<String> cols = Arrays.asList(embeddings.columns());
    for (String required : List.of(CorpusSchema.SAMPLE_ID, EmbeddingSchema.EMBEDDING)) {
      if (!cols.contains(required)) {
        throw new IllegalArgumentException(
            "KNN self-join input lacks column '" + required + "'; it has " + cols);
      }
    }
    Dataset<Row> in =
        embeddings
            .select(
                functions.col(CorpusSchema.SAMPLE_ID),
                cols.contains(CorpusSchema.LABEL)
                    ? functions.col(CorpusSchema.LABEL).cast(DataTypes.StringType)
                    : functions.lit(null).cast(DataTypes.StringType).as(CorpusSchema.LABEL),
                functions.col(EmbeddingSchema.EMBEDDING))
            .where(functions.col(EmbeddingSchema.EMBEDDING).isNotNull());

    long n = in.count();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (n == 0) {
      lastStats = new Stats(0, 0, 0, 0, jsc.sc().longAccumulator());
      return spark.createDataFrame(new ArrayList<Row>(), SCHEMA);
    }

    // Train the coarse quantiser on the driver, on a sample chosen by a seeded hash of sample_id,
    // so the
    // sample (and so the cells) do not depend on how the input happens to be partitioned.
    double fraction = Math.min(1.0, 1.2 * settings.trainSample / (double) n);
    Column draw =
        functions
            .pmod(
                functions.xxhash64(
                    functions.col(CorpusSchema.SAMPLE_ID), functions.lit(settings.seed)),
                functions.lit(1L << 40))
            .divide((double) (1L << 40));
    List<Row> sampleRows =
        new ArrayList<>(
            in.select(
                    draw.as("draw"),
                    functions.col(CorpusSchema.SAMPLE_ID),
                    functions.col(EmbeddingSchema.EMBEDDING))
                .where(draw.lt(fraction))
                .collectAsList());
    if (sampleRows.isEmpty()) {
      sampleRows =
          new ArrayList<>(
              in.select(
                      functions.lit(0.0).as("draw"),
                      functions.col(CorpusSchema.SAMPLE_ID),
                      functions.col(EmbeddingSchema.EMBEDDING))
                  .orderBy(CorpusSchema.SAMPLE_ID)
                  .limit(1)
                  .collectAsList());
    }
    sampleRows.sort(
        Comparator.<Row>comparingDouble(r -> r.getDouble(0)).thenComparing(r -> r.getString(1)));
    if (sampleRows.size() > settings.trainSample) {
      sampleRows = sampleRows.subList(0, settings.trainSample);
    }
    int dim = sampleRows.get(0).getList(2).size();
    int m = sampleRows.size();
    float[] sample = new float[m * dim];
    for (int i = 0; i < m; i++) {
      copyEmbedding(sampleRows.get(i), 2, sampleRows.get(i).getString(1), dim, sample, i * dim);
      BlockedSimilarity.normalize(sample, i * dim, dim);
    }
    IvfIndex index = IvfIndex.train(sample, m, dim, n, settings);
    int[] sampleHome = index.assign(sample, m);
    double[] weights = new double[index.cells];
    for (int h : sampleHome) {
      weights[h] += 1;
    }
    int parts =
        settings.partitions > 0
            ? settings.partitions
            : (int)
                Math.max(
                    jsc.defaultParallelism(),
                    (n + settings.rowsPerPartition - 1) / settings.rowsPerPartition);
    parts = Math.min(parts, index.cells);
    int[] partOf = index.partitionCells(weights, parts);

    Broadcast<IvfIndex> indexB = jsc.broadcast(index);
    Broadcast<int[]> partOfB = jsc.broadcast(partOf);
    LongAccumulator shipped = jsc.sc().longAccumulator("knn rows shipped");
    lastStats = new Stats(n, dim, index.cells, parts, shipped);
    final int fdim = dim;
    final int fk = k;

    if (settings.probe() == KnnSettings.Probe.QUERY) {
      int nprobe = Math.min(settings.nprobe, index.cells);
      final int fparts = parts;
      JavaRDD<Row> partials =
          in.mapPartitions(
                  (Iterator<Row> rows) ->
                      emitPerQuery(rows, indexB.value(), partOfB.value(), fdim, nprobe, shipped),
                  Encoders.tuple(Encoders.INT(), Encoders.BINARY()))
              .javaRDD()
              .mapToPair(t -> t)
              .partitionBy(new HashPartitioner(fparts))
              .mapPartitions(
                  it -> searchPartitionPerQuery(it, indexB.value(), partOfB.value(), fdim, fk));
      return spark
          .createDataFrame(partials, SCHEMA)
          .groupByKey(
              (org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(0),
              Encoders.STRING())
          .mapGroups(
              (org.apache.spark.api.java.function.MapGroupsFunction<String, Row, Row>)
                  (id, rows) -> mergePartials(rows, fk),
              Encoders.row(SCHEMA));
    }
    JavaRDD<Tuple2<Integer, byte[]>> records =
        in.mapPartitions(
                (Iterator<Row> rows) -> emit(rows, indexB.value(), partOfB.value(), fdim, shipped),
                Encoders.tuple(Encoders.INT(), Encoders.BINARY()))
            .javaRDD();
    JavaRDD<Row> joined =
        records
            .mapToPair(t -> t)
            .partitionBy(new HashPartitioner(parts))
            .mapPartitions(it -> searchPartition(it, indexB.value(), partOfB.value(), fdim, fk));
    return spark.createDataFrame(joined, SCHEMA);
  }

  private static void copyEmbedding(Row row, int field, String id, int dim, float[] out, int off) {
    List<Object> v = row.getList(field);
    if (v.size() != dim) {
      throw new IllegalArgumentException(
          "embedding of sample_id '" + id + "' has " + v.size() + " dimensions, expected " + dim);
    }
    for (int i = 0; i < dim; i++) {
      Object x = v.get(i);
      if (x == null) {
        throw new IllegalArgumentException(
            "embedding of sample_id '" + id + "' has a null at " + i);
      }
      out[off + i] = ((Number) x).floatValue();
    }
  }

  private static final int BATCH = 2048;

  /**
   * Normalises and homes each row, and ships it once to every partition holding a cell that probes
   * it.
   */
  /**
   * Reads up to {@code BATCH} rows (sample_id, label, embedding) into the arrays, each vector unit
   * length; returns how many. A zero or non-finite vector fails the job with its sample id.
   */
  private static int readBatch(
      Iterator<Row> rows, int dim, float[] batch, String[] ids, String[] labels) {
    int b = 0;
    while (b < BATCH && rows.hasNext()) {
      Row r = rows.next();
      ids[b] = r.getString(0);
      labels[b] = r.isNullAt(1) ? null : r.getString(1);
      copyEmbedding(r, 2, ids[b], dim, batch, b * dim);
      if (!BlockedSimilarity.normalize(batch, b * dim, dim)) {
        throw new IllegalArgumentException(
            "embedding of sample_id '" + ids[b] + "' has zero or non-finite length");
      }
      b++;
    }
    return b;
  }

  private static Iterator<Tuple2<Integer, byte[]>> emit(
      Iterator<Row> rows, IvfIndex index, int[] partOf, int dim, LongAccumulator shipped) {
    List<Tuple2<Integer, byte[]>> out = new ArrayList<>();
    float[] batch = new float[BATCH * dim];
    String[] ids = new String[BATCH];
    String[] labels = new String[BATCH];
    int[] home = new int[BATCH];
    boolean[] seen = new boolean[Math.max(1, partOf.length)];
    while (rows.hasNext()) {
      int b = readBatch(rows, dim, batch, ids, labels);
      SphericalKMeans.nearest(batch, b, index.centroids, index.cells, dim, home);
      for (int i = 0; i < b; i++) {
        byte[] rec = encode(home[i], ids[i], labels[i], batch, i * dim, dim);
        shipOncePerPartition(rec, index.targets[home[i]], partOf, seen, out);
      }
    }
    shipped.add(out.size());
    return out.iterator();
  }

  /**
   * Emits {@code rec} once to each partition that holds one of {@code cells}; {@code seen} is
   * scratch space (one flag per partition, all false on entry and on exit).
   */
  private static void shipOncePerPartition(
      byte[] rec, int[] cells, int[] partOf, boolean[] seen, List<Tuple2<Integer, byte[]>> out) {
    for (int c : cells) {
      int part = partOf[c];
      if (!seen[part]) {
        seen[part] = true;
        out.add(new Tuple2<>(part, rec));
      }
    }
    for (int c : cells) {
      seen[partOf[c]] = false;
    }
  }

  static byte[] encode(int home, String id, String label, float[] v, int off, int dim) {
    byte[] idb = id.getBytes(StandardCharsets.UTF_8);
    byte[] lb = label == null ? null : label.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(4 + 4 + idb.length + 4 + (lb == null ? 0 : lb.length) + 4 * dim);
    buf.putInt(home).putInt(idb.length).put(idb).putInt(lb == null ? -1 : lb.length);
    if (lb != null) {
      buf.put(lb);
    }
    buf.asFloatBuffer().put(v, off, dim);
    return buf.array();
  }

  /** Runs every cell group homed in this partition and emits one output row per homed row. */
  private static Iterator<Row> searchPartition(
      Iterator<Tuple2<Integer, byte[]>> it, IvfIndex index, int[] partOf, int dim, int k) {
    int part = TaskContext.getPartitionId();
    List<String> ids = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> homes = new ArrayList<>();
    float[] vecs = new float[1024 * dim];
    while (it.hasNext()) {
      ByteBuffer buf = ByteBuffer.wrap(it.next()._2());
      int home = buf.getInt();
      byte[] idb = new byte[buf.getInt()];
      buf.get(idb);
      int ll = buf.getInt();
      String label = null;
      if (ll >= 0) {
        byte[] lb = new byte[ll];
        buf.get(lb);
        label = new String(lb, StandardCharsets.UTF_8);
      }
      int row = ids.size();
      if ((row + 1) * dim > vecs.length) {
        vecs = Arrays.copyOf(vecs, vecs.length * 2);
      }
      buf.asFloatBuffer().get(vecs, row * dim, dim);
      ids.add(new String(idb, StandardCharsets.UTF_8));
      labels.add(label);
      homes.add(home);
    }
    // Members of each cell present here, in sample_id order so ties break the same way every run.
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < index.cells; c++) {
      members.add(null);
    }
    for (int r = 0; r < ids.size(); r++) {
      int h = homes.get(r);
      if (members.get(h) == null) {
        members.set(h, new ArrayList<>());
      }
      members.get(h).add(r);
    }
    for (List<Integer> list : members) {
      if (list != null) {
        list.sort((a, b) -> ids.get(a).compareTo(ids.get(b)));
      }
    }
    List<Row> out = new ArrayList<>();
    for (int c = 0; c < index.cells; c++) {
      List<Integer> queries = members.get(c);
      if (partOf[c] != part || queries == null) {
        continue;
      }
      List<Integer> group = new ArrayList<>(queries);
      for (int h : index.probes[c]) {
        if (h != c && members.get(h) != null) {
          group.addAll(members.get(h));
        }
      }
      float[] g = new float[group.size() * dim];
      for (int i = 0; i < group.size(); i++) {
        System.arraycopy(vecs, group.get(i) * dim, g, i * dim, dim);
      }
      TopKHeaps heaps = CellGroupSearch.search(g, queries.size(), group.size(), dim, k);
      float[] sims = new float[k];
      for (int q = 0; q < queries.size(); q++) {
        int[] local = heaps.sorted(q, sims);
        String[] nIds = new String[local.length];
        String[] nLabels = new String[local.length];
        float[] nSims = Arrays.copyOf(sims, local.length);
        for (int j = 0; j < local.length; j++) {
          int r = group.get(local[j]);
          nIds[j] = ids.get(r);
          nLabels[j] = labels.get(r);
        }
        int self = queries.get(q);
        out.add(RowFactory.create(ids.get(self), labels.get(self), c, nIds, nLabels, nSims));
      }
    }
    return out.iterator();
  }

  /**
   * Per-query probing: a row goes once to the partition of its home cell (as a member) and once to
   * every other partition holding one of its {@code nprobe} nearest cells (as a query); each copy
   * carries the probe list.
   */
  private static Iterator<Tuple2<Integer, byte[]>> emitPerQuery(
      Iterator<Row> rows,
      IvfIndex index,
      int[] partOf,
      int dim,
      int nprobe,
      LongAccumulator shipped) {
    List<Tuple2<Integer, byte[]>> out = new ArrayList<>();
    float[] batch = new float[BATCH * dim];
    String[] ids = new String[BATCH];
    String[] labels = new String[BATCH];
    int[] cellIds = new int[index.cells];
    for (int c = 0; c < index.cells; c++) {
      cellIds[c] = c;
    }
    int[] none = new int[BATCH];
    Arrays.fill(none, -1);
    boolean[] seen = new boolean[Math.max(1, partOf.length)];
    while (rows.hasNext()) {
      int b = readBatch(rows, dim, batch, ids, labels);
      TopKHeaps probes = new TopKHeaps(b, nprobe);
      BlockedSimilarity.scoreAll(
          batch, none, b, index.centroids, cellIds, index.cells, dim, probes, 0);
      for (int i = 0; i < b; i++) {
        int[] p = probes.sorted(i, null);
        int home = p[0];
        byte[] vec = encode(home, ids[i], labels[i], batch, i * dim, dim);
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * p.length + vec.length);
        buf.putInt(p.length);
        for (int c : p) {
          buf.putInt(c);
        }
        buf.put(vec);
        shipOncePerPartition(buf.array(), p, partOf, seen, out);
      }
    }
    shipped.add(out.size());
    return out.iterator();
  }

  /**
   * Scores every query here against the members of its probed cells here; emits partial top-k
   * lists.
   */
  private static Iterator<Row> searchPartitionPerQuery(
      Iterator<Tuple2<Integer, byte[]>> it, IvfIndex index, int[] partOf, int dim, int k) {
    int part = TaskContext.getPartitionId();
    List<String> ids = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> homes = new ArrayList<>();
    List<int[]> probeLists = new ArrayList<>();
    float[] vecs = new float[1024 * dim];
    while (it.hasNext()) {
      ByteBuffer buf = ByteBuffer.wrap(it.next()._2());
      int[] probes = new int[buf.getInt()];
      for (int j = 0; j < probes.length; j++) {
        probes[j] = buf.getInt();
      }
      int home = buf.getInt();
      byte[] idb = new byte[buf.getInt()];
      buf.get(idb);
      int ll = buf.getInt();
      String label = null;
      if (ll >= 0) {
        byte[] lb = new byte[ll];
        buf.get(lb);
        label = new String(lb, StandardCharsets.UTF_8);
      }
      int row = ids.size();
      if ((row + 1) * dim > vecs.length) {
        vecs = Arrays.copyOf(vecs, vecs.length * 2);
      }
      buf.slice().asFloatBuffer().get(vecs, row * dim, dim);
      ids.add(new String(idb, StandardCharsets.UTF_8));
      labels.add(label);
      homes.add(home);
      probeLists.add(probes);
    }
    int rows = ids.size();
    List<List<Integer>> members = new ArrayList<>();
    List<List<Integer>> queries = new ArrayList<>();
    for (int c = 0; c < index.cells; c++) {
      members.add(null);
      queries.add(null);
    }
    for (int r = 0; r < rows; r++) {
      int h = homes.get(r);
      if (partOf[h] == part) {
        if (members.get(h) == null) {
          members.set(h, new ArrayList<>());
        }
        members.get(h).add(r);
      }
      for (int c : probeLists.get(r)) {
        if (partOf[c] == part) {
          if (queries.get(c) == null) {
            queries.set(c, new ArrayList<>());
          }
          queries.get(c).add(r);
        }
      }
    }
    TopKHeaps heaps = new TopKHeaps(Math.max(1, rows), k);
    for (int c = 0; c < index.cells; c++) {
      List<Integer> mem = members.get(c);
      List<Integer> qs = queries.get(c);
      if (mem == null || qs == null) {
        continue;
      }
      mem.sort((a, b) -> ids.get(a).compareTo(ids.get(b)));
      float[] cv = new float[mem.size() * dim];
      int[] cid = new int[mem.size()];
      for (int j = 0; j < mem.size(); j++) {
        System.arraycopy(vecs, mem.get(j) * dim, cv, j * dim, dim);
        cid[j] = mem.get(j);
      }
      float[] qv = new float[qs.size() * dim];
      int[] qid = new int[qs.size()];
      for (int j = 0; j < qs.size(); j++) {
        System.arraycopy(vecs, qs.get(j) * dim, qv, j * dim, dim);
        qid[j] = qs.get(j);
      }
      // Heaps are indexed by the row's local index: score into a block-local heap set, then fold
      // in.
      TopKHeaps local = new TopKHeaps(qs.size(), k);
      BlockedSimilarity.scoreAll(qv, qid, qs.size(), cv, cid, mem.size(), dim, local, 0);
      float[] sims = new float[k];
      for (int j = 0; j < qs.size(); j++) {
        int[] nb = local.sorted(j, sims);
        for (int t = 0; t < nb.length; t++) {
          heaps.offer(qid[j], sims[t], nb[t]);
        }
      }
    }
    List<Row> out = new ArrayList<>();
    float[] sims = new float[k];
    for (int r = 0; r < rows; r++) {
      boolean queried = false;
      for (int c : probeLists.get(r)) {
        queried |= partOf[c] == part;
      }
      if (!queried) {
        continue;
      }
      int[] nb = heaps.sorted(r, sims);
      String[] nIds = new String[nb.length];
      String[] nLabels = new String[nb.length];
      for (int j = 0; j < nb.length; j++) {
        nIds[j] = ids.get(nb[j]);
        nLabels[j] = labels.get(nb[j]);
      }
      out.add(
          RowFactory.create(
              ids.get(r),
              labels.get(r),
              homes.get(r),
              nIds,
              nLabels,
              Arrays.copyOf(sims, nb.length)));
    }
    return out.iterator();
  }

  /**
   * Merges a row's partial lists from several partitions: top k by similarity, ties by sample_id.
   */
  private static Row mergePartials(Iterator<Row> partials, int k) {
    Row first = null;
    List<Object[]> all = new ArrayList<>();
    while (partials.hasNext()) {
      Row r = partials.next();
      if (first == null) {
        first = r;
      }
      List<String> nIds = r.getList(3);
      List<String> nLabels = r.getList(4);
      List<Float> nSims = r.getList(5);
      for (int j = 0; j < nIds.size(); j++) {
        all.add(new Object[] {nIds.get(j), nLabels.get(j), nSims.get(j)});
      }
    }
    all.sort(
        (a, b) -> {
          int c = Float.compare((Float) b[2], (Float) a[2]);
          return c != 0 ? c : ((String) a[0]).compareTo((String) b[0]);
        });
    int m = Math.min(k, all.size());
    String[] ids = new String[m];
    String[] labels = new String[m];
    float[] sims = new float[m];
    for (int j = 0; j < m; j++) {
      ids[j] = (String) all.get(j)[0];
      labels[j] = (String) all.get(j)[1];
      sims[j] = (Float) all.get(j)[2];
    }
    return RowFactory.create(
        first.getString(0),
        first.isNullAt(1) ? null : first.getString(1),
        first.getInt(2),
        ids,
        labels,
        sims);
  }
}
