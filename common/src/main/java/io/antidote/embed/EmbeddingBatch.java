package io.antidote.embed;

import ai.djl.modality.cv.Image;
import java.util.List;

/**
 * One predictor call's worth of inputs. DJL predictors take one input object, so a batch is one.
 */
public sealed interface EmbeddingBatch permits EmbeddingBatch.Texts, EmbeddingBatch.Images {

  int size();

  record Texts(List<String> texts) implements EmbeddingBatch {
    @Override
    public int size() {
      return texts.size();
    }
  }

  record Images(List<Image> images) implements EmbeddingBatch {
    @Override
    public int size() {
      return images.size();
    }
  }
}
