package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.UserKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

  private ScriptedHttpRegistry registry;

  @BeforeEach
  void start() throws IOException {
    registry = new ScriptedHttpRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private SchemaRegistryClient client() {
    return new SchemaRegistryClient(RegistryClientConfig.of(registry.url()));
  }

  @Test
  void registersOncePerSubjectAndSchemaThenAnswersFromCache() {
    registry.answer("POST /subjects/roster.users-key/versions", 200, "{\"id\":7}");
    SchemaRegistryClient client = client();

    assertThat(client.register("roster.users-key", UserKey.getClassSchema())).isEqualTo(7);
    assertThat(client.register("roster.users-key", UserKey.getClassSchema())).isEqualTo(7);
    assertThat(client.schemaById(7)).isEqualTo(UserKey.getClassSchema());

    assertThat(registry.count("POST", "/subjects/roster.users-key/versions")).isEqualTo(1);
    assertThat(registry.count("GET", "/schemas/ids/7")).isZero();
    var request = registry.requests.get(0);
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.body()).contains("\"schema\"").contains("UserKey");
  }

  @Test
  void fetchesASchemaByIdOnce() {
    registry.answer(
        "GET /schemas/ids/3",
        200,
        "{\"schema\":"
            + quoted(UserKey.getClassSchema().toString())
            + ",\"schemaType\":\"AVRO\",\"unknownField\":1}");
    SchemaRegistryClient client = client();

    assertThat(client.schemaById(3)).isEqualTo(UserKey.getClassSchema());
    assertThat(client.schemaById(3)).isEqualTo(UserKey.getClassSchema());
    assertThat(registry.count("GET", "/schemas/ids/3")).isEqualTo(1);
  }

  @Test
  void lookupCachesTheIdForLaterUse() {
    registry.answer(
        "POST /subjects/s",
        200,
        "{\"subject\":\"s\",\"version\":2,\"id\":11,\"schema\":"
            + quoted(UserKey.getClassSchema().toString())
            + "}");
    SchemaRegistryClient client = client();

    RegisteredSchema found = client.lookup("s", UserKey.getClassSchema());
    assertThat(found).isEqualTo(new RegisteredSchema("s", 2, 11, UserKey.getClassSchema()));
    assertThat(client.idOf("s", UserKey.getClassSchema())).isEqualTo(11);
    assertThat(registry.count("POST", "/subjects/s")).isEqualTo(1);
  }

  @Test
  void incompatibleIsRecognisedByStatusWhateverTheErrorCode() {
    // Confluent answers error_code 409 in some versions and 40901 in others.
    registry.answer(
        "POST /subjects/a/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
    registry.answer(
        "POST /subjects/b/versions",
        409,
        "{\"error_code\":40901,\"message\":\"Schema being registered is incompatible\"}");
    SchemaRegistryClient client = client();

    for (String subject : new String[] {"a", "b"}) {
      assertThatThrownBy(() -> client.register(subject, UserKey.getClassSchema()))
          .isInstanceOf(SchemaRegistryException.Incompatible.class)
          .hasMessageContaining("subject '" + subject + "'")
          .hasMessageContaining("Schema being registered is incompatible")
          .hasMessageContaining(registry.url());
    }
  }

  @Test
  void otherErrorsCarryStatusCodeAndTheRegistrysWords() {
    registry.answer(
        "POST /subjects/s/versions", 422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
    registry.answer("GET /subjects", 500, "<html>proxy error</html>");
    SchemaRegistryClient client = client();

    assertThatThrownBy(() -> client.register("s", UserKey.getClassSchema()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e.errorCode()).isEqualTo(42201);
            })
        .hasMessageContaining("Invalid schema");
    assertThatThrownBy(client::subjects)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(500))
        .hasMessageContaining("proxy error");
  }

  @Test
  void anUnreachableRegistryIsNamed() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            RegistryClientConfig.of(url)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOf(SchemaRegistryException.Unreachable.class)
        .hasMessageContaining(url)
        .hasMessageContaining("unreachable");
  }

  @Test
  void triesTheNextUrlWhenOneIsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    registry.answer("GET /subjects", 200, "[\"x-value\"]");
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            RegistryClientConfig.of("http://127.0.0.1:" + closedPort + "," + registry.url()));

    assertThat(client.subjects()).containsExactly("x-value");
  }

  @Test
  void sendsBasicAuthAndNeverPrintsTheSecret() {
    registry.answer("GET /subjects", 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            RegistryClientConfig.of(registry.url()).withBasicAuth("APIKEY:t0ps3cret"));

    assertThatThrownBy(client::subjects)
        .hasMessageContaining("401")
        .hasMessageNotContaining("t0ps3cret");
    String expected = "Basic " + Base64.getEncoder().encodeToString("APIKEY:t0ps3cret".getBytes());
    assertThat(registry.requests.get(0).authorization()).isEqualTo(expected);
    assertThat(client.config().toString()).doesNotContain("t0ps3cret");
  }

  @Test
  void compatibilityLevelsAndConfluentsMissingSubjectConfig() {
    registry.answer("GET /config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
    registry.answer(
        "GET /config/s",
        404,
        "{\"error_code\":40408,\"message\":\"Subject 's' does not have subject-level compatibility configured\"}");
    registry.answer("PUT /config/s", 200, "{\"compatibility\":\"FULL\"}");
    SchemaRegistryClient client = client();

    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(client.subjectCompatibility("s")).isEmpty();
    assertThat(client.setSubjectCompatibility("s", CompatibilityLevel.FULL))
        .isEqualTo(CompatibilityLevel.FULL);
    assertThat(registry.requests.get(2).body()).isEqualTo("{\"compatibility\":\"FULL\"}");
  }

  @Test
  void compatibilityAnswersWithTheRegistrysReasons() {
    registry.answer(
        "POST /compatibility/subjects/s/versions/latest",
        200,
        "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1\"]}");
    CompatibilityResult result = client().testCompatibility("s", UserKey.getClassSchema());
    assertThat(result.compatible()).isFalse();
    assertThat(result.messages())
        .containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1");
    assertThat(registry.requests.get(0).pathAndQuery()).endsWith("?verbose=true");
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
