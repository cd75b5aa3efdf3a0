package dev.roster.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollStatus;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.registry.CompatibilityLevel;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.testing.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the embedded registry does beyond the shared contract: durability, Confluent's wire details.
 */
@ExtendWith(KafkaBroker.class)
class EmbeddedSchemaRegistryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static EmbeddedSchemaRegistry start(String topic) {
    return EmbeddedSchemaRegistry.start(
        EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers()).withTopic(topic));
  }

  @Test
  void aRestartedRegistryOnTheSameTopicAnswersTheSameIds() {
    String topic = KafkaBroker.handle().uniqueTopic("_schemas-restart");
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put("roster.users-key", UserKey.getClassSchema());
    schemas.put("roster.users-value", User.getClassSchema());
    schemas.put("roster.user-events-value", UserChangeEvent.getClassSchema());
    schemas.put("roster.poll-status-value", PollStatus.getClassSchema());
    schemas.put("roster.accounts-value", IntegratedAccount.getClassSchema());
    Map<String, Integer> ids = new LinkedHashMap<>();

    try (EmbeddedSchemaRegistry first = start(topic)) {
      SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(first.url()));
      schemas.forEach((subject, schema) -> ids.put(subject, client.register(subject, schema)));
      client.setSubjectCompatibility("roster.users-value", CompatibilityLevel.FULL_TRANSITIVE);
    }

    try (EmbeddedSchemaRegistry second = start(topic)) {
      SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(second.url()));
      schemas.forEach(
          (subject, schema) -> {
            assertThat(client.schemaById(ids.get(subject)))
                .as("schema of id %s", ids.get(subject))
                .isEqualTo(schema);
            assertThat(client.lookup(subject, schema).id()).isEqualTo(ids.get(subject));
            assertThat(client.register(subject, schema))
                .as("re-registering %s", subject)
                .isEqualTo(ids.get(subject));
          });
      assertThat(client.subjects()).containsExactlyInAnyOrderElementsOf(schemas.keySet());
      assertThat(client.subjectCompatibility("roster.users-value"))
          .contains(CompatibilityLevel.FULL_TRANSITIVE);
      // A new schema after the restart gets a fresh id, not a reused one.
      Schema fresh = Schema.createRecord("Fresh", null, "x", false, java.util.List.of());
      assertThat(client.register("fresh-value", fresh)).isNotIn(ids.values());
    }
  }

  @Test
  void theSameSchemaHasOneIdAcrossSubjects() {
    try (EmbeddedSchemaRegistry registry =
        start(KafkaBroker.handle().uniqueTopic("_schemas-dedup"))) {
      SchemaRegistryClient client =
          new SchemaRegistryClient(RegistryClientConfig.of(registry.url()));
      int id = client.register("a-value", User.getClassSchema());
      assertThat(client.register("b-value", User.getClassSchema())).isEqualTo(id);
    }
  }

  @Test
  void speaksConfluentsContentTypeErrorCodesAndMissingEndpoints() throws Exception {
    try (EmbeddedSchemaRegistry registry =
        start(KafkaBroker.handle().uniqueTopic("_schemas-wire"))) {
      String url = registry.url();
      assertThat(url).startsWith("http://127.0.0.1:");

      HttpResponse<String> invalid =
          call(
              "POST",
              url + "/subjects/s-value/versions",
              "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}");
      assertThat(invalid.statusCode()).isEqualTo(422);
      assertThat(invalid.headers().firstValue("Content-Type"))
          .contains("application/vnd.schemaregistry.v1+json");
      assertThat(json(invalid).path("error_code").asInt()).isEqualTo(42201);

      assertThat(
              json(call("GET", url + "/subjects/missing/versions", null))
                  .path("error_code")
                  .asInt())
          .isEqualTo(40401);
      assertThat(json(call("GET", url + "/schemas/ids/4242", null)).path("error_code").asInt())
          .isEqualTo(40403);
      assertThat(json(call("GET", url + "/config/missing", null)).path("error_code").asInt())
          .isEqualTo(40408);
      assertThat(
              json(call("GET", url + "/config/missing?defaultToGlobal=true", null))
                  .path("compatibilityLevel")
                  .asText())
          .isEqualTo("BACKWARD");
      assertThat(
              json(call("PUT", url + "/config/s-value", "{\"compatibility\":\"SIDEWAYS\"}"))
                  .path("error_code")
                  .asInt())
          .isEqualTo(42203);
      assertThat(call("GET", url + "/associations/subjects/s-value", null).statusCode())
          .isEqualTo(404);
      assertThat(call("DELETE", url + "/subjects", null).statusCode()).isEqualTo(405);

      call("POST", url + "/subjects/s-value/versions", "{\"schema\":\"\\\"string\\\"\"}");
      assertThat(
              json(call("GET", url + "/subjects/s-value/versions/0", null))
                  .path("error_code")
                  .asInt())
          .isEqualTo(42202);
      assertThat(
              json(call("GET", url + "/subjects/s-value/versions/9", null))
                  .path("error_code")
                  .asInt())
          .isEqualTo(40402);
      assertThat(call("GET", url + "/subjects/s-value/versions/latest/schema", null).body())
          .isEqualTo("\"string\"");
      assertThat(json(call("GET", url + "/schemas/types", null)).get(0).asText()).isEqualTo("AVRO");

      call("PUT", url + "/config/s-value", "{\"compatibility\":\"FORWARD\"}");
      assertThat(
              json(call("DELETE", url + "/config/s-value", null))
                  .path("compatibilityLevel")
                  .asText())
          .isEqualTo("FORWARD");
      assertThat(json(call("GET", url + "/config/s-value", null)).path("error_code").asInt())
          .isEqualTo(40408);
    }
  }

  @Test
  void refusesASchemaTopicThatWouldForgetSchemas() {
    String topic = KafkaBroker.handle().uniqueTopic("_schemas-deleting");
    KafkaBroker.handle()
        .createTopic(
            topic, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    assertThatThrownBy(() -> start(topic))
        .hasMessageContaining(topic)
        .hasMessageContaining("cleanup.policy=delete")
        .hasMessageContaining("cleanup.policy=compact");
  }

  private HttpResponse<String> call(String method, String url, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/vnd.schemaregistry.v1+json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
