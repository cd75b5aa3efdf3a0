package dev.roster.cli;

import dev.roster.config.RosterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config} option every command that talks to Kafka or Truto shares. */
final class ConfigOption {

  static final Path DEFAULT = Path.of("config", "roster.properties");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Properties file (default: config/roster.properties when it exists). Every key can be overridden "
              + "by an environment variable ROSTER_<KEY> (dots and dashes as underscores).")
  Path file;

  RosterConfig load() {
    Optional<Path> chosen =
        Optional.ofNullable(file)
            .or(() -> Files.exists(DEFAULT) ? Optional.of(DEFAULT) : Optional.empty());
    return RosterConfig.load(chosen, System.getenv());
  }
}
