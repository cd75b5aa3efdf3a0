package dev.roster.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.roster.avro.IntegratedAccount;
import dev.roster.config.AccountsFile;
import dev.roster.config.ConfigProblems;
import dev.roster.config.RosterConfig;
import dev.roster.ops.HealthCheck.CheckResult;
import dev.roster.ops.HealthChecks;
import dev.roster.ops.OpsServer;
import dev.roster.ops.OpsSettings;
import dev.roster.ops.OpsState;
import dev.roster.ops.RosterMetrics;
import dev.roster.sim.TrutoSimulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Checks docker-compose.yml, the Dockerfile and the accounts file compose mounts without a Docker
 * engine: the files are parsed, and every Roster-specific part of them is checked against the code
 * it must agree with (configuration keys, CLI commands, the accounts file format, the shaded jar).
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String KAFKA = "kafka";
  private static final String REGISTRY = "schema-registry";
  private static final String SIMULATOR = "truto-sim";
  private static final String ROSTER = "roster";

  /**
   * Kafka client settings a {@code ROSTER_KAFKA_*} variable may set: producer, consumer, admin,
   * streams.
   */
  private static final Set<String> KAFKA_CLIENT_KEYS = kafkaClientKeys();

  private static String composeText;
  private static JsonNode compose;
  private static Dockerfile dockerfile;

  @BeforeAll
  static void readFiles() throws IOException {
    composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
    compose = YAML.readTree(composeText);
    dockerfile = Dockerfile.parse(Files.readString(ROOT.resolve("Dockerfile")));
  }

  @Test
  void theStackHasItsFourServices() {
    assertThat(serviceNames(compose)).containsExactlyInAnyOrder(KAFKA, REGISTRY, SIMULATOR, ROSTER);
  }

  @Test
  void everyServiceHasAPinnedImageOrABuild() {
    assertThat(imageProblems(compose)).isEmpty();
  }

  @Test
  void imagesWithoutATagOrTaggedLatestAreRefused() throws IOException {
    JsonNode unpinned =
        YAML.readTree(
            """
        services:
          a: { image: "apache/kafka" }
          b: { image: "apache/kafka:latest" }
          c: { image: "localhost:5000/kafka" }
          d: { image: "apache/kafka@sha256:0123456789abcdef" }
          e: { build: . }
        """);
    assertThat(imageProblems(unpinned))
        .hasSize(3)
        .anySatisfy(problem -> assertThat(problem).startsWith("a:"))
        .anySatisfy(problem -> assertThat(problem).startsWith("b:"))
        .anySatisfy(problem -> assertThat(problem).startsWith("c:"));
  }

  @Test
  void kafkaRunsKRaftWithoutZooKeeper() {
    Map<String, String> kafka = environment(compose, KAFKA);
    assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isNotNull();
    assertThat(List.of(kafka.get("KAFKA_PROCESS_ROLES").split("\\s*,\\s*")))
        .containsExactlyInAnyOrder("broker", "controller");
    assertThat(kafka.get("KAFKA_NODE_ID")).isNotBlank();
    assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
        .as("the controller quorum is this node's CONTROLLER listener")
        .isEqualTo(
            kafka.get("KAFKA_NODE_ID")
                + "@kafka:"
                + listenerPort(kafka.get("KAFKA_LISTENERS"), "CONTROLLER"));
    assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    for (String replicas :
        List.of(
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
      assertThat(kafka.get(replicas)).as(replicas + " on a single broker").isEqualTo("1");
    }
    assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("EXTERNAL://localhost:29092");
    assertThat(ports(compose.path("services").path(KAFKA))).contains("127.0.0.1:29092:29092");
    for (String service : serviceNames(compose)) {
      assertThat(service).doesNotContainIgnoringCase("zookeeper");
      assertThat(compose.path("services").path(service).path("image").asText())
          .doesNotContainIgnoringCase("zookeeper");
      assertThat(environment(compose, service).keySet())
          .noneMatch(key -> key.contains("ZOOKEEPER"));
    }
  }

  @Test
  void everyServiceHasAHealthcheckAndRosterWaitsForTheOthersHealthy() {
    for (String service : serviceNames(compose)) {
      JsonNode healthcheck = compose.path("services").path(service).path("healthcheck");
      assertThat(healthcheck.path("disable").asBoolean(false))
          .as(service + " healthcheck disabled")
          .isFalse();
      assertThat(
              healthcheck.path("test").isArray() && !healthcheck.path("test").isEmpty()
                  || healthcheck.path("test").isTextual()
                      && !healthcheck.path("test").asText().isBlank())
          .as(service + " has a healthcheck test")
          .isTrue();
    }
    assertThat(healthcheckCommand(KAFKA))
        .contains("/opt/kafka/bin/kafka-broker-api-versions.sh", "--bootstrap-server");
    assertThat(healthcheckCommand(REGISTRY))
        .anySatisfy(word -> assertThat(word).endsWith(":8081/subjects"));
    // The simulator answers 401 without a token: a check that needs a 2xx (curl -f) would never
    // pass.
    assertThat(healthcheckCommand(SIMULATOR)).doesNotContain("-f", "--fail");

    JsonNode dependsOn = compose.path("services").path(ROSTER).path("depends_on");
    assertThat(dependsOn.isObject())
        .as("roster's depends_on uses the long form with conditions")
        .isTrue();
    assertThat(fieldNames(dependsOn)).containsExactlyInAnyOrder(KAFKA, REGISTRY, SIMULATOR);
    dependsOn
        .properties()
        .forEach(
            dependency ->
                assertThat(dependency.getValue().path("condition").asText())
                    .as("roster depends on " + dependency.getKey())
                    .isEqualTo("service_healthy"));
    assertThat(
            compose
                .path("services")
                .path(REGISTRY)
                .path("depends_on")
                .path(KAFKA)
                .path("condition")
                .asText())
        .isEqualTo("service_healthy");
  }

  @Test
  void everyRosterVariableIsARealConfigurationKey() {
    assertThat(rosterVariableProblems(composeText, compose)).isEmpty();
    assertThat(rosterVariableProblems(dockerfile.text(), YAML.createObjectNode())).isEmpty();
    // And the values are valid: the roster service's environment loads as a configuration.
    assertThatCode(() -> RosterConfig.load(Optional.empty(), rosterEnvironment()))
        .doesNotThrowAnyException();
  }

  @Test
  void aMistypedRosterVariableIsCaught() throws IOException {
    String yaml =
        """
        # ROSTER_TRUTO_API_TOKN in a comment is a mistake too
        services:
          roster:
            build: .
            environment:
              ROSTER_POLL_INTERVALL: "1m"
              ROSTER_POLL_INTERVAL: "1m"
              ROSTER_KAFKA_SECURITY_PROTOCOL: "SSL"
              ROSTER_KAFKA_BOOTSTRAP_SERVER: "kafka:9092"
          other:
            build: .
            environment:
              - ROSTER_TOPICS_REPLICATON=1
              - ROSTER_STATE_DIR=/var/lib/roster
        """;
    assertThat(rosterVariableProblems(yaml, YAML.readTree(yaml)))
        .hasSize(4)
        .anySatisfy(problem -> assertThat(problem).contains("ROSTER_POLL_INTERVALL"))
        .anySatisfy(problem -> assertThat(problem).contains("ROSTER_TRUTO_API_TOKN"))
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .contains("ROSTER_KAFKA_BOOTSTRAP_SERVER")
                    .contains("kafka.bootstrap.server"))
        .anySatisfy(problem -> assertThat(problem).contains("ROSTER_TOPICS_REPLICATON"));
  }

  @Test
  void rosterPointsAtTheComposeServices() {
    Map<String, String> env = rosterEnvironment();
    RosterConfig config = RosterConfig.load(Optional.empty(), env);

    // Kafka: every bootstrap address is a listener the kafka service advertises to other
    // containers.
    Map<String, String> kafka = environment(compose, KAFKA);
    String bootstrap =
        env.get(RosterConfig.environmentVariable(RosterConfig.KAFKA_BOOTSTRAP_SERVERS));
    assertThat(bootstrap).isEqualTo("kafka:9092");
    assertThat(config.kafkaClientProps()).containsEntry("bootstrap.servers", bootstrap);
    for (String address : bootstrap.split(",")) {
      assertThat(serviceNames(compose)).contains(address.substring(0, address.lastIndexOf(':')));
      assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(","))
          .anySatisfy(listener -> assertThat(listener).endsWith("://" + address));
    }
    assertThat(environment(compose, REGISTRY).get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
        .isEqualTo("PLAINTEXT://kafka:" + listenerPort(kafka.get("KAFKA_LISTENERS"), "PLAINTEXT"));

    // The schema registry: the registry service, on the port it listens on.
    URI registry =
        URI.create(env.get(RosterConfig.environmentVariable(RosterConfig.SCHEMA_REGISTRY_URL)));
    assertThat(registry.getHost()).isEqualTo(REGISTRY);
    assertThat(registry.getPort())
        .isEqualTo(
            URI.create(environment(compose, REGISTRY).get("SCHEMA_REGISTRY_LISTENERS")).getPort());

    // Truto: by default the simulator, on the port its command gives, with the simulator's token.
    URI truto = config.trutoBaseUrl();
    assertThat(truto.getHost()).isEqualTo(SIMULATOR);
    CommandLine.Model.CommandSpec simulate = simulatorCommand();
    assertThat(truto.getPort()).isEqualTo(simulate.findOption("--port").<Integer>getValue());
    assertThat(config.trutoApiToken()).isPresent();
    assertThat(env.get(RosterConfig.environmentVariable(RosterConfig.TRUTO_API_TOKEN)))
        .isEqualTo(TrutoSimulator.DEMO_API_TOKEN);
    // …and overridable from an .env file, for the real Truto.
    Map<String, String> roster = rawEnvironment(compose, ROSTER);
    assertThat(roster.get("ROSTER_TRUTO_BASE_URL")).startsWith("${ROSTER_TRUTO_BASE_URL:-");
    assertThat(roster.get("ROSTER_TRUTO_API_TOKEN")).startsWith("${ROSTER_TRUTO_API_TOKEN:-");

    assertThat(config.discoveryEnabled()).isTrue();
    assertThat(config.topicSettings().replication()).isEqualTo((short) 1);
    assertThat(ports(compose.path("services").path(ROSTER)))
        .anySatisfy(port -> assertThat(port).endsWith(":" + config.opsPort()));
  }

  @Test
  void theSimulatorRunsARealCliCommandReachableFromOtherContainers() {
    CommandLine.Model.CommandSpec simulate = simulatorCommand();
    assertThat(simulate.findOption("--host").<String>getValue())
        .as("the simulator must listen beyond the container's loopback")
        .isEqualTo("0.0.0.0");
    int port = simulate.findOption("--port").<Integer>getValue();
    assertThat(ports(compose.path("services").path(SIMULATOR))).contains("127.0.0.1:18080:" + port);
    assertThat(parse(command(compose, ROSTER)).subcommand().commandSpec().name()).isEqualTo("run");
  }

  @Test
  void anUnknownSimulatorOptionWouldBeCaught() {
    assertThatThrownBy(() -> parse(List.of("simulate", "--hots", "0.0.0.0")))
        .isInstanceOf(CommandLine.ParameterException.class);
  }

  @Test
  void theMountedAccountsFileLoadsAndConfiguresTheSimulatorsGitHubAccount() {
    String target =
        rosterEnvironment().get(RosterConfig.environmentVariable(RosterConfig.ACCOUNTS_FILE));
    assertThat(target).isNotBlank();
    Path source =
        volumes(compose.path("services").path(ROSTER)).entrySet().stream()
            .filter(volume -> volume.getValue().equals(target))
            .map(volume -> ROOT.resolve(volume.getKey()).normalize())
            .findFirst()
            .orElseThrow(() -> new AssertionError("roster mounts nothing at " + target));
    assertThat(source).startsWith(ROOT).isRegularFile();

    List<IntegratedAccount> accounts = AccountsFile.load(source);
    assertThat(accounts)
        .anySatisfy(
            account -> {
              assertThat(account.getId()).isEqualTo(TrutoSimulator.DEMO_GITHUB_ACCOUNT);
              assertThat(account.getIntegration()).isEqualTo("github");
              assertThat(account.getQuery())
                  .containsEntry("organization_id", TrutoSimulator.DEMO_GITHUB_ORGANIZATION);
              assertThat(account.getEnabled()).isTrue();
            });
  }

  @Test
  void everyPortIsPublishedOnLoopbackOnly() {
    assertThat(serviceNames(compose))
        .allSatisfy(name -> assertThat(ports(compose.path("services").path(name))).isNotEmpty());
    assertThat(publishedPortProblems(compose)).isEmpty();
  }

  @Test
  void aPortPublishedOnEveryInterfaceIsCaught() throws IOException {
    JsonNode open =
        YAML.readTree(
            """
        services:
          kafka: { ports: ["127.0.0.1:29092:29092", "9092:9092", "9093"] }
          roster: { ports: ["0.0.0.0:8080:8080", {target: 8080, published: "8081"}, {target: 8080, host_ip: 127.0.0.1}] }
        """);

    assertThat(publishedPortProblems(open))
        .containsExactly(
            "kafka: 9092:9092 is published on every interface of the host",
            "kafka: 9093 is published on every interface of the host",
            "roster: 0.0.0.0:8080:8080 is published on every interface of the host",
            "roster: {\"target\":8080,\"published\":\"8081\"} is published on every interface of the host");
  }

  @Test
  void theHeaderSaysWhatARealDeploymentSecures() {
    String header = composeText.substring(0, composeText.indexOf("\nservices:"));

    assertThat(header)
        .contains(
            "127.0.0.1",
            "TLS",
            "SASL",
            RosterConfig.environmentVariable("kafka.security.protocol"),
            RosterConfig.environmentVariable(RosterConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO),
            RosterConfig.environmentVariable(RosterConfig.OPS_AUTH_TOKEN));
  }

  @Test
  void theImageListensOnEveryInterfaceWhereARunOutsideItListensOnLoopback() {
    Map<String, String> image = new LinkedHashMap<>(dockerfile.env());
    image.putAll(rosterEnvironment());

    assertThat(
            RosterConfig.load(Optional.empty(), image)
                .opsSettings()
                .address()
                .getAddress()
                .isAnyLocalAddress())
        .as("in the container, probes come from outside it")
        .isTrue();
    assertThat(
            RosterConfig.load(Optional.empty(), rosterEnvironment())
                .opsSettings()
                .address()
                .getAddress()
                .isLoopbackAddress())
        .as("without the image's setting")
        .isTrue();
  }

  @Test
  void theImageRefusesToRunWithAnOpenStatusPageUnlessATokenOrComposeSaysSo() {
    Map<String, String> image = dockerfile.env();

    assertThatThrownBy(() -> RosterConfig.load(Optional.empty(), image).opsSettings())
        .as("the image alone, no token: closed by default")
        .isInstanceOf(ConfigProblems.class)
        .hasMessageContaining(RosterConfig.OPS_AUTH_TOKEN)
        .hasMessageContaining(RosterConfig.OPS_ALLOW_OPEN);
    Map<String, String> withToken = new LinkedHashMap<>(image);
    withToken.put(RosterConfig.environmentVariable(RosterConfig.OPS_AUTH_TOKEN), "page-token");
    assertThat(RosterConfig.load(Optional.empty(), withToken).opsSettings().statusPageToken())
        .isPresent();

    // compose opens the page on purpose, and may, because it publishes the port on the host's
    // loopback only.
    assertThat(rosterEnvironment())
        .containsEntry(RosterConfig.environmentVariable(RosterConfig.OPS_ALLOW_OPEN), "true");
    assertThat(ports(compose.path("services").path(ROSTER)))
        .isNotEmpty()
        .allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
  }

  @Test
  void theDockerfileRunsTheShadedJarAsANonRootUser() throws Exception {
    assertThat(dockerfile.single("FROM"))
        .as("the base image pinned by digest")
        .matches("eclipse-temurin:17-jre@sha256:[0-9a-f]{64}");

    List<String> copy = List.of(dockerfile.all("COPY").get(0).split("\\s+"));
    assertThat(copy).hasSize(2);
    assertThat(copy.get(0)).isEqualTo("${JAR_FILE}");
    assertThat(dockerfile.all("COPY"))
        .as("the production jar's SBOM beside it")
        .contains("connector/target/roster-server.cdx.json /opt/roster/roster-server.cdx.json");
    assertThat(dockerfile.single("ARG"))
        .as("by default the image holds the production jar, the connector's shade output")
        .isEqualTo("JAR_FILE=" + shadedJar("connector"));
    String jar = copy.get(1);

    List<String> entrypoint = dockerfile.execForm("ENTRYPOINT");
    assertThat(entrypoint).containsExactly("java", "-jar", jar);
    List<String> cmd = dockerfile.execForm("CMD");
    assertThat(parse(cmd).subcommand().commandSpec().name()).isEqualTo("run");

    String user = dockerfile.last("USER").split(":")[0];
    assertThat(user).isNotIn("root", "0");

    Map<String, String> env = dockerfile.env();
    assertThat(env.get("JAVA_TOOL_OPTIONS"))
        .as("a JVM out of heap exits, for the orchestrator to restart it")
        .contains("-XX:+ExitOnOutOfMemoryError");
    String stateDir = env.get(RosterConfig.environmentVariable(RosterConfig.STATE_DIR));
    assertThat(stateDir).isEqualTo("/var/lib/roster");
    assertThat(dockerfile.all("VOLUME")).contains(stateDir);
    assertThat(dockerfile.all("EXPOSE"))
        .contains(
            String.valueOf(
                RosterConfig.configDef().configKeys().get(RosterConfig.OPS_PORT).defaultValue));

    // compose builds this Dockerfile: Roster from the production jar, the simulator from the
    // developer jar;
    // it keeps the state directory a volume of each replica.
    assertThat(compose.path("services").path(ROSTER).path("build").asText()).isEqualTo(".");
    JsonNode simulatorBuild = compose.path("services").path(SIMULATOR).path("build");
    assertThat(simulatorBuild.path("context").asText()).isEqualTo(".");
    assertThat(simulatorBuild.path("args").path("JAR_FILE").asText())
        .isEqualTo(shadedJar("distribution"));
    assertThat(volumes(compose.path("services").path(ROSTER))).containsEntry("", stateDir);
  }

  /**
   * What the Dockerfile copies is in the build context: .dockerignore lets through every COPY
   * source and both jars JAR_FILE may name (the default and compose's simulator build).
   */
  @Test
  void theBuildContextHoldsEveryFileTheDockerfileCopies() throws Exception {
    List<String> ignore =
        Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    assertThat(ignore).as("everything else is left out").startsWith("*");
    Set<String> copied = new TreeSet<>();
    copied.add(shadedJar("connector"));
    copied.add(shadedJar("distribution"));
    dockerfile.all("COPY").stream()
        .map(copy -> copy.split("\\s+")[0])
        .filter(source -> !source.startsWith("$"))
        .forEach(copied::add);

    for (String source : copied) {
      assertThat(ignore).as(".dockerignore lets %s through", source).contains("!" + source);
    }
  }

  // ---- the checks, as functions of the parsed file, so that they can be shown to catch mistakes

  /**
   * Ports a service publishes on the host's every interface (no host IP, or 0.0.0.0) instead of
   * 127.0.0.1.
   */
  private static List<String> publishedPortProblems(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    for (String name : serviceNames(compose)) {
      compose
          .path("services")
          .path(name)
          .path("ports")
          .forEach(
              port -> {
                String hostIp =
                    port.isObject()
                        ? port.path("host_ip").asText("")
                        : shortSyntaxHostIp(port.asText());
                if (!hostIp.equals("127.0.0.1")) {
                  problems.add(
                      name
                          + ": "
                          + (port.isObject() ? port.toString() : port.asText())
                          + " is published on every interface of the host");
                }
              });
    }
    return problems;
  }

  /**
   * [HOST_IP:]HOST_PORT:CONTAINER_PORT or CONTAINER_PORT; the host IP is what precedes the last two
   * parts.
   */
  private static String shortSyntaxHostIp(String port) {
    List<String> parts = List.of(port.split(":"));
    return parts.size() < 3 ? "" : String.join(":", parts.subList(0, parts.size() - 2));
  }

  private static List<String> imageProblems(JsonNode compose) {
    List<String> problems = new ArrayList<>();
    for (String name : serviceNames(compose)) {
      JsonNode service = compose.path("services").path(name);
      JsonNode image = service.path("image");
      if (image.isMissingNode()) {
        if (service.path("build").isMissingNode()) {
          problems.add(name + ": neither an image nor a build");
        }
        continue;
      }
      String reference = image.asText();
      if (reference.contains("@sha256:")) {
        continue;
      }
      String lastPart = reference.substring(reference.lastIndexOf('/') + 1);
      int colon = lastPart.indexOf(':');
      String tag = colon < 0 ? "" : lastPart.substring(colon + 1);
      if (tag.isEmpty() || tag.equals("latest")) {
        problems.add(
            name + ": image " + reference + " is not pinned to a tag (and latest is no pin)");
      }
    }
    return problems;
  }

  /**
   * Every {@code ROSTER_*} name in the text (values, interpolations, comments) and every {@code
   * ROSTER_*} environment key of every service that is not the variable of a configuration key, or
   * a {@code ROSTER_KAFKA_*} pass-through naming no Kafka client setting.
   */
  private static List<String> rosterVariableProblems(String text, JsonNode compose) {
    Set<String> variables = new TreeSet<>();
    Matcher matcher = Pattern.compile("\\bROSTER_[A-Z0-9_]*[A-Z0-9]").matcher(text);
    while (matcher.find()) {
      variables.add(matcher.group());
    }
    for (String service : serviceNames(compose)) {
      rawEnvironment(compose, service).keySet().stream()
          .filter(key -> key.startsWith("ROSTER_"))
          .forEach(variables::add);
    }
    List<String> problems = new ArrayList<>();
    for (String variable : variables) {
      rosterVariableProblem(variable).ifPresent(problems::add);
    }
    return problems;
  }

  private static Optional<String> rosterVariableProblem(String variable) {
    if (RosterConfig.configDef().names().stream()
        .anyMatch(key -> RosterConfig.environmentVariable(key).equals(variable))) {
      return Optional.empty();
    }
    String kafkaPrefix = "ROSTER_KAFKA_";
    if (variable.startsWith(kafkaPrefix) && variable.length() > kafkaPrefix.length()) {
      String clientKey =
          variable
              .substring(kafkaPrefix.length())
              .toLowerCase(java.util.Locale.ROOT)
              .replace('_', '.');
      return KAFKA_CLIENT_KEYS.contains(clientKey)
          ? Optional.empty()
          : Optional.of(variable + " sets kafka." + clientKey + ", which no Kafka client knows");
    }
    return Optional.of(variable + " is not the variable of any Roster configuration key");
  }

  private static Set<String> kafkaClientKeys() {
    Set<String> keys = new HashSet<>();
    keys.addAll(ProducerConfig.configNames());
    keys.addAll(ConsumerConfig.configNames());
    keys.addAll(AdminClientConfig.configNames());
    keys.addAll(StreamsConfig.configDef().names());
    return keys;
  }

  // ---- reading the compose file

  private static List<String> serviceNames(JsonNode compose) {
    return fieldNames(compose.path("services"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A service's environment as written, from the map or the list form. */
  private static Map<String, String> rawEnvironment(JsonNode compose, String service) {
    JsonNode environment = compose.path("services").path(service).path("environment");
    Map<String, String> values = new LinkedHashMap<>();
    if (environment.isObject()) {
      environment
          .properties()
          .forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
    } else if (environment.isArray()) {
      environment.forEach(
          entry -> {
            String text = entry.asText();
            int equals = text.indexOf('=');
            values.put(
                equals < 0 ? text : text.substring(0, equals),
                equals < 0 ? "" : text.substring(equals + 1));
          });
    }
    return values;
  }

  /**
   * A service's environment as compose would give it with no .env file: interpolations take their
   * defaults.
   */
  private static Map<String, String> environment(JsonNode compose, String service) {
    Map<String, String> values = new LinkedHashMap<>();
    rawEnvironment(compose, service).forEach((key, value) -> values.put(key, interpolate(value)));
    return values;
  }

  private static Map<String, String> rosterEnvironment() {
    return environment(compose, ROSTER);
  }

  private static String interpolate(String value) {
    Matcher matcher = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static List<String> command(JsonNode compose, String service) {
    JsonNode command = compose.path("services").path(service).path("command");
    List<String> words = new ArrayList<>();
    if (command.isArray()) {
      command.forEach(word -> words.add(word.asText()));
    } else if (command.isTextual()) {
      words.addAll(List.of(command.asText().trim().split("\\s+")));
    }
    return words;
  }

  /**
   * Runs roster's healthcheck command, as the container would (the image is not buildable here),
   * against a real ops server on a free port: it must pass when /health/ready says UP and fail when
   * it says DOWN.
   */
  @Test
  void rostersHealthcheckPassesOnlyWhenReady() throws Exception {
    List<String> command = healthcheckCommand(ROSTER);
    String opsAddress =
        "/dev/tcp/127.0.0.1/"
            + rawEnvironment(compose, ROSTER)
                .get(RosterConfig.environmentVariable(RosterConfig.OPS_PORT));
    assertThat(command.subList(0, 3)).containsExactly("CMD", "bash", "-c");
    assertThat(command.get(3)).contains(opsAddress).contains("/health/ready");
    assertThat(runHealthcheck(command.get(3), opsAddress, CheckResult.up("RUNNING")))
        .as("exit code when ready")
        .isZero();
    assertThat(runHealthcheck(command.get(3), opsAddress, CheckResult.down("REBALANCING")))
        .as("exit code when not ready")
        .isNotZero();
  }

  private static int runHealthcheck(String script, String opsAddress, CheckResult streams)
      throws Exception {
    OpsState state = new OpsState(Duration.ofMinutes(5));
    try (RosterMetrics metrics = new RosterMetrics(state, Clock.systemUTC());
        OpsServer server =
            new OpsServer(
                OpsSettings.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                state,
                metrics,
                new HealthChecks(Map.of(), Map.of("streams", () -> streams)),
                Clock.systemUTC())) {
      String local = script.replace(opsAddress, "/dev/tcp/127.0.0.1/" + server.url().getPort());
      Process process = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true).start();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the healthcheck finishes").isTrue();
      return process.exitValue();
    }
  }

  private static List<String> healthcheckCommand(String service) {
    JsonNode test = compose.path("services").path(service).path("healthcheck").path("test");
    List<String> words = new ArrayList<>();
    test.forEach(word -> words.add(word.asText()));
    return words;
  }

  private static List<String> ports(JsonNode service) {
    List<String> ports = new ArrayList<>();
    service.path("ports").forEach(port -> ports.add(port.asText()));
    return ports;
  }

  /** Short-syntax volumes, source to target; an anonymous volume has the source "". */
  private static Map<String, String> volumes(JsonNode service) {
    Map<String, String> volumes = new LinkedHashMap<>();
    service
        .path("volumes")
        .forEach(
            volume -> {
              if (volume.isObject()) {
                volumes.put(volume.path("source").asText(""), volume.path("target").asText());
              } else {
                String[] parts = volume.asText().split(":");
                volumes.put(
                    parts.length == 1 ? "" : parts[0], parts.length == 1 ? parts[0] : parts[1]);
              }
            });
    return volumes;
  }

  /**
   * The port of the named listener in a KAFKA_LISTENERS value like {@code
   * PLAINTEXT://:9092,CONTROLLER://:9093}.
   */
  private static String listenerPort(String listeners, String name) {
    for (String listener : listeners.split(",")) {
      if (listener.trim().startsWith(name + "://")) {
        return listener.substring(listener.lastIndexOf(':') + 1);
      }
    }
    throw new AssertionError("no " + name + " listener in " + listeners);
  }

  // ---- the CLI

  private static ParseResult parse(List<String> args) {
    return RosterDevCli.commandLine().parseArgs(args.toArray(String[]::new));
  }

  /**
   * The simulator service's command, parsed by the real CLI: unknown commands and options throw.
   */
  private static CommandLine.Model.CommandSpec simulatorCommand() {
    ParseResult result = parse(command(compose, SIMULATOR));
    assertThat(result.subcommand()).as("truto-sim runs a subcommand").isNotNull();
    assertThat(result.subcommand().commandSpec().name()).isEqualTo("simulate");
    return result.subcommand().commandSpec();
  }

  // ---- the build

  /** A module's shade plugin outputFile, relative to the repository root. */
  private static String shadedJar(String module) throws Exception {
    XPath xpath = XPathFactory.newInstance().newXPath();
    String outputFile =
        xpath
            .evaluate(
                "//*[local-name()='plugin'][*[local-name()='artifactId']='maven-shade-plugin']"
                    + "//*[local-name()='outputFile']",
                pom(ROOT))
            .trim();
    assertThat(outputFile).as("the shade plugin names its output").isNotEmpty();
    String jarName =
        xpath
            .evaluate(
                "/*[local-name()='project']/*[local-name()='properties']/*[local-name()='roster.jar.name']",
                pom(ROOT.resolve(module)))
            .trim();
    assertThat(jarName).as("%s names its jar", module).isNotEmpty();
    return outputFile
        .replace("${project.build.directory}", module + "/target")
        .replace("${roster.jar.name}", jarName);
  }

  private static Document pom(Path directory) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(directory.resolve("pom.xml").toFile());
  }

  /** The instructions of a Dockerfile: comments dropped, continuation lines joined. */
  private record Dockerfile(String text, List<Map.Entry<String, String>> instructions) {

    static Dockerfile parse(String text) {
      List<Map.Entry<String, String>> instructions = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.split("\\R")) {
        String trimmed = line.trim();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
          continue;
        }
        current.append(trimmed);
        String instruction = current.toString().trim();
        current.setLength(0);
        if (instruction.isEmpty()) {
          continue;
        }
        String[] parts = instruction.split("\\s+", 2);
        instructions.add(
            Map.entry(
                parts[0].toUpperCase(java.util.Locale.ROOT),
                parts.length > 1 ? parts[1].trim() : ""));
      }
      return new Dockerfile(text, List.copyOf(instructions));
    }

    List<String> all(String instruction) {
      return instructions.stream()
          .filter(entry -> entry.getKey().equals(instruction))
          .map(Map.Entry::getValue)
          .toList();
    }

    String single(String instruction) {
      assertThat(all(instruction)).as("one " + instruction).hasSize(1);
      return all(instruction).get(0);
    }

    String last(String instruction) {
      List<String> all = all(instruction);
      assertThat(all).as(instruction).isNotEmpty();
      return all.get(all.size() - 1);
    }

    /** An exec-form (JSON array) instruction; the shell form would not pass signals to java. */
    List<String> execForm(String instruction) {
      try {
        return List.of(JSON.readValue(single(instruction), String[].class));
      } catch (IOException e) {
        throw new AssertionError(
            instruction + " is not in exec form (a JSON array): " + single(instruction), e);
      }
    }

    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S*))");
      for (String arguments : all("ENV")) {
        Matcher matcher = pair.matcher(arguments);
        while (matcher.find()) {
          env.put(matcher.group(1), matcher.group(3) != null ? matcher.group(3) : matcher.group(4));
        }
      }
      return env;
    }
  }
}
