package dev.roster.cli;

import dev.roster.avro.IntegratedAccount;
import dev.roster.detect.DetectorSettings;
import dev.roster.kafka.TopicSettings;
import dev.roster.poll.PollScheduler;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.TrutoClientSettings;
import java.net.InetSocketAddress;
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
 * @param opsAddress where the status page, health and metrics endpoints listen
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
    InetSocketAddress opsAddress,
    long detectorMemoryBytes) {

  public RosterSettings {
    kafkaClientProps = Map.copyOf(kafkaClientProps);
  }
}
