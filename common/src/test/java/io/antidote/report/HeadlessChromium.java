package io.antidote.report;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, as a test harness: loads a local page, takes a
 * screenshot, dumps the DOM after load, and returns the console messages Chromium logged ({@code
 * --enable-logging=stderr} prints each as a {@code CONSOLE} line, errors and CSP violations
 * included).
 */
final class HeadlessChromium {
  /** What a page load gave: the serialised DOM and the console lines. */
  record Load(String dom, List<String> console) {}

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** The browser on the PATH, if installed. */
  static Optional<HeadlessChromium> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(new HeadlessChromium(p));
        }
      }
    }
    return Optional.empty();
  }

  /** Loads {@code page}, writes a PNG screenshot of it to {@code screenshot}. */
  Load load(Path page, Path screenshot, Path work) throws Exception {
    screenshot = screenshot.toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    String url = page.toUri().toString();
    List<String> console = new ArrayList<>();
    run(work, "shot", "--window-size=1280,2400", "--screenshot=" + screenshot, url);
    console.addAll(consoleLines(work.resolve("shot.err")));
    String dom = run(work, "dom", "--dump-dom", url);
    console.addAll(consoleLines(work.resolve("dom.err")));
    return new Load(dom, console);
  }

  private String run(Path work, String name, String... args) throws Exception {
    Files.createDirectories(work);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + work.resolve(name + "-profile")));
    cmd.addAll(List.of(args));
    Path out = work.resolve(name + ".out");
    Path err = work.resolve(name + ".err");
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    // Not a timing assertion: a hung browser must not hang the build.
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "chromium exited "
              + p.exitValue()
              + ": "
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static List<String> consoleLines(Path err) throws Exception {
    return Files.readAllLines(err, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught"))
        .toList();
  }
}
