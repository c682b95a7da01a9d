package io.antidote.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * A real Spark standalone cluster for tests: a Master and N Workers, each a child JVM started from
 * this JVM's classpath as deploy/local-standalone-cluster.sh starts them, every worker launching
 * its own executor JVMs. Tests use it for faults local mode cannot have: an executor process dying
 * under a running stage.
 *
 * <p>Executors get this JVM's classpath through {@code spark.executor.extraClassPath} ({@link
 * #driverConf}), and the workers a SPARK_HOME whose {@code jars/} is empty: Spark's launcher
 * insists on the folder, and nothing in it may shadow the test classpath. {@link #close} stops
 * every JVM it started, executors included.
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private final int port;
  private final int uiPort;
  private final List<Process> workers = new ArrayList<>();
  private Process master;

  private StandaloneCluster(Path dir, int port, int uiPort) {
    this.dir = dir;
    this.port = port;
    this.uiPort = uiPort;
  }

  /**
   * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} (Spark's
   * size syntax, "1g") each, and waits until every worker has registered.
   */
  public static StandaloneCluster start(Path dir, int workers, int cores, String memory)
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("spark-home"));
    Files.createDirectories(home.resolve("jars"));
    Files.writeString(home.resolve("RELEASE"), "");
    Files.createDirectories(dir.resolve("logs"));
    StandaloneCluster c = new StandaloneCluster(dir, freePort(), freePort());
    try {
      c.master =
          c.launch(
              "master",
              List.of(
                  "org.apache.spark.deploy.master.Master",
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(c.port),
                  "--webui-port",
                  Integer.toString(c.uiPort)));
      c.awaitAliveWorkers(0);
      for (int i = 1; i <= workers; i++) {
        c.workers.add(
            c.launch(
                "worker-" + i,
                List.of(
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    "127.0.0.1",
                    "--webui-port",
                    "0",
                    "--cores",
                    Integer.toString(cores),
                    "--memory",
                    memory,
                    "--work-dir",
                    Files.createDirectories(dir.resolve("worker-" + i)).toString(),
                    c.masterUrl())));
      }
      c.awaitAliveWorkers(workers);
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /**
   * What a driver in this JVM needs to run on the cluster: the master, this classpath and the
   * module openings for the executors, and executors of one core and {@code executorMemory}.
   */
  public SparkConf driverConf(String executorMemory) {
    return SparkTestBase.withJobDefaults(new SparkConf())
        .setMaster(masterUrl())
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executor.extraJavaOptions", String.join(" ", moduleOpenings()))
        .set("spark.executor.cores", "1")
        .set("spark.executor.memory", executorMemory)
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
  }

  /**
   * The executor JVM of {@code executorId}: a process below a worker whose command line names it
   * ({@code --executor-id 1}).
   */
  public Optional<ProcessHandle> executor(String executorId) {
    for (Process w : workers) {
      Optional<ProcessHandle> e =
          w.descendants()
              .filter(
                  p -> {
                    List<String> args = arguments(p);
                    int at = args.indexOf("--executor-id");
                    return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(executorId);
                  })
              .findFirst();
      if (e.isPresent()) {
        return e;
      }
    }
    return Optional.empty();
  }

  /**
   * A process's arguments from /proc on Linux: {@link ProcessHandle.Info#arguments} comes back
   * empty for command lines as long as an executor's (its classpath alone is kilobytes).
   */
  private static List<String> arguments(ProcessHandle p) {
    Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    try {
      return List.of(Files.readString(cmdline, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException | RuntimeException gone) {
      return List.of(p.info().arguments().orElse(new String[0]));
    }
  }

  /** The last lines of a JVM's log ("master", "worker-1"), for failure messages. */
  public String log(String name) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("logs").resolve(name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * The openings Spark needs on Java 17, as this JVM got them (surefire's argLine), for the child
   * JVMs.
   */
  static List<String> moduleOpenings() {
    List<String> opts = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-")
          || a.startsWith("-XX:+IgnoreUnrecognized")
          || a.startsWith("-Dio.netty")
          || a.startsWith("-Djdk.reflect")) {
        opts.add(a);
      }
    }
    return opts;
  }

  private Process launch(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(moduleOpenings());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(mainAndArgs);
    ProcessBuilder b =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile());
    Map<String, String> env = b.environment();
    env.put("SPARK_HOME", dir.resolve("spark-home").toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.remove("SPARK_CONF_DIR");
    env.remove("SPARK_TESTING");
    return b.start();
  }

  /**
   * Polls the master's JSON page until {@code n} workers are alive; a dead master fails at once.
   */
  private void awaitAliveWorkers(int n) throws Exception {
    // Only a guard against a hung start; a busy machine is slow, not wrong.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    URI json = URI.create("http://127.0.0.1:" + uiPort + "/json/");
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException("the Spark master exited:\n" + log("master"));
      }
      for (int i = 0; i < workers.size(); i++) {
        if (!workers.get(i).isAlive()) {
          throw new IllegalStateException(
              "worker " + (i + 1) + " exited:\n" + log("worker-" + (i + 1)));
        }
      }
      try (InputStream in = json.toURL().openStream()) {
        Matcher m = ALIVE_WORKERS.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        if (m.find() && Integer.parseInt(m.group(1)) >= n) {
          return;
        }
      } catch (IOException notYet) {
        // The master's UI is not up yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        n + " workers did not register with " + masterUrl() + " in 3 minutes:\n" + log("master"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Stops the workers (their shutdown hooks kill their executors), then the master; whatever is
   * still alive a minute later, executors included, is killed.
   */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process w : workers) {
      w.descendants().forEach(all::add);
      all.add(w.toHandle());
    }
    if (master != null) {
      all.add(master.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(1, TimeUnit.MINUTES);
      } catch (Exception stillAlive) {
        p.destroyForcibly();
      }
    }
    for (ProcessHandle p : all) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /** The folder of this cluster's logs and worker directories (executor logs under the latter). */
  public File dir() {
    return dir.toFile();
  }
}
