package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.User;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

  @Test
  void defaultsAreConfluents() {
    AvroSerdeConfig config =
        AvroSerdeConfig.from(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081"));
    assertThat(config).isEqualTo(AvroSerdeConfig.DEFAULTS);
    assertThat(config.autoRegister()).isTrue();
    assertThat(config.subjectStrategy(true)).isEqualTo(SubjectNameStrategy.TOPIC);
  }

  @Test
  void readsEveryKey() {
    AvroSerdeConfig config =
        AvroSerdeConfig.from(
            Map.of(
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "record",
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                    "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
                AvroSerdeConfig.SPECIFIC_AVRO_READER, true,
                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, "dev.roster.avro.User"));
    assertThat(config.autoRegister()).isFalse();
    assertThat(config.keySubjectStrategy()).isEqualTo(SubjectNameStrategy.RECORD);
    assertThat(config.valueSubjectStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
    assertThat(config.specificReader()).isTrue();
    assertThat(config.specificType(false)).contains(User.class);
    assertThat(config.specificType(true)).isEmpty();
  }

  @Test
  void registryConnectionComesFromTheSameMap() {
    RegistryClientConfig client =
        AvroSerdeConfig.registryClientConfig(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "https://a.example:8081/, http://b.example",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "key:s3cr3t",
                AvroSerdeConfig.REQUEST_TIMEOUT_MS, "1500"));
    assertThat(client.urls())
        .extracting(Object::toString)
        .containsExactly("https://a.example:8081", "http://b.example");
    assertThat(client.basicAuthUserInfo()).contains("key:s3cr3t");
    assertThat(client.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(client.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> AvroSerdeConfig.registryClientConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    assertThatThrownBy(
            () ->
                AvroSerdeConfig.registryClientConfig(
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "registry:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL)
        .hasMessageContaining("http://");
    assertThatThrownBy(
            () -> AvroSerdeConfig.from(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
    assertThatThrownBy(
            () -> AvroSerdeConfig.from(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "nope")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY);
    assertThatThrownBy(
            () ->
                AvroSerdeConfig.from(
                    Map.of(AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE, "com.example.Missing")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE);
    assertThatThrownBy(
            () ->
                AvroSerdeConfig.registryClientConfig(
                    Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        "http://r",
                        AvroSerdeConfig.REQUEST_TIMEOUT_MS,
                        "-5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.REQUEST_TIMEOUT_MS);
  }

  @Test
  void aMalformedSecretIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                AvroSerdeConfig.registryClientConfig(
                    Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        "http://r",
                        AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                        "justasecretvalue")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.BASIC_AUTH_USER_INFO)
        .hasMessageNotContaining("justasecretvalue");
  }
}
