package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roster.ops.HostNames;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where secrets may travel: never inside a URL (URLs are logged and shown), and over plain http://
 * only to loopback, unless the operator says otherwise for that destination.
 */
class SecretTransportTest {

  @ParameterizedTest
  @CsvSource({
    "truto.base-url, https://user:PASS-SECRET@api.truto.one, https://[hidden]@api.truto.one, truto.api-token or truto.api-token-file",
    "truto.base-url, https://TOKEN-SECRET@api.truto.one/, https://[hidden]@api.truto.one/, truto.api-token or truto.api-token-file",
    "kafka.bootstrap.servers, 'b1:9092,user:PASS-SECRET@b2:9092', 'b1:9092,[hidden]@b2:9092', kafka.sasl.jaas.config",
    "kafka.bootstrap.servers, SASL_SSL://user:PASS-SECRET@b2:9092, SASL_SSL://[hidden]@b2:9092, kafka.sasl.jaas.config"
  })
  void credentialsInsideAUrlAreRefusedSayingWhereTheyBelongWithoutRepeatingThem(
      String key, String value, String shown, String belongsIn) {
    ConfigProblems problems =
        catchThrowableOfType(ConfigProblems.class, () -> RosterConfig.fromMap(Map.of(key, value)));

    assertThat(problems.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem)
                    .startsWith(key + " = '" + shown + "': must not carry credentials")
                    .contains("give them as " + belongsIn)
                    .doesNotContain("SECRET"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://key:PASS-SECRET@registry.example",
        "http://a:8081,https://key:PASS-SECRET@b:8081/",
        "https://key:pa/ss-SECRET@registry.example"
      })
  void registryUrlsWithCredentialsAreRefusedWhereverTheyAreRead(String urls) {
    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () -> RosterConfig.fromMap(Map.of(RosterConfig.SCHEMA_REGISTRY_URL, urls)));
    assertThat(problems.getMessage())
        .contains("must not carry credentials", "schema.registry.basic.auth.user.info")
        .doesNotContain("SECRET");

    assertThatThrownBy(() -> RegistryClientConfig.of(urls)).hasMessageNotContaining("SECRET");
    assertThatThrownBy(
            () ->
                AvroSerdeConfig.registryClientConfig(
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, urls)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("SECRET");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "127.0.0.1",
        "127.12.0.254",
        "[::1]",
        "::1",
        "[0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1]"
      })
  void loopbackIsKnownByItsNameAlone(String host) {
    assertThat(HostNames.isLoopback(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "truto-sim",
        "localhost.example.com",
        "10.0.0.1",
        "128.0.0.1",
        "127.0.0.256",
        "127.1",
        "[::2]",
        "0.0.0.0",
        "[::]",
        "[fe80::1]"
      })
  void nothingElseIsLoopback(String host) {
    assertThat(HostNames.isLoopback(host)).isFalse();
  }

  @Test
  void theApiTokenOverPlainHttpBeyondLoopbackIsRefused() {
    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.fromMap(
                    Map.of(
                        RosterConfig.TRUTO_BASE_URL,
                        "http://truto.internal:8080",
                        RosterConfig.TRUTO_API_TOKEN,
                        "tok-SECRET")));

    assertThat(problems.problems())
        .containsExactly(
            "truto.base-url = 'http://truto.internal:8080': would send the API"
                + " token unencrypted over http:// to truto.internal, which is not loopback; use https://, or set"
                + " truto.allow-insecure=true if the path to it is protected otherwise");
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1:18080, false",
    "http://localhost:18080/, false",
    "http://[::1]:18080, false",
    "https://truto.internal, false",
    "http://truto.internal:8080, true"
  })
  void theApiTokenGoesOverPlainHttpToLoopbackOrWhereTheOperatorAllowsIt(
      String baseUrl, boolean allowInsecure) {
    RosterConfig config =
        RosterConfig.fromMap(
            Map.of(
                RosterConfig.TRUTO_BASE_URL,
                baseUrl,
                RosterConfig.TRUTO_API_TOKEN,
                "tok",
                RosterConfig.TRUTO_ALLOW_INSECURE,
                Boolean.toString(allowInsecure)));

    assertThat(config.trutoBaseUrl()).isEqualTo(URI.create(baseUrl));
  }

  @Test
  void withoutATokenPlainHttpCarriesNoSecretAndIsFine() {
    assertThat(
            RosterConfig.fromMap(Map.of(RosterConfig.TRUTO_BASE_URL, "http://truto-sim:8080"))
                .trutoApiToken())
        .isEmpty();
  }

  @Test
  void basicAuthOverPlainHttpBeyondLoopbackIsRefusedForEachSuchRegistry() {
    ConfigProblems problems =
        catchThrowableOfType(
            ConfigProblems.class,
            () ->
                RosterConfig.fromMap(
                    Map.of(
                        RosterConfig.SCHEMA_REGISTRY_URL,
                            "https://a.example,http://b.example:8081,http://127.0.0.1:8081",
                        RosterConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, "key:PASS-SECRET")));

    assertThat(problems.problems())
        .singleElement()
        .satisfies(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "schema.registry.url = 'https://a.example,http://b.example:8081,http://127.0.0.1:8081': would send the"
                            + " basic-auth credentials (schema.registry.basic.auth.user.info) unencrypted over http:// to b.example,")
                    .endsWith(
                        "set schema.registry.allow-insecure=true if the path to it is protected otherwise"));
    assertThat(problems.getMessage()).doesNotContain("SECRET");
  }

  @Test
  void basicAuthGoesOverPlainHttpToLoopbackOrWhereTheOperatorAllowsIt() {
    assertThat(
            RosterConfig.fromMap(
                    Map.of(
                        RosterConfig.SCHEMA_REGISTRY_URL,
                        "http://127.0.0.1:8081",
                        RosterConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
                        "key:secret"))
                .registryClientConfig()
                .basicAuthUserInfo())
        .contains("key:secret");
    assertThat(
            RosterConfig.fromMap(
                    Map.of(
                        RosterConfig.SCHEMA_REGISTRY_URL,
                        "http://registry:8081",
                        RosterConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
                        "key:secret",
                        RosterConfig.SCHEMA_REGISTRY_ALLOW_INSECURE,
                        "true"))
                .registryClientConfig()
                .basicAuthUserInfo())
        .contains("key:secret");
    assertThat(
            RosterConfig.fromMap(Map.of(RosterConfig.SCHEMA_REGISTRY_URL, "http://registry:8081"))
                .registryClientConfig()
                .urls())
        .containsExactly(URI.create("http://registry:8081"));
  }
}
