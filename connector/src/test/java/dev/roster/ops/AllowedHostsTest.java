package dev.roster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedHostsTest {

  private final AllowedHosts everywhere = new AllowedHosts("0.0.0.0");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LocalHost:8080",
        "localhost.",
        "127.0.0.1",
        "127.0.0.1:8080",
        "[::1]:8080",
        "10.244.1.17:8080",
        "192.168.0.10",
        "[fd00::17]",
        "[::ffff:10.0.0.1]:80",
        " 127.0.0.1 "
      })
  void namesNoDnsAnswerCanMoveAreAdmitted(String host) {
    assertThat(everywhere.admits(Optional.of(host))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "attacker.example",
        "attacker.example:8080",
        "localhost.attacker.example",
        "127.0.0.1.attacker.example",
        "127.0.0.1.nip.io",
        "0x7f.1",
        "127.1",
        "2130706433",
        "roster:8080",
        "[::1",
        "::1",
        "localhost:80:80",
        "[cafe]",
        "local\u0000host"
      })
  void otherNamesAndMalformedHostsAreRefused(String host) {
    assertThat(everywhere.admits(Optional.of(host))).isFalse();
  }

  @Test
  void theConfiguredHostIsAdmittedInAnyCaseWithOrWithoutItsDot() {
    AllowedHosts hosts = new AllowedHosts("roster.internal");

    assertThat(hosts.admits(Optional.of("Roster.Internal.:8080"))).isTrue();
    assertThat(hosts.admits(Optional.of("roster.internal"))).isTrue();
    assertThat(hosts.admits(Optional.of("other.internal"))).isFalse();
    assertThat(hosts.admits(Optional.of("roster.internal.attacker.example"))).isFalse();
  }

  @Test
  void aRequestWithoutAHostCannotComeFromABrowser() {
    assertThat(everywhere.admits(Optional.empty())).isTrue();
    assertThat(everywhere.admits(Optional.of(""))).isTrue();
  }
}
