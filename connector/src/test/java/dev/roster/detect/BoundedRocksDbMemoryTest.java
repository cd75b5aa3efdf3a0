package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

  private final BoundedRocksDbMemory setter = new BoundedRocksDbMemory();

  @Test
  void everyStoreSharesOneWriteBufferManagerAndCachesItsIndexAndFilterBlocks() {
    try (BoundedRocksDbMemory.SharedMemory shared =
            new BoundedRocksDbMemory.SharedMemory(64L << 20);
        Options users = new Options().setTableFormatConfig(new BlockBasedTableConfig());
        Options seen = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
      Map<String, Object> configs = Map.of(BoundedRocksDbMemory.SHARED_MEMORY_CONFIG, shared);

      setter.setConfig("users", users, configs);
      setter.setConfig("seen", seen, configs);

      assertThat(users.writeBufferManager()).isNotNull().isSameAs(seen.writeBufferManager());
      BlockBasedTableConfig table = (BlockBasedTableConfig) users.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
      assertThat(table.noBlockCache()).isFalse();
    }
  }

  @Test
  void storesRunOutsideTheDetectorAreToldWhatIsMissing() {
    try (Options options = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
      assertThatThrownBy(() -> setter.setConfig("users", options, Map.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("users")
          .hasMessageContaining(BoundedRocksDbMemory.SHARED_MEMORY_CONFIG);
    }
  }
}
