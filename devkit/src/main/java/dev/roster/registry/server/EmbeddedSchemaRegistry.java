package dev.roster.registry.server;

import com.sun.net.httpserver.HttpServer;
import dev.roster.topics.KafkaClientSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small schema registry that speaks the Confluent REST API, for the demo and tests; production
 * points Roster at a real one. Schemas live in a compacted Kafka topic, so ids are the same after a
 * restart. It binds to 127.0.0.1 unless told otherwise.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  /**
   * @param host address to bind; 127.0.0.1 keeps it off the network
   * @param port port to bind; 0 picks a free one
   * @param topic the compacted topic that stores the schemas
   * @param kafkaClientProps connection settings of the Kafka cluster holding {@code topic}
   */
  public record Settings(
      String host, int port, String topic, Map<String, Object> kafkaClientProps) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_TOPIC = "_roster_schemas";

    public Settings {
      kafkaClientProps = Map.copyOf(kafkaClientProps);
    }

    public static Settings local(String bootstrapServers) {
      return new Settings(
          DEFAULT_HOST, 0, DEFAULT_TOPIC, Map.of("bootstrap.servers", bootstrapServers));
    }

    public Settings withTopic(String newTopic) {
      return new Settings(host, port, newTopic, kafkaClientProps);
    }

    public Settings withPort(int newPort) {
      return new Settings(host, newPort, topic, kafkaClientProps);
    }

    /** The Kafka client secrets (sasl.jaas.config, ssl.*.password) hidden. */
    @Override
    public String toString() {
      return "Settings[host="
          + host
          + ", port="
          + port
          + ", topic="
          + topic
          + ", kafkaClientProps="
          + KafkaClientSecrets.masked(kafkaClientProps)
          + "]";
    }
  }

  private final SchemaLog log;
  private final HttpServer server;
  private final ExecutorService executor;

  private EmbeddedSchemaRegistry(SchemaLog log, HttpServer server, ExecutorService executor) {
    this.log = log;
    this.server = server;
    this.executor = executor;
  }

  /** Rebuilds the registry from its topic, then starts serving. */
  public static EmbeddedSchemaRegistry start(Settings settings) {
    return start(
        new KafkaSchemaLog(settings.topic(), settings.kafkaClientProps()),
        settings.host(),
        settings.port(),
        "schemas in topic '" + settings.topic() + "'");
  }

  /**
   * A registry that keeps its schemas in memory only, on 127.0.0.1 and a free port: for unit tests
   * that need the real protocol but no Kafka. Everything is forgotten when it closes.
   */
  public static EmbeddedSchemaRegistry startInMemory() {
    return start(new InMemorySchemaLog(), Settings.DEFAULT_HOST, 0, "schemas in memory only");
  }

  private static EmbeddedSchemaRegistry start(
      SchemaLog log, String host, int port, String storage) {
    RegistryState state = new RegistryState();
    HttpServer server;
    try {
      log.replay(state::apply);
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException | RuntimeException e) {
      log.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(
            "Could not bind the embedded schema registry to " + host + ":" + port, io);
      }
      throw (RuntimeException) e;
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "roster-registry-http");
              thread.setDaemon(true);
              return thread;
            });
    server.createContext("/", new RegistryHttpApi(state, log));
    server.setExecutor(executor);
    server.start();
    EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(log, server, executor);
    LOG.info(
        "Embedded schema registry listening on {} ({}, {} subjects)",
        registry.url(),
        storage,
        state.subjects().size());
    return registry;
  }

  /** Base URL for {@code schema.registry.url}. */
  public String url() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    log.close();
  }
}
