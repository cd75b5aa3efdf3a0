package dev.roster.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.registry.CompatibilityLevel;
import dev.roster.registry.server.RegistryState.Registration;
import dev.roster.registry.server.SchemaLogEntry.LevelSetting;
import dev.roster.registry.server.SchemaLogEntry.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

  static final Schema V1 =
      parse(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");

  /** Adds an optional field: backward and forward compatible with V1. */
  static final Schema V2 =
      parse(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
              + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

  /** Adds a required field: new readers cannot read V1/V2 data. */
  static final Schema V3_REQUIRED =
      parse(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
              + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"c\",\"type\":\"int\"}]}");

  /** Drops b and a: forward incompatible against a reader that requires a. */
  static final Schema ONLY_B =
      parse(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
              + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

  private final RegistryState state = new RegistryState();

  private SchemaVersion register(String subject, Schema schema) {
    Registration plan = state.planRegistration(subject, schema);
    assertThat(plan).isInstanceOf(Registration.NewVersion.class);
    SchemaVersion version = ((Registration.NewVersion) plan).version();
    state.apply(version);
    return version;
  }

  @Test
  void versionsCountUpAndIdsAreGlobal() {
    assertThat(register("a-value", V1))
        .isEqualTo(new SchemaVersion("a-value", 1, 1, V1.toString()));
    assertThat(register("a-value", V2))
        .isEqualTo(new SchemaVersion("a-value", 2, 2, V2.toString()));
    assertThat(register("b-value", V1))
        .as("same schema elsewhere keeps its id")
        .isEqualTo(new SchemaVersion("b-value", 1, 1, V1.toString()));
    assertThat(state.subjects()).containsExactly("a-value", "b-value");
  }

  @Test
  void registeringTheSameSchemaAgainWritesNothing() {
    register("a-value", V1);
    assertThat(state.planRegistration("a-value", parse(V1.toString(true))))
        .isEqualTo(new Registration.Existing(new SchemaVersion("a-value", 1, 1, V1.toString())));
  }

  @Test
  void defaultBackwardRefusesANewRequiredField() {
    register("a-value", V1);
    Registration plan = state.planRegistration("a-value", V3_REQUIRED);
    assertThat(plan)
        .isInstanceOfSatisfying(
            Registration.Incompatible.class,
            incompatible -> {
              assertThat(incompatible.level()).isEqualTo(CompatibilityLevel.BACKWARD);
              assertThat(incompatible.messages())
                  .singleElement()
                  .asString()
                  .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                  .contains("version 1")
                  .contains("c");
            });
  }

  @Test
  void noneAcceptsAnything() {
    register("a-value", V1);
    state.apply(new LevelSetting(Optional.of("a-value"), Optional.of(CompatibilityLevel.NONE)));
    assertThat(state.planRegistration("a-value", V3_REQUIRED))
        .isInstanceOf(Registration.NewVersion.class);
  }

  @Test
  void forwardChecksThatOldReadersReadNewData() {
    register("a-value", V1);
    state.apply(new LevelSetting(Optional.empty(), Optional.of(CompatibilityLevel.FORWARD)));
    assertThat(state.planRegistration("a-value", ONLY_B))
        .isInstanceOf(Registration.Incompatible.class);
    assertThat(state.planRegistration("a-value", V3_REQUIRED))
        .as("old readers ignore the new field")
        .isInstanceOf(Registration.NewVersion.class);
  }

  @Test
  void transitiveLevelsCheckEveryEarlierVersion() {
    Schema onlyA = V1;
    Schema aAndOptionalB = V2;
    Schema requiredBOnly =
        parse(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null},"
                + "{\"name\":\"c\",\"type\":\"int\",\"default\":0}]}");
    register("a-value", onlyA);
    register("a-value", aAndOptionalB);
    state.apply(
        new LevelSetting(Optional.of("a-value"), Optional.of(CompatibilityLevel.FULL_TRANSITIVE)));
    assertThat(state.planRegistration("a-value", requiredBOnly))
        .isInstanceOf(Registration.NewVersion.class);
    assertThat(state.planRegistration("a-value", V3_REQUIRED))
        .isInstanceOfSatisfying(
            Registration.Incompatible.class,
            incompatible ->
                assertThat(incompatible.messages())
                    .anyMatch(m -> m.contains("version 1"))
                    .anyMatch(m -> m.contains("version 2")));
  }

  @Test
  void subjectLevelsOverrideTheGlobalOneUntilRemoved() {
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);
    state.apply(new LevelSetting(Optional.of("s"), Optional.of(CompatibilityLevel.FULL)));
    state.apply(new LevelSetting(Optional.empty(), Optional.of(CompatibilityLevel.NONE)));
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
    assertThat(state.effectiveLevel("other")).isEqualTo(CompatibilityLevel.NONE);
    state.apply(new LevelSetting(Optional.of("s"), Optional.empty()));
    assertThat(state.subjectLevel("s")).isEmpty();
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
  }

  @Test
  void logEntriesSurviveTheirEncoding() {
    var entries =
        java.util.List.<SchemaLogEntry>of(
            new SchemaVersion("a-value", 3, 9, V2.toString()),
            new LevelSetting(
                Optional.of("a-value"), Optional.of(CompatibilityLevel.FULL_TRANSITIVE)),
            new LevelSetting(Optional.of("a-value"), Optional.empty()),
            new LevelSetting(Optional.empty(), Optional.of(CompatibilityLevel.NONE)));
    for (SchemaLogEntry entry : entries) {
      assertThat(KafkaSchemaLog.decode(KafkaSchemaLog.key(entry), KafkaSchemaLog.value(entry)))
          .isEqualTo(entry);
    }
    assertThat(KafkaSchemaLog.value(entries.get(2))).as("removal is a tombstone").isNull();
  }

  /** Entries as the schema topic holds them, written out by hand. */
  @Test
  void readsLogEntriesIgnoringFieldsALaterRosterAdded() {
    assertThat(
            KafkaSchemaLog.decode(
                utf8("{\"kind\":\"SCHEMA\",\"subject\":\"a-value\",\"version\":3}"),
                utf8(
                    "{\"subject\":\"a-value\",\"version\":3,\"id\":9,\"schema\":\"\\\"string\\\"\",\"later\":true}")))
        .isEqualTo(new SchemaVersion("a-value", 3, 9, "\"string\""));
    assertThat(
            KafkaSchemaLog.decode(
                utf8("{\"kind\":\"CONFIG\",\"subject\":null,\"later\":1}"),
                utf8("{\"compatibilityLevel\":\"FULL\",\"later\":1}")))
        .isEqualTo(new LevelSetting(Optional.empty(), Optional.of(CompatibilityLevel.FULL)));
  }

  @Test
  void refusesAKindOfLogEntryItDoesNotKnow() {
    assertThatThrownBy(
            () ->
                KafkaSchemaLog.decode(
                    utf8("{\"kind\":\"DELETE_SUBJECT\",\"subject\":\"a-value\"}"), utf8("{}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kind 'DELETE_SUBJECT'");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}
