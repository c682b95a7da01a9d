package io.antidote.detect.alignment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.antidote.corpus.CorpusSchema;
import io.antidote.detect.Detector;
import io.antidote.detect.DetectorInput;
import io.antidote.detect.DetectorInputs;
import io.antidote.detect.DetectorResult;
import io.antidote.detect.evidence.ScoreDistribution;
import io.antidote.detect.linalg.DenseVectors;
import io.antidote.embed.EmbeddingSchema;
import io.antidote.embed.EmbeddingSettings;
import io.antidote.flags.FlagRows;
import io.antidote.flags.FlagSchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Caption–image alignment: the cosine of a pair's caption and image embeddings from a joint space
 * (CLIP-style; Radford et al. 2021). Mismatched pairs and concept-shifted pairs (Nightshade, Shan
 * et al. 2024, pairs a caption with an image perturbed toward another concept) align worse than
 * honest pairs, so a pair is flagged when its cosine is below an absolute cut or below the corpus's
 * q-quantile.
 *
 * <p>Assumptions and failure modes. Both embeddings must come from one jointly trained pair of
 * encoders; cosines from unrelated models mean nothing. The absolute cut depends on the model (CLIP
 * ViT-B/32 puts honest pairs near 0.3 and unrelated ones near 0.1–0.15), so calibrate it per model.
 * The quantile cut flags q of every corpus by construction, clean or not. Nightshade perturbations
 * are made to fool the image encoder the attacker targets; with that same encoder the image
 * embedding moves toward the target concept and the cosine drops, with another encoder it may not.
 * Short, generic captions ("image") align poorly while honest, which is a source of false
 * positives.
 *
 * <p>Work: one aggregate scan (counts and the approximate quantile, relative rank error 1e-4) and
 * one scan for the flags.
 */
public final class CaptionImageAlignmentDetector implements Detector {
  public static final String NAME = "caption_image_alignment";

  /** Columns of the pair frame {@link #scorePairs} reads beside {@code sample_id}. */
  public static final String TEXT_EMBEDDING = "text_embedding";

  public static final String IMAGE_EMBEDDING = "image_embedding";
  private static final String COSINE = "cosine";
  private static final int ACCURACY = 10_000;

  private final CaptionImageAlignmentSettings settings;
  private final EmbeddingSettings textTower;
  private final EmbeddingSettings imageTower;

  public CaptionImageAlignmentDetector(
      CaptionImageAlignmentSettings settings,
      EmbeddingSettings textTower,
      EmbeddingSettings imageTower) {
    this.settings = settings;
    this.textTower = textTower;
    this.imageTower = imageTower;
  }

  /**
   * The detector on its configured towers; an empty text tower is {@code antidote.embed}'s model,
   * which must then embed text.
   */
  public static Detector build(
      CaptionImageAlignmentSettings s, io.antidote.detect.DetectorEnvironment env) {
    EmbeddingSettings text = s.textTower().orElse(env.embedModel());
    if (text.modality() != EmbeddingSettings.Modality.TEXT) {
      throw new io.antidote.config.InvalidConfigException(
          "antidote." + CaptionImageAlignmentSettings.PATH + ".text-tower.model.uri",
          "is empty, which means antidote.embed's model, but that embeds images"
              + " (antidote.embed.modality = image); set the text tower of the image-text pair");
    }
    return new CaptionImageAlignmentDetector(s, text, s.imageTower().orElseThrow());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<DetectorInput> inputs() {
    return List.of(
        DetectorInput.CORPUS_ROWS,
        new DetectorInput.Embeddings(textTower),
        new DetectorInput.Embeddings(imageTower));
  }

  /**
   * Each corpus row's caption vector (text tower) beside its image vector (image tower); rows
   * lacking either (no caption, no image, an image that did not decode) are counted as skipped.
   */
  @Override
  public DetectorResult flag(DetectorInputs inputs) {
    Dataset<Row> ids =
        inputs.corpusRows().select(col(CorpusSchema.SAMPLE_ID).as(EmbeddingSchema.SAMPLE_ID));
    // Own key names on each side: the frames share the corpus's lineage, and a join on one
    // attribute from both sides of a self-join is ambiguous to Spark.
    Dataset<Row> text =
        inputs
            .embeddings(textTower)
            .select(
                col(EmbeddingSchema.SAMPLE_ID).as("_text_id"),
                col(EmbeddingSchema.EMBEDDING).as(TEXT_EMBEDDING));
    Dataset<Row> image =
        inputs
            .embeddings(imageTower)
            .select(
                col(EmbeddingSchema.SAMPLE_ID).as("_image_id"),
                col(EmbeddingSchema.EMBEDDING).as(IMAGE_EMBEDDING));
    Dataset<Row> pairs =
        ids.join(text, col(EmbeddingSchema.SAMPLE_ID).equalTo(col("_text_id")), "left")
            .join(image, col(EmbeddingSchema.SAMPLE_ID).equalTo(col("_image_id")), "left")
            .drop("_text_id", "_image_id");
    AlignmentResult r = scorePairs(settings, pairs);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("scored_pairs", r.scoredRows());
    report.put("skipped_rows", r.skippedRows());
    report.put("cut", r.cut().cut());
    report.put("absolute_cut", Double.isNaN(r.cut().absolute()) ? "off" : r.cut().absolute());
    report.put("quantile_cut", Double.isNaN(r.cut().quantileCut()) ? "off" : r.cut().quantileCut());
    report.put("text_tower", textTower.modelUri());
    report.put("image_tower", imageTower.modelUri());
    report.put(
        ScoreDistribution.REPORT_KEY,
        List.of(
            r.cosines()
                .toReport(
                    "caption-image cosine (all pairs)", r.cut().cut(), r.cut().cut(), false)));
    return DetectorResult.ran(NAME, r.flags().localCheckpoint(), report);
  }

  /**
   * Flags over a frame with {@code sample_id}, {@value #TEXT_EMBEDDING} and {@value
   * #IMAGE_EMBEDDING} (array&lt;float&gt; each), at the settings' cuts.
   */
  public static AlignmentResult scorePairs(
      CaptionImageAlignmentSettings settings, Dataset<Row> pairs) {
    for (String c : new String[] {EmbeddingSchema.SAMPLE_ID, TEXT_EMBEDDING, IMAGE_EMBEDDING}) {
      if (!Arrays.asList(pairs.columns()).contains(c)) {
        throw new IllegalArgumentException(
            "input has no column '" + c + "'; columns are " + Arrays.toString(pairs.columns()));
      }
    }
    StructType cosineSchema =
        new StructType()
            .add(FlagSchema.SAMPLE_ID, DataTypes.StringType, true)
            .add(COSINE, DataTypes.DoubleType, false);
    Dataset<Row> cosines =
        pairs
            .select(
                col(EmbeddingSchema.SAMPLE_ID).as(PairRow.SAMPLE_ID),
                col(TEXT_EMBEDDING).as(PairRow.TEXT),
                col(IMAGE_EMBEDDING).as(PairRow.IMAGE))
            .as(Encoders.bean(PairRow.class))
            .map(
                (MapFunction<PairRow, Row>)
                    p ->
                        RowFactory.create(
                            p.getSampleId(),
                            p.getSampleId() == null || p.getText() == null || p.getImage() == null
                                ? Double.NaN
                                : DenseVectors.cosine(p.getText(), p.getImage())),
                Encoders.row(cosineSchema));

    // One pass gives the counts and the distribution the report draws; the corpus quantile (a
    // second pass) only when a quantile cut is asked for.
    ScoreDistribution all =
        cosines
            .javaRDD()
            .treeAggregate(
                new ScoreDistribution(-1, 1, ScoreDistribution.BINS),
                (d, r) -> d.add(r.getDouble(1)),
                ScoreDistribution::merge);
    long total = all.rows();
    long skipped = all.nonFinite();
    double quantileCut = Double.NaN;
    if (settings.quantileCutOn()) {
      Row q =
          cosines
              .agg(
                  expr(
                      "percentile_approx(CASE WHEN isnan(cosine) THEN NULL ELSE cosine END, "
                          + Math.max(settings.quantile(), 1e-9)
                          + ", "
                          + ACCURACY
                          + ")"))
              .first();
      quantileCut = q.isNullAt(0) ? Double.NaN : q.getDouble(0);
    }
    AlignmentCut cut =
        new AlignmentCut(settings.absoluteCutOn() ? settings.minCosine() : Double.NaN, quantileCut);

    double effective = cut.cut();
    double quantile = settings.quantile();
    String action = settings.common().action().label();
    Dataset<Row> flagged =
        cosines
            .filter(
                (FilterFunction<Row>)
                    r -> !Double.isNaN(r.getDouble(1)) && r.getDouble(1) < effective)
            .map(
                (MapFunction<Row, Row>)
                    r ->
                        flagRow(
                            r.getString(0), r.getDouble(1), cut, quantile, total - skipped, action),
                Encoders.row(FlagSchema.DETECTOR_OUTPUT));
    return new AlignmentResult(flagged, cut, total - skipped, skipped, all);
  }

  static Row flagRow(
      String sampleId,
      double cosine,
      AlignmentCut cut,
      double quantile,
      long scored,
      String action) {
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("cosine", Double.toString(cosine));
    evidence.put("cut", Double.toString(cut.cut()));
    evidence.put(
        "absolute_cut", Double.isNaN(cut.absolute()) ? "off" : Double.toString(cut.absolute()));
    evidence.put("quantile", quantile > 0 ? Double.toString(quantile) : "off");
    evidence.put(
        "quantile_cut",
        Double.isNaN(cut.quantileCut()) ? "off" : Double.toString(cut.quantileCut()));
    evidence.put("below", cut.which(cosine));
    evidence.put("corpus_pairs", Long.toString(scored));
    evidence.put(io.antidote.flags.Evidence.ACTION, action);
    String[] shown = io.antidote.flags.Evidence.versus(cosine, cut.cut(), 4);
    String reason =
        String.format(
            "caption-image cosine %s below the %s cut %s", shown[0], cut.which(cosine), shown[1]);
    return FlagRows.flag(sampleId, NAME, cosine, cut.cut(), reason, evidence);
  }
}
