package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

class UnopenableStoreTest {

  private static final Path APPLICATION_DIR = Path.of("/var/lib/roster/state/roster");

  @Test
  void theTaskDirectoryComesFromTheStoresLocation() {
    ProcessorStateException failure = cannotOpen("/var/lib/roster/state/roster/0_3/rocksdb/users");

    assertThat(UnopenableStore.taskDirectory(failure, APPLICATION_DIR))
        .hasValue(APPLICATION_DIR.resolve("0_3"));
  }

  @Test
  void itIsFoundDeeperInTheChainAndWhateverTheStateDirectoryIsCalledThere() {
    // A relative state.dir appears as Kafka Streams resolved it.
    Throwable failure =
        new StreamsException(
            "task failed", cannotOpen("/srv/other/prefix/roster/1_12/rocksdb/identities"));

    assertThat(UnopenableStore.taskDirectory(failure, APPLICATION_DIR))
        .hasValue(APPLICATION_DIR.resolve("1_12"));
  }

  @Test
  void withoutATaskInAnyMessageThereIsNoneToName() {
    assertThat(
            UnopenableStore.taskDirectory(
                new ProcessorStateException("state directory is locked"), APPLICATION_DIR))
        .isEmpty();
    assertThat(
            UnopenableStore.taskDirectory(
                cannotOpen("/var/lib/roster/state/another-app/0_3/rocksdb/users"), APPLICATION_DIR))
        .as("another application's directory")
        .isEmpty();
    assertThat(
            UnopenableStore.taskDirectory(
                cannotOpen("/var/lib/roster/state/roster/../0_3/rocksdb/users"), APPLICATION_DIR))
        .as("no task id")
        .isEmpty();
    assertThat(
            UnopenableStore.taskDirectory(
                new ProcessorStateException((String) null), APPLICATION_DIR))
        .isEmpty();
  }

  @Test
  void theDescriptionNamesTheFailureAndItsRootCause() {
    assertThat(UnopenableStore.describe(cannotOpen("/s/roster/0_0/rocksdb/users")))
        .startsWith("org.apache.kafka.streams.errors.ProcessorStateException: Error opening store")
        .endsWith(
            ", caused by org.rocksdb.RocksDBException: While opening a file for sequentially"
                + " reading: MANIFEST-999999: No such file or directory");
    assertThat(UnopenableStore.describe(new ProcessorStateException("alone")))
        .isEqualTo("org.apache.kafka.streams.errors.ProcessorStateException: alone");
  }

  private static ProcessorStateException cannotOpen(String unixLocation) {
    String location = unixLocation.replace("/", File.separator);
    return new ProcessorStateException(
        "Error opening store users at location " + location,
        new RocksDBException(
            "While opening a file for sequentially reading: MANIFEST-999999: No such file or"
                + " directory"));
  }
}
