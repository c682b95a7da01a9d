package io.antidote.detect.knn;

import com.typesafe.config.Config;
import io.antidote.config.InvalidConfigException;
import java.io.Serializable;

/**
 * Settings of the KNN self-join (HOCON block {@code knn}). Cost per row is about {@code nprobe x
 * cell-size} dot products, so at a fixed cell size the join grows linearly with the corpus; recall
 * grows with {@code nprobe} (see BENCHMARKS-knn.md for measured recall against exact search).
 */
public final class KnnSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_CELL_SIZE = 250;
  public static final int DEFAULT_NPROBE = 8;
  public static final int DEFAULT_TRAIN_SAMPLE = 50_000;
  public static final int DEFAULT_KMEANS_ITERATIONS = 10;
  public static final long DEFAULT_SEED = 42L;
  public static final int DEFAULT_ROWS_PER_PARTITION = 50_000;

  public final int cellSize;
  public final int nprobe;
  public final int trainSample;
  public final int kmeansIterations;
  public final long seed;

  /**
   * Shuffle partitions for the cell groups; 0 = max(default parallelism, rows /
   * rows-per-partition).
   */
  public final int partitions;

  /** Target rows homed in one partition (its cells' members), which bounds a task's memory. */
  public final int rowsPerPartition;

  /** How queries choose the cells they are scored against. */
  public enum Probe {
    /**
     * Each row probes its own nprobe nearest cells (two shuffles: queries out, partial top-k
     * merged).
     */
    QUERY,
    /**
     * The rows of a cell share the cell's voted probe list (one shuffle, no merge; see IvfIndex).
     */
    CELL
  }

  private Probe probe = Probe.QUERY;

  public Probe probe() {
    return probe;
  }

  public KnnSettings(
      int cellSize, int nprobe, int trainSample, int kmeansIterations, long seed, int partitions) {
    this(
        cellSize,
        nprobe,
        trainSample,
        kmeansIterations,
        seed,
        partitions,
        DEFAULT_ROWS_PER_PARTITION);
  }

  public KnnSettings(
      int cellSize,
      int nprobe,
      int trainSample,
      int kmeansIterations,
      long seed,
      int partitions,
      int rowsPerPartition) {
    this.cellSize = atLeast("knn.cell-size", cellSize, 2);
    this.nprobe = atLeast("knn.nprobe", nprobe, 1);
    this.trainSample = atLeast("knn.train-sample", trainSample, 1);
    this.kmeansIterations = atLeast("knn.kmeans-iterations", kmeansIterations, 0);
    this.seed = seed;
    this.partitions = atLeast("knn.partitions", partitions, 0);
    this.rowsPerPartition = atLeast("knn.rows-per-partition", rowsPerPartition, 1);
  }

  public static KnnSettings defaults() {
    return new KnnSettings(
        DEFAULT_CELL_SIZE,
        DEFAULT_NPROBE,
        DEFAULT_TRAIN_SAMPLE,
        DEFAULT_KMEANS_ITERATIONS,
        DEFAULT_SEED,
        0);
  }

  /** Reads the {@code knn} block; missing keys keep their defaults. */
  public static KnnSettings fromConfig(Config knn) {
    KnnSettings d = defaults();
    Probe probe = d.probe;
    if (knn.hasPath("probe")) {
      String v = knn.getString("probe");
      try {
        probe = Probe.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException("knn.probe", "must be query or cell, was '" + v + "'");
      }
    }
    return new KnnSettings(
            knn.hasPath("cell-size") ? knn.getInt("cell-size") : d.cellSize,
            knn.hasPath("nprobe") ? knn.getInt("nprobe") : d.nprobe,
            knn.hasPath("train-sample") ? knn.getInt("train-sample") : d.trainSample,
            knn.hasPath("kmeans-iterations") ? knn.getInt("kmeans-iterations") : d.kmeansIterations,
            knn.hasPath("seed") ? knn.getLong("seed") : d.seed,
            knn.hasPath("partitions") ? knn.getInt("partitions") : d.partitions,
            knn.hasPath("rows-per-partition")
                ? knn.getInt("rows-per-partition")
                : d.rowsPerPartition)
        .withProbe(probe);
  }

  public KnnSettings withCells(int cellSize, int nprobe) {
    KnnSettings s =
        new KnnSettings(
            cellSize, nprobe, trainSample, kmeansIterations, seed, partitions, rowsPerPartition);
    s.probe = probe;
    return s;
  }

  public KnnSettings withProbe(Probe probe) {
    KnnSettings s =
        new KnnSettings(
            cellSize, nprobe, trainSample, kmeansIterations, seed, partitions, rowsPerPartition);
    s.probe = probe;
    return s;
  }

  public KnnSettings withPartitions(int partitions, int rowsPerPartition) {
    KnnSettings s =
        new KnnSettings(
            cellSize, nprobe, trainSample, kmeansIterations, seed, partitions, rowsPerPartition);
    s.probe = probe;
    return s;
  }

  /** Number of k-means cells for n rows. */
  public int cellsFor(long n) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round((double) n / cellSize)));
  }

  static int atLeast(String key, int value, int min) {
    if (value < min) {
      throw new InvalidConfigException(key, "must be >= " + min + ", was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "knn{cell-size="
        + cellSize
        + ", nprobe="
        + nprobe
        + ", train-sample="
        + trainSample
        + ", kmeans-iterations="
        + kmeansIterations
        + ", seed="
        + seed
        + ", partitions="
        + partitions
        + ", rows-per-partition="
        + rowsPerPartition
        + ", probe="
        + probe.name().toLowerCase(java.util.Locale.ROOT)
        + "}";
  }
}
