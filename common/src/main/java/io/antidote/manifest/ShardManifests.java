package io.antidote.manifest;

import io.antidote.corpus.InputException;
import io.antidote.corpus.InputFile;
import io.antidote.corpus.InputFiles;
import io.antidote.output.OutputTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and checks signed shard manifests of a corpus: the files Spark would read under the input
 * paths (the same listing as the audit's), named relative to the corpus root, so a corpus copied
 * elsewhere still verifies. The root is the input folder, or the common parent of several input
 * paths (a glob counts from its first wildcard's parent). Verification checks the signature first
 * and trusts nothing in the manifest before it has.
 */
public final class ShardManifests {
  private static final Logger LOG = LoggerFactory.getLogger(ShardManifests.class);
  private static final int SHOWN = 10;

  private ShardManifests() {}

  /** The manifest of the corpus under {@code paths}, hashed as a Spark job. */
  public static ShardManifest ofCorpus(SparkSession spark, List<String> paths) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path root = corpusRoot(paths, conf);
    List<InputFile> files = InputFiles.list(paths, conf);
    List<ShardHasher.Shard> shards = new ArrayList<>();
    for (InputFile f : files) {
      shards.add(new ShardHasher.Shard(relative(root, new Path(f.path())), f.path()));
    }
    LOG.info("hashing {} file(s) under {}", shards.size(), root);
    return new ShardManifest(
        root.getName(), ShardManifest.KIND_CORPUS, ShardHasher.hash(spark, shards));
  }

  /** The manifest of run {@code runId}'s outputs under {@code base} (staging folder or root). */
  public static ShardManifest ofRun(SparkSession spark, Path base, String runId) {
    List<ShardHasher.Shard> shards =
        RunFiles.list(spark.sparkContext().hadoopConfiguration(), base, runId);
    return new ShardManifest(
        "run_id=" + runId, ShardManifest.KIND_RUN, ShardHasher.hash(spark, shards));
  }

  /**
   * Checks committed run {@code runId} under output {@code root} against the signed manifest beside
   * its run.json; throws an {@link InputException} naming changed, missing or extra files.
   */
  public static ShardManifest verifyRun(
      SparkSession spark, String root, String runId, PublicKey key) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path rootPath = new Path(root);
    Path runDir = new Path(new Path(rootPath, OutputTable.RUNS.dir()), "run_id=" + runId);
    String source = new Path(runDir, RunFiles.MANIFEST).toString();
    try {
      if (!rootPath.getFileSystem(conf).exists(new Path(source))) {
        throw new InputException(
            "run "
                + runId
                + " under "
                + root
                + " has no signed manifest ("
                + source
                + "): it is not committed, or it was audited without manifest.private-key-file"
                + " or manifest.private-key-env");
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + source + ": " + e.getMessage(), e);
    }
    ShardManifest expected = read(source, key, conf);
    List<String> problems = compare(expected, ofRun(spark, rootPath, runId));
    if (!problems.isEmpty()) {
      throw new InputException(
          "the outputs of run "
              + runId
              + " under "
              + root
              + " do not match their signed manifest "
              + source
              + ": "
              + summary(problems));
    }
    return expected;
  }

  /** The DSSE envelope (JSON) of {@code manifest} signed with {@code key}. */
  public static String sign(ShardManifest manifest, PrivateKey key) {
    return Dsse.sign(manifest.statement(), key, Ed25519Keys.keyId(Ed25519Keys.publicKeyOf(key)));
  }

  /**
   * Signs {@code manifest} and writes the DSSE envelope to {@code target}; returns the envelope.
   */
  public static String write(
      ShardManifest manifest, PrivateKey key, String target, Configuration conf) {
    String envelope = sign(manifest, key);
    Path p = new Path(target);
    try (OutputStream out = ShardHasher.asStored(p.getFileSystem(conf)).create(p, true)) {
      out.write(envelope.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot write the manifest " + target + ": " + e.getMessage(), e);
    }
    return envelope;
  }

  /** The manifest in {@code source} once its signature verifies under {@code key}. */
  public static ShardManifest read(String source, PublicKey key, Configuration conf) {
    Path p = new Path(source);
    String envelope;
    try (InputStream in = ShardHasher.asStored(p.getFileSystem(conf)).open(p)) {
      // A manifest is a few hundred bytes per shard; it is read whole.
      envelope = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputException("cannot read the manifest " + source + ": " + e.getMessage(), e);
    }
    return ShardManifest.fromStatement(Dsse.verify(envelope, key, source), source);
  }

  /**
   * Checks the corpus under {@code paths} against the signed manifest {@code source}: the
   * signature, then every shard. Throws an {@link InputException} naming the changed, missing or
   * extra shards; returns the verified manifest.
   */
  public static ShardManifest verifyCorpus(
      SparkSession spark, List<String> paths, String source, PublicKey key) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ShardManifest expected = read(source, key, conf);
    ShardManifest actual = ofCorpus(spark, paths);
    List<String> problems = compare(expected, actual);
    if (!problems.isEmpty()) {
      throw new InputException(
          "the input under "
              + corpusRoot(paths, conf)
              + " does not match the signed manifest "
              + source
              + ": "
              + summary(problems));
    }
    LOG.info(
        "input matches the signed manifest {}: {} shard(s), root digest {}",
        source,
        expected.entries().size(),
        expected.rootDigest());
    return expected;
  }

  /**
   * Every difference of {@code actual} from {@code expected}, one sentence each naming the shard,
   * in path order: changed, missing and extra shards.
   */
  public static List<String> compare(ShardManifest expected, ShardManifest actual) {
    Map<String, ShardEntry> want = new TreeMap<>();
    expected.entries().forEach(e -> want.put(e.path(), e));
    Map<String, ShardEntry> have = new TreeMap<>();
    actual.entries().forEach(e -> have.put(e.path(), e));
    List<String> problems = new ArrayList<>();
    for (ShardEntry e : want.values()) {
      ShardEntry now = have.get(e.path());
      if (now == null) {
        problems.add("shard " + e.path() + " is missing");
      } else if (!e.differenceFrom(now).isEmpty()) {
        problems.add("shard " + e.path() + " changed: " + e.differenceFrom(now));
      }
    }
    for (String path : have.keySet()) {
      if (!want.containsKey(path)) {
        problems.add("shard " + path + " is not in the manifest (an extra file)");
      }
    }
    return problems;
  }

  static String summary(List<String> problems) {
    String shown = String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())));
    return problems.size() <= SHOWN
        ? shown
        : shown + "; and " + (problems.size() - SHOWN) + " more";
  }

  /**
   * The folder shard paths are relative to: the input folder itself, a file's parent, a glob's
   * parent before its first wildcard; for several inputs, their deepest common folder.
   */
  public static Path corpusRoot(List<String> paths, Configuration conf) {
    if (paths.isEmpty()) {
      throw new InputException("no input paths given: pass --input PATH (the corpus folder)");
    }
    List<Path> roots = new ArrayList<>();
    for (String s : paths) {
      Path p = new Path(s);
      try {
        FileSystem fs = p.getFileSystem(conf);
        p = fs.makeQualified(p);
        Path beforeGlob = p;
        for (Path a = p; a != null; a = a.getParent()) {
          if (a.getName().matches(".*[*?\\[{].*")) {
            beforeGlob = a.getParent();
          }
        }
        if (beforeGlob != p) {
          roots.add(beforeGlob);
        } else {
          roots.add(fs.exists(p) && fs.getFileStatus(p).isFile() ? p.getParent() : p);
        }
      } catch (IOException e) {
        throw new InputException("cannot list input path " + s + ": " + e.getMessage(), e);
      }
    }
    Path common = roots.get(0);
    for (Path r : roots) {
      while (common != null && !isUnder(r, common)) {
        common = common.getParent();
      }
    }
    if (common == null) {
      throw new InputException(
          "the input paths " + paths + " share no common folder to name shards from");
    }
    return common;
  }

  private static boolean isUnder(Path p, Path dir) {
    String d = dir.toString();
    String s = p.toString();
    return s.equals(d) || s.startsWith(d.endsWith("/") ? d : d + "/");
  }

  static String relative(Path root, Path file) {
    String r = root.toUri().getPath();
    String f = file.toUri().getPath();
    String prefix = r.endsWith("/") ? r : r + "/";
    if (!f.startsWith(prefix)) {
      throw new IllegalArgumentException(file + " is not under " + root);
    }
    return f.substring(prefix.length());
  }
}
