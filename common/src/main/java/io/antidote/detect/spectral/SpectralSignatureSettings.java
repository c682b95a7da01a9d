package io.antidote.detect.spectral;

import io.antidote.config.SettingsBlock;
import io.antidote.detect.DetectorEntry;
import io.antidote.detect.DetectorSettings;
import io.antidote.detect.groups.GroupBy;
import java.util.Objects;

/**
 * Settings of {@link SpectralSignatureDetector}; block {@value #PATH} of reference.conf, where
 * every default lives. {@link #fromConfig} reads every key and checks every range; errors are
 * {@link io.antidote.config.InvalidConfigException}s naming the full key.
 *
 * @param common enabled, action, weight, fdr
 * @param mode test (default: flag only inside groups whose spectrum shows a separate component,
 *     rows by BH at {@code fdr}) or budget (Tran et al.: the top {@code removalFactor · ε} of every
 *     group)
 * @param nullScaleFloor least scale of the comparable-groups null of ln(λ1/λ2) (test mode)
 * @param epsilon expected poison fraction ε per group, in (0, 0.5) (budget mode; the robust
 *     variant's trimming)
 * @param removalFactor budget mode flags the top {@code removalFactor · ε} of each group (1.5 in
 *     Tran et al.)
 * @param components number of top singular directions whose squared projections are summed (1 in
 *     the paper)
 * @param groupBy label, cluster or auto
 * @param clusters k of the k-means that forms groups when grouping by cluster
 * @param seed seed of that k-means
 * @param minGroupSize groups smaller than this are reported but not scored
 * @param variant standard (Tran et al.) or robust (SPECTRE-style QUE scoring; budget mode only)
 * @param robustDims dimensions kept before robust whitening (SPECTRE projects to the top k first)
 * @param robustIterations trimming iterations of the robust mean/covariance estimate
 * @param queAlpha the α of QUE scoring (4 in SPECTRE); 0 gives plain Mahalanobis distance
 */
public record SpectralSignatureSettings(
    DetectorSettings common,
    Mode mode,
    double nullScaleFloor,
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
    double queAlpha)
    implements DetectorEntry.Settings {

  /** The block under {@code antidote}. */
  public static final String PATH = "detectors.spectral-signatures";

  /** Test (evidence, FDR) or budget (a fixed share of every group, the paper's rule). */
  public enum Mode {
    TEST,
    BUDGET
  }

  /** Scoring variants. */
  public enum Variant {
    STANDARD,
    ROBUST
  }

  public SpectralSignatureSettings {
    Objects.requireNonNull(common, "common");
    Objects.requireNonNull(groupBy, "groupBy");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(mode, "mode");
    if (variant == Variant.ROBUST && mode != Mode.BUDGET) {
      throw new IllegalArgumentException("the robust variant ranks rows for mode = budget only");
    }
  }

  /** Reads the block at {@value #PATH}: every key, no fallback. */
  public static SpectralSignatureSettings fromConfig(SettingsBlock block) {
    double epsilon = block.number("epsilon", 0, 0.5);
    block.check(epsilon > 0 && epsilon < 0.5, "epsilon", "in (0, 0.5)", epsilon);
    double removalFactor = block.number("removal-factor", 1, Double.MAX_VALUE);
    block.check(
        removalFactor * epsilon <= 1,
        "removal-factor",
        "at most 1/epsilon (removal-factor * epsilon is the fraction flagged, <= 1)",
        removalFactor);
    Mode mode = block.enumValue("mode", Mode.class);
    Variant variant = block.enumValue("variant", Variant.class);
    block.check(
        variant == Variant.STANDARD || mode == Mode.BUDGET,
        "variant",
        "standard unless mode = budget (the robust QUE score ranks rows for a budget, it has no"
            + " calibrated null)",
        variant.name().toLowerCase(java.util.Locale.ROOT));
    return new SpectralSignatureSettings(
        DetectorSettings.of(block),
        mode,
        block.number("null-scale-floor", 1e-6, 10),
        epsilon,
        removalFactor,
        block.integer("components", 1, 16),
        block.enumValue("group-by", GroupBy.class),
        block.integer("clusters", 1, Integer.MAX_VALUE),
        block.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        block.integer("min-group-size", 3, Integer.MAX_VALUE),
        variant,
        block.integer("robust-dims", 2, 256),
        block.integer("robust-iterations", 1, 20),
        block.number("que-alpha", 0, 50));
  }

  /** The fraction of each group the detector flags. */
  public double removalFraction() {
    return removalFactor * epsilon;
  }

  public SpectralSignatureSettings withMode(Mode m) {
    return new SpectralSignatureSettings(
        common,
        m,
        nullScaleFloor,
        epsilon,
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

  public SpectralSignatureSettings withEpsilon(double e) {
    return new SpectralSignatureSettings(
        common,
        mode,
        nullScaleFloor,
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
        common,
        mode,
        nullScaleFloor,
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
        common,
        mode,
        nullScaleFloor,
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
        common,
        mode,
        nullScaleFloor,
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

  public SpectralSignatureSettings withMinGroupSize(int n) {
    return new SpectralSignatureSettings(
        common,
        mode,
        nullScaleFloor,
        epsilon,
        removalFactor,
        components,
        groupBy,
        clusters,
        seed,
        n,
        variant,
        robustDims,
        robustIterations,
        queAlpha);
  }
}
