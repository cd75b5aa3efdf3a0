package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Same seed, same world; and the world looks like the vendors it claims to be. */
class DeterminismTest {

  private static List<ObjectNode> users(long seed, SimAccountSpec spec) {
    try (TrutoSimulator sim = TrutoSimulator.start(SimulatorConfig.builder().seed(seed).build())) {
      return sim.addAccount(spec).snapshot();
    }
  }

  @Test
  void theSameSeedGivesTheSameUsersAndAnotherSeedOthers() {
    SimAccountSpec spec = SimAccountSpec.of("acct", SimIntegrations.OKTA, "acme").users(200);

    assertThat(users(7, spec)).isEqualTo(users(7, spec));
    assertThat(users(7, spec)).isNotEqualTo(users(8, spec));
  }

  @Test
  void generatedAndMaterialisedAccountsHoldTheSameUsers() {
    SimAccountSpec spec =
        SimAccountSpec.of("acct", SimIntegrations.SALESFORCE, "initech").users(150);

    assertThat(users(3, spec.generated())).isEqualTo(users(3, spec.materialised()));
  }

  @Test
  void usersCarryVendorFlavouredStatusesAndTimestamps() {
    SimUserFactory factory = new SimUserFactory(42);
    for (String slug : SimIntegrations.known()) {
      SimIntegration integration = SimIntegrations.of(slug);
      List<ObjectNode> users =
          java.util.stream.LongStream.range(0, 400)
              .mapToObj(i -> factory.user(integration, "acct-" + slug, "acme", i))
              .toList();
      Set<String> statuses =
          users.stream().map(u -> u.get("status").asText()).collect(Collectors.toSet());
      Set<String> vocabulary = new java.util.HashSet<>(integration.deactivatedStatuses());
      vocabulary.addAll(integration.otherStatuses());
      vocabulary.add(integration.activeStatus());

      assertThat(vocabulary).as(slug).containsAll(statuses);
      assertThat(statuses).as(slug).contains(integration.activeStatus()).hasSizeGreaterThan(2);
      assertThat(users)
          .as(slug)
          .allSatisfy(
              u -> {
                assertThat(u.get("id").asText()).isNotEmpty();
                assertThat(u.at("/emails/0/email").asText()).endsWith("@acme.example.com");
                assertThat(u.get("remote_data").isObject()).isTrue();
                assertThat(u.get("roles").size()).isPositive();
              });
    }
  }

  @Test
  void timestampsFollowEachVendorsFormat() {
    SimUserFactory factory = new SimUserFactory(1);
    Function<String, JsonNode> createdAt =
        slug -> factory.user(SimIntegrations.of(slug), "acct", "acme", 5).get("created_at");

    assertThat(createdAt.apply(SimIntegrations.OKTA).asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(createdAt.apply(SimIntegrations.AZURE_AD).asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(createdAt.apply(SimIntegrations.JIRA).asText())
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(createdAt.apply(SimIntegrations.SALESFORCE).asText()).endsWith("+0000");
    assertThat(createdAt.apply(SimIntegrations.SLACK).isNumber()).isTrue();
  }

  @Test
  void emailsAreUniqueWithinAnAccount() {
    SimUserFactory factory = new SimUserFactory(9);
    SimIntegration okta = SimIntegrations.of(SimIntegrations.OKTA);

    Set<String> emails =
        java.util.stream.LongStream.range(0, 6000)
            .mapToObj(i -> factory.user(okta, "acct", "acme", i).at("/emails/0/email").asText())
            .collect(Collectors.toSet());

    assertThat(emails).hasSize(6000);
  }

  @Property(tries = 300)
  void userIdsEncodeTheirIndex(
      @ForAll("integrations") String slug,
      @ForAll @LongRange(min = 0, max = 5_000_000_000L) long index) {
    SimIntegration integration = SimIntegrations.of(slug);
    String id = integration.userId(index);

    assertThat(integration.indexOf(id)).isEqualTo(index);
    assertThat(integration.indexOf(id + "0")).isNotEqualTo(index);
    assertThat(integration.indexOf("x" + id)).isEqualTo(-1);
  }

  @Provide
  Arbitrary<String> integrations() {
    return Arbitraries.of(List.copyOf(SimIntegrations.known()))
        .injectDuplicates(0)
        .edgeCases(c -> c.add("unknown-vendor"));
  }
}
