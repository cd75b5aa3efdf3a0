package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ContractFixtures;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserKey;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Framing and error behaviour of the serde; the full round trip over real registries is in the *IT.
 */
class AvroSerdeTest {

  private ScriptedHttpRegistry registry;
  private SchemaRegistryClient client;

  @BeforeEach
  void start() throws IOException {
    registry = new ScriptedHttpRegistry();
    client = new SchemaRegistryClient(RegistryClientConfig.of(registry.url()));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void writesTheHeaderThenTheAvroBodyAndReadsItBack() {
    registry.answer("POST /subjects/roster.users-value/versions", 200, "{\"id\":258}");
    User user = ContractFixtures.user("00u1", "ACTIVE", StatusCategory.ACTIVE);

    byte[] bytes =
        new AvroSerializer<User>(client, AvroSerdeConfig.DEFAULTS, false)
            .serialize("roster.users", user);

    assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 1, 2);
    User read =
        AvroDeserializer.specific(client, User.class, false).deserialize("roster.users", bytes);
    assertThat(read).isEqualTo(user);
    assertThat(registry.count("GET", "/schemas/ids")).as("id known from registration").isZero();
  }

  @Test
  void keysUseTheKeySubject() {
    registry.answer("POST /subjects/roster.users-key/versions", 200, "{\"id\":1}");
    byte[] bytes =
        new AvroSerializer<UserKey>(client, AvroSerdeConfig.DEFAULTS, true)
            .serialize("roster.users", ContractFixtures.key("u"));
    assertThat(bytes[4]).isEqualTo((byte) 1);
  }

  @Test
  void withoutAutoRegistrationItOnlyLooksUp() {
    registry.answer(
        "POST /subjects/roster.users-key",
        404,
        "{\"error_code\":40401,\"message\":\"Subject 'roster.users-key' not found.\"}");
    AvroSerializer<UserKey> serializer =
        new AvroSerializer<>(client, AvroSerdeConfig.DEFAULTS.withAutoRegister(false), true);

    assertThatThrownBy(() -> serializer.serialize("roster.users", ContractFixtures.key("u")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("auto-registration is off")
        .hasMessageContaining("roster.users-key")
        .hasMessageContaining("not found");
    assertThat(registry.count("POST", "/subjects/roster.users-key/versions")).isZero();
  }

  @Test
  void nullStaysATombstoneBothWays() {
    assertThat(
            new AvroSerializer<User>(client, AvroSerdeConfig.DEFAULTS, false).serialize("t", null))
        .isNull();
    assertThat(AvroDeserializer.specific(client, User.class, false).deserialize("t", null))
        .isNull();
    assertThat(registry.requests).isEmpty();
  }

  @Test
  void refusesWhatIsNotAnAvroRecord() {
    assertThatThrownBy(
            () ->
                new AvroSerializer<Object>(client, AvroSerdeConfig.DEFAULTS, false)
                    .serialize("t", "plain text"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void anUnknownSchemaIdIsAClearErrorNotAGarbageRecord() {
    registry.answer(
        "GET /schemas/ids/99", 404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");
    byte[] payload = {0, 0, 0, 0, 99, 2, 'a'};

    assertThatThrownBy(
            () ->
                AvroDeserializer.specific(client, User.class, false)
                    .deserialize("roster.users", payload))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 99")
        .hasMessageContaining("roster.users")
        .hasMessageContaining("not found");
  }

  @Test
  void aForeignMagicByteIsRefusedBeforeAskingTheRegistry() {
    assertThatThrownBy(
            () ->
                AvroDeserializer.specific(client, User.class, false)
                    .deserialize("t", "{\"a\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte");
    assertThat(registry.requests).isEmpty();
  }

  @Test
  void aTruncatedOrPaddedBodyIsRefused() {
    registry.answer("POST /subjects/t-value/versions", 200, "{\"id\":5}");
    byte[] bytes =
        new AvroSerializer<User>(client, AvroSerdeConfig.DEFAULTS, false)
            .serialize("t", ContractFixtures.user("00u1", "ACTIVE", StatusCategory.ACTIVE));
    AvroDeserializer<User> deserializer = AvroDeserializer.specific(client, User.class, false);

    assertThatThrownBy(() -> deserializer.deserialize("t", Arrays.copyOf(bytes, bytes.length - 10)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 5");
    assertThatThrownBy(() -> deserializer.deserialize("t", Arrays.copyOf(bytes, bytes.length + 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("left over");
  }

  @Test
  void configuredFromKafkaPropertiesLikeConfluentsSerde() {
    registry.answer("POST /subjects/dev.roster.avro.UserKey/versions", 200, "{\"id\":3}");
    AvroSerde<UserKey> serde = new AvroSerde<>();
    serde.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registry.url(),
            AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY,
            "RecordNameStrategy",
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            "true"),
        true);

    UserKey key = ContractFixtures.key("u1");
    byte[] bytes = serde.serializer().serialize("any-topic", key);
    assertThat(serde.deserializer().deserialize("any-topic", bytes)).isEqualTo(key);
  }

  @Test
  void anUnconfiguredSerdeSaysWhatIsMissing() {
    assertThatThrownBy(
            () -> new AvroSerializer<UserKey>().serialize("t", ContractFixtures.key("u")))
        .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
  }
}
