package dev.roster.cli;

import dev.roster.config.RosterConfig;
import dev.roster.poll.BackoffPolicy;
import dev.roster.poll.PollScheduler;
import dev.roster.truto.ApiToken;

/** Turns the validated configuration into one instance's typed settings. */
public final class Settings {

  private Settings() {}

  public static RosterSettings from(RosterConfig config, ApiToken token) {
    return new RosterSettings(
        config.trutoClientSettings(token),
        config.kafkaClientProps(),
        config.registryClientConfig(),
        config.serdeConfig(),
        config.topicSettings(),
        config.detectorSettings(),
        new PollScheduler.Settings(config.pollInterval(), config.integrationInterval(), config.pollJitter(), config.pollConcurrency(),
            config.integrationConcurrency(), BackoffPolicy.DEFAULTS),
        config.applicationId(),
        config.stateDir(),
        new AccountSources(config),
        config.discoveryInterval(),
        config.opsSettings(),
        config.detectorRocksDbMemory());
  }

  /** The API token, or a message that says how to set it. */
  public static ApiToken requireToken(RosterConfig config) {
    return config.trutoApiToken().orElseThrow(() -> new CommandFailed(
        "The Truto API token is not set: set " + RosterConfig.TRUTO_API_TOKEN + " in the configuration file or the environment variable "
            + RosterConfig.environmentVariable(RosterConfig.TRUTO_API_TOKEN)));
  }
}
