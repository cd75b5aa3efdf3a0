package dev.roster.detect;

import static dev.roster.detect.TestUsers.reversed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserDiffTest {

  private static final DiffRules DEFAULTS = DiffRules.defaults();

  private final User before = TestUsers.okta().build();

  @Test
  void aUserComparedWithItselfChangesNothing() {
    UserComparison comparison = UserDiff.compare(before, TestUsers.okta().build(), DEFAULTS);
    assertThat(comparison).isEqualTo(new UserComparison(List.of(), false, false, false));
    assertThat(comparison.raisesEvent()).isFalse();
    assertThat(comparison.updatesTable()).isFalse();
  }

  @Test
  void statusAndTitleChangeTogetherAreAStatusChangeListingAllThreeInSchemaOrder() {
    User after =
        TestUsers.okta()
            .setTitle("Former Security Engineer")
            .setStatus("suspended")
            .setStatusCategory(StatusCategory.INACTIVE)
            .build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison.changedFields()).containsExactly("title", "status", "status_category");
    assertThat(comparison.statusChanged()).isTrue();
    assertThat(comparison.raisesEvent()).isTrue();
    assertThat(comparison.updatesTable()).isTrue();
  }

  @Test
  void aRawStatusChangeWithinTheSameCategoryIsStillAStatusChange() {
    User after = TestUsers.okta().setStatus("PASSWORD_EXPIRED").build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison.changedFields()).containsExactly("status");
    assertThat(comparison.statusChanged()).isTrue();
  }

  @Test
  void aCategoryChangeAloneIsAStatusChange() {
    User after = TestUsers.okta().setStatusCategory(StatusCategory.UNKNOWN).build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison.changedFields()).containsExactly("status_category");
    assertThat(comparison.statusChanged()).isTrue();
  }

  @Test
  void otherChangesAreNotStatusChanges() {
    User after =
        TestUsers.okta().setTitle("Staff Security Engineer").setIs2faEnabled(false).build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison.changedFields()).containsExactly("title", "is_2fa_enabled");
    assertThat(comparison.statusChanged()).isFalse();
  }

  @Test
  void everyComparedFieldIsReportedByItsName() {
    DiffRules nothingQuiet = new DiffRules(Set.of(), false);
    UserFieldChanges.BY_FIELD.forEach(
        (field, change) -> {
          UserComparison comparison =
              UserDiff.compare(before, change.apply(TestUsers.okta()).build(), nothingQuiet);
          assertThat(comparison.changedFields()).as(field).containsExactly(field);
          assertThat(comparison.quietChanged()).as(field).isFalse();
        });
  }

  @Test
  void reorderedSetsChangeNothingButReorderedLanguagesDo() {
    User reordered =
        TestUsers.okta()
            .setEmails(reversed(before.getEmails()))
            .setPhones(reversed(before.getPhones()))
            .setRoles(reversed(before.getRoles()))
            .setOrganizations(reversed(before.getOrganizations()))
            .setLicenses(reversed(before.getLicenses()))
            .setGroups(reversed(before.getGroups()))
            .setWorkspaces(reversed(before.getWorkspaces()))
            .build();
    assertThat(UserDiff.compare(before, reordered, DEFAULTS).updatesTable()).isFalse();

    User languagesReordered =
        TestUsers.okta().setLanguages(reversed(before.getLanguages())).build();
    assertThat(UserDiff.compare(before, languagesReordered, DEFAULTS).changedFields())
        .containsExactly("languages");
  }

  @Test
  void onlyLastLoginChangedUpdatesTheTableWithoutAnEvent() {
    User after =
        TestUsers.okta().setLastLoginAt(before.getLastLoginAt().plusSeconds(86_400)).build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison).isEqualTo(new UserComparison(List.of(), false, true, false));
    assertThat(comparison.raisesEvent()).isFalse();
    assertThat(comparison.updatesTable()).isTrue();
  }

  @Test
  void onlyLicenseActivityChangedIsQuiet() {
    User after = FingerprintsTest.laterLicenseActivity(TestUsers.okta()).build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison).isEqualTo(new UserComparison(List.of(), false, true, false));
  }

  @Test
  void licenseActivityIsALicensesChangeWhenNotQuiet() {
    User after = FingerprintsTest.laterLicenseActivity(TestUsers.okta()).build();
    DiffRules activityCounts = new DiffRules(DiffRules.DEFAULT_QUIET_FIELDS, false);
    assertThat(UserDiff.compare(before, after, activityCounts).changedFields())
        .containsExactly("licenses");
  }

  @Test
  void onlyRemoteDataChangedChangesNothing() {
    User after =
        TestUsers.okta().setRemoteData("{\"status\":\"ACTIVE\",\"lastLogin\":null}").build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison).isEqualTo(new UserComparison(List.of(), false, false, true));
    assertThat(comparison.raisesEvent()).isFalse();
    assertThat(comparison.updatesTable()).isFalse();
  }

  @Test
  void quietAndContentChangesTogetherRaiseAnEventListingOnlyTheContent() {
    User after =
        TestUsers.okta()
            .setLastLoginAt(before.getLastLoginAt().plusSeconds(60))
            .setUpdatedAt(before.getUpdatedAt().plusSeconds(60))
            .setGroups(before.getGroups().subList(0, 1))
            .build();
    UserComparison comparison = UserDiff.compare(before, after, DEFAULTS);
    assertThat(comparison.changedFields()).containsExactly("groups");
    assertThat(comparison.quietChanged()).isTrue();
  }

  @Test
  void theChangedFieldsCannotBeChangedAfterwards() {
    UserComparison comparison =
        new UserComparison(new ArrayList<>(List.of("title")), false, false, false);
    assertThat(comparison.changedFields()).isUnmodifiable();
  }
}
