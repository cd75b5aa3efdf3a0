package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.avro.Email;
import dev.roster.avro.Group;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.License;
import dev.roster.avro.Organization;
import dev.roster.avro.Phone;
import dev.roster.avro.Role;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.Workspace;
import dev.roster.truto.MappingIssue.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserMapperTest {

  static final IntegratedAccount ACCOUNT =
      IntegratedAccount.newBuilder()
          .setId("ia-1")
          .setIntegration("okta")
          .setTenantId("tenant-7")
          .build();
  static final Instant OBSERVED = Instant.parse("2026-01-02T03:04:05.678901Z");

  private final UserMapper mapper = new UserMapper(MappingSettings.defaults());

  static MappedUser.Mapped mapped(UserMapper mapper, String json) {
    MappedUser result = mapper.map(Json.parse(json), ACCOUNT, OBSERVED);
    assertThat(result).isInstanceOf(MappedUser.Mapped.class);
    return (MappedUser.Mapped) result;
  }

  private MappedUser.Mapped mapped(String json) {
    return mapped(mapper, json);
  }

  private User user(String json) {
    return mapped(json).user();
  }

  private List<MappingIssue> issues(String json) {
    return mapped(json).issues();
  }

  @Test
  void mapsEveryFieldOfACompleteUser() {
    MappedUser.Mapped result =
        mapped(
            """
                {'id': 'u1', 'external_id': 'ext-1', 'first_name': 'Ada', 'last_name': 'Lovelace', 'name': 'Ada Lovelace',
                 'username': 'ada', 'title': 'Engineer', 'user_type': 'member',
                 'emails': [{'email': 'ada@example.com', 'type': 'work', 'is_primary': true}],
                 'phones': [{'number': '+44 20 1234', 'extension': '12', 'type': 'work'}],
                 'status': 'active', 'is_email_verified': true, 'is_2fa_enabled': false,
                 'roles': [{'id': 'r1', 'name': 'Admin', 'group': 'g1', 'organization': 'o1', 'workspace': 'w1'}],
                 'organizations': [{'id': 'o1', 'name': 'Acme'}],
                 'licenses': [{'id': 'l1', 'name': 'E5', 'organization': 'o1', 'last_active_at': '2021-08-10T10:00:00Z'}],
                 'groups': [{'id': 'g1', 'name': 'Engineering', 'organization': 'o1'}],
                 'workspaces': [{'id': 'w1', 'name': 'Main'}],
                 'avatar': 'https://example.com/a.png', 'timezone': 'Europe/London', 'languages': ['en', 'fr'],
                 'bio': 'Analyst', 'created_at': '2021-01-01T00:00:00Z', 'updated_at': '2021-02-01T00:00:00Z',
                 'last_active_at': '2021-03-01T00:00:00Z', 'last_login_at': '2021-04-01T00:00:00Z',
                 'status_changed_at': '2021-05-01T00:00:00Z', 'activated_at': '2021-06-01T00:00:00Z',
                 'remote_data': {'vendor': {'x': 1}}}
                """);

    User expected =
        User.newBuilder()
            .setId("u1")
            .setIntegratedAccountId("ia-1")
            .setIntegration("okta")
            .setTenantId("tenant-7")
            .setExternalId("ext-1")
            .setFirstName("Ada")
            .setLastName("Lovelace")
            .setName("Ada Lovelace")
            .setUsername("ada")
            .setTitle("Engineer")
            .setUserType("member")
            .setEmails(List.of(new Email("ada@example.com", "work", true)))
            .setPhones(List.of(new Phone("+44 20 1234", "12", "work")))
            .setStatus("active")
            .setStatusCategory(StatusCategory.ACTIVE)
            .setIsEmailVerified(true)
            .setIs2faEnabled(false)
            .setRoles(List.of(new Role("r1", "Admin", "g1", "o1", "w1")))
            .setOrganizations(List.of(new Organization("o1", "Acme")))
            .setLicenses(
                List.of(new License("l1", "E5", "o1", Instant.parse("2021-08-10T10:00:00Z"))))
            .setGroups(List.of(new Group("g1", "Engineering", "o1")))
            .setWorkspaces(List.of(new Workspace("w1", "Main")))
            .setAvatar("https://example.com/a.png")
            .setTimezone("Europe/London")
            .setLanguages(List.of("en", "fr"))
            .setBio("Analyst")
            .setCreatedAt(Instant.parse("2021-01-01T00:00:00Z"))
            .setUpdatedAt(Instant.parse("2021-02-01T00:00:00Z"))
            .setLastActiveAt(Instant.parse("2021-03-01T00:00:00Z"))
            .setLastLoginAt(Instant.parse("2021-04-01T00:00:00Z"))
            .setStatusChangedAt(Instant.parse("2021-05-01T00:00:00Z"))
            .setActivatedAt(Instant.parse("2021-06-01T00:00:00Z"))
            .setRemoteData("{\"vendor\":{\"x\":1}}")
            .setObservedAt(Instant.parse("2026-01-02T03:04:05.678Z"))
            .build();
    assertThat(result.user()).isEqualTo(expected);
    assertThat(result.issues()).isEmpty();
  }

  @Test
  void aBareIdGivesDefaultsEverywhereAndNoIssues() {
    MappedUser.Mapped result = mapped("{'id': 'u1'}");
    User user = result.user();
    assertThat(user.getStatus()).isNull();
    assertThat(user.getStatusCategory()).isEqualTo(StatusCategory.UNKNOWN);
    assertThat(user.getEmails()).isEmpty();
    assertThat(user.getLanguages()).isEmpty();
    assertThat(user.getCreatedAt()).isNull();
    assertThat(user.getRemoteData()).isNull();
    assertThat(user.getTenantId()).isEqualTo("tenant-7");
    assertThat(result.issues()).isEmpty();
  }

  @Test
  void explicitNullsAreNotIssues() {
    assertThat(
            issues(
                """
                {'id': 'u1', 'name': null, 'emails': null, 'is_2fa_enabled': null, 'created_at': null, 'remote_data': null,
                 'roles': [{'id': null, 'group': null}]}
                """))
        .isEmpty();
  }

  @Test
  void unknownFieldsAreIgnored() {
    MappedUser.Mapped result =
        mapped("{'id': 'u1', 'favourite_colour': {'deep': [1, 2]}, 'zzz': 3}");
    assertThat(result.issues()).isEmpty();
    assertThat(result.user().getId()).isEqualTo("u1");
  }

  @Test
  void aMissingTenantStaysNull() {
    MappedUser result =
        mapper.map(
            Json.parse("{'id': 'u1'}"),
            IntegratedAccount.newBuilder(ACCOUNT).setTenantId(null).build(),
            OBSERVED);
    assertThat(((MappedUser.Mapped) result).user().getTenantId()).isNull();
  }

  @Nested
  class Ids {

    @Test
    void numberIdsBecomeStrings() {
      assertThat(user("{'id': 12345}").getId()).isEqualTo("12345");
      assertThat(user("{'id': 123456789012345678901234567890}").getId())
          .isEqualTo("123456789012345678901234567890");
    }

    @Test
    void stringIdsAreKeptExactly() {
      assertThat(user("{'id': ' padded '}").getId()).isEqualTo(" padded ");
    }

    @Test
    void aUserWithoutIdIsRejectedWithASnippet() {
      MappedUser result = mapper.map(Json.parse("{'name': 'Nobody'}"), ACCOUNT, OBSERVED);
      assertThat(result).isEqualTo(new MappedUser.Rejected(RejectionReason.MISSING_ID));
    }

    @Test
    void aNullIdIsMissing() {
      assertThat(rejection("{'id': null}")).isEqualTo(RejectionReason.MISSING_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'id': ''}", "{'id': '   '}"})
    void blankIdsAreRejected(String json) {
      assertThat(rejection(json)).isEqualTo(RejectionReason.BLANK_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'id': {'value': 'u1'}}", "{'id': ['u1']}", "{'id': true}"})
    void idsThatAreNeitherStringNorNumberAreRejected(String json) {
      assertThat(rejection(json)).isEqualTo(RejectionReason.ID_NOT_STRING_OR_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'u1'", "12", "null"})
    void nonObjectsAreRejected(String json) {
      assertThat(rejection(json)).isEqualTo(RejectionReason.NOT_AN_OBJECT);
    }

    @Test
    void javaNullIsRejected() {
      assertThat(mapper.map(null, ACCOUNT, OBSERVED))
          .isEqualTo(new MappedUser.Rejected(RejectionReason.NOT_AN_OBJECT));
    }

    @Test
    void anIdOverTheStringCapIsRejectedNotCut() {
      UserMapper small = new UserMapper(new MappingSettings(5, 100, true));
      assertThat(small.map(Json.parse("{'id': '123456'}"), ACCOUNT, OBSERVED))
          .isInstanceOf(MappedUser.Rejected.class)
          .extracting(r -> ((MappedUser.Rejected) r).reason())
          .isEqualTo(RejectionReason.ID_TOO_LONG);
      assertThat(mapped(small, "{'id': '12345'}").user().getId()).isEqualTo("12345");
    }

    private RejectionReason rejection(String json) {
      MappedUser result = mapper.map(Json.parse(json), ACCOUNT, OBSERVED);
      assertThat(result).isInstanceOf(MappedUser.Rejected.class);
      return ((MappedUser.Rejected) result).reason();
    }
  }

  @Nested
  class Scalars {

    @Test
    void numbersAndBooleansBecomeStringsWithoutIssue() {
      MappedUser.Mapped result =
          mapped("{'id': 'u1', 'external_id': 42, 'title': true, 'timezone': 1.5}");
      assertThat(result.user().getExternalId()).isEqualTo("42");
      assertThat(result.user().getTitle()).isEqualTo("true");
      assertThat(result.user().getTimezone()).isEqualTo("1.5");
      assertThat(result.issues()).isEmpty();
    }

    @Test
    void objectsAndArraysWhereAStringBelongsBecomeNullAndAreCounted() {
      MappedUser.Mapped result = mapped("{'id': 'u1', 'name': {'full': 'Ada'}, 'bio': ['a']}");
      assertThat(result.user().getName()).isNull();
      assertThat(result.user().getBio()).isNull();
      assertThat(result.issues())
          .containsExactly(
              new MappingIssue(Kind.WRONG_TYPE, "name", "expected a string, got an object"),
              new MappingIssue(Kind.WRONG_TYPE, "bio", "expected a string, got an array"));
    }

    @Test
    void booleansAcceptTrueFalseAndTheirStrings() {
      assertThat(user("{'id': 'u1', 'is_email_verified': true, 'is_2fa_enabled': false}"))
          .extracting(User::getIsEmailVerified, User::getIs2faEnabled)
          .containsExactly(true, false);
      assertThat(user("{'id': 'u1', 'is_email_verified': 'true', 'is_2fa_enabled': ' FALSE '}"))
          .extracting(User::getIsEmailVerified, User::getIs2faEnabled)
          .containsExactly(true, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'yes'", "1", "0", "''", "{}", "[]"})
    void otherBooleanValuesBecomeNullAndAreCounted(String value) {
      MappedUser.Mapped result = mapped("{'id': 'u1', 'is_2fa_enabled': " + value + "}");
      assertThat(result.user().getIs2faEnabled()).isNull();
      assertThat(result.issues())
          .extracting(MappingIssue::kind, MappingIssue::field)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.WRONG_TYPE, "is_2fa_enabled"));
    }

    @Test
    void longStringsAreTruncatedAndCounted() {
      UserMapper small = new UserMapper(new MappingSettings(4, 100, true));
      MappedUser.Mapped result = mapped(small, "{'id': 'u1', 'bio': 'abcdefgh', 'name': 'abcd'}");
      assertThat(result.user().getBio()).isEqualTo("abcd");
      assertThat(result.user().getName()).isEqualTo("abcd");
      assertThat(result.issues())
          .containsExactly(new MappingIssue(Kind.STRING_TRUNCATED, "bio", "8 chars cut to 4"));
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
      UserMapper small = new UserMapper(new MappingSettings(4, 100, true));
      // "abc" then U+1F600 (two chars): cutting at 4 would leave half of it.
      assertThat(mapped(small, "{'id': 'u1', 'bio': 'abc\uD83D\uDE00'}").user().getBio())
          .isEqualTo("abc");
    }

    @Test
    void nestedStringsAreCappedToo() {
      UserMapper small = new UserMapper(new MappingSettings(3, 100, true));
      MappedUser.Mapped result =
          mapped(
              small,
              "{'id': 'u1', 'emails': [{'email': 'a@example.com'}], 'languages': ['english']}");
      assertThat(result.user().getEmails()).extracting(Email::getEmail).containsExactly("a@e");
      assertThat(result.user().getLanguages()).containsExactly("eng");
      assertThat(result.issues())
          .extracting(MappingIssue::field)
          .containsExactly("emails[0].email", "languages[0]");
    }

    @Test
    void longListsKeepTheirFirstElementsAndAreCounted() {
      UserMapper small = new UserMapper(new MappingSettings(100, 100, true, 2, 1000));
      MappedUser.Mapped result =
          mapped(
              small,
              "{'id': 'u1', 'roles': [{'id': 'r1'}, {'id': 'r2'}, {'id': 'r3'}], 'languages': ['en', 'fr']}");
      assertThat(result.user().getRoles()).extracting(Role::getId).containsExactly("r1", "r2");
      assertThat(result.user().getLanguages())
          .as("at the cap is not over it")
          .containsExactly("en", "fr");
      assertThat(result.issues())
          .containsExactly(new MappingIssue(Kind.LIST_TRUNCATED, "roles", "3 elements cut to 2"));
    }

    @Test
    void oneUsersStringsShareABudgetStatusFirst() {
      UserMapper budgeted = new UserMapper(new MappingSettings(6, 100, true, 10, 10));
      MappedUser.Mapped result =
          mapped(
              budgeted,
              "{'id': 'u1', 'status': 'active', 'name': 'abcdefgh', 'title': 'xyz', 'bio': 'more', 'languages': ['en']}");
      assertThat(result.user().getStatus()).as("read first, always kept").isEqualTo("active");
      assertThat(result.user().getName()).isEqualTo("abcd");
      assertThat(result.user().getTitle()).isEmpty();
      assertThat(result.user().getLanguages()).containsExactly("");
      assertThat(result.issues())
          .extracting(MappingIssue::field, MappingIssue::detail)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "name", "8 chars cut to 4 (the user's text budget is spent)"),
              org.assertj.core.groups.Tuple.tuple(
                  "title", "3 chars cut to 0 (the user's text budget is spent)"),
              org.assertj.core.groups.Tuple.tuple(
                  "languages[0]", "2 chars cut to 0 (the user's text budget is spent)"),
              org.assertj.core.groups.Tuple.tuple(
                  "bio", "4 chars cut to 0 (the user's text budget is spent)"));
    }

    @Test
    void onlyCutsOfAbsurdlyLargeFieldsCountAsAbsurdSizes() {
      assertThat(java.util.Arrays.stream(Kind.values()).filter(Kind::absurdSize))
          .containsExactlyInAnyOrder(Kind.STRING_TRUNCATED, Kind.LIST_TRUNCATED);
    }
  }

  @Nested
  class Status {

    @Test
    void theRawStatusIsKeptAndCategorised() {
      User user = user("{'id': 'u1', 'status': ' SUSPENDED '}");
      assertThat(user.getStatus()).isEqualTo(" SUSPENDED ");
      assertThat(user.getStatusCategory()).isEqualTo(StatusCategory.INACTIVE);
    }

    @Test
    void anUnknownOrEmptyStatusIsUnknown() {
      assertThat(user("{'id': 'u1', 'status': 'on_leave'}").getStatusCategory())
          .isEqualTo(StatusCategory.UNKNOWN);
      assertThat(user("{'id': 'u1', 'status': ''}").getStatus()).isEmpty();
      assertThat(user("{'id': 'u1', 'status': ''}").getStatusCategory())
          .isEqualTo(StatusCategory.UNKNOWN);
    }

    @Test
    void aNonStringStatusIsNullAndCounted() {
      MappedUser.Mapped result = mapped("{'id': 'u1', 'status': {'code': 'active'}}");
      assertThat(result.user().getStatus()).isNull();
      assertThat(result.user().getStatusCategory()).isEqualTo(StatusCategory.UNKNOWN);
      assertThat(result.issues()).extracting(MappingIssue::field).containsExactly("status");
    }
  }

  @Nested
  class Timestamps {

    @Test
    void everyTimestampFieldIsLenient() {
      User user =
          user(
              """
                    {'id': 'u1', 'created_at': '2024-09-01 10:00:00', 'updated_at': 1628589600,
                     'last_active_at': '1628589600123', 'last_login_at': '2021-08-10',
                     'status_changed_at': '2021-08-10T10:00:00+02:00', 'activated_at': '2021-08-10T10:00:00'}
                    """);
      assertThat(user.getCreatedAt()).isEqualTo(Instant.parse("2024-09-01T10:00:00Z"));
      assertThat(user.getUpdatedAt()).isEqualTo(Instant.parse("2021-08-10T10:00:00Z"));
      assertThat(user.getLastActiveAt()).isEqualTo(Instant.parse("2021-08-10T10:00:00.123Z"));
      assertThat(user.getLastLoginAt()).isEqualTo(Instant.parse("2021-08-10T00:00:00Z"));
      assertThat(user.getStatusChangedAt()).isEqualTo(Instant.parse("2021-08-10T08:00:00Z"));
      assertThat(user.getActivatedAt()).isEqualTo(Instant.parse("2021-08-10T10:00:00Z"));
    }

    @Test
    void unparseableTimestampsBecomeNullAndAreCounted() {
      MappedUser.Mapped result =
          mapped(
              "{'id': 'u1', 'created_at': 'last tuesday', 'updated_at': true, "
                  + "'licenses': [{'id': 'l1', 'last_active_at': 'soon'}]}");
      assertThat(result.user().getCreatedAt()).isNull();
      assertThat(result.user().getUpdatedAt()).isNull();
      assertThat(result.user().getLicenses().get(0).getLastActiveAt()).isNull();
      assertThat(result.issues())
          .containsExactly(
              new MappingIssue(
                  Kind.UNPARSEABLE_TIMESTAMP,
                  "licenses[0].last_active_at",
                  "unparseable: \"soon\""),
              new MappingIssue(
                  Kind.UNPARSEABLE_TIMESTAMP, "created_at", "unparseable: \"last tuesday\""),
              new MappingIssue(Kind.UNPARSEABLE_TIMESTAMP, "updated_at", "unparseable: true"));
    }

    @Test
    void observedAtIsKeptToTheMillisecond() {
      assertThat(user("{'id': 'u1'}").getObservedAt())
          .isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
    }
  }

  @Nested
  class Arrays {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "emails",
          "phones",
          "roles",
          "organizations",
          "licenses",
          "groups",
          "workspaces",
          "languages"
        })
    void aNonArrayIsEmptyAndCounted(String field) {
      MappedUser.Mapped result =
          mapped("{'id': 'u1', '" + field + "': {'email': 'a@example.com'}}");
      assertThat(result.user().get(field)).asList().isEmpty();
      assertThat(result.issues())
          .containsExactly(
              new MappingIssue(Kind.WRONG_TYPE, field, "expected an array, got an object"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "emails",
          "phones",
          "roles",
          "organizations",
          "licenses",
          "groups",
          "workspaces"
        })
    void nonObjectElementsAreSkippedAndCounted(String field) {
      MappedUser.Mapped result =
          mapped("{'id': 'u1', '" + field + "': ['a@example.com', null, {}, [1], 7]}");
      assertThat(result.user().get(field)).asList().hasSize(1);
      assertThat(result.issues())
          .extracting(MappingIssue::kind, MappingIssue::field)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Kind.ELEMENT_SKIPPED, field + "[0]"),
              org.assertj.core.groups.Tuple.tuple(Kind.ELEMENT_SKIPPED, field + "[1]"),
              org.assertj.core.groups.Tuple.tuple(Kind.ELEMENT_SKIPPED, field + "[3]"),
              org.assertj.core.groups.Tuple.tuple(Kind.ELEMENT_SKIPPED, field + "[4]"));
    }

    @Test
    void languagesKeepScalarsAsStringsAndSkipTheRest() {
      MappedUser.Mapped result =
          mapped("{'id': 'u1', 'languages': ['en', 7, true, null, {'code': 'fr'}, ['de']]}");
      assertThat(result.user().getLanguages()).containsExactly("en", "7", "true");
      assertThat(result.issues())
          .containsExactly(
              new MappingIssue(Kind.ELEMENT_SKIPPED, "languages[3]", "unexpected null"),
              new MappingIssue(Kind.ELEMENT_SKIPPED, "languages[4]", "unexpected an object"),
              new MappingIssue(Kind.ELEMENT_SKIPPED, "languages[5]", "unexpected an array"));
    }

    @Test
    void wrongFieldsInsideAnElementAreRepairedNotSkipped() {
      MappedUser.Mapped result =
          mapped("{'id': 'u1', 'emails': [{'email': ['x'], 'is_primary': 'yes', 'type': 3}]}");
      assertThat(result.user().getEmails()).containsExactly(new Email(null, "3", null));
      assertThat(result.issues())
          .extracting(MappingIssue::field)
          .containsExactly("emails[0].email", "emails[0].is_primary");
    }
  }

  @Nested
  class References {

    @Test
    void roleReferencesMayBeIdsOrObjectsWithIds() {
      Role role =
          user("""
                    {'id': 'u1', 'roles': [{'id': 'r1', 'group': {'id': 'g1', 'name': 'G'}, 'organization': 77,
                                            'workspace': {'id': 9}}]}
                    """)
              .getRoles()
              .get(0);
      assertThat(role).isEqualTo(new Role("r1", null, "g1", "77", "9"));
    }

    @Test
    void groupAndLicenseOrganizationsReadTheSameWay() {
      User user =
          user(
              "{'id': 'u1', 'groups': [{'id': 'g1', 'organization': {'id': 'o1'}}], "
                  + "'licenses': [{'id': 'l1', 'organization': {'id': 'o2'}}]}");
      assertThat(user.getGroups().get(0).getOrganization()).isEqualTo("o1");
      assertThat(user.getLicenses().get(0).getOrganization()).isEqualTo("o2");
    }

    @Test
    void referencesWithoutUsableIdsAreNullAndCounted() {
      MappedUser.Mapped result =
          mapped(
              "{'id': 'u1', 'roles': [{'id': 'r1', 'group': {'name': 'G'}, "
                  + "'organization': ['o1'], 'workspace': {'id': {'deep': 1}}}]}");
      assertThat(result.user().getRoles()).containsExactly(new Role("r1", null, null, null, null));
      assertThat(result.issues())
          .containsExactly(
              new MappingIssue(Kind.WRONG_TYPE, "roles[0].group", "an object without an id"),
              new MappingIssue(
                  Kind.WRONG_TYPE, "roles[0].organization", "expected a string, got an array"),
              new MappingIssue(
                  Kind.WRONG_TYPE, "roles[0].workspace.id", "expected a string, got an object"));
    }
  }

  @Nested
  class RemoteData {

    @Test
    void anyJsonValueIsKeptAsCompactText() {
      assertThat(user("{'id': 'u1', 'remote_data': { 'a' : [ 1 , 2 ] }}").getRemoteData())
          .isEqualTo("{\"a\":[1,2]}");
      assertThat(user("{'id': 'u1', 'remote_data': 'plain'}").getRemoteData())
          .isEqualTo("\"plain\"");
    }

    @Test
    void itCanBeDroppedAltogether() {
      UserMapper dropping = new UserMapper(new MappingSettings(100, 100, false));
      MappedUser.Mapped result = mapped(dropping, "{'id': 'u1', 'remote_data': {'a': 1}}");
      assertThat(result.user().getRemoteData()).isNull();
      assertThat(result.issues()).isEmpty();
    }

    @Test
    void overTheByteCapItIsNullAndCounted() {
      // {"a":"é"} is 10 UTF-8 bytes but 9 chars: the cap counts bytes.
      UserMapper capped = new UserMapper(new MappingSettings(100, 9, true));
      MappedUser.Mapped result = mapped(capped, "{'id': 'u1', 'remote_data': {'a': 'é'}}");
      assertThat(result.user().getRemoteData()).isNull();
      assertThat(result.issues())
          .containsExactly(
              new MappingIssue(
                  Kind.REMOTE_DATA_TOO_LARGE, "remote_data", "10 bytes over the cap of 9"));
      UserMapper exact = new UserMapper(new MappingSettings(100, 10, true));
      assertThat(mapped(exact, "{'id': 'u1', 'remote_data': {'a': 'é'}}").user().getRemoteData())
          .isEqualTo("{\"a\":\"é\"}");
    }

    @Test
    void itIsNotSubjectToTheStringCap() {
      UserMapper smallStrings = new UserMapper(new MappingSettings(3, 1000, true));
      assertThat(
              mapped(smallStrings, "{'id': 'u1', 'remote_data': {'long': 'abcdefgh'}}")
                  .user()
                  .getRemoteData())
          .isEqualTo("{\"long\":\"abcdefgh\"}");
    }

    @Test
    void treesJacksonCannotWriteAreNullAndCounted() {
      ObjectNode user = JsonNodeFactory.instance.objectNode().put("id", "u1");
      JsonNode deep = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < 5000; i++) {
        deep = JsonNodeFactory.instance.arrayNode().add(deep);
      }
      user.set("remote_data", deep);
      MappedUser.Mapped result = (MappedUser.Mapped) mapper.map(user, ACCOUNT, OBSERVED);
      assertThat(result.user().getRemoteData()).isNull();
      assertThat(result.issues())
          .extracting(MappingIssue::kind)
          .containsExactly(Kind.REMOTE_DATA_UNWRITABLE);
    }
  }

  @Test
  void settingsRejectNonsense() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new MappingSettings(0, 10, true));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new MappingSettings(10, -1, true));
  }
}
