package dev.roster.sim;

import java.util.List;

/** The accounts of {@link TrutoSimulator#startDemo(int, long)}: a small, varied world. */
final class SimDemo {

  private SimDemo() {}

  static List<SimAccountSpec> accounts() {
    return List.of(
        SimAccountSpec.of("acme-okta", SimIntegrations.OKTA, "acme").users(250),
        SimAccountSpec.of("acme-google", SimIntegrations.GOOGLE_WORKSPACE, "acme")
            .users(300)
            .endOfList(SimAccountSpec.EndOfList.EMPTY_STRING),
        SimAccountSpec.of("globex-azure", SimIntegrations.AZURE_AD, "globex").users(220),
        SimAccountSpec.of("globex-slack", SimIntegrations.SLACK, "globex")
            .users(180)
            .endOfList(SimAccountSpec.EndOfList.EMPTY_STRING),
        // Globex's second app: the leaver story (SimDemoStory) needs a person in two apps.
        SimAccountSpec.of("globex-zoom", SimIntegrations.ZOOM, "globex").users(150),
        SimAccountSpec.of(TrutoSimulator.DEMO_GITHUB_ACCOUNT, SimIntegrations.GITHUB, "initech")
            .users(90),
        SimAccountSpec.of("initech-salesforce", SimIntegrations.SALESFORCE, "initech").users(120),
        SimAccountSpec.of("umbrella-zoom", SimIntegrations.ZOOM, "umbrella").users(75),
        SimAccountSpec.of("umbrella-jira", SimIntegrations.JIRA, "umbrella")
            .users(110)
            .endOfList(SimAccountSpec.EndOfList.EMPTY_STRING),
        SimAccountSpec.of("hooli-hubspot", SimIntegrations.HUBSPOT, "hooli")
            .users(40)
            .state(SimAccountState.NEEDS_REAUTH));
  }
}
