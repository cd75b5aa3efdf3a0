package dev.roster.demo;

import dev.roster.cli.RosterCli;
import picocli.CommandLine;

/**
 * The developer CLI, {@code java -jar roster.jar <command>} ({@code ./roster} runs it): every
 * command of the production jar, plus {@code demo} and {@code simulate}, which bring their own
 * broker, registry and Truto simulator from the dev kit. The production jar leaves these two out,
 * and the dev kit with them.
 */
public final class RosterDevCli {

  private RosterDevCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return RosterCli.commandLine()
        .addSubcommand(new DemoCommand())
        .addSubcommand(new SimulateCommand());
  }
}
