package dev.roster.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable: {@code java -jar roster.jar <command>}. Commands arrive with their issues. */
@Command(
    name = "roster",
    mixinStandardHelpOptions = true,
    versionProvider = RosterVersion.class,
    description = "Streams the user directories of SaaS apps, read through the Truto unified API, into Kafka.")
public final class RosterCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RosterCli()).execute(args));
  }
}
