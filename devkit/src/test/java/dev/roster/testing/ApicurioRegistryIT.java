package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApicurioRegistryExtension.class)
class ApicurioRegistryIT {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void registersAnAvroSchemaThroughTheConfluentApiAndReadsItBackById(ApicurioRegistry registry)
      throws Exception {
    System.out.printf(
        "Apicurio Registry %s on %s, started in %d ms, Confluent API at %s%n",
        registry.version(),
        registry.java(),
        registry.startupTime().toMillis(),
        registry.confluentApiUrl());
    Schema schema =
        SchemaBuilder.record("Probe")
            .namespace("dev.roster.testing")
            .fields()
            .requiredString("id")
            .name("seen_at")
            .type()
            .optional()
            .type(timestampMillis())
            .endRecord();
    String subject = "apicurio-it-" + System.nanoTime() + "-value";

    JsonNode registered =
        call(
            "POST",
            registry.confluentApiUrl() + "/subjects/" + encode(subject) + "/versions",
            JSON.createObjectNode().put("schema", schema.toString()));
    int id = registered.get("id").asInt();

    JsonNode fetched = call("GET", registry.confluentApiUrl() + "/schemas/ids/" + id, null);
    assertThat(new Schema.Parser().parse(fetched.get("schema").asText())).isEqualTo(schema);
    assertThat(call("GET", registry.confluentApiUrl() + "/subjects", null))
        .extracting(JsonNode::toString)
        .asString()
        .contains(subject);
  }

  @Test
  void confluentApiUrlPointsAtTheCompatibilityApi(ApicurioRegistry registry) {
    assertThat(registry.confluentApiUrl()).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
    // 3.x needs Java 21+; the 2.x line is the fallback for a machine with Java 17 only.
    assertThat(registry.version()).startsWith(registry.java().featureVersion() >= 21 ? "3." : "2.");
  }

  private static Schema timestampMillis() {
    return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
  }

  private JsonNode call(String method, String url, JsonNode body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", CONTENT_TYPE)
            .header("Content-Type", CONTENT_TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s answered %s", method, url, response.body())
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }
}
