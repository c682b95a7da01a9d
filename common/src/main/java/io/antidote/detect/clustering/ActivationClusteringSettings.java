package io.antidote.detect.clustering;

import static io.antidote.detect.spectral.DetectorConfig.check;

import com.typesafe.config.Config;
import io.antidote.detect.groups.GroupBy;
import io.antidote.detect.spectral.DetectorConfig;
import java.util.Set;

/**
 * Settings of {@link ActivationClusteringDetector}; HOCON block {@value #PATH}.
 *
 * @param enabled whether the audit runs the detector
 * @param dims PCA dimensions kept per group before clustering (10 in Chen et al.)
 * @param maxRelativeSize the smaller cluster is suspect only if it holds at most this share of the
 *     group
 * @param minSilhouette ... and only if the split's silhouette is at least this
 * @param maxIterations Lloyd iterations at most
 * @param silhouetteSample points sampled per cluster for the silhouette (O(m²) on the driver)
 * @param seed seed of the silhouette sample (the clustering itself needs none)
 * @param groupBy label, cluster or auto
 * @param clusters k of the k-means that forms groups when grouping by cluster
 * @param minGroupSize groups smaller than this are reported but not clustered
 */
public record ActivationClusteringSettings(
    boolean enabled,
    int dims,
    double maxRelativeSize,
    double minSilhouette,
    int maxIterations,
    int silhouetteSample,
    long seed,
    GroupBy groupBy,
    int clusters,
    int minGroupSize) {

  public static final String PATH = "detectors.activation-clustering";

  public ActivationClusteringSettings {
    check(dims >= 1 && dims <= 64, PATH + ".dims", "in [1, 64]", dims);
    check(
        maxRelativeSize > 0 && maxRelativeSize < 0.5,
        PATH + ".max-relative-size",
        "in (0, 0.5)",
        maxRelativeSize);
    check(
        minSilhouette >= -1 && minSilhouette <= 1,
        PATH + ".min-silhouette",
        "in [-1, 1]",
        minSilhouette);
    check(
        maxIterations >= 1 && maxIterations <= 1000,
        PATH + ".max-iterations",
        "in [1, 1000]",
        maxIterations);
    check(
        silhouetteSample >= 10 && silhouetteSample <= 5000,
        PATH + ".silhouette-sample",
        "in [10, 5000]",
        silhouetteSample);
    check(groupBy != null, PATH + ".group-by", "label, cluster or auto", groupBy);
    check(clusters >= 1, PATH + ".clusters", ">= 1", clusters);
    check(minGroupSize >= 10, PATH + ".min-group-size", ">= 10", minGroupSize);
  }

  public static ActivationClusteringSettings defaults() {
    return new ActivationClusteringSettings(
        true, 10, 0.35, 0.25, 50, 500, 42L, GroupBy.AUTO, 10, 50);
  }

  /**
   * Reads the block at {@value #PATH} (pass {@code config.getConfig(PATH)}); missing keys keep
   * defaults.
   */
  public static ActivationClusteringSettings fromConfig(Config block) {
    ActivationClusteringSettings d = defaults();
    DetectorConfig c =
        new DetectorConfig(
            block,
            PATH,
            Set.of(
                "enabled",
                "dims",
                "max-relative-size",
                "min-silhouette",
                "max-iterations",
                "silhouette-sample",
                "seed",
                "group-by",
                "clusters",
                "min-group-size"));
    return new ActivationClusteringSettings(
        c.getBoolean("enabled", d.enabled),
        c.getInt("dims", d.dims),
        c.getDouble("max-relative-size", d.maxRelativeSize),
        c.getDouble("min-silhouette", d.minSilhouette),
        c.getInt("max-iterations", d.maxIterations),
        c.getInt("silhouette-sample", d.silhouetteSample),
        c.getLong("seed", d.seed),
        GroupBy.parse(PATH + ".group-by", c.getString("group-by", d.groupBy.name())),
        c.getInt("clusters", d.clusters),
        c.getInt("min-group-size", d.minGroupSize));
  }

  public ActivationClusteringSettings withGroupBy(GroupBy g) {
    return new ActivationClusteringSettings(
        enabled,
        dims,
        maxRelativeSize,
        minSilhouette,
        maxIterations,
        silhouetteSample,
        seed,
        g,
        clusters,
        minGroupSize);
  }
}
