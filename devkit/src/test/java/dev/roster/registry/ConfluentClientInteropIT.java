package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.avro.ContractFixtures;
import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.testing.ApicurioRegistryExtension;
import dev.roster.testing.KafkaBroker;
import dev.roster.testing.NodeInterop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Roster's serde against an independent Confluent-protocol client (Node: kafkajs +
 *
 * @kafkajs/confluent-schema-registry) on a real broker, through both registries: what Roster
 *     writes, Node decodes; what Node writes, Roster decodes.
 */
@ExtendWith({KafkaBroker.class, ApicurioRegistryExtension.class})
class ConfluentClientInteropIT {

  private static EmbeddedSchemaRegistry embedded;

  @BeforeAll
  static void startEmbeddedRegistry() {
    embedded =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
                .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-interop")));
  }

  @AfterAll
  static void stopEmbeddedRegistry() {
    embedded.close();
  }

  static Stream<Arguments> registries() {
    Supplier<String> embeddedUrl = () -> embedded.url();
    Supplier<String> apicurioUrl = () -> ApicurioRegistryExtension.registry().confluentApiUrl();
    return Stream.of(Arguments.of("embedded", embeddedUrl), Arguments.of("apicurio", apicurioUrl));
  }

  @ParameterizedTest(name = "{0} registry")
  @MethodSource("registries")
  void nodeDecodesWhatRosterWrites(String name, Supplier<String> registryUrl) throws Exception {
    String topic = KafkaBroker.handle().uniqueTopic("interop-java-to-node");
    SchemaRegistryClient client =
        new SchemaRegistryClient(RegistryClientConfig.of(registryUrl.get()));
    UserChangeEvent event = ContractFixtures.statusChange("00u1");

    try (var producer =
        new KafkaProducer<>(
            KafkaBroker.handle().producerProps(),
            new AvroSerializer<UserKey>(client, AvroSerdeConfig.DEFAULTS, true),
            new AvroSerializer<UserChangeEvent>(client, AvroSerdeConfig.DEFAULTS, false))) {
      producer.send(new ProducerRecord<>(topic, ContractFixtures.key("00u1"), event)).get();
      producer.send(new ProducerRecord<>(topic, ContractFixtures.key("00u2"), null)).get();
    }

    List<JsonNode> lines =
        NodeInterop.consume(KafkaBroker.bootstrapServers(), registryUrl.get(), topic, 2);
    System.out.println("[interop " + name + "] node decoded: " + lines);

    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.path("valueSchemaId").asInt())
        .isEqualTo(client.idOf(topic + "-value", UserChangeEvent.getClassSchema()));
    assertThat(first.path("key").path("user_id").asText()).isEqualTo("00u1");
    JsonNode value = first.path("value");
    assertThat(value.path("event_id").asText()).isEqualTo(event.getEventId());
    assertThat(value.path("type").asText()).isEqualTo("USER_STATUS_CHANGED");
    assertThat(value.path("poll_id").asLong()).isEqualTo(7);
    assertThat(value.path("observed_at").asLong())
        .isEqualTo(ContractFixtures.OBSERVED.toEpochMilli());
    assertThat(value.path("after").path("status").asText()).isEqualTo("SUSPENDED");
    JsonNode before = value.path("before");
    assertThat(before.path("emails").get(0).path("email").asText()).isEqualTo("zoe@acme.example");
    assertThat(before.path("first_name").asText()).isEqualTo("Zoë");
    assertThat(before.path("licenses").get(0).path("last_active_at").asLong())
        .isEqualTo(java.time.Instant.parse("2026-11-01T08:00:00Z").toEpochMilli());
    assertThat(lines.get(1).path("key").path("user_id").asText()).isEqualTo("00u2");
    assertThat(lines.get(1).path("value").isNull()).as("tombstone").isTrue();
  }

  @ParameterizedTest(name = "{0} registry")
  @MethodSource("registries")
  void nodeDecodesAnIdentityAlertAndAPerson(String name, Supplier<String> registryUrl)
      throws Exception {
    String topic = KafkaBroker.handle().uniqueTopic("interop-identity-alerts");
    SchemaRegistryClient client =
        new SchemaRegistryClient(RegistryClientConfig.of(registryUrl.get()));
    IdentityAlert alert = ContractFixtures.leaverAlert();
    Identity person = ContractFixtures.identity();
    try (var producer =
        new KafkaProducer<>(
            KafkaBroker.handle().producerProps(),
            new AvroSerializer<IdentityKey>(client, AvroSerdeConfig.DEFAULTS, true),
            new AvroSerializer<org.apache.avro.specific.SpecificRecord>(
                client,
                // Two record types on one topic, as Confluent's TopicRecordNameStrategy allows.
                AvroSerdeConfig.DEFAULTS.withSubjectStrategies(
                    SubjectNameStrategy.TOPIC, SubjectNameStrategy.TOPIC_RECORD),
                false))) {
      producer.send(new ProducerRecord<>(topic, ContractFixtures.identityKey(), alert)).get();
      producer.send(new ProducerRecord<>(topic, ContractFixtures.identityKey(), person)).get();
    }

    List<JsonNode> lines =
        NodeInterop.consume(KafkaBroker.bootstrapServers(), registryUrl.get(), topic, 2);
    System.out.println("[interop " + name + "] node decoded: " + lines);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("key").path("identity_key").asText())
        .isEqualTo("email:ada@acme.example");
    JsonNode decoded = lines.get(0).path("value");
    assertThat(decoded.path("alert_id").asText()).isEqualTo(alert.getAlertId());
    assertThat(decoded.path("type").asText()).isEqualTo("LEAVER_STILL_ACTIVE");
    assertThat(decoded.path("resolved").asBoolean(true)).isFalse();
    assertThat(decoded.path("idp_status").asText()).isEqualTo("SUSPENDED");
    assertThat(decoded.path("app_status_category").asText()).isEqualTo("ACTIVE");
    assertThat(decoded.path("detected_at").asLong())
        .isEqualTo(ContractFixtures.OBSERVED.toEpochMilli());
    JsonNode accounts = lines.get(1).path("value").path("accounts");
    assertThat(accounts).hasSize(2);
    assertThat(accounts.get(0).path("is_identity_provider").asBoolean()).isTrue();
    assertThat(accounts.get(1).path("roles").get(0).asText()).isEqualTo("Workspace Admin");
  }

  @ParameterizedTest(name = "{0} registry")
  @MethodSource("registries")
  void rosterDecodesWhatNodeWrites(String name, Supplier<String> registryUrl) {
    String topic = KafkaBroker.handle().uniqueTopic("interop-node-to-java");
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", "00u77");
    user.put("integrated_account_id", "acct-okta-1");
    user.put("integration", "okta");
    user.put("tenant_id", "acme");
    user.put("name", "Ola Nordmann");
    user.put(
        "emails", List.of(Map.of("email", "ola@acme.example", "type", "work", "is_primary", true)));
    user.put("status", "SUSPENDED");
    user.put("status_category", "INACTIVE");
    user.put("is_2fa_enabled", true);
    user.put("last_login_at", 1_764_000_000_000L);
    user.put("observed_at", ContractFixtures.OBSERVED.toEpochMilli());
    Map<String, Object> key = Map.of("integrated_account_id", "acct-okta-1", "user_id", "00u77");

    JsonNode produced =
        NodeInterop.produce(
            KafkaBroker.bootstrapServers(),
            registryUrl.get(),
            topic,
            UserKey.getClassSchema().toString(),
            User.getClassSchema().toString(),
            List.of(new NodeInterop.Record(key, user), new NodeInterop.Record(key, null)));
    System.out.println("[interop " + name + "] node produced: " + produced);
    assertThat(produced.path("produced").asInt()).isEqualTo(2);

    SchemaRegistryClient client =
        new SchemaRegistryClient(RegistryClientConfig.of(registryUrl.get()));
    List<ConsumerRecord<UserKey, User>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            KafkaBroker.handle().consumerProps("interop-" + topic),
            AvroDeserializer.specific(client, UserKey.class, true),
            AvroDeserializer.specific(client, User.class, false))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < 2 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }

    assertThat(records).hasSize(2);
    assertThat(records.get(0).key()).isEqualTo(new UserKey("acct-okta-1", "00u77"));
    User read = records.get(0).value();
    assertThat(read.getName()).isEqualTo("Ola Nordmann");
    assertThat(read.getEmails())
        .singleElement()
        .satisfies(
            email -> {
              assertThat(email.getEmail()).isEqualTo("ola@acme.example");
              assertThat(email.getIsPrimary()).isTrue();
            });
    assertThat(read.getStatusCategory()).isEqualTo(StatusCategory.INACTIVE);
    assertThat(read.getIs2faEnabled()).isTrue();
    assertThat(read.getLastLoginAt()).isEqualTo(java.time.Instant.ofEpochMilli(1_764_000_000_000L));
    assertThat(read.getObservedAt()).isEqualTo(ContractFixtures.OBSERVED);
    assertThat(read.getRoles()).isEmpty();
    assertThat(read.getBio()).isNull();
    assertThat(records.get(1).value()).as("tombstone").isNull();
  }
}
