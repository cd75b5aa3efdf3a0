package dev.roster.app;

import dev.roster.avro.IntegratedAccount;
import dev.roster.config.RosterConfig;
import dev.roster.detect.DetectorSettings;
import dev.roster.detect.RemovalGuardSettings;
import dev.roster.identity.IdentitySettings;
import dev.roster.ops.OpsSettings;
import dev.roster.poll.BackoffPolicy;
import dev.roster.poll.PollScheduler;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.topics.KafkaClientSecrets;
import dev.roster.topics.TopicSettings;
import dev.roster.truto.ApiToken;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.TrutoClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything one Roster instance runs with, typed: what the configuration file becomes ({@link
 * #from}), and what tests and benchmarks build directly.
 *
 * @param accounts the accounts to poll (the file merged with discovery through the instance's one
 *     Truto client), asked again every {@code accountsRefresh} by the instance that leads
 * @param accountsGuard when a discovery answer that would remove many accounts at once is held
 *     ({@code accounts.removal-guard.*}, {@link dev.roster.poll.AccountRemovalGuard})
 * @param identities how users are joined into people, and which alerts are raised about them
 * @param ops where the status page, health and metrics endpoints listen, and the page's token
 * @param detectorMemoryBytes what the change detector's RocksDB stores may take off the heap in all
 * @param shutdownTimeout what a stop may take in all, from the signal to the exit
 * @param unchangedAsFingerprints whether the poller sends a user unchanged since the account's last
 *     complete poll as its fingerprints only ({@code poll.unchanged-as-fingerprints})
 */
public record RosterSettings(
    TrutoClientSettings truto,
    Map<String, Object> kafkaClientProps,
    RegistryClientConfig registry,
    AvroSerdeConfig serde,
    TopicSettings topics,
    DetectorSettings detector,
    IdentitySettings identities,
    PollScheduler.Settings scheduling,
    String applicationId,
    Path stateDir,
    Function<TrutoClient, List<IntegratedAccount>> accounts,
    Duration accountsRefresh,
    RemovalGuardSettings accountsGuard,
    OpsSettings ops,
    long detectorMemoryBytes,
    Duration shutdownTimeout,
    boolean unchangedAsFingerprints) {

  public RosterSettings {
    kafkaClientProps = Map.copyOf(kafkaClientProps);
  }

  /** The validated configuration, typed once for the parts; the Truto API token must be set. */
  public static RosterSettings from(RosterConfig config) {
    return new RosterSettings(
        config.trutoClientSettings(requireToken(config)),
        config.kafkaClientProps(),
        config.registryClientConfig(),
        config.serdeConfig(),
        config.topicSettings(),
        config.detectorSettings(),
        config.identitySettings(),
        new PollScheduler.Settings(
            config.pollInterval(),
            config.integrationInterval(),
            config.pollJitter(),
            config.pollConcurrency(),
            config.integrationConcurrency(),
            BackoffPolicy.DEFAULTS),
        config.applicationId(),
        config.stateDir(),
        new AccountSources(config),
        config.discoveryInterval(),
        config.accountsGuard(),
        config.opsSettings(),
        config.detectorRocksDbMemory(),
        config.shutdownTimeout(),
        config.unchangedAsFingerprints());
  }

  /** The API token, or a message that says how to set it. */
  static ApiToken requireToken(RosterConfig config) {
    return config
        .trutoApiToken()
        .orElseThrow(
            () ->
                new CommandFailed(
                    "The Truto API token is not set: set "
                        + RosterConfig.TRUTO_API_TOKEN
                        + " in the configuration file or the environment variable "
                        + RosterConfig.environmentVariable(RosterConfig.TRUTO_API_TOKEN)));
  }

  /** Every setting, with the Kafka client secrets (sasl.jaas.config, ssl.*.password) hidden. */
  @Override
  public String toString() {
    return "RosterSettings[truto="
        + truto
        + ", kafkaClientProps="
        + KafkaClientSecrets.masked(kafkaClientProps)
        + ", registry="
        + registry
        + ", serde="
        + serde
        + ", topics="
        + topics
        + ", detector="
        + detector
        + ", scheduling="
        + scheduling
        + ", applicationId="
        + applicationId
        + ", stateDir="
        + stateDir
        + ", accounts="
        + accounts
        + ", accountsRefresh="
        + accountsRefresh
        + ", accountsGuard="
        + accountsGuard
        + ", ops="
        + ops
        + ", detectorMemoryBytes="
        + detectorMemoryBytes
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", unchangedAsFingerprints="
        + unchangedAsFingerprints
        + "]";
  }
}
