package io.antidote.jobs;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code antidote <command> [options]}. Options map onto configuration keys, so everything the
 * command line sets can also live in a config file: {@code --input} is {@code input.paths}, {@code
 * --output} is {@code output.root}, {@code --run-id} is {@code run.id}, {@code --overwrite} is
 * {@code output.if-exists=overwrite}, {@code --manifest}, {@code --private-key}, {@code
 * --public-key} and {@code --out} are {@code input.manifest} and {@code manifest.*}.
 */
record CommandLine(
    String command, List<String> arguments, List<File> configFiles, Map<String, String> overrides) {
  static final String USAGE =
      """
      usage: antidote <command> [options]

      commands:
        audit   audit a Parquet corpus and write flags, verdicts, the curated corpus and run.json
        embed   embed the corpus only (what the embedding table lacks), as a run of its own
        demo    audit the embedded demo corpus (local mode) and compare with its planted ground truth
        keygen  write an Ed25519 key pair for signed manifests (--private-key FILE --public-key FILE)
        manifest  write the signed shard manifest of a corpus (--input PATH --out FILE --private-key FILE)
        verify  check a corpus against its signed manifest (--input PATH --manifest FILE --public-key FILE)
                or a committed run's outputs (--output ROOT --run-id ID --public-key FILE)
        report RUN_DIR
                rebuild report/index.html of the committed run in RUN_DIR (<output root>/runs/run_id=<id>)
        help    this text

      options:
        --input PATH        Parquet file, folder or glob (file:, hdfs:, s3a:); repeat for several
        --output ROOT       output root (default ./antidote-out)
        --run-id ID         run id (default: UTC timestamp); a committed run is never overwritten unless
        --overwrite         ... this is given
        --config FILE       HOCON file layered over the defaults; repeat to layer several
        --conf KEY=VALUE    one setting, e.g. --conf detectors.exact-duplicates.max-group-size=10
        --manifest FILE     signed shard manifest the input must match (input.manifest)
        --private-key FILE  Ed25519 private key, PKCS#8 PEM or raw (manifest.private-key-file)
        --public-key FILE   Ed25519 public key, X.509 PEM (manifest.public-key-file)
        --out FILE          where `manifest` writes the signed manifest (manifest.out)

      exit codes: 0 ok, 1 failed, 2 usage or configuration error, 3 run exists, 4 bad input
      """;

  static CommandLine parse(String[] args) {
    if (args.length == 0) {
      throw new UsageException("no command given");
    }
    String command = args[0];
    List<File> files = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    List<String> inputs = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--input" -> inputs.add(value(args, ++i, a));
        case "--output" -> overrides.put("output.root", value(args, ++i, a));
        case "--run-id" -> overrides.put("run.id", value(args, ++i, a));
        case "--overwrite" -> overrides.put("output.if-exists", "overwrite");
        case "--manifest" -> overrides.put("input.manifest", value(args, ++i, a));
        case "--private-key" -> overrides.put("manifest.private-key-file", value(args, ++i, a));
        case "--public-key" -> overrides.put("manifest.public-key-file", value(args, ++i, a));
        case "--out" -> overrides.put("manifest.out", value(args, ++i, a));
        case "--config" -> files.add(new File(value(args, ++i, a)));
        case "--conf" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new UsageException("--conf expects KEY=VALUE, got '" + kv + "'");
          }
          overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        default -> {
          if (a.startsWith("--")) {
            throw new UsageException("unknown option '" + a + "'");
          }
          arguments.add(a);
        }
      }
    }
    if (!inputs.isEmpty()) {
      overrides.put("input.paths", toHoconList(inputs));
    }
    return new CommandLine(command, List.copyOf(arguments), files, overrides);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static String toHoconList(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (String v : values) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append(']').toString();
  }
}
