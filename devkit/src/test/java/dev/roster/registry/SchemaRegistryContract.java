package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ContractFixtures;
import dev.roster.avro.PollStatus;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Roster needs from any Confluent-compatible registry, run against the embedded registry and a
 * real Apicurio server. Subclasses say where the registry is and how it differs from Confluent.
 */
abstract class SchemaRegistryContract {

  static final Schema V1 =
      parse(
          "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"contract\",\"fields\":["
              + "{\"name\":\"a\",\"type\":\"string\"}]}");
  static final Schema V2_OPTIONAL_FIELD =
      parse(
          "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"contract\",\"fields\":["
              + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
  static final Schema V2_REQUIRED_FIELD =
      parse(
          "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"contract\",\"fields\":["
              + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"int\"}]}");

  /** Base URL of the registry's Confluent API. */
  abstract String registryUrl();

  /** Confluent and the embedded registry start at BACKWARD; Apicurio at NONE. */
  abstract CompatibilityLevel defaultLevel();

  SchemaRegistryClient client;
  String subject;

  @BeforeEach
  void freshClientAndSubject() {
    client = new SchemaRegistryClient(RegistryClientConfig.of(registryUrl()));
    subject = "contract-" + UUID.randomUUID() + "-value";
  }

  /** A client with empty caches, so answers must come from the server. */
  SchemaRegistryClient freshClient() {
    return new SchemaRegistryClient(RegistryClientConfig.of(registryUrl()));
  }

  @Test
  void registeredSchemasAreFetchedByIdAndLookedUpBySubject() {
    int id = client.register(subject, V1);

    assertThat(freshClient().schemaById(id)).isEqualTo(V1);
    RegisteredSchema found = freshClient().lookup(subject, V1);
    assertThat(found.id()).isEqualTo(id);
    assertThat(found.version()).isEqualTo(1);
    assertThat(found.schema()).isEqualTo(V1);
    assertThat(freshClient().subjects()).contains(subject);
  }

  @Test
  void registeringTheSameSchemaAgainKeepsItsIdAndAddsNoVersion() {
    int id = client.register(subject, V1);
    assertThat(freshClient().register(subject, parse(V1.toString(true)))).isEqualTo(id);
    assertThat(client.versions(subject)).containsExactly(1);
  }

  @Test
  void versionsAreReadByNumberAndAsLatest() {
    client.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);
    int first = client.register(subject, V1);
    int second = client.register(subject, V2_OPTIONAL_FIELD);

    assertThat(second).isNotEqualTo(first);
    assertThat(client.versions(subject)).containsExactly(1, 2);
    assertThat(client.version(subject, "1").id()).isEqualTo(first);
    assertThat(client.version(subject, "latest"))
        .satisfies(
            latest -> {
              assertThat(latest.version()).isEqualTo(2);
              assertThat(latest.id()).isEqualTo(second);
              assertThat(latest.schema()).isEqualTo(V2_OPTIONAL_FIELD);
            });
  }

  @Test
  void backwardCompatibilityAcceptsAnOptionalFieldAndRefusesARequiredOne() {
    client.register(subject, V1);
    client.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);

    assertThat(client.testCompatibility(subject, V2_OPTIONAL_FIELD).compatible()).isTrue();
    CompatibilityResult refused = client.testCompatibility(subject, V2_REQUIRED_FIELD);
    assertThat(refused.compatible()).isFalse();
    assertThatThrownBy(() -> client.register(subject, V2_REQUIRED_FIELD))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining(subject);
    assertThat(client.versions(subject)).containsExactly(1);
  }

  @Test
  void aNewSubjectAcceptsAnySchema() {
    assertThat(client.testCompatibility(subject, V2_REQUIRED_FIELD).compatible()).isTrue();
  }

  @Test
  void subjectCompatibilityIsSetAndRead() {
    client.register(subject, V1);
    assertThat(client.setSubjectCompatibility(subject, CompatibilityLevel.FULL))
        .isEqualTo(CompatibilityLevel.FULL);
    assertThat(freshClient().subjectCompatibility(subject)).contains(CompatibilityLevel.FULL);
  }

  @Test
  void theGlobalLevelIsTheDocumentedDefault() {
    assertThat(client.globalCompatibility()).isEqualTo(defaultLevel());
  }

  @Test
  void unknownIdsAndSubjectsAreNotFound() {
    assertThatThrownBy(() -> client.schemaById(987_654))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThatThrownBy(() -> client.lookup(subject, V1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  @Test
  void serdeRoundTripsTheContractTypesThroughTheRegistry() {
    String topic = "contract-" + UUID.randomUUID();
    UserChangeEvent event = ContractFixtures.statusChange("00u42");
    byte[] bytes =
        new AvroSerializer<UserChangeEvent>(client, AvroSerdeConfig.DEFAULTS, false)
            .serialize(topic, event);

    // A reader with empty caches must fetch the writer schema by the id in the header.
    UserChangeEvent read =
        AvroDeserializer.specific(freshClient(), UserChangeEvent.class, false)
            .deserialize(topic, bytes);
    assertThat(read).isEqualTo(event);

    GenericRecord generic =
        new AvroDeserializer<GenericRecord>(freshClient(), AvroSerdeConfig.DEFAULTS, false)
            .deserialize(topic, bytes);
    assertThat(generic.get("event_id").toString()).isEqualTo(event.getEventId());
    assertThat(((GenericRecord) generic.get("after")).get("status").toString())
        .isEqualTo("SUSPENDED");
  }

  @Test
  void recordsWrittenWithAnOlderSchemaAreReadIntoTheCurrentClass() {
    String topic = "contract-" + UUID.randomUUID();
    // The older writer lacks the last field, api_calls; the current reader fills in its default.
    PollStatus current = ContractFixtures.failedPoll();
    Schema older = withoutField(PollStatus.getClassSchema(), "api_calls");
    GenericRecord written = new GenericData.Record(older);
    for (Schema.Field field : older.getFields()) {
      Object value = current.get(field.name());
      written.put(
          field.name(),
          value instanceof java.time.Instant instant ? instant.toEpochMilli() : value);
    }

    byte[] bytes =
        new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.DEFAULTS, false)
            .serialize(topic, written);
    PollStatus read =
        AvroDeserializer.specific(freshClient(), PollStatus.class, false).deserialize(topic, bytes);

    assertThat(current.getApiCalls()).isEqualTo(1);
    assertThat(read.getApiCalls())
        .as("absent from the writer's schema: the reader's default")
        .isZero();
    assertThat(read).usingRecursiveComparison().ignoringFields("api_calls").isEqualTo(current);
  }

  @Test
  void withoutAutoRegistrationOnlyAnExistingSchemaIsUsed() {
    String topic = "contract-" + UUID.randomUUID();
    User user = ContractFixtures.user("00u9", "ACTIVE", StatusCategory.ACTIVE);
    AvroSerializer<User> lookupOnly =
        new AvroSerializer<>(
            freshClient(), AvroSerdeConfig.DEFAULTS.withAutoRegister(false), false);

    assertThatThrownBy(() -> lookupOnly.serialize(topic, user))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(topic + "-value");

    int id = client.register(topic + "-value", User.getClassSchema());
    byte[] bytes =
        new AvroSerializer<User>(
                freshClient(), AvroSerdeConfig.DEFAULTS.withAutoRegister(false), false)
            .serialize(topic, user);
    assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  static Schema withoutField(Schema record, String dropped) {
    java.util.List<Schema.Field> fields =
        record.getFields().stream()
            .filter(f -> !f.name().equals(dropped))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}
