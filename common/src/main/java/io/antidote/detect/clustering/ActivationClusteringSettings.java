package io.antidote.detect.clustering;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;
import io.antidote.detect.groups.GroupBy;
import java.util.Objects;

/**
 * Settings of {@link ActivationClusteringDetector}; block {@value #PATH} of reference.conf, where
 * every default lives. {@link #fromConfig} reads every key and checks every range; errors are
 * {@link io.antidote.config.InvalidConfigException}s naming the full key.
 *
 * @param common enabled, action, weight, fdr
 * @param dims PCA dimensions kept per group before clustering (10 in Chen et al.)
 * @param maxRelativeSize the smaller cluster is flagged only if it holds at most this share of the
 *     group (a split near one half is not a planted sub-population)
 * @param nullSamples Gaussian samples (of the group's PCA variances) whose 2-means silhouette is
 *     the group's null silhouette
 * @param nullScaleFloor least scale of the comparable-groups null of the excess silhouette
 * @param maxIterations Lloyd iterations at most
 * @param silhouetteSample points sampled per cluster for the silhouette (O(m²) on the driver)
 * @param seed seed of the silhouette sample and of the k-means that forms groups by cluster (the
 *     2-means itself needs none)
 * @param groupBy label, cluster or auto
 * @param clusters k of the k-means that forms groups when grouping by cluster
 * @param minGroupSize groups smaller than this are reported but not clustered
 */
public record ActivationClusteringSettings(
    DetectorSettings common,
    int dims,
    double maxRelativeSize,
    int nullSamples,
    double nullScaleFloor,
    int maxIterations,
    int silhouetteSample,
    long seed,
    GroupBy groupBy,
    int clusters,
    int minGroupSize)
    implements DetectorEntry.Settings {

  /** The block under {@code antidote}. */
  public static final String PATH = "detectors.activation-clustering";

  public ActivationClusteringSettings {
    Objects.requireNonNull(common, "common");
    Objects.requireNonNull(groupBy, "groupBy");
  }

  /** Reads the block at {@value #PATH}: every key, no fallback. */
  public static ActivationClusteringSettings fromConfig(SettingsBlock block) {
    double maxRelativeSize = block.number("max-relative-size", 0, 0.5);
    block.check(
        maxRelativeSize > 0 && maxRelativeSize < 0.5,
        "max-relative-size",
        "in (0, 0.5)",
        maxRelativeSize);
    return new ActivationClusteringSettings(
        DetectorSettings.of(block),
        block.integer("dims", 1, 64),
        maxRelativeSize,
        block.integer("null-samples", 2, 1000),
        block.number("null-scale-floor", 1e-6, 1),
        block.integer("max-iterations", 1, 1000),
        block.integer("silhouette-sample", 10, 5000),
        block.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        block.enumValue("group-by", GroupBy.class),
        block.integer("clusters", 1, Integer.MAX_VALUE),
        block.integer("min-group-size", 10, Integer.MAX_VALUE));
  }

  public ActivationClusteringSettings withGroupBy(GroupBy g) {
    return new ActivationClusteringSettings(
        common,
        dims,
        maxRelativeSize,
        nullSamples,
        nullScaleFloor,
        maxIterations,
        silhouetteSample,
        seed,
        g,
        clusters,
        minGroupSize);
  }
}
