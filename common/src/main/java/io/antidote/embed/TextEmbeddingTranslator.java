package io.antidote.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings from a transformer encoder: HuggingFace tokenisation (truncated to {@code
 * maxTokens}, padded to the longest text in the batch), then mean pooling over the attention mask
 * (or the first token) and L2 normalisation — the recipe of sentence-transformers. The batch is one
 * DJL input, so padding is per batch, which is why sorting a window by length pays.
 *
 * <p>Shared by all predictors of one model: the tokenizer (HuggingFace's Rust tokenizer,
 * thread-safe for encoding) is created once, on first use.
 */
final class TextEmbeddingTranslator implements NoBatchifyTranslator<EmbeddingBatch, float[][]> {
  private static final String MASK = "attention_mask";

  private final Path tokenizerPath;
  private final int maxTokens;
  private final EmbeddingSettings.Pooling pooling;
  private final boolean normalize;
  private volatile HuggingFaceTokenizer tokenizer;
  private volatile List<String> inputNames;

  TextEmbeddingTranslator(
      Path tokenizerPath, int maxTokens, EmbeddingSettings.Pooling pooling, boolean normalize) {
    this.tokenizerPath = tokenizerPath;
    this.maxTokens = maxTokens;
    this.pooling = pooling;
    this.normalize = normalize;
  }

  @Override
  public synchronized void prepare(TranslatorContext ctx) {
    if (tokenizer != null) {
      return;
    }
    Path tok = tokenizerPath;
    if (tok == null && ctx.getModel().getModelPath() != null) {
      tok = ctx.getModel().getModelPath().resolve("tokenizer.json");
    }
    if (tok == null || !Files.exists(tok)) {
      throw new IllegalArgumentException(
          "no tokenizer for text model "
              + ctx.getModel().getName()
              + ": set embed.model.tokenizer or put tokenizer.json beside the model (looked at "
              + tok
              + ")");
    }
    List<String> names = new ArrayList<>();
    PairList<String, Shape> described = ctx.getModel().describeInput();
    if (described != null && !described.isEmpty()) {
      names.addAll(described.keys());
    } else {
      names.addAll(List.of("input_ids", MASK, "token_type_ids"));
    }
    inputNames = names;
    try {
      tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(tok)
              .optMaxLength(maxTokens)
              .optTruncation(true)
              .optPadding(false)
              .optAddSpecialTokens(true)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tok, e);
    }
  }

  @Override
  public NDList processInput(TranslatorContext ctx, EmbeddingBatch input) {
    List<String> texts = ((EmbeddingBatch.Texts) input).texts();
    Encoding[] enc = tokenizer.batchEncode(texts);
    int b = enc.length;
    int len = 1;
    for (Encoding e : enc) {
      len = Math.max(len, e.getIds().length);
    }
    long[] ids = new long[b * len];
    long[] types = new long[b * len];
    long[][] mask = new long[b][len];
    long[] maskFlat = new long[b * len];
    for (int i = 0; i < b; i++) {
      long[] id = enc[i].getIds();
      long[] ty = enc[i].getTypeIds();
      long[] am = enc[i].getAttentionMask();
      System.arraycopy(id, 0, ids, i * len, id.length);
      System.arraycopy(ty, 0, types, i * len, ty.length);
      System.arraycopy(am, 0, maskFlat, i * len, am.length);
      System.arraycopy(am, 0, mask[i], 0, am.length);
    }
    ctx.setAttachment(MASK, mask);
    NDManager m = ctx.getNDManager();
    Shape shape = new Shape(b, len);
    NDList list = new NDList();
    for (String name : inputNames) {
      long[] data = name.contains("mask") ? maskFlat : name.contains("type") ? types : ids;
      NDArray a = m.create(data, shape);
      a.setName(name);
      list.add(a);
    }
    return list;
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    long[][] mask = (long[][]) ctx.getAttachment(MASK);
    return Vectors.rows(Vectors.pickOutput(list), mask, pooling, normalize);
  }

  /** Token count of a text under this model's tokenizer (after truncation). */
  int tokenCount(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  void close() {
    HuggingFaceTokenizer t = tokenizer;
    if (t != null) {
      t.close();
    }
  }
}
