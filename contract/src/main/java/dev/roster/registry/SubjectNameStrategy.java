package dev.roster.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * How a topic and a record's schema name the registry subject, with Confluent's semantics and the
 * names Confluent's serializer config accepts, so users can keep their existing settings.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
  TOPIC("io.confluent.kafka.serializers.subject.TopicNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + (isKey ? "-key" : "-value");
    }
  },
  /** The record's full name: one lineage per type, shared by every topic that carries it. */
  RECORD("io.confluent.kafka.serializers.subject.RecordNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return schema.getFullName();
    }
  },
  /** {@code <topic>-<record full name>}: several types on one topic, each with its own lineage. */
  TOPIC_RECORD("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy") {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + "-" + schema.getFullName();
    }
  };

  private final String confluentClassName;

  SubjectNameStrategy(String confluentClassName) {
    this.confluentClassName = confluentClassName;
  }

  public abstract String subject(String topic, boolean isKey, Schema schema);

  /**
   * Accepts our names ({@code topic}, {@code record}, {@code topic_record}, any case) and
   * Confluent's class names (full or simple), so a config copied from a Confluent client works
   * unchanged.
   */
  public static SubjectNameStrategy parse(String value) {
    String trimmed = value.trim();
    for (SubjectNameStrategy strategy : values()) {
      String simpleName =
          strategy.confluentClassName.substring(strategy.confluentClassName.lastIndexOf('.') + 1);
      if (strategy.name().equalsIgnoreCase(trimmed.replace('-', '_'))
          || strategy.confluentClassName.equals(trimmed)
          || simpleName.equals(trimmed)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "Unknown subject name strategy '"
            + value
            + "'; expected one of topic, record, topic_record "
            + "(or Confluent's TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy)");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
