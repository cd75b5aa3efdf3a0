package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.roster.detect.DetectorSettings;
import dev.roster.identity.IdentityKeyKind;
import dev.roster.identity.IdentitySettings;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.topics.TopicSettings;
import dev.roster.truto.ApiToken;
import dev.roster.truto.DiscoveryFilter;
import dev.roster.truto.ListingLimits;
import dev.roster.truto.MappingSettings;
import dev.roster.truto.RequestBudget;
import dev.roster.truto.RetrySettings;
import dev.roster.truto.TrutoClientSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RosterConfigTest {

  @TempDir Path directory;

  @Test
  void defaultsBuildTheDefaultSettingsOfEveryPackage() {
    RosterConfig config = RosterConfig.fromMap(Map.of());
    ApiToken token = ApiToken.of("t");

    assertThat(config.trutoApiToken()).isEmpty();
    assertThat(config.trutoBaseUrl()).isEqualTo(URI.create("https://api.truto.one"));
    assertThat(config.trutoClientSettings(token))
        .isEqualTo(TrutoClientSettings.defaults(config.trutoBaseUrl(), token));
    assertThat(config.kafkaClientProps())
        .containsExactly(entry("bootstrap.servers", "localhost:9092"));
    assertThat(config.registryClientConfig().urls())
        .containsExactly(URI.create("http://localhost:8081"));
    assertThat(config.registryClientConfig().basicAuthUserInfo()).isEmpty();
    assertThat(config.serdeConfig()).isEqualTo(AvroSerdeConfig.DEFAULTS);
    assertThat(config.applicationId()).isEqualTo("roster");
    assertThat(config.stateDir()).isEqualTo(Path.of("./roster-state"));
    assertThat(config.accountsFile()).isEmpty();
    assertThat(config.discoveryEnabled()).isFalse();
    assertThat(config.discoveryInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.discoveryFilter()).isEqualTo(DiscoveryFilter.all());
    assertThat(config.pollInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.pollJitter()).isEqualTo(0.1);
    assertThat(config.pollConcurrency()).isEqualTo(8);
    assertThat(config.integrationConcurrency()).isEmpty();
    assertThat(config.integrationInterval()).isEmpty();
    assertThat(config.topicSettings()).isEqualTo(TopicSettings.defaults());
    assertThat(config.detectorSettings()).isEqualTo(DetectorSettings.defaults());
    IdentitySettings identities = config.identitySettings();
    IdentitySettings defaults = IdentitySettings.defaults();
    assertThat(identities.adminRoles().pattern()).isEqualTo(defaults.adminRoles().pattern());
    assertThat(identities)
        .usingRecursiveComparison()
        .ignoringFields("adminRoles")
        .isEqualTo(defaults);
    assertThat(config.opsPort()).isEqualTo(8080);
    assertThat(config.opsSettings().address().getAddress().isLoopbackAddress())
        .as("ops on loopback unless configured")
        .isTrue();
    assertThat(config.opsSettings().statusPageToken()).isEmpty();
  }

  @Test
  void theOpsHostAndTokenAreTakenAsConfigured() {
    RosterConfig config =
        RosterConfig.load(
            Optional.empty(),
            Map.of("ROSTER_OPS_HOST", "0.0.0.0", "ROSTER_OPS_AUTH_TOKEN", "ops-SECRET"));

    assertThat(config.opsSettings().address().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(config.opsSettings().statusPageToken()).isPresent();
    assertThat(config.opsSettings().toString()).doesNotContain("ops-SECRET");
    assertThat(config.toString()).doesNotContain("ops-SECRET");
    assertThat(RosterConfig.fromMap(Map.of("ops.auth-token", " ")).opsSettings().statusPageToken())
        .as("blank is unset")
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.5", "roster.internal", "localhost.example.com"})
  void listeningBeyondLoopbackWithTheStatusPageOpenIsRefusedInOneLine(String host) {
    RosterConfig config =
        RosterConfig.load(
            Optional.empty(), Map.of("ROSTER_OPS_HOST", host, "ROSTER_OPS_METRICS_TOKEN", "m"));

    ConfigProblems problems = catchThrowableOfType(ConfigProblems.class, config::opsSettings);

    assertThat(problems).as("a metrics token does not close the page").isNotNull();
    assertThat(problems.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem)
                    .startsWith("ops.host = '" + host + "' (")
                    .contains("ROSTER_OPS_HOST", "ops.auth-token", "ops.allow-open=true")
                    .doesNotContain("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.1.1", "localhost", "::1"})
  void loopbackNeedsNoToken(String host) {
    assertThat(RosterConfig.fromMap(Map.of("ops.host", host)).opsSettings().statusPageToken())
        .isEmpty();
  }

  @Test
  void beyondLoopbackATokenOrTheExplicitAllowOpenLetsItStart() {
    assertThat(
            RosterConfig.fromMap(Map.of("ops.host", "0.0.0.0", "ops.allow-open", "true"))
                .opsSettings()
                .statusPageToken())
        .isEmpty();
    assertThat(
            RosterConfig.fromMap(Map.of("ops.host", "0.0.0.0", "ops.auth-token", "t"))
                .opsSettings()
                .statusPageToken())
        .isPresent();
    assertThatCode(() -> RosterConfig.fromMap(Map.of("ops.host", "0.0.0.0")))
        .as("only run, which listens, asks for the settings; tail or accounts do not")
        .doesNotThrowAnyException();
  }

  @Test
  void everyKeyBuildsItsSetting() {
    RosterConfig config =
        RosterConfig.fromMap(
            Map.ofEntries(
                entry("truto.base-url", "http://localhost:9999/"),
                entry("truto.api-token", "tok"),
                entry("truto.page-size", "250"),
                entry("truto.request-timeout", "10s"),
                entry("truto.partial-response-integrations", "okta, Adobe Marketo Engage"),
                entry("truto.account-budget.requests", "5"),
                entry("truto.account-budget.window", "1s"),
                entry("truto.token-budget.requests", "40"),
                entry("truto.token-budget.window", "PT2S"),
                entry("truto.get-concurrency", "2"),
                entry("truto.remote-data.enabled", "false"),
                entry("truto.remote-data.max-bytes", "1024"),
                entry("truto.allow-insecure", "true"),
                entry("schema.registry.url", "http://a:8081,http://b:8081"),
                entry("schema.registry.basic.auth.user.info", "key:s3cr3t"),
                entry("schema.registry.allow-insecure", "true"),
                entry("schema.registry.auto-register", "false"),
                entry("application.id", "roster-eu"),
                entry("state.dir", "/var/lib/roster"),
                entry("accounts.file", "/etc/roster/accounts.yaml"),
                entry("accounts.discovery.enabled", "true"),
                entry("accounts.discovery.interval", "1h"),
                entry("accounts.discovery.integrations", "okta,github"),
                entry("accounts.discovery.tenants", "acme"),
                entry("poll.interval", "5m"),
                entry("poll.jitter", "0"),
                entry("poll.concurrency", "3"),
                entry("poll.integration-concurrency", "github=2,okta=4"),
                entry("poll.integration-interval", "okta=5m"),
                entry("poll.max-pages", "70"),
                entry("poll.max-empty-pages", "3"),
                entry("poll.max-duration", "45m"),
                entry("topics.prefix", "dev."),
                entry("topics.partitions", "1"),
                entry("topics.replication", "1"),
                entry("topics.observations.retention", "2h"),
                entry("topics.events.retention", "7d"),
                entry("detector.quiet-fields", "updated_at"),
                entry("detector.removal-guard.max-share", "0.5"),
                entry("detector.removal-guard.min-known-users", "3"),
                entry("detector.removal-guard.confirmations", "1"),
                entry("ops.port", "0")));
    ApiToken token = config.trutoApiToken().orElseThrow();

    assertThat(token).isEqualTo(ApiToken.of("tok"));
    TrutoClientSettings truto = config.trutoClientSettings(token);
    assertThat(truto.baseUrl()).isEqualTo(URI.create("http://localhost:9999/"));
    assertThat(truto.pageSize()).isEqualTo(250);
    assertThat(truto.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(truto.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(truto.isPartialResponse("adobemarketoengage")).isTrue();
    assertThat(truto.isPartialResponse("github")).isFalse();
    assertThat(truto.perAccount()).isEqualTo(new RequestBudget(5, Duration.ofSeconds(1)));
    assertThat(truto.perToken()).isEqualTo(new RequestBudget(40, Duration.ofSeconds(2)));
    assertThat(truto.retry()).isEqualTo(RetrySettings.DEFAULTS);
    assertThat(truto.getConcurrency()).isEqualTo(2);
    assertThat(truto.listingLimits()).isEqualTo(new ListingLimits(70, 3, Duration.ofMinutes(45)));
    assertThat(truto.mapping())
        .isEqualTo(new MappingSettings(MappingSettings.DEFAULT_MAX_STRING_CHARS, 1024, false));
    assertThat(config.registryClientConfig().urls()).hasSize(2);
    assertThat(config.registryClientConfig().basicAuthUserInfo()).contains("key:s3cr3t");
    assertThat(config.serdeConfig().autoRegister()).isFalse();
    assertThat(config.applicationId()).isEqualTo("roster-eu");
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/roster"));
    assertThat(config.accountsFile()).contains(Path.of("/etc/roster/accounts.yaml"));
    assertThat(config.discoveryEnabled()).isTrue();
    assertThat(config.discoveryInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(config.discoveryFilter())
        .isEqualTo(new DiscoveryFilter(List.of("okta", "github"), List.of("acme"), List.of()));
    assertThat(config.pollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.pollJitter()).isZero();
    assertThat(config.pollConcurrency()).isEqualTo(3);
    assertThat(config.integrationConcurrency()).containsOnly(entry("github", 2), entry("okta", 4));
    assertThat(config.integrationInterval()).containsOnly(entry("okta", Duration.ofMinutes(5)));
    assertThat(config.topicSettings())
        .isEqualTo(
            new TopicSettings("dev.", 1, (short) 1, Duration.ofHours(2), Duration.ofDays(7)));
    assertThat(config.detectorSettings().diffRules().quietFields()).containsExactly("updated_at");
    assertThat(config.detectorSettings().removalGuard().maxShare()).isEqualTo(0.5);
    assertThat(config.detectorSettings().removalGuard().minKnownUsers()).isEqualTo(3);
    assertThat(config.detectorSettings().removalGuard().confirmations()).isEqualTo(1);
    assertThat(config.opsPort()).isZero();
  }

  @Test
  void environmentOverridesTheFileAndTheFileOverridesDefaults() throws IOException {
    Path file = properties("poll.interval=5m", "topics.prefix=file.", "ops.port=9000");

    RosterConfig config =
        RosterConfig.load(
            Optional.of(file),
            Map.of(
                "ROSTER_POLL_INTERVAL", "1m",
                "ROSTER_TRUTO_API_TOKEN", "from-env",
                "ROSTER_OPS_PORT", "",
                "PATH", "/usr/bin",
                "ROSTER_NOT_A_KEY", "ignored"));

    assertThat(config.pollInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.topicSettings().prefix()).isEqualTo("file.");
    assertThat(config.opsPort()).as("an empty variable counts as unset").isEqualTo(9000);
    assertThat(config.trutoApiToken()).contains(ApiToken.of("from-env"));
    assertThat(config.pollConcurrency()).isEqualTo(8);
  }

  @Test
  void everyKeyHasItsOwnEnvironmentVariable() {
    Set<String> keys = RosterConfig.configDef().names();
    Set<String> variables = new HashSet<>();
    keys.forEach(key -> variables.add(RosterConfig.environmentVariable(key)));

    assertThat(variables)
        .hasSameSizeAs(keys)
        .allMatch(variable -> variable.matches("ROSTER_[A-Z0-9_]+"));
    assertThat(RosterConfig.environmentVariable("truto.api-token"))
        .isEqualTo("ROSTER_TRUTO_API_TOKEN");
    assertThat(RosterConfig.environmentVariable("detector.removal-guard.max-share"))
        .isEqualTo("ROSTER_DETECTOR_REMOVAL_GUARD_MAX_SHARE");
  }

  @Test
  void kafkaKeysPassThroughWithoutThePrefixFromFileAndEnvironment() throws IOException {
    Path file =
        properties(
            "kafka.bootstrap.servers=broker-1:9092, broker-2:9092",
            "kafka.security.protocol=SASL_SSL",
            "kafka.ssl.truststore.location=/etc/truststore.jks",
            "kafka.linger.ms=5");

    RosterConfig config =
        RosterConfig.load(
            Optional.of(file),
            Map.of(
                "ROSTER_KAFKA_SASL_MECHANISM", "PLAIN",
                "ROSTER_KAFKA_LINGER_MS", "20",
                "ROSTER_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"pw\";"));

    assertThat(config.kafkaClientProps())
        .containsOnly(
            entry("bootstrap.servers", "broker-1:9092,broker-2:9092"),
            entry("security.protocol", "SASL_SSL"),
            entry("ssl.truststore.location", "/etc/truststore.jks"),
            entry("sasl.mechanism", "PLAIN"),
            entry("sasl.jaas.config", "PlainLoginModule required password=\"pw\";"),
            entry("linger.ms", "20"));
  }

  @Test
  void bootstrapServersFromTheEnvironmentOverrideTheFile() throws IOException {
    Path file = properties("kafka.bootstrap.servers=file:9092");

    RosterConfig config =
        RosterConfig.load(Optional.of(file), Map.of("ROSTER_KAFKA_BOOTSTRAP_SERVERS", "env:9092"));

    assertThat(config.kafkaClientProps()).containsEntry("bootstrap.servers", "env:9092");
  }

  @Test
  void identityKeysBuildTheirSettingsAndBadOnesAreNamed() {
    RosterConfig config =
        RosterConfig.fromMap(
            Map.of(
                "identities.keys", "email,username",
                "identities.idp-integrations", "okta,jumpcloud",
                "identities.admin-roles", "(?i)root",
                "identities.leaver-grace", "2h",
                "identities.orphaned.enabled", "false",
                "identities.sweep-interval", "30m"));
    IdentitySettings identities = config.identitySettings();
    assertThat(identities.keys()).containsExactly(IdentityKeyKind.EMAIL, IdentityKeyKind.USERNAME);
    assertThat(identities.idpIntegrations()).containsExactlyInAnyOrder("okta", "jumpcloud");
    assertThat(identities.adminRoles().matcher("ROOT").matches()).isTrue();
    assertThat(identities.leaverGrace()).isEqualTo(Duration.ofHours(2));
    assertThat(identities.orphanAlerts()).isFalse();
    assertThat(identities.sweepInterval()).isEqualTo(Duration.ofMinutes(30));

    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.fromMap(
                    Map.of(
                        "identities.keys", "email,phone",
                        "identities.admin-roles", "(admin",
                        "identities.leaver-grace", "soon")));
    assertThat(problems.problems())
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("identities.keys").contains("phone"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("identities.admin-roles")
                    .contains("not a regular expression"))
        .anySatisfy(p -> assertThat(p).startsWith("identities.leaver-grace").contains("soon"));
  }

  @Test
  void reportsEveryBadKeyTogetherEachNamedWithItsValueAndOrigin() throws IOException {
    Path file =
        properties(
            "poll.interval=15x", "topics.partitions=zero", "poll.jitter=2", "poll.intervall=5m");

    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.load(
                    Optional.of(file),
                    Map.of(
                        "ROSTER_TRUTO_BASE_URL",
                        "api.truto.one",
                        "ROSTER_POLL_INTEGRATION_CONCURRENCY",
                        "github=0")));

    assertThat(problems.problems()).hasSize(6);
    assertThat(problems.problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "truto.base-url = 'api.truto.one' (from environment variable ROSTER_TRUTO_BASE_URL): ")
                    .contains("http://"));
    assertThat(problems.problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("poll.interval = '15x' (from " + file + "): ")
                    .contains("not a duration"));
    assertThat(problems.problems())
        .anySatisfy(problem -> assertThat(problem).startsWith("poll.jitter = '2'").contains("0.5"));
    assertThat(problems.problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("poll.integration-concurrency = 'github=0'")
                    .contains("positive"));
    assertThat(problems.problems())
        .anySatisfy(
            problem ->
                assertThat(problem).startsWith("topics.partitions = 'zero'").contains("INT"));
    assertThat(problems.problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "poll.intervall (from " + file + "): not a Roster configuration key"));
    assertThat(problems.getMessage().lines()).containsExactlyElementsOf(problems.problems());
  }

  @Test
  void listsAndMapsRejectEmptyAndRepeatedEntries() {
    assertProblem(
        Map.of("accounts.discovery.tenants", "acme,,globex"), "accounts.discovery.tenants");
    assertProblem(
        Map.of("accounts.discovery.integrations", "okta,okta"), "accounts.discovery.integrations");
    assertProblem(Map.of("kafka.bootstrap.servers", " "), "kafka.bootstrap.servers");
    assertProblem(Map.of("poll.integration-interval", "okta"), "poll.integration-interval");
    assertProblem(
        Map.of("poll.integration-interval", "okta=5m,okta=1h"), "poll.integration-interval");
    assertProblem(Map.of("poll.integration-interval", "okta=0s"), "poll.integration-interval");
    assertProblem(Map.of("poll.interval", ""), "poll.interval");
    assertProblem(Map.of("poll.interval", "-5m"), "poll.interval");
    assertProblem(Map.of("detector.quiet-fields", "last_login"), "detector.quiet-fields");
    assertProblem(Map.of("topics.prefix", "roster/"), "topics.prefix");
    assertProblem(Map.of("application.id", ""), "application.id");
    assertProblem(Map.of("schema.registry.url", "registry:8081"), "schema.registry.url");
  }

  @Test
  void emptyOptionalValuesCountAsUnset() {
    RosterConfig config =
        RosterConfig.fromMap(
            Map.of(
                "truto.api-token",
                " ",
                "accounts.file",
                "",
                "schema.registry.basic.auth.user.info",
                ""));

    assertThat(config.trutoApiToken()).isEmpty();
    assertThat(config.accountsFile()).isEmpty();
    assertThat(config.registryClientConfig().basicAuthUserInfo()).isEmpty();
  }

  @Test
  void secretsAppearNeitherInProblemsNorInToString() {
    Map<String, String> secrets =
        Map.of(
            "truto.api-token", "tok-SECRET-1",
            "schema.registry.basic.auth.user.info", "user:SECRET-2",
            "kafka.sasl.jaas.config", "PlainLoginModule required password=\"SECRET-3\";",
            "kafka.ssl.keystore.password", "SECRET-4",
            "kafka.my.plugin.password", "SECRET-5");
    RosterConfig config = RosterConfig.fromMap(secrets);

    assertThat(config.toString())
        .doesNotContain("SECRET")
        .contains("truto.api-token=[hidden]", "schema.registry.basic.auth.user.info=[hidden]")
        .contains("kafka.ssl.keystore.password=[hidden]", "kafka.my.plugin.password=[hidden]")
        .contains("poll.interval=15m");

    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.fromMap(
                    Map.of(
                        "schema.registry.basic.auth.user.info", "no-colon-SECRET-6",
                        "truto.api_token", "mistyped-SECRET-7")));
    assertThat(problems.problems()).hasSize(2);
    assertThat(problems.getMessage())
        .doesNotContain("SECRET")
        .contains(
            "schema.registry.basic.auth.user.info = '[hidden]': must have the form user:secret")
        .contains("truto.api_token: not a Roster configuration key");
  }

  @Test
  void withOverridesOneKeyAndValidatesIt() {
    RosterConfig config =
        RosterConfig.fromMap(Map.of("poll.interval", "5m", "kafka.linger.ms", "5"));

    RosterConfig changed =
        config.with("kafka.bootstrap.servers", "127.0.0.1:39092").with("ops.port", "0");

    assertThat(changed.kafkaClientProps())
        .containsEntry("bootstrap.servers", "127.0.0.1:39092")
        .containsEntry("linger.ms", "5");
    assertThat(changed.opsPort()).isZero();
    assertThat(changed.pollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.opsPort()).as("the original is unchanged").isEqualTo(8080);
    assertThatThrownBy(() -> config.with("ops.port", "70000"))
        .isInstanceOf(ConfigProblems.class)
        .hasMessageStartingWith("ops.port = '70000'");
  }

  @Test
  void aMissingFileIsAProblemNamingIt() {
    Path missing = directory.resolve("missing.properties");

    assertThatThrownBy(() -> RosterConfig.load(Optional.of(missing), Map.of()))
        .isInstanceOf(ConfigProblems.class)
        .hasMessage("configuration file " + missing + " does not exist");
  }

  @Test
  void documentationHasARowForEveryKey() {
    String documentation = RosterConfig.documentation();

    RosterConfig.configDef()
        .names()
        .forEach(
            key ->
                assertThat(documentation)
                    .contains(
                        "| `" + key + "`<br>`" + RosterConfig.environmentVariable(key) + "` |"));
    assertThat(documentation)
        .contains("### Truto", "### Polling")
        .contains("| `poll.interval`<br>`ROSTER_POLL_INTERVAL` | duration | `15m` |")
        .contains("| `truto.api-token`<br>`ROSTER_TRUTO_API_TOKEN` | password |  |");
  }

  private static void assertProblem(Map<String, String> values, String key) {
    assertThatThrownBy(() -> RosterConfig.fromMap(values))
        .as("%s", values)
        .isInstanceOfSatisfying(
            ConfigProblems.class,
            problems ->
                assertThat(problems.problems()).singleElement(STRING).startsWith(key + " "));
  }

  private Path properties(String... lines) throws IOException {
    return Files.write(directory.resolve("roster.properties"), List.of(lines));
  }
}
