package dev.roster.registry.server;

import java.util.function.Consumer;

/**
 * Keeps nothing: a registry on this log forgets its schemas when it stops. For unit tests that need
 * a real registry over HTTP but no Kafka (Streams' TopologyTestDriver); ids restart at 1 every
 * time.
 */
final class InMemorySchemaLog implements SchemaLog {

  @Override
  public void replay(Consumer<SchemaLogEntry> apply) {}

  @Override
  public void append(SchemaLogEntry entry) {}

  @Override
  public void close() {}
}
