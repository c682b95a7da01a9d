package io.antidote.detect.trigger;

import com.typesafe.config.Config;
import io.antidote.config.InvalidConfigException;
import io.antidote.corpus.CorpusSchema;
import java.io.Serializable;

/** Settings of {@link TriggerTokenDetector} (HOCON block {@code detectors.trigger-tokens}). */
public final class TriggerTokenSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String PREFIX = "detectors.trigger-tokens.";

  public final boolean enabled;

  /** Column whose values are the groups: the label, or an embedding-cluster id when unlabelled. */
  public final String groupColumn;

  /** Longest n-gram counted (1 = words only). */
  public final int maxNgram;

  /** A term needs at least this many rows. */
  public final int minSupport;

  /** A term needs at least this share of its rows in one group. */
  public final double minConcentration;

  /** Family-wise significance of the G-test (Bonferroni over the concentrated terms). */
  public final double alpha;

  /**
   * A trigger's support must be at least this multiple of {@code natural-support-quantile} of the
   * supports of all concentrated terms: triggers are planted far more often than any natural
   * one-group word (a name, a technical term) occurs.
   */
  public final double supportFactor;

  public final double naturalSupportQuantile;

  /** Concentrated terms with at least this support make up the "natural" population measured. */
  public final int naturalMinSupport;

  /**
   * Whether a concentrated, significant term may also be accepted by the off-label rule: its
   * carriers' other words fit its label worse than the label's other rows do (see {@link
   * TriggerTokenDetector}).
   */
  public final boolean offLabelRule;

  /**
   * Family-wise significance of the off-label Mann-Whitney test (Bonferroni over the terms tested).
   */
  public final double offLabelAlpha;

  /**
   * The off-label rule needs at least this many rows of the label without the term to compare with.
   */
  public final int offLabelMinReference;

  /** Lidstone pseudo-count of the naive-Bayes word model (1 = Laplace). */
  public final double offLabelSmoothing;

  public TriggerTokenSettings(
      boolean enabled,
      String groupColumn,
      int maxNgram,
      int minSupport,
      double minConcentration,
      double alpha,
      double supportFactor,
      double naturalSupportQuantile,
      int naturalMinSupport,
      boolean offLabelRule,
      double offLabelAlpha,
      int offLabelMinReference,
      double offLabelSmoothing) {
    if (groupColumn == null || groupColumn.isBlank()) {
      throw new InvalidConfigException(
          PREFIX + "group-column", "must name a column, was '" + groupColumn + "'");
    }
    if (maxNgram < 1 || maxNgram > 5) {
      throw new InvalidConfigException(PREFIX + "max-ngram", "must be in 1..5, was " + maxNgram);
    }
    if (minSupport < 2) {
      throw new InvalidConfigException(PREFIX + "min-support", "must be >= 2, was " + minSupport);
    }
    if (!(minConcentration > 0 && minConcentration <= 1)) {
      throw new InvalidConfigException(
          PREFIX + "min-concentration", "must be in (0, 1], was " + minConcentration);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new InvalidConfigException(PREFIX + "alpha", "must be in (0, 1), was " + alpha);
    }
    if (!(supportFactor >= 1)) {
      throw new InvalidConfigException(
          PREFIX + "support-factor", "must be >= 1, was " + supportFactor);
    }
    if (!(naturalSupportQuantile > 0 && naturalSupportQuantile <= 1)) {
      throw new InvalidConfigException(
          PREFIX + "natural-support-quantile", "must be in (0, 1], was " + naturalSupportQuantile);
    }
    if (naturalMinSupport < 2) {
      throw new InvalidConfigException(
          PREFIX + "natural-min-support", "must be >= 2, was " + naturalMinSupport);
    }
    if (!(offLabelAlpha > 0 && offLabelAlpha < 1)) {
      throw new InvalidConfigException(
          PREFIX + "off-label-alpha", "must be in (0, 1), was " + offLabelAlpha);
    }
    if (offLabelMinReference < 2) {
      throw new InvalidConfigException(
          PREFIX + "off-label-min-reference", "must be >= 2, was " + offLabelMinReference);
    }
    if (!(offLabelSmoothing > 0)) {
      throw new InvalidConfigException(
          PREFIX + "off-label-smoothing", "must be > 0, was " + offLabelSmoothing);
    }
    this.naturalMinSupport = naturalMinSupport;
    this.offLabelRule = offLabelRule;
    this.offLabelAlpha = offLabelAlpha;
    this.offLabelMinReference = offLabelMinReference;
    this.offLabelSmoothing = offLabelSmoothing;
    this.enabled = enabled;
    this.groupColumn = groupColumn;
    this.maxNgram = maxNgram;
    this.minSupport = minSupport;
    this.minConcentration = minConcentration;
    this.alpha = alpha;
    this.supportFactor = supportFactor;
    this.naturalSupportQuantile = naturalSupportQuantile;
  }

  public static TriggerTokenSettings defaults() {
    return new TriggerTokenSettings(
        true, CorpusSchema.LABEL, 2, 20, 0.9, 1e-6, 3.0, 0.99, 5, true, 1e-3, 20, 1.0);
  }

  /**
   * The same settings with the off-label rule switched on or off (the support rule alone when off).
   */
  public TriggerTokenSettings withOffLabelRule(boolean on) {
    return new TriggerTokenSettings(
        enabled,
        groupColumn,
        maxNgram,
        minSupport,
        minConcentration,
        alpha,
        supportFactor,
        naturalSupportQuantile,
        naturalMinSupport,
        on,
        offLabelAlpha,
        offLabelMinReference,
        offLabelSmoothing);
  }

  public static TriggerTokenSettings fromConfig(Config c) {
    TriggerTokenSettings d = defaults();
    return new TriggerTokenSettings(
        c.hasPath("enabled") ? c.getBoolean("enabled") : d.enabled,
        c.hasPath("group-column") ? c.getString("group-column") : d.groupColumn,
        c.hasPath("max-ngram") ? c.getInt("max-ngram") : d.maxNgram,
        c.hasPath("min-support") ? c.getInt("min-support") : d.minSupport,
        c.hasPath("min-concentration") ? c.getDouble("min-concentration") : d.minConcentration,
        c.hasPath("alpha") ? c.getDouble("alpha") : d.alpha,
        c.hasPath("support-factor") ? c.getDouble("support-factor") : d.supportFactor,
        c.hasPath("natural-support-quantile")
            ? c.getDouble("natural-support-quantile")
            : d.naturalSupportQuantile,
        c.hasPath("natural-min-support") ? c.getInt("natural-min-support") : d.naturalMinSupport,
        c.hasPath("off-label-rule") ? c.getBoolean("off-label-rule") : d.offLabelRule,
        c.hasPath("off-label-alpha") ? c.getDouble("off-label-alpha") : d.offLabelAlpha,
        c.hasPath("off-label-min-reference")
            ? c.getInt("off-label-min-reference")
            : d.offLabelMinReference,
        c.hasPath("off-label-smoothing")
            ? c.getDouble("off-label-smoothing")
            : d.offLabelSmoothing);
  }
}
