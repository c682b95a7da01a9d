package io.antidote.jobs;

import io.antidote.audit.AuditResult;
import io.antidote.config.AntidoteConfig;
import io.antidote.config.AuditSettings;
import io.antidote.config.InvalidConfigException;
import io.antidote.corpus.InputException;
import io.antidote.output.RunOutputExistsException;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point {@code spark-submit} runs: parse the command line and configuration, build the
 * session, run the command, report. Configuration errors stop here, before Spark starts.
 */
public final class Antidote {
  private static final Logger LOG = LoggerFactory.getLogger(Antidote.class);

  private Antidote() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err).code();
    // Exit explicitly: Spark's non-daemon threads would otherwise keep a failed driver alive.
    System.exit(code);
  }

  /** Runs a command and returns its exit code; never calls System.exit (tests call this). */
  public static ExitCode run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (UsageException e) {
      err.println("antidote: " + e.getMessage());
      err.print(CommandLine.USAGE);
      return ExitCode.USAGE;
    }
    try {
      if (!cli.command().equals("report") && !cli.arguments().isEmpty()) {
        throw new UsageException("unexpected argument '" + cli.arguments().get(0) + "'");
      }
      return switch (cli.command()) {
        case "audit" -> {
          AuditSettings settings =
              AuditSettings.fromConfig(AntidoteConfig.load(cli.configFiles(), cli.overrides()));
          AuditResult result = AuditJob.run(settings);
          out.print(Summary.of(result));
          yield ExitCode.OK;
        }
        case "embed" -> {
          AuditSettings settings =
              AuditSettings.fromConfig(AntidoteConfig.load(cli.configFiles(), cli.overrides()));
          out.println(
              EmbedJob.run(settings)
                  .map(
                      summary ->
                          "embed run committed under " + settings.output().root() + ": " + summary)
                  .orElse(
                      "the run is already committed under "
                          + settings.output().root()
                          + "; nothing done"));
          yield ExitCode.OK;
        }
        case "demo" -> DemoJob.run(cli.configFiles(), cli.overrides(), out);
        case "keygen", "manifest", "verify" -> {
          AuditSettings settings =
              AuditSettings.fromConfig(AntidoteConfig.load(cli.configFiles(), cli.overrides()));
          out.println(
              switch (cli.command()) {
                case "keygen" -> ManifestJob.keygen(settings);
                case "manifest" -> ManifestJob.write(settings);
                default -> ManifestJob.verify(settings);
              });
          yield ExitCode.OK;
        }
        case "report" -> {
          if (cli.arguments().size() != 1) {
            throw new UsageException(
                "report expects one RUN_DIR (<output root>/runs/run_id=<id>), got "
                    + cli.arguments().size());
          }
          AuditSettings settings =
              AuditSettings.fromConfig(AntidoteConfig.load(cli.configFiles(), cli.overrides()));
          out.println("report written to " + ReportJob.run(settings, cli.arguments().get(0)));
          yield ExitCode.OK;
        }
        case "help", "--help", "-h" -> {
          out.print(CommandLine.USAGE);
          yield ExitCode.OK;
        }
        default -> {
          err.println("antidote: unknown command '" + cli.command() + "'");
          err.print(CommandLine.USAGE);
          yield ExitCode.USAGE;
        }
      };
    } catch (UsageException e) {
      err.println("antidote: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (InvalidConfigException e) {
      err.println("antidote: configuration error: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (InputException e) {
      LOG.debug("bad input", e);
      err.println("antidote: bad input: " + e.getMessage());
      err.println("antidote: nothing was written");
      return ExitCode.BAD_INPUT;
    } catch (RunOutputExistsException e) {
      err.println("antidote: " + e.getMessage());
      return ExitCode.RUN_EXISTS;
    } catch (RuntimeException e) {
      LOG.error("audit failed", e);
      err.println("antidote: failed: " + e + " (stack trace in the log); nothing was committed");
      return ExitCode.FAILED;
    }
  }
}
