package dev.roster.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The two loopback ports of the single combined node: clients talk to {@code broker}, the node's
 * own controller quorum to {@code controller}.
 */
record BrokerPorts(int broker, int controller) {

  /**
   * Keeps {@code brokerPort} unless it is 0, and picks a free port for 0 and for the controller.
   * The controller port may change from one start to the next: the quorum is configured statically
   * ({@code controller.quorum.voters}), so no old controller address is kept in the data dir.
   */
  static BrokerPorts choose(int brokerPort) {
    if (brokerPort < 0 || brokerPort > 65_535) {
      throw new IllegalArgumentException("Not a port: " + brokerPort);
    }
    int broker = brokerPort == 0 ? freePort() : brokerPort;
    int controller = freePort();
    while (controller == broker) {
      controller = freePort();
    }
    return new BrokerPorts(broker, controller);
  }

  /**
   * A port nothing listens on right now. Another process could take it before the broker binds it;
   * on a demo machine that race is rare, and the broker then fails loudly rather than silently.
   */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }
}
