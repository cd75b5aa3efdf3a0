package dev.roster.detect;

import static dev.roster.detect.TestUsers.reversed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.License;
import dev.roster.avro.User;
import dev.roster.avro.Workspace;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintsTest {

  private static final DiffRules DEFAULTS = DiffRules.defaults();
  private static final DiffRules NOTHING_QUIET = new DiffRules(Set.of(), false);

  @Test
  void theSameUserHasTheSameFingerprints() {
    assertThat(Fingerprints.of(TestUsers.okta().build(), DEFAULTS))
        .isEqualTo(Fingerprints.of(TestUsers.okta().build(), DEFAULTS));
  }

  @Test
  void reorderingTheUnorderedArraysChangesNothing() {
    User user = TestUsers.okta().build();
    User reordered =
        TestUsers.okta()
            .setEmails(reversed(user.getEmails()))
            .setPhones(reversed(user.getPhones()))
            .setRoles(reversed(user.getRoles()))
            .setOrganizations(reversed(user.getOrganizations()))
            .setLicenses(reversed(user.getLicenses()))
            .setGroups(reversed(user.getGroups()))
            .setWorkspaces(reversed(user.getWorkspaces()))
            .build();
    assertThat(Fingerprints.of(reordered, NOTHING_QUIET))
        .isEqualTo(Fingerprints.of(user, NOTHING_QUIET));
  }

  @Test
  void reorderingLanguagesIsAChange() {
    User user = TestUsers.okta().build();
    User reordered = TestUsers.okta().setLanguages(reversed(user.getLanguages())).build();
    assertThat(Fingerprints.of(reordered, DEFAULTS).content())
        .isNotEqualTo(Fingerprints.of(user, DEFAULTS).content());
  }

  @Test
  void everyComparedFieldHasAChangeInTheTestData() {
    assertThat(UserFieldChanges.BY_FIELD.keySet())
        .containsExactlyElementsOf(DiffRules.quietableFields());
  }

  @Test
  void aChangeInAnyComparedFieldChangesTheContentAndNothingElse() {
    Fingerprints original = Fingerprints.of(TestUsers.okta().build(), NOTHING_QUIET);
    UserFieldChanges.BY_FIELD.forEach(
        (field, change) -> {
          Fingerprints changed =
              Fingerprints.of(change.apply(TestUsers.okta()).build(), NOTHING_QUIET);
          assertThat(changed.content()).as(field).isNotEqualTo(original.content());
          assertThat(changed.quiet()).as(field).isEqualTo(original.quiet());
          assertThat(changed.remoteData()).as(field).isEqualTo(original.remoteData());
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"last_login_at", "last_active_at", "updated_at"})
  void aDefaultQuietFieldChangesOnlyTheQuietFingerprint(String field) {
    assertOnlyQuietDiffers(UserFieldChanges.BY_FIELD.get(field), DEFAULTS);
  }

  @Test
  void anyConfiguredQuietFieldChangesOnlyTheQuietFingerprint() {
    assertOnlyQuietDiffers(
        UserFieldChanges.BY_FIELD.get("title"), new DiffRules(Set.of("title"), true));
    assertOnlyQuietDiffers(
        UserFieldChanges.BY_FIELD.get("licenses"), new DiffRules(Set.of("licenses"), false));
  }

  @Test
  void licenseActivityIsQuietByDefault() {
    assertOnlyQuietDiffers(FingerprintsTest::laterLicenseActivity, DEFAULTS);
  }

  @Test
  void licenseActivityMovingBetweenLicensesIsQuietToo() {
    UnaryOperator<User.Builder> swapActivity =
        b -> {
          List<License> licenses = b.getLicenses();
          return b.setLicenses(
              List.of(
                  withActivity(licenses.get(0), licenses.get(1).getLastActiveAt()),
                  withActivity(licenses.get(1), licenses.get(0).getLastActiveAt())));
        };
    assertOnlyQuietDiffers(swapActivity, DEFAULTS);
  }

  @Test
  void licenseActivityIsContentWhenNotQuiet() {
    DiffRules activityCounts = new DiffRules(DiffRules.DEFAULT_QUIET_FIELDS, false);
    Fingerprints original = Fingerprints.of(TestUsers.okta().build(), activityCounts);
    Fingerprints changed =
        Fingerprints.of(laterLicenseActivity(TestUsers.okta()).build(), activityCounts);
    assertThat(changed.content()).isNotEqualTo(original.content());
  }

  @Test
  void remoteDataChangesOnlyTheRemoteDataFingerprint() {
    Fingerprints original = Fingerprints.of(TestUsers.okta().build(), DEFAULTS);
    Fingerprints changed =
        Fingerprints.of(
            TestUsers.okta().setRemoteData("{\"status\":\"ACTIVE\"}").build(), DEFAULTS);
    Fingerprints dropped = Fingerprints.of(TestUsers.okta().setRemoteData(null).build(), DEFAULTS);
    assertThat(List.of(changed, dropped))
        .allSatisfy(
            fingerprints -> {
              assertThat(fingerprints.content()).isEqualTo(original.content());
              assertThat(fingerprints.quiet()).isEqualTo(original.quiet());
              assertThat(fingerprints.remoteData()).isNotEqualTo(original.remoteData());
            });
    assertThat(changed.remoteData()).isNotEqualTo(dropped.remoteData());
  }

  @Test
  void identityAndObservationTimeAreNotContent() {
    Fingerprints original = Fingerprints.of(TestUsers.okta().build(), DEFAULTS);
    User elsewhere =
        TestUsers.okta()
            .setId("00u-other")
            .setIntegratedAccountId("ia-other")
            .setObservedAt(Instant.parse("2027-01-01T00:00:00Z"))
            .build();
    assertThat(Fingerprints.of(elsewhere, DEFAULTS)).isEqualTo(original);
  }

  @Test
  void anEmptyArrayDiffersFromAnArrayOfOneEmptyElement() {
    User noWorkspaces = TestUsers.slackGuest().setWorkspaces(List.of()).build();
    User blankWorkspace =
        TestUsers.slackGuest().setWorkspaces(List.of(new Workspace(null, null))).build();
    assertThat(Fingerprints.of(noWorkspaces, DEFAULTS).content())
        .isNotEqualTo(Fingerprints.of(blankWorkspace, DEFAULTS).content());
  }

  private static void assertOnlyQuietDiffers(UnaryOperator<User.Builder> change, DiffRules rules) {
    Fingerprints original = Fingerprints.of(TestUsers.okta().build(), rules);
    Fingerprints changed = Fingerprints.of(change.apply(TestUsers.okta()).build(), rules);
    assertThat(changed.content()).isEqualTo(original.content());
    assertThat(changed.quiet()).isNotEqualTo(original.quiet());
    assertThat(changed.remoteData()).isEqualTo(original.remoteData());
  }

  static User.Builder laterLicenseActivity(User.Builder builder) {
    License first = builder.getLicenses().get(0);
    License bumped = withActivity(first, first.getLastActiveAt().plusSeconds(600));
    return builder.setLicenses(List.of(bumped, builder.getLicenses().get(1)));
  }

  private static License withActivity(License license, Instant lastActiveAt) {
    return new License(license.getId(), license.getName(), license.getOrganization(), lastActiveAt);
  }
}
