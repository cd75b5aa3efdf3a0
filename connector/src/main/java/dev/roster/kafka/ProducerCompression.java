package dev.roster.kafka;

/**
 * The compression every Roster producer uses, the change detector's (Kafka Streams') included: lz4,
 * the cheapest codec per byte saved. Roster's records are Avro full of repeated text (ids, emails,
 * role and group names, raw JSON), which lz4 shrinks well, and the detector's changelogs and
 * transactions then move fewer bytes.
 */
public final class ProducerCompression {

  public static final String TYPE = "lz4";

  private ProducerCompression() {}
}
