package dev.roster.registry.server;

import java.util.function.Consumer;

/**
 * Where the embedded registry keeps its facts: replayed in order at start, appended before applied.
 */
interface SchemaLog extends AutoCloseable {

  void replay(Consumer<SchemaLogEntry> apply);

  void append(SchemaLogEntry entry);

  @Override
  void close();
}
