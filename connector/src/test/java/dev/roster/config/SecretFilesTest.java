package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.roster.truto.ApiToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every secret can come from a file, as mounted container secrets do; its problems name key and
 * path, never content.
 */
class SecretFilesTest {

  private static final String TOKEN = "tok-FROM-FILE-4e1c";
  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"roster\" password=\"PW-FROM-FILE\";";

  @TempDir Path directory;

  @Test
  void eachSecretKeyTakesAFileWhoseTrailingLineBreakIsIgnored() throws IOException {
    Path properties =
        properties(
            "truto.api-token-file=" + secret("token", TOKEN + "\n"),
            "schema.registry.basic.auth.user.info-file="
                + secret("registry", "key:REG-SECRET\r\n\n"),
            "kafka.sasl.jaas.config-file=" + secret("jaas", JAAS + "\n"),
            "kafka.ssl.keystore.password-file=" + secret("keystore", "KS-SECRET"));

    RosterConfig config = RosterConfig.load(Optional.of(properties), Map.of());

    assertThat(config.trutoApiToken()).contains(ApiToken.of(TOKEN));
    assertThat(config.registryClientConfig().basicAuthUserInfo()).contains("key:REG-SECRET");
    assertThat(config.kafkaClientProps())
        .contains(entry("sasl.jaas.config", JAAS), entry("ssl.keystore.password", "KS-SECRET"))
        .doesNotContainKeys("sasl.jaas.config-file", "ssl.keystore.password-file");
    assertThat(config.toString())
        .contains("truto.api-token=[hidden]", "truto.api-token-file=" + directory.resolve("token"))
        .doesNotContain(TOKEN, "REG-SECRET", "PW-FROM-FILE", "KS-SECRET");
  }

  @Test
  void theStatusPageTokenTakesAFileToo() throws IOException {
    assertThat(RosterConfig.load(Optional.empty(), Map.of()).opsSettings().statusPageToken())
        .isEmpty();

    RosterConfig config =
        RosterConfig.load(
            Optional.empty(),
            Map.of("ROSTER_OPS_AUTH_TOKEN_FILE", secret("ops", "OPS-SECRET\n").toString()));

    assertThat(config.opsSettings().statusPageToken()).isPresent();
    assertThat(config.toString()).doesNotContain("OPS-SECRET");
  }

  @Test
  void theMetricsTokenTakesAFileToo() throws IOException {
    assertThat(RosterConfig.load(Optional.empty(), Map.of()).opsSettings().metricsToken())
        .isEmpty();

    RosterConfig config =
        RosterConfig.load(
            Optional.empty(),
            Map.of(
                "ROSTER_OPS_METRICS_TOKEN_FILE", secret("metrics", "METRICS-SECRET\n").toString()));

    assertThat(config.opsSettings().metricsToken()).isPresent();
    assertThat(config.opsSettings().statusPageToken()).isEmpty();
    assertThat(config.toString())
        .contains("ops.metrics-token=[hidden]")
        .doesNotContain("METRICS-SECRET");
  }

  @Test
  void theEnvironmentNamesFilesWithTheSuffixFile() throws IOException {
    RosterConfig config =
        RosterConfig.load(
            Optional.empty(),
            Map.of(
                "ROSTER_TRUTO_API_TOKEN_FILE", secret("token", TOKEN + "\n").toString(),
                "ROSTER_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE",
                    secret("registry", "key:REG-SECRET").toString(),
                "ROSTER_KAFKA_SASL_JAAS_CONFIG_FILE", secret("jaas", JAAS).toString()));

    assertThat(config.trutoApiToken()).contains(ApiToken.of(TOKEN));
    assertThat(config.registryClientConfig().basicAuthUserInfo()).contains("key:REG-SECRET");
    assertThat(config.kafkaClientProps())
        .containsEntry("sasl.jaas.config", JAAS)
        .doesNotContainKey("sasl.jaas.config.file");
  }

  @Test
  void aKafkaClientKeyEndingInFileThatIsNoSecretStaysAKafkaClientKey() {
    RosterConfig config =
        RosterConfig.load(
            Optional.empty(),
            Map.of("ROSTER_KAFKA_SASL_OAUTHBEARER_ASSERTION_FILE", "/etc/roster/assertion.jwt"));

    assertThat(config.kafkaClientProps())
        .containsEntry("sasl.oauthbearer.assertion.file", "/etc/roster/assertion.jwt");
  }

  @Test
  void aSecretGivenBothDirectlyAndAsAFileIsAProblemNamingBothOrigins() throws IOException {
    Path properties = properties("truto.api-token=tok-IN-FILE-SECRET");

    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.load(
                    Optional.of(properties),
                    Map.of(
                        "ROSTER_TRUTO_API_TOKEN_FILE", secret("token", TOKEN).toString(),
                        "ROSTER_KAFKA_SASL_JAAS_CONFIG", JAAS,
                        "ROSTER_KAFKA_SASL_JAAS_CONFIG_FILE", secret("jaas", JAAS).toString())));

    assertThat(problems.problems())
        .containsExactlyInAnyOrder(
            "truto.api-token is given twice: as truto.api-token (from "
                + properties
                + ") and as truto.api-token-file (from"
                + " environment variable ROSTER_TRUTO_API_TOKEN_FILE); keep one of them",
            "kafka.sasl.jaas.config is given twice: as kafka.sasl.jaas.config (from environment variable ROSTER_KAFKA_SASL_JAAS_CONFIG)"
                + " and as kafka.sasl.jaas.config-file (from environment variable ROSTER_KAFKA_SASL_JAAS_CONFIG_FILE); keep one of them");
    assertThat(problems.getMessage()).doesNotContain("SECRET", "PW-FROM-FILE", TOKEN);
  }

  @Test
  void aFileThatCannotBeUsedIsAProblemNamingTheKeyAndThePathButNeverTheContent()
      throws IOException {
    Path missing = directory.resolve("missing");
    Path empty = secret("empty", "\n");
    Path huge = secret("huge", "SECRET-" + "x".repeat(SecretFiles.MAX_BYTES));
    Path binary =
        Files.write(
            directory.resolve("binary"), new byte[] {'S', 'E', 'C', (byte) 0xC3, (byte) 0x28});

    assertThat(problem("truto.api-token-file", missing))
        .startsWith("truto.api-token-file: names no file that exists (the value is not shown")
        .doesNotContain(missing.toString());
    assertThat(problem("truto.api-token-file", empty)).endsWith(": the file is empty");
    assertThat(problem("truto.api-token-file", directory))
        .endsWith(": the path is a directory, not a file");
    assertThat(problem("schema.registry.basic.auth.user.info-file", huge))
        .endsWith("larger than 64 KiB: a secret file holds one value");
    assertThat(problem("kafka.sasl.jaas.config-file", binary))
        .endsWith(": the file is not UTF-8 text");
  }

  @Test
  void aFileVariableHoldingTheSecretItselfIsReportedWithoutEchoingIt() {
    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.load(
                    Optional.empty(), Map.of("ROSTER_TRUTO_API_TOKEN_FILE", "tok-SECRET-9f2")));

    assertThat(problems.problems())
        .containsExactly(
            "truto.api-token-file (from environment variable ROSTER_TRUTO_API_TOKEN_FILE): names no"
                + " file that exists (the value is not shown: it may be the secret itself rather"
                + " than the path of its file; it has 14 characters and is not an absolute path)");
    assertThat(problems.getMessage()).doesNotContain("SECRET");
  }

  @Test
  void aSecretWithAControlCharacterIsRefusedNamingTheKeyButNeverTheValue() throws IOException {
    Path brokenToken = secret("token", "tok-SECRET\nline-two\n");
    Path bomUserInfo = secret("registry", "\ufeffkey:REG-SECRET");

    assertThat(problem("truto.api-token-file", brokenToken))
        .isEqualTo(
            "truto.api-token = '[hidden]' (from file "
                + brokenToken
                + " named by truto.api-token-file): holds a line break (U+000A) at character 11 of"
                + " 19; a token is one line of visible ASCII characters (check the file or"
                + " variable it came from)");
    assertThat(problem("schema.registry.basic.auth.user.info-file", bomUserInfo))
        .contains(
            "schema.registry.basic.auth.user.info = '[hidden]' (from file "
                + bomUserInfo
                + " named by schema.registry.basic.auth.user.info-file): holds a byte-order mark"
                + " (U+FEFF) at character 1 of");
    ConfigProblems fromVariables =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.load(
                    Optional.empty(),
                    Map.of(
                        "ROSTER_OPS_AUTH_TOKEN", "opsSECRET ",
                        "ROSTER_KAFKA_SSL_KEYSTORE_PASSWORD", "KS\u0000SECRET")));
    assertThat(fromVariables.problems())
        .containsExactlyInAnyOrder(
            "ops.auth-token = '[hidden]' (from environment variable ROSTER_OPS_AUTH_TOKEN): holds a"
                + " space at character 10 of 10; a token is one line of visible ASCII characters"
                + " (check the file or variable it came from)",
            "kafka.ssl.keystore.password = '[hidden]' (from environment variable"
                + " ROSTER_KAFKA_SSL_KEYSTORE_PASSWORD): holds a control character (U+0000) at"
                + " character 3 of 9; a secret holds no control or invisible characters (check the"
                + " file or variable it came from)");
    assertThat(fromVariables.getMessage()).doesNotContain("SECRET");
  }

  @Test
  void aKafkaSecretMaySpanLines() throws IOException {
    String jaas = JAAS.replace(" username", "\n\tusername");

    RosterConfig config =
        RosterConfig.fromMap(
            Map.of("kafka.sasl.jaas.config-file", secret("jaas", jaas + "\n").toString()));

    assertThat(config.kafkaClientProps()).containsEntry("sasl.jaas.config", jaas);
  }

  @Test
  void anUnreadableFileSaysSo() throws IOException {
    Path locked = secret("locked", "SECRET-LOCKED");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    // root reads every file; the rule cannot be seen there
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root");

    assertThat(problem("truto.api-token-file", locked))
        .isEqualTo(
            "truto.api-token-file = '" + locked + "': the file cannot be read: permission denied");
  }

  @Test
  void onlySecretsOfTheKafkaClientsAreReadFromFiles() throws IOException {
    assertThat(problem("kafka.linger.ms-file", secret("linger", "5")))
        .isEqualTo(
            "kafka.linger.ms-file: only secrets can be read from a file; set kafka.linger.ms itself");
  }

  @Test
  void problemsInTheSecretItselfNameTheFileItCameFrom() throws IOException {
    Path file = secret("registry", "no-colon-SECRET");

    assertThat(problem("schema.registry.basic.auth.user.info-file", file))
        .isEqualTo(
            "schema.registry.basic.auth.user.info = '[hidden]' (from file "
                + file
                + " named by"
                + " schema.registry.basic.auth.user.info-file): must have the form user:secret");
  }

  @Test
  void anEmptyFileKeyCountsAsUnset() {
    RosterConfig config =
        RosterConfig.load(Optional.empty(), Map.of("ROSTER_TRUTO_API_TOKEN_FILE", ""));

    assertThat(config.trutoApiToken()).isEmpty();
    assertThat(RosterConfig.fromMap(Map.of("truto.api-token-file", " ")).trutoApiToken()).isEmpty();
  }

  private String problem(String key, Path file) {
    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class, () -> RosterConfig.fromMap(Map.of(key, file.toString())));
    assertThat(problems).as("%s = %s", key, file).isNotNull();
    assertThat(problems.problems()).hasSize(1);
    assertThat(problems.getMessage()).doesNotContain("SECRET");
    return problems.problems().get(0);
  }

  private Path secret(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
  }

  private Path properties(String... lines) throws IOException {
    return Files.write(directory.resolve("roster.properties"), List.of(lines));
  }
}
