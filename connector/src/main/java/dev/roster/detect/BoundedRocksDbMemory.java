package dev.roster.detect;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds what the detector's RocksDB stores take off the heap, together. Left alone, Kafka Streams
 * gives every store instance its own 50 MB block cache and up to three 16 MB memtables: three
 * stores on each of six partitions could take 1.7 GB outside the heap, and a container's memory
 * limit would kill the process. Here every store shares one LRU block cache, and their memtables
 * are charged to that same cache through one write-buffer manager, so the total stays near the
 * budget (the pattern of Kafka Streams' documentation, "Memory management" / "RocksDB").
 *
 * <p>Streams creates one setter per store by class name, so the shared cache cannot be a field of
 * it: it travels in the Streams configuration under {@link #SHARED_MEMORY_CONFIG}, created and
 * closed by the {@link StreamsApp} that runs the stores.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /**
   * Configuration key whose value is the {@link SharedMemory} of the stores of one Streams client.
   */
  public static final String SHARED_MEMORY_CONFIG = "roster.detector.rocksdb.shared-memory";

  /** Share of the budget memtables may fill before RocksDB flushes them; the rest caches blocks. */
  static final double WRITE_BUFFER_SHARE = 0.25;

  /** Share of the cache kept for index and filter blocks, which every read needs. */
  static final double INDEX_AND_FILTER_SHARE = 0.1;

  /**
   * The cache and write-buffer manager all stores of one Streams client share; closed after the
   * client.
   */
  public static final class SharedMemory implements AutoCloseable {
    private final long budgetBytes;
    private final Cache cache;
    private final WriteBufferManager writeBuffers;

    /**
     * @param budgetBytes what the stores may take in all: block cache and memtables
     */
    public SharedMemory(long budgetBytes) {
      RocksDB.loadLibrary(); // Streams loads it when it opens a store; the cache comes before that
      this.budgetBytes = budgetBytes;
      this.cache = new LRUCache(budgetBytes, -1, false, INDEX_AND_FILTER_SHARE);
      this.writeBuffers = new WriteBufferManager((long) (budgetBytes * WRITE_BUFFER_SHARE), cache);
    }

    public long budgetBytes() {
      return budgetBytes;
    }

    @Override
    public void close() {
      writeBuffers.close();
      cache.close();
    }

    @Override
    public String toString() {
      return "RocksDB memory shared by the detector's stores: " + budgetBytes + " bytes";
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    if (!(configs.get(SHARED_MEMORY_CONFIG) instanceof SharedMemory shared)) {
      throw new IllegalStateException(
          "Store "
              + storeName
              + ": "
              + SHARED_MEMORY_CONFIG
              + " is not set to a "
              + SharedMemory.class.getName()
              + "; run the stores through "
              + StreamsApp.class.getSimpleName());
    }
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBuffers);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write-buffer manager are shared by every store: the detector closes them,
    // after all stores.
  }
}
