package dev.roster.detect;

import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The change detector alone in its own JVM, so a test can kill it with SIGKILL: no clean close, no
 * commit, an open transaction left behind. Arguments: bootstrap servers, registry URL, topic
 * prefix, partitions, application id, state directory.
 */
public final class DetectorProcess {

  private DetectorProcess() {}

  public static void main(String[] args) throws InterruptedException {
    RosterTopics topics =
        new RosterTopics(
            TopicSettings.singleBroker(args[2], Integer.parseInt(args[3])),
            new SchemaRegistryClient(RegistryClientConfig.of(args[1])),
            AvroSerdeConfig.DEFAULTS);
    ChangeDetector detector =
        new ChangeDetector(
            topics,
            DetectorSettings.defaults(),
            ChangeDetector.streamsConfig(
                args[4],
                // A killed instance never leaves its group: let the broker notice within seconds,
                // not 45.
                Map.of(
                    "bootstrap.servers",
                    args[0],
                    "commit.interval.ms",
                    100,
                    "session.timeout.ms",
                    6000,
                    "heartbeat.interval.ms",
                    1000),
                topics,
                (short) 1,
                Path.of(args[5])),
            ChangeDetector.DEFAULT_ROCKSDB_MEMORY_BYTES);
    detector.start();
    System.out.println("detector started");
    Thread.sleep(Long.MAX_VALUE);
  }
}
