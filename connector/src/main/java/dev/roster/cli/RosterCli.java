package dev.roster.cli;

import dev.roster.app.CommandFailed;
import dev.roster.app.LogSettings;
import dev.roster.app.RosterApp;
import dev.roster.config.ConfigProblems;
import dev.roster.config.RosterConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The production executable: {@code java -jar roster-server.jar <command>}. The developer CLI (the
 * distribution module's {@code RosterDevCli}) is this command line with {@code demo} and {@code
 * simulate} added.
 */
@Command(
    name = "roster",
    mixinStandardHelpOptions = true,
    versionProvider = RosterVersion.class,
    subcommands = {
      RunCommand.class,
      TailCommand.class,
      AccountsCommand.class,
      SchemasCommand.class,
      CommandLine.HelpCommand.class
    },
    description =
        "Streams the user directories of SaaS apps, read through the Truto unified API, into Kafka.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Success.",
      "1:The command failed (the message says why).",
      "2:Invalid command line.",
      "3:Invalid configuration (one line per bad key).",
      "4:The schema registry would refuse a schema (schemas check)."
    })
public final class RosterCli implements Runnable {

  public static final int FAILED = RosterApp.FAILED;
  static final int BAD_CONFIGURATION = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  private static int invalidConfiguration(CommandLine commandLine, List<String> problems) {
    commandLine.getErr().println("Invalid configuration:");
    problems.forEach(problem -> commandLine.getErr().println("  " + problem));
    return BAD_CONFIGURATION;
  }

  /** A failed SASL login or TLS handshake with Kafka, wherever it surfaced. */
  private static Optional<AuthenticationException> kafkaRefusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthenticationException refused) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }

  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /**
   * The command line, checking {@code environment}'s log settings before any command runs: a log
   * format that does not exist would otherwise silence every line (see {@link LogSettings}).
   */
  static CommandLine commandLine(Map<String, String> environment) {
    return new CommandLine(new RosterCli())
        .setExecutionStrategy(
            parseResult -> {
              List<String> logProblems = LogSettings.problems(environment);
              if (!logProblems.isEmpty()) {
                return invalidConfiguration(parseResult.commandSpec().commandLine(), logProblems);
              }
              return new CommandLine.RunLast().execute(parseResult);
            })
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              if (e instanceof ConfigProblems problems) {
                return invalidConfiguration(commandLine, problems.problems());
              }
              Optional<AuthenticationException> refused = kafkaRefusal(e);
              if (refused.isPresent()) {
                // The configuration is wrong, not Roster: say which keys, without a stack trace.
                commandLine
                    .getErr()
                    .println(
                        "roster "
                            + commandLine.getCommandName()
                            + ": Kafka did not accept Roster's connection: "
                            + refused.get().getMessage()
                            + ". Check "
                            + RosterConfig.KAFKA_PREFIX
                            + "security.protocol and the "
                            + RosterConfig.KAFKA_PREFIX
                            + "sasl.* or "
                            + RosterConfig.KAFKA_PREFIX
                            + "ssl.* settings.");
                return FAILED;
              }
              commandLine
                  .getErr()
                  .println(
                      "roster "
                          + commandLine.getCommandName()
                          + ": "
                          + (e.getMessage() == null ? e.toString() : e.getMessage()));
              if (!(e instanceof CommandFailed)) {
                e.printStackTrace(commandLine.getErr());
              }
              return FAILED;
            });
  }
}
