package io.antidote.detect.alignment;

import io.antidote.detect.linalg.QuantileCut;

/**
 * The cosine below which a caption–image pair is flagged: below the absolute cut or below the
 * corpus's quantile cut, whichever is higher (a pair is flagged if either says so).
 *
 * @param absolute the absolute cut, NaN when off
 * @param quantileCut the corpus quantile's cosine, NaN when off
 */
public record AlignmentCut(double absolute, double quantileCut) implements java.io.Serializable {

  /** The effective cut: flagged iff cosine &lt; cut. */
  public double cut() {
    if (Double.isNaN(absolute)) {
      return quantileCut;
    }
    if (Double.isNaN(quantileCut)) {
      return absolute;
    }
    return Math.max(absolute, quantileCut);
  }

  public boolean flags(double cosine) {
    return cosine < cut();
  }

  /** Which cut(s) a flagged cosine is below, for the reason text. */
  public String which(double cosine) {
    boolean abs = !Double.isNaN(absolute) && cosine < absolute;
    boolean q = !Double.isNaN(quantileCut) && cosine < quantileCut;
    return abs && q ? "absolute and quantile" : abs ? "absolute" : q ? "quantile" : "none";
  }

  /** The cut for an in-memory array of cosines (tests, small corpora). */
  public static AlignmentCut of(double[] cosines, CaptionImageAlignmentSettings s) {
    return new AlignmentCut(
        s.absoluteCutOn() ? s.minCosine() : Double.NaN,
        s.quantileCutOn() ? QuantileCut.quantile(cosines, s.quantile()) : Double.NaN);
  }
}
