package dev.roster.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.roster.registry.CompatibilityLevel;
import dev.roster.registry.CompatibilityResult;
import dev.roster.registry.server.RegistryState.Registration;
import dev.roster.registry.server.SchemaLogEntry.LevelSetting;
import dev.roster.registry.server.SchemaLogEntry.SchemaVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST subset Roster and ordinary Kafka clients use, over {@link
 * RegistryState} and its {@link SchemaLog}: writes go to the log first and are applied only once
 * the log has them, so what the server answers is always what a restart would rebuild.
 */
final class RegistryHttpApi implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Request(String method, String path, String query, JsonNode body) {
    boolean flag(String name) {
      return query != null && List.of(query.split("&")).contains(name + "=true");
    }
  }

  private record Route(String method, Pattern path, BiFunction<Matcher, Request, Object> handler) {}

  private final RegistryState state;
  private final SchemaLog log;
  private final List<Route> routes;

  RegistryHttpApi(RegistryState state, SchemaLog log) {
    this.state = state;
    this.log = log;
    this.routes =
        List.of(
            route("GET", "/", (m, r) -> JSON.createObjectNode()),
            route("GET", "/schemas/types", (m, r) -> List.of("AVRO")),
            route("GET", "/subjects", (m, r) -> state.subjects()),
            route("GET", "/subjects/([^/]+)/versions", (m, r) -> versions(subject(m))),
            route("POST", "/subjects/([^/]+)/versions", (m, r) -> register(subject(m), r)),
            route(
                "GET",
                "/subjects/([^/]+)/versions/([^/]+)",
                (m, r) -> versionJson(version(subject(m), m.group(2)))),
            route(
                "GET",
                "/subjects/([^/]+)/versions/([^/]+)/schema",
                (m, r) -> JSON.readTree(version(subject(m), m.group(2)).schema())),
            route("POST", "/subjects/([^/]+)", (m, r) -> lookup(subject(m), r)),
            route(
                "GET",
                "/schemas/ids/(\\d+)",
                (m, r) -> JSON.createObjectNode().put("schema", schemaById(m.group(1)))),
            route(
                "GET",
                "/schemas/ids/(\\d+)/schema",
                (m, r) -> JSON.readTree(schemaById(m.group(1)))),
            route("GET", "/schemas/ids/(\\d+)/versions", (m, r) -> versionsOfId(m.group(1))),
            route(
                "POST",
                "/compatibility/subjects/([^/]+)/versions/([^/]+)",
                (m, r) -> compatibility(subject(m), m.group(2), r)),
            route("GET", "/config", (m, r) -> levelJson("compatibilityLevel", state.globalLevel())),
            route("PUT", "/config", (m, r) -> setLevel(Optional.empty(), r)),
            route("GET", "/config/([^/]+)", (m, r) -> subjectLevel(subject(m), r)),
            route("PUT", "/config/([^/]+)", (m, r) -> setLevel(Optional.of(subject(m)), r)),
            route("DELETE", "/config/([^/]+)", (m, r) -> deleteLevel(subject(m))));
  }

  @FunctionalInterface
  private interface Handler {
    Object handle(Matcher matcher, Request request) throws IOException;
  }

  private static Route route(String method, String path, Handler handler) {
    return new Route(
        method,
        Pattern.compile(path),
        (m, r) -> {
          try {
            return handler.handle(m, r);
          } catch (IOException e) {
            throw ApiError.badRequest(e.getMessage());
          }
        });
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      Object answer;
      try {
        answer = dispatch(exchange);
      } catch (ApiError e) {
        status = e.status;
        answer =
            JSON.createObjectNode().put("error_code", e.errorCode).put("message", e.getMessage());
      } catch (RuntimeException e) {
        LOG.error(
            "Embedded schema registry failed on {} {}",
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            e);
        status = 500;
        answer =
            JSON.createObjectNode()
                .put("error_code", 50001)
                .put("message", "Error in the backend data store: " + e.getMessage());
      }
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private Object dispatch(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    boolean pathKnown = false;
    for (Route route : routes) {
      Matcher matcher = route.path().matcher(path);
      if (matcher.matches()) {
        pathKnown = true;
        if (route.method().equals(method)) {
          Request request =
              new Request(
                  method,
                  path,
                  exchange.getRequestURI().getRawQuery(),
                  body(exchange.getRequestBody()));
          synchronized (state) {
            return route.handler().apply(matcher, request);
          }
        }
      }
    }
    // Includes /associations…, which Confluent 7.x+ clients probe and which Roster does not serve.
    throw pathKnown ? ApiError.methodNotAllowed(method, path) : ApiError.notFound(path);
  }

  private static JsonNode body(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw ApiError.badRequest("Request body is not JSON: " + e.getMessage());
    }
  }

  private static String subject(Matcher matcher) {
    return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
  }

  private List<Integer> versions(String subject) {
    if (!state.hasSubject(subject)) {
      throw ApiError.subjectNotFound(subject);
    }
    return state.versions(subject).stream().map(SchemaVersion::version).toList();
  }

  private ObjectNode register(String subject, Request request) {
    Schema schema = schema(request.body());
    Registration plan = state.planRegistration(subject, schema);
    if (plan instanceof Registration.Incompatible incompatible) {
      throw ApiError.incompatible(
          "Schema being registered is incompatible with an earlier schema for subject '"
              + subject
              + "' (compatibility level "
              + incompatible.level()
              + "): "
              + String.join("; ", incompatible.messages()));
    }
    SchemaVersion version =
        plan instanceof Registration.NewVersion created
            ? append(created.version())
            : ((Registration.Existing) plan).version();
    return JSON.createObjectNode().put("id", version.id());
  }

  private SchemaVersion append(SchemaVersion version) {
    log.append(version);
    state.apply(version);
    LOG.info(
        "Registered schema id {} as version {} of subject '{}'",
        version.id(),
        version.version(),
        version.subject());
    return version;
  }

  private ObjectNode lookup(String subject, Request request) {
    if (!state.hasSubject(subject)) {
      throw ApiError.subjectNotFound(subject);
    }
    Schema schema = schema(request.body());
    return versionJson(
        state
            .find(subject, schema.toString())
            .orElseThrow(() -> ApiError.schemaNotFound("under subject '" + subject + "'")));
  }

  private SchemaVersion version(String subject, String version) {
    if (!state.hasSubject(subject)) {
      throw ApiError.subjectNotFound(subject);
    }
    if ("latest".equals(version) || "-1".equals(version)) {
      return state.latest(subject).orElseThrow(() -> ApiError.versionNotFound(subject, version));
    }
    return state
        .version(subject, versionNumber(version))
        .orElseThrow(() -> ApiError.versionNotFound(subject, version));
  }

  private static int versionNumber(String version) {
    try {
      int number = Integer.parseInt(version);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException ignored) {
      // refused below
    }
    throw ApiError.invalidVersion(version);
  }

  private String schemaById(String id) {
    return state
        .schemaById(Integer.parseInt(id))
        .orElseThrow(() -> ApiError.schemaNotFound("id " + id));
  }

  private ArrayNode versionsOfId(String id) {
    ArrayNode answer = JSON.createArrayNode();
    schemaById(id);
    state
        .versionsOfId(Integer.parseInt(id))
        .forEach(v -> answer.addObject().put("subject", v.subject()).put("version", v.version()));
    return answer;
  }

  private ObjectNode compatibility(String subject, String version, Request request) {
    Schema schema = schema(request.body());
    CompatibilityLevel level = state.effectiveLevel(subject);
    List<SchemaVersion> against;
    if (!state.hasSubject(subject)) {
      against = List.of();
    } else if ("latest".equals(version) || "-1".equals(version)) {
      // The subject's level decides whether "latest" means the last version or all of them.
      against = state.versions(subject);
    } else {
      against = List.of(version(subject, version));
    }
    CompatibilityResult result = state.checkAgainstVersions(subject, schema, level, against);
    ObjectNode answer = JSON.createObjectNode().put("is_compatible", result.compatible());
    if (request.flag("verbose")) {
      result.messages().forEach(answer.putArray("messages")::add);
      if (result.messages().isEmpty()) {
        answer.putArray("messages");
      }
    }
    return answer;
  }

  private ObjectNode subjectLevel(String subject, Request request) {
    Optional<CompatibilityLevel> level = state.subjectLevel(subject);
    if (level.isEmpty() && !request.flag("defaultToGlobal")) {
      throw ApiError.subjectLevelNotConfigured(subject);
    }
    return levelJson("compatibilityLevel", level.orElse(state.globalLevel()));
  }

  private ObjectNode setLevel(Optional<String> subject, Request request) {
    String requested = request.body().path("compatibility").asText("");
    CompatibilityLevel level;
    try {
      level = CompatibilityLevel.parse(requested);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidCompatibilityLevel(requested);
    }
    LevelSetting setting = new LevelSetting(subject, Optional.of(level));
    log.append(setting);
    state.apply(setting);
    return levelJson("compatibility", level);
  }

  private ObjectNode deleteLevel(String subject) {
    CompatibilityLevel previous =
        state.subjectLevel(subject).orElseThrow(() -> ApiError.subjectLevelNotConfigured(subject));
    LevelSetting removal = new LevelSetting(Optional.of(subject), Optional.empty());
    log.append(removal);
    state.apply(removal);
    return levelJson("compatibilityLevel", previous);
  }

  private static ObjectNode levelJson(String field, CompatibilityLevel level) {
    return JSON.createObjectNode().put(field, level.name());
  }

  private static ObjectNode versionJson(SchemaVersion version) {
    return JSON.createObjectNode()
        .put("subject", version.subject())
        .put("version", version.version())
        .put("id", version.id())
        .put("schema", version.schema());
  }

  private static Schema schema(JsonNode body) {
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw ApiError.invalidSchema(
          "Unsupported schema type " + type + ": this registry stores Avro schemas only");
    }
    if (body.path("references").size() > 0) {
      throw ApiError.invalidSchema("Schema references are not supported by the embedded registry");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
      throw ApiError.invalidSchema(
          "Empty schema: the body must be {\"schema\": \"<Avro schema JSON as a string>\"}");
    }
    try {
      return new Schema.Parser().parse(schema.asText());
    } catch (SchemaParseException | NullPointerException e) {
      throw ApiError.invalidSchema("Invalid schema: " + e.getMessage());
    }
  }
}
