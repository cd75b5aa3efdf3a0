package dev.roster.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API (Confluent, Apicurio's ccompat API, Roster's
 * embedded registry). Ids are immutable once assigned, so {@code subject+schema → id} and {@code id
 * → schema} are cached for the life of the client: after warm-up the serde path makes no HTTP
 * calls. Thread-safe.
 */
public final class SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Far more than any Roster schema (those with a User inside are some tens of kilobytes). */
  static final int MAX_SCHEMA_CHARS = 1024 * 1024;

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final Optional<String> authorization;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  public SchemaRegistryClient(RegistryClientConfig config) {
    this.config = config;
    // HTTP/1.1: the JDK's h2c upgrade attempt hangs some registry servers.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .build();
    this.authorization =
        config
            .basicAuthUserInfo()
            .map(
                info ->
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(info.getBytes(StandardCharsets.UTF_8)));
  }

  public RegistryClientConfig config() {
    return config;
  }

  /**
   * Registers {@code schema} under {@code subject} (or finds it there) and returns its global id.
   */
  public int register(String subject, Schema schema) {
    return idsBySubjectSchema.computeIfAbsent(
        new SubjectSchema(subject, schema),
        key -> {
          JsonNode answer =
              send(
                  "POST",
                  subjectPath(subject) + "/versions",
                  schemaBody(schema),
                  "register a schema under subject '" + subject + "'");
          int id = answer.path("id").asInt();
          schemasById.putIfAbsent(id, schema);
          return id;
        });
  }

  /**
   * Finds the id of {@code schema} under {@code subject} without registering it; a {@link
   * SchemaRegistryException} with status 404 when the subject does not hold it.
   */
  public RegisteredSchema lookup(String subject, Schema schema) {
    JsonNode answer =
        send(
            "POST",
            subjectPath(subject),
            schemaBody(schema),
            "look up a schema under subject '" + subject + "'");
    RegisteredSchema found = registeredSchema(answer, subject);
    idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), found.id());
    schemasById.putIfAbsent(found.id(), schema);
    return found;
  }

  /** The id of {@code schema} under {@code subject}: cached, else looked up (never registered). */
  public int idOf(String subject, Schema schema) {
    Integer cached = idsBySubjectSchema.get(new SubjectSchema(subject, schema));
    return cached != null ? cached : lookup(subject, schema).id();
  }

  /** The schema with a global id, as a deserializer needs it to read a record. */
  public Schema schemaById(int id) {
    return schemasById.computeIfAbsent(
        id,
        key ->
            parse(
                id,
                send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id)
                    .path("schema")
                    .asText()));
  }

  /** One version of a subject: a number, or {@code "latest"}. */
  public RegisteredSchema version(String subject, String version) {
    JsonNode answer =
        send(
            "GET",
            subjectPath(subject) + "/versions/" + encode(version),
            null,
            "read version " + version + " of subject '" + subject + "'");
    return registeredSchema(answer, subject);
  }

  public List<String> subjects() {
    return strings(send("GET", "/subjects", null, "list subjects"));
  }

  public List<Integer> versions(String subject) {
    List<Integer> versions = new ArrayList<>();
    send(
            "GET",
            subjectPath(subject) + "/versions",
            null,
            "list versions of subject '" + subject + "'")
        .forEach(node -> versions.add(node.asInt()));
    return versions;
  }

  /**
   * Asks whether {@code schema} may be registered under {@code subject}. A subject with no versions
   * yet accepts anything.
   */
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    JsonNode answer;
    try {
      answer =
          send(
              "POST",
              "/compatibility" + subjectPath(subject) + "/versions/latest?verbose=true",
              schemaBody(schema),
              "test compatibility against subject '" + subject + "'");
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()) {
        return new CompatibilityResult(true, List.of());
      }
      throw e;
    }
    return new CompatibilityResult(
        answer.path("is_compatible").asBoolean(false), strings(answer.path("messages")));
  }

  /**
   * The compatibility level set on {@code subject} itself; empty when none is (Confluent answers
   * 404; Apicurio answers with the global level instead).
   */
  public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    try {
      return Optional.of(
          level(
              send(
                  "GET",
                  configPath(subject),
                  null,
                  "read the compatibility level of subject '" + subject + "'")));
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
    return level(
        send(
            "PUT",
            configPath(subject),
            compatibilityBody(level),
            "set the compatibility level of subject '" + subject + "'"));
  }

  public CompatibilityLevel globalCompatibility() {
    return level(send("GET", "/config", null, "read the global compatibility level"));
  }

  public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
    return level(
        send("PUT", "/config", compatibilityBody(level), "set the global compatibility level"));
  }

  private static CompatibilityLevel level(JsonNode answer) {
    // GET answers compatibilityLevel, PUT echoes compatibility.
    JsonNode level =
        answer.hasNonNull("compatibilityLevel")
            ? answer.get("compatibilityLevel")
            : answer.path("compatibility");
    return CompatibilityLevel.parse(level.asText());
  }

  private RegisteredSchema registeredSchema(JsonNode answer, String subject) {
    int id = answer.path("id").asInt();
    Schema schema =
        schemasById.computeIfAbsent(id, key -> parse(id, answer.path("schema").asText()));
    return new RegisteredSchema(
        answer.path("subject").asText(subject), answer.path("version").asInt(), id, schema);
  }

  private JsonNode send(String method, String path, JsonNode body, String purpose) {
    SchemaRegistryException.Unreachable unreachable = null;
    for (URI base : config.urls()) {
      HttpRequest request = request(method, URI.create(base + path), body);
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        unreachable = unreachable(base, purpose, e, unreachable);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "Interrupted while trying to " + purpose + " at " + base,
            SchemaRegistryException.NO_RESPONSE,
            SchemaRegistryException.NO_RESPONSE,
            e);
      }
      return answer(response, base, purpose);
    }
    throw unreachable;
  }

  private static SchemaRegistryException.Unreachable unreachable(
      URI base, String purpose, IOException cause, SchemaRegistryException.Unreachable earlier) {
    String reason =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    var failure =
        new SchemaRegistryException.Unreachable(
            "Schema registry at " + base + " is unreachable (could not " + purpose + "): " + reason,
            cause);
    if (earlier != null) {
      failure.addSuppressed(earlier);
    }
    return failure;
  }

  private HttpRequest request(String method, URI uri, JsonNode body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", ACCEPT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (body != null) {
      builder.header("Content-Type", CONTENT_TYPE);
    }
    authorization.ifPresent(value -> builder.header("Authorization", value));
    return builder.build();
  }

  private static JsonNode answer(HttpResponse<String> response, URI base, String purpose) {
    JsonNode json = readJson(response.body());
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return json;
    }
    int errorCode = json.path("error_code").asInt(status);
    String registryMessage = json.path("message").asText(response.body());
    String message =
        "Schema registry at "
            + base
            + " refused to "
            + purpose
            + ": HTTP "
            + status
            + " (error code "
            + errorCode
            + "): "
            + registryMessage;
    // Trust the status, not error_code: Confluent versions answer 409 or 40901 for the same thing.
    if (status == 409) {
      throw new SchemaRegistryException.Incompatible(message, status, errorCode);
    }
    throw new SchemaRegistryException(message, status, errorCode, null);
  }

  private static JsonNode readJson(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static ObjectNode schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private static ObjectNode compatibilityBody(CompatibilityLevel level) {
    return JSON.createObjectNode().put("compatibility", level.name());
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.isTextual() ? node.asText() : node.toString()));
    return values;
  }

  /**
   * A schema as the registry holds it, which whoever may register schemas wrote: one over {@link
   * #MAX_SCHEMA_CHARS}, or that Avro cannot parse (Jackson's default read constraints bound its
   * nesting), is refused, so a record naming it is a data error
   * (docs/architecture.md#bounded-decoding).
   */
  private static Schema parse(int id, String schemaText) {
    if (schemaText.length() > MAX_SCHEMA_CHARS) {
      throw new SchemaRegistryException(
          "Schema id "
              + id
              + " is "
              + schemaText.length()
              + " characters long, more than the "
              + MAX_SCHEMA_CHARS
              + " Roster reads",
          SchemaRegistryException.NO_RESPONSE,
          SchemaRegistryException.NO_RESPONSE,
          null);
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(
          "Schema id " + id + " is not a valid Avro schema: " + e.getMessage(),
          SchemaRegistryException.NO_RESPONSE,
          SchemaRegistryException.NO_RESPONSE,
          e);
    }
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + encode(subject);
  }

  private static String configPath(String subject) {
    return "/config/" + encode(subject);
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
