package dev.roster.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** The configuration of one combined broker+controller node that serves only this machine. */
public final class BrokerProperties {

  static final int NODE_ID = 1;

  /**
   * What a one-node cluster needs on top of Kafka's defaults, which assume three replicas: without
   * them consumer groups and transactions wait forever for replicas that do not exist.
   */
  public static final Map<String, String> SINGLE_NODE_SETTINGS =
      Map.of(
          "offsets.topic.replication.factor", "1",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "share.coordinator.state.topic.replication.factor", "1",
          "share.coordinator.state.topic.min.isr", "1",
          // Nobody else will join: do not hold the first rebalance back for them.
          "group.initial.rebalance.delay.ms", "0");

  private BrokerProperties() {}

  static Properties of(Path logDir, BrokerPorts ports) {
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", Integer.toString(NODE_ID));
    // A static quorum rather than a bootstrapped one: the controller port may change across starts.
    props.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + ports.controller());
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    // Loopback only: the demo broker has no authentication and must not be reachable from outside.
    props.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + ports.broker()
            + ",CONTROLLER://127.0.0.1:"
            + ports.controller());
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.broker());
    props.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    props.putAll(SINGLE_NODE_SETTINGS);
    props.setProperty("num.partitions", "1");
    // Roster declares and creates its topics itself; a typo must fail, not create a topic.
    props.setProperty("auto.create.topics.enable", "false");
    return props;
  }
}
