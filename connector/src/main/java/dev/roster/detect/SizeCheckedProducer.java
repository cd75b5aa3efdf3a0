package dev.roster.detect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The change detector's producer, refusing a record Kafka would refuse as too large before the
 * producer sees it. Under exactly-once, a record the producer itself refuses puts its transaction
 * in an error state: the dead letter the production handler sends instead, and every later record
 * of the transaction, fail with it, and the detector stops. Refused here, the record fails alone:
 * the send's callback gets a {@link RecordTooLargeException} as from the producer, and {@link
 * DetectorProductionExceptionHandler} dead-letters it within a healthy transaction.
 *
 * <p>The size is bounded as the producer bounds it (Kafka's record format v2: the batch header, one
 * record's fields and their varints), against the producer's own max.request.size. A broker or
 * topic limit (message.max.bytes) below max.request.size is not seen here: keep max.request.size at
 * or under it.
 */
final class SizeCheckedProducer implements Producer<byte[], byte[]> {

  /** Bytes of a record batch's header (Kafka's DefaultRecordBatch.RECORD_BATCH_OVERHEAD). */
  static final int BATCH_OVERHEAD = 61;

  /**
   * The most a record's own fields add besides key, value and headers (Kafka's
   * DefaultRecord.MAX_RECORD_OVERHEAD).
   */
  static final int RECORD_OVERHEAD = 21;

  /** The longest varint: a length or a count. */
  static final int MAX_VARINT = 5;

  private final Producer<byte[], byte[]> producer;
  private final int maxRequestSize;

  SizeCheckedProducer(Producer<byte[], byte[]> producer, int maxRequestSize) {
    this.producer = producer;
    this.maxRequestSize = maxRequestSize;
  }

  /** Kafka Streams' default clients, but for the producers, which check sizes first. */
  static KafkaClientSupplier clientSupplier() {
    return new KafkaClientSupplier() {
      @Override
      public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
      }

      @Override
      public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new SizeCheckedProducer(
            new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
            maxRequestSize(config));
      }

      @Override
      public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(
            config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      }

      @Override
      public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return getConsumer(config);
      }

      @Override
      public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return getConsumer(config);
      }
    };
  }

  /** The max.request.size of a producer's configuration, or Kafka's default. */
  static int maxRequestSize(Map<String, ?> producerConfig) {
    Object configured = producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    return (Integer)
        ConfigDef.parseType(
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            configured != null
                ? configured
                : ProducerConfig.configDef()
                    .defaultValues()
                    .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
            ConfigDef.Type.INT);
  }

  /** At least what the producer counts a record as, when it compares it with max.request.size. */
  static int sizeUpperBound(ProducerRecord<byte[], byte[]> record) {
    // the key's length, the value's length and the number of headers are varints
    int size =
        BATCH_OVERHEAD
            + RECORD_OVERHEAD
            + MAX_VARINT
            + length(record.key())
            + MAX_VARINT
            + length(record.value())
            + MAX_VARINT;
    for (Header header : record.headers()) {
      size +=
          MAX_VARINT
              + header.key().length() * 3
              + MAX_VARINT
              + length(header.value()); // a char is at most 3 UTF-8 bytes here
    }
    return size;
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
    int size = sizeUpperBound(record);
    if (size <= maxRequestSize) {
      return producer.send(record, callback);
    }
    RecordTooLargeException tooLarge =
        new RecordTooLargeException(
            "The record for "
                + record.topic()
                + " is up to "
                + size
                + " bytes when serialized, larger than "
                + maxRequestSize
                + ", the value of "
                + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                + "; refused before it could fail the transaction");
    if (callback != null) {
      callback.onCompletion(
          new RecordMetadata(
              new TopicPartition(
                  record.topic(), record.partition() == null ? -1 : record.partition()),
              -1,
              -1,
              -1,
              -1,
              -1),
          tooLarge);
    }
    return CompletableFuture.failedFuture(tooLarge);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    return send(record, null);
  }

  @Override
  public void initTransactions() {
    producer.initTransactions();
  }

  @Override
  public void beginTransaction() {
    producer.beginTransaction();
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    producer.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  @Override
  public void commitTransaction() {
    producer.commitTransaction();
  }

  @Override
  public void abortTransaction() {
    producer.abortTransaction();
  }

  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    producer.registerMetricForSubscription(metric);
  }

  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    producer.unregisterMetricFromSubscription(metric);
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return producer.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return producer.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return producer.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    producer.close();
  }

  @Override
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
