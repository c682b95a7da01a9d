package io.antidote.detect.neighbours;

import io.antidote.config.SettingsBlock;
import java.io.Serializable;
import java.util.Locale;

/**
 * Settings of the shared KNN self-join (block {@code antidote.knn}; not a detector, so no common
 * detector keys). Cost per row is about {@code nprobe x cell-size} dot products, so at a fixed cell
 * size the join grows linearly with the corpus; recall grows with {@code nprobe} (BENCHMARKS.md
 * gives measured recall against exact search). Defaults live in reference.conf only: tests read
 * them with {@code fromConfig(SettingsBlock.defaults(PATH))}.
 *
 * @param cellSize rows per k-means cell (cells = rows / cell-size)
 * @param nprobe cells scored exactly for each row
 * @param probe how queries choose the cells they are scored against
 * @param trainSample at most this many rows train the quantiser on the driver
 * @param kmeansIterations Lloyd iterations of the spherical k-means
 * @param seed seeds the training sample and k-means
 * @param partitions shuffle partitions for the cell groups; 0 = max(default parallelism, rows /
 *     rows-per-partition)
 * @param rowsPerPartition target rows homed in one partition, which bounds a task's memory
 */
public record KnnSettings(
    int cellSize,
    int nprobe,
    Probe probe,
    int trainSample,
    int kmeansIterations,
    long seed,
    int partitions,
    int rowsPerPartition)
    implements Serializable {

  /** The block under {@code antidote}. */
  public static final String PATH = "knn";

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

  /** Rejects values the join cannot run with (fromConfig has already named the key). */
  public KnnSettings {
    atLeast("cell-size", cellSize, 2);
    atLeast("nprobe", nprobe, 1);
    atLeast("train-sample", trainSample, 1);
    atLeast("kmeans-iterations", kmeansIterations, 0);
    atLeast("partitions", partitions, 0);
    atLeast("rows-per-partition", rowsPerPartition, 1);
    if (probe == null) {
      throw new IllegalArgumentException("knn probe must be query or cell");
    }
  }

  /** Reads every key of the {@code knn} block; each error names the full key. */
  public static KnnSettings fromConfig(SettingsBlock block) {
    return new KnnSettings(
        block.integer("cell-size", 2, Integer.MAX_VALUE),
        block.integer("nprobe", 1, Integer.MAX_VALUE),
        block.enumValue("probe", Probe.class),
        block.integer("train-sample", 1, Integer.MAX_VALUE),
        block.integer("kmeans-iterations", 0, Integer.MAX_VALUE),
        block.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        block.integer("partitions", 0, Integer.MAX_VALUE),
        block.integer("rows-per-partition", 1, Integer.MAX_VALUE));
  }

  public KnnSettings withCells(int cellSize, int nprobe) {
    return new KnnSettings(
        cellSize, nprobe, probe, trainSample, kmeansIterations, seed, partitions, rowsPerPartition);
  }

  public KnnSettings withProbe(Probe probe) {
    return new KnnSettings(
        cellSize, nprobe, probe, trainSample, kmeansIterations, seed, partitions, rowsPerPartition);
  }

  public KnnSettings withPartitions(int partitions, int rowsPerPartition) {
    return new KnnSettings(
        cellSize, nprobe, probe, trainSample, kmeansIterations, seed, partitions, rowsPerPartition);
  }

  /** Number of k-means cells for n rows. */
  public int cellsFor(long n) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round((double) n / cellSize)));
  }

  static int atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException("knn " + key + " must be >= " + min + ", was " + value);
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
        + probe.name().toLowerCase(Locale.ROOT)
        + "}";
  }
}
