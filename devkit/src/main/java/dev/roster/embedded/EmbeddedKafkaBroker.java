package dev.roster.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker running inside this JVM for the one-command demo: one KRaft node that is both
 * broker and controller, built from the same jars as a production broker, listening on 127.0.0.1
 * only and keeping its data in a directory of the caller's choosing.
 *
 * <p>Restarts keep the data: the first start formats {@code dataDir}, later starts find it
 * formatted and serve the topics, records and committed offsets it holds. Clients find the broker
 * at {@link #bootstrapServers()}. Port 0 picks a free port on each start, so clients must be given
 * the new address every time; the demo instead passes the same fixed port on every run over the
 * same data dir, so what it printed or configured before still points at the broker. The
 * controller's port is internal and picked afresh on each start.
 *
 * <p>{@code StorageTool}, {@code KafkaRaftServer} and {@code KafkaConfig} are Kafka's internal
 * server classes with no compatibility promise between releases. This is written against Kafka
 * 4.3.1 ({@code kafka.version} in pom.xml, which must also be the kafka-clients version) and {@code
 * EmbeddedKafkaBrokerIT} covers it: run it on every Kafka upgrade.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final BrokerPorts ports;
  private final KafkaRaftServer server;
  private boolean closed;

  private EmbeddedKafkaBroker(Path dataDir, BrokerPorts ports, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.ports = ports;
    this.server = server;
  }

  /**
   * Starts a broker on {@code dataDir} (created when missing) and returns once it answers clients.
   *
   * @param port the client port on 127.0.0.1, or 0 for any free port
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) {
    long started = System.nanoTime();
    BrokerPorts ports = BrokerPorts.choose(port);
    Path logDir = dataDir.resolve("logs");
    Properties props = BrokerProperties.of(logDir, ports);
    boolean formatted =
        StorageFormat.formatUnlessFormatted(logDir, writeProperties(dataDir, props));

    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, ports, server);
    try {
      server.startup();
      BrokerReadiness.await(broker.bootstrapServers(), BrokerProperties.NODE_ID, READY_TIMEOUT);
    } catch (RuntimeException e) {
      // Kafka stops a half-started broker itself only when the broker half fails; stop the rest.
      IllegalStateException failure =
          new IllegalStateException(
              "Could not start the Kafka broker at " + broker.bootstrapServers() + " on " + dataDir,
              e);
      try {
        broker.close();
      } catch (RuntimeException closing) {
        failure.addSuppressed(closing);
      }
      throw failure;
    }
    LOG.info(
        "Kafka broker ready at {} in {} ms ({} data dir {})",
        broker.bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000,
        formatted ? "new" : "existing",
        dataDir);
    return broker;
  }

  /**
   * Writes the configuration to {@code dataDir/server.properties}: the storage tool reads it from a
   * file, and it shows what the broker last ran with.
   */
  private static Path writeProperties(Path dataDir, Properties props) {
    Path file = dataDir.resolve("server.properties");
    try {
      Files.createDirectories(dataDir);
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        props.store(writer, "Written by Roster's embedded Kafka broker on every start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + file, e);
    }
    return file;
  }

  /** The address clients bootstrap from, {@code 127.0.0.1:port}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + ports.broker();
  }

  /** The client port, the one to pass again to restart on the same address. */
  public int port() {
    return ports.broker();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and returns once it has released its ports and its data dir. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Kafka broker at {} stopped", bootstrapServers());
  }
}
