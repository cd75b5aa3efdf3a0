package dev.roster.cli;

import dev.roster.avro.IntegratedAccount;
import dev.roster.detect.DetectorSettings;
import dev.roster.topics.KafkaClientSecrets;
import dev.roster.topics.TopicSettings;
import dev.roster.ops.OpsSettings;
import dev.roster.poll.PollScheduler;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.TrutoClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything one Roster instance runs with, typed: what the configuration file becomes, and what
 * the demo and tests build directly.
 *
 * @param accounts the accounts to poll (the file merged with discovery through the instance's one
 *     Truto client), asked again every {@code accountsRefresh} by the instance that leads
 * @param ops where the status page, health and metrics endpoints listen, and the page's token
 * @param detectorMemoryBytes what the change detector's RocksDB stores may take off the heap in all
 */
public record RosterSettings(
    TrutoClientSettings truto,
    Map<String, Object> kafkaClientProps,
    RegistryClientConfig registry,
    AvroSerdeConfig serde,
    TopicSettings topics,
    DetectorSettings detector,
    PollScheduler.Settings scheduling,
    String applicationId,
    Path stateDir,
    Function<TrutoClient, List<IntegratedAccount>> accounts,
    Duration accountsRefresh,
    OpsSettings ops,
    long detectorMemoryBytes) {

  public RosterSettings {
    kafkaClientProps = Map.copyOf(kafkaClientProps);
  }

  /** Every setting, with the Kafka client secrets (sasl.jaas.config, ssl.*.password) hidden. */
  @Override
  public String toString() {
    return "RosterSettings[truto=" + truto + ", kafkaClientProps=" + KafkaClientSecrets.masked(kafkaClientProps)
        + ", registry=" + registry + ", serde=" + serde + ", topics=" + topics + ", detector=" + detector
        + ", scheduling=" + scheduling + ", applicationId=" + applicationId + ", stateDir=" + stateDir
        + ", accounts=" + accounts + ", accountsRefresh=" + accountsRefresh + ", ops=" + ops + ", detectorMemoryBytes=" + detectorMemoryBytes + "]";
  }
}
