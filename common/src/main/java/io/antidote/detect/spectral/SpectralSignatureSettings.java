package io.antidote.detect.spectral;

import static io.antidote.detect.spectral.DetectorConfig.check;

import com.typesafe.config.Config;
import io.antidote.detect.groups.GroupBy;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of {@link SpectralSignatureDetector}; HOCON block {@value #PATH}.
 *
 * @param enabled whether the audit runs the detector
 * @param epsilon expected poison fraction ε per group, in (0, 0.5)
 * @param removalFactor the detector flags the top {@code removalFactor · ε} of each group (1.5 in
 *     Tran et al.)
 * @param components number of top singular directions whose squared projections are summed (1 in
 *     the paper)
 * @param groupBy label, cluster or auto
 * @param clusters k of the k-means that forms groups when grouping by cluster
 * @param seed seed of that k-means
 * @param minGroupSize groups smaller than this are reported but not scored
 * @param variant standard (Tran et al.) or robust (SPECTRE-style QUE scoring)
 * @param robustDims dimensions kept before robust whitening (SPECTRE projects to the top k first)
 * @param robustIterations trimming iterations of the robust mean/covariance estimate
 * @param queAlpha the α of QUE scoring (4 in SPECTRE); 0 gives plain Mahalanobis distance
 */
public record SpectralSignatureSettings(
    boolean enabled,
    double epsilon,
    double removalFactor,
    int components,
    GroupBy groupBy,
    int clusters,
    long seed,
    int minGroupSize,
    Variant variant,
    int robustDims,
    int robustIterations,
    double queAlpha) {

  public static final String PATH = "detectors.spectral-signatures";

  /** Scoring variants. */
  public enum Variant {
    STANDARD,
    ROBUST
  }

  public SpectralSignatureSettings {
    check(epsilon > 0 && epsilon < 0.5, PATH + ".epsilon", "in (0, 0.5)", epsilon);
    check(removalFactor >= 1, PATH + ".removal-factor", ">= 1", removalFactor);
    check(
        removalFactor * epsilon <= 1,
        PATH + ".removal-factor * epsilon",
        "<= 1",
        removalFactor * epsilon);
    check(components >= 1 && components <= 16, PATH + ".components", "in [1, 16]", components);
    check(groupBy != null, PATH + ".group-by", "label, cluster or auto", groupBy);
    check(clusters >= 1, PATH + ".clusters", ">= 1", clusters);
    check(minGroupSize >= 3, PATH + ".min-group-size", ">= 3", minGroupSize);
    check(variant != null, PATH + ".variant", "standard or robust", variant);
    check(robustDims >= 2 && robustDims <= 256, PATH + ".robust-dims", "in [2, 256]", robustDims);
    check(
        robustIterations >= 1 && robustIterations <= 20,
        PATH + ".robust-iterations",
        "in [1, 20]",
        robustIterations);
    check(queAlpha >= 0 && queAlpha <= 50, PATH + ".que-alpha", "in [0, 50]", queAlpha);
  }

  public static SpectralSignatureSettings defaults() {
    return new SpectralSignatureSettings(
        true, 0.05, 1.5, 1, GroupBy.AUTO, 10, 42L, 50, Variant.STANDARD, 32, 3, 4.0);
  }

  /**
   * Reads the block at {@value #PATH} (pass {@code config.getConfig(PATH)}); missing keys keep
   * defaults.
   */
  public static SpectralSignatureSettings fromConfig(Config block) {
    SpectralSignatureSettings d = defaults();
    DetectorConfig c =
        new DetectorConfig(
            block,
            PATH,
            Set.of(
                "enabled",
                "epsilon",
                "removal-factor",
                "components",
                "group-by",
                "clusters",
                "seed",
                "min-group-size",
                "variant",
                "robust-dims",
                "robust-iterations",
                "que-alpha"));
    String variant = c.getString("variant", d.variant.name());
    Variant v;
    try {
      v = Variant.valueOf(variant.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PATH + ".variant must be standard or robust, got '" + variant + "'", e);
    }
    return new SpectralSignatureSettings(
        c.getBoolean("enabled", d.enabled),
        c.getDouble("epsilon", d.epsilon),
        c.getDouble("removal-factor", d.removalFactor),
        c.getInt("components", d.components),
        GroupBy.parse(PATH + ".group-by", c.getString("group-by", d.groupBy.name())),
        c.getInt("clusters", d.clusters),
        c.getLong("seed", d.seed),
        c.getInt("min-group-size", d.minGroupSize),
        v,
        c.getInt("robust-dims", d.robustDims),
        c.getInt("robust-iterations", d.robustIterations),
        c.getDouble("que-alpha", d.queAlpha));
  }

  /** The fraction of each group the detector flags. */
  public double removalFraction() {
    return removalFactor * epsilon;
  }

  public SpectralSignatureSettings withEpsilon(double e) {
    return new SpectralSignatureSettings(
        enabled,
        e,
        removalFactor,
        components,
        groupBy,
        clusters,
        seed,
        minGroupSize,
        variant,
        robustDims,
        robustIterations,
        queAlpha);
  }

  public SpectralSignatureSettings withGroupBy(GroupBy g) {
    return new SpectralSignatureSettings(
        enabled,
        epsilon,
        removalFactor,
        components,
        g,
        clusters,
        seed,
        minGroupSize,
        variant,
        robustDims,
        robustIterations,
        queAlpha);
  }

  public SpectralSignatureSettings withClusters(int k) {
    return new SpectralSignatureSettings(
        enabled,
        epsilon,
        removalFactor,
        components,
        groupBy,
        k,
        seed,
        minGroupSize,
        variant,
        robustDims,
        robustIterations,
        queAlpha);
  }

  public SpectralSignatureSettings withVariant(Variant v) {
    return new SpectralSignatureSettings(
        enabled,
        epsilon,
        removalFactor,
        components,
        groupBy,
        clusters,
        seed,
        minGroupSize,
        v,
        robustDims,
        robustIterations,
        queAlpha);
  }
}
