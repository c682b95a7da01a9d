package io.antidote.embed;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of the embed stage: rows of (sample id, content hash, content) in, rows of
 * (sample id, content hash, dim, embedding, error) out, batch by batch. The model is the executor's
 * shared one on the device Spark assigned to the task. A row that cannot be embedded (undecodable
 * image, or a batch the model rejects, retried row by row to find the culprit) comes out with its
 * error and no vector; it never fails the task.
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
  static final String HASH = EmbeddingSchema.CONTENT_SHA256;
  static final String CONTENT = "content";
  static final String ERROR = "error";

  static final StructType OUTPUT =
      new StructType()
          .add(EmbeddingSchema.SAMPLE_ID, DataTypes.StringType, false)
          .add(HASH, DataTypes.StringType, false)
          .add(EmbeddingSchema.DIM, DataTypes.IntegerType, true)
          .add(
              EmbeddingSchema.EMBEDDING,
              DataTypes.createArrayType(DataTypes.FloatType, false),
              true)
          .add(ERROR, DataTypes.StringType, true);

  private final EmbeddingSettings settings;
  private final Map<String, String> hadoopConf;

  EmbedPartition(EmbeddingSettings settings, Map<String, String> hadoopConf) {
    this.settings = settings;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    Map<String, ResourceInformation> resources =
        task == null ? Collections.emptyMap() : task.resourcesJMap();
    Device device = DeviceSelector.select(settings.device(), resources);
    EmbeddingModel model =
        ExecutorModels.get(withTaskThreads(settings, task, device), device, hadoopConf);
    boolean text = settings.modality() == EmbeddingSettings.Modality.TEXT;
    // Characters stand in for tokens when sorting: tokenising twice would cost more than it saves.
    Iterator<List<Row>> batches =
        new LengthSortedBatches<>(
            rows,
            settings.batchSize(),
            text ? settings.sortWindowBatches() : 1,
            r -> text ? r.getString(2).length() : 0);
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!batches.hasNext()) {
            return false;
          }
          current = embedBatch(model, batches.next(), text).iterator();
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * {@code threads-per-predictor = 0} on a CPU means the cores Spark gave the task ({@code
   * spark.task.cpus}). ONNX Runtime's own default is every core of the machine per predictor, so an
   * executor running one task per core would run cores x cores spinning threads; measured in
   * BENCHMARKS.md ("The embed stage in the real commands"). On a GPU the runtime's default stays.
   */
  static EmbeddingSettings withTaskThreads(
      EmbeddingSettings settings, TaskContext task, Device device) {
    if (settings.threadsPerPredictor() > 0 || task == null || device.isGpu()) {
      return settings;
    }
    return settings.toBuilder().threadsPerPredictor(Math.max(1, task.cpus())).build();
  }

  private static List<Row> embedBatch(EmbeddingModel model, List<Row> batch, boolean text) {
    List<Row> out = new ArrayList<>(batch.size());
    List<String[]> hashes = new ArrayList<>(batch.size());
    List<String> texts = new ArrayList<>();
    List<Image> images = new ArrayList<>();
    for (Row r : batch) {
      String[] hash = {r.getString(0), r.getString(1)};
      if (text) {
        texts.add(r.getString(2));
        hashes.add(hash);
      } else {
        try {
          images.add(decode((byte[]) r.get(2)));
          hashes.add(hash);
        } catch (Exception e) {
          out.add(failure(hash, "image decode failed: " + message(e)));
        }
      }
    }
    if (hashes.isEmpty()) {
      return out;
    }
    EmbeddingBatch input =
        text ? new EmbeddingBatch.Texts(texts) : new EmbeddingBatch.Images(images);
    try {
      emit(out, hashes, model.embed(input));
    } catch (Exception batchFailure) {
      if (hashes.size() == 1) {
        out.add(failure(hashes.get(0), "model failed: " + message(batchFailure)));
        return out;
      }
      for (int i = 0; i < hashes.size(); i++) {
        EmbeddingBatch one =
            text
                ? new EmbeddingBatch.Texts(List.of(texts.get(i)))
                : new EmbeddingBatch.Images(List.of(images.get(i)));
        try {
          emit(out, Collections.singletonList(hashes.get(i)), model.embed(one));
        } catch (Exception e) {
          out.add(failure(hashes.get(i), "model failed: " + message(e)));
        }
      }
    }
    return out;
  }

  /**
   * Decodes image bytes to the one layout the model sees, 8-bit RGB with alpha composited over
   * white ({@link RgbImages}): grey, grey + alpha, palette, 16-bit and CMYK files embed like RGB.
   */
  static Image decode(byte[] bytes) throws java.io.IOException {
    return ImageFactory.getInstance().fromImage(RgbImages.decode(bytes));
  }

  private static void emit(List<Row> out, List<String[]> hashes, float[][] vectors) {
    if (vectors.length != hashes.size()) {
      throw new IllegalStateException(
          "model returned " + vectors.length + " vectors for " + hashes.size() + " inputs");
    }
    for (int i = 0; i < vectors.length; i++) {
      out.add(
          RowFactory.create(
              hashes.get(i)[0], hashes.get(i)[1], vectors[i].length, vectors[i], null));
    }
  }

  private static Row failure(String[] key, String reason) {
    return RowFactory.create(key[0], key[1], null, null, reason);
  }

  private static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
