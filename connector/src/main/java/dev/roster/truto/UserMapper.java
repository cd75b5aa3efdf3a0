package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.avro.Email;
import dev.roster.avro.Group;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.License;
import dev.roster.avro.Organization;
import dev.roster.avro.Phone;
import dev.roster.avro.Role;
import dev.roster.avro.User;
import dev.roster.avro.Workspace;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Maps one unified User object from Truto to the Avro {@link User}. Pure and thread-safe.
 *
 * <p>Vendor data is taken as it comes: unknown fields are ignored, values of the wrong type are
 * repaired or dropped (see {@link LenientReader}) and every repair is returned as a {@link
 * MappingIssue}. Only a user that cannot be keyed, because it has no usable id, is rejected.
 * Nothing here throws on any JSON input.
 */
public final class UserMapper {

  private final MappingSettings settings;

  public UserMapper(MappingSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * @param json one element of a list page's {@code result}, or the body of a get
   * @param account the integrated account the user came from
   * @param observedAt when Roster received the user (kept at millisecond precision)
   */
  public MappedUser map(JsonNode json, IntegratedAccount account, Instant observedAt) {
    if (json == null || !json.isObject()) {
      return new MappedUser.Rejected(RejectionReason.NOT_AN_OBJECT);
    }
    JsonNode idNode = json.get("id");
    if (LenientReader.isAbsent(idNode)) {
      return new MappedUser.Rejected(RejectionReason.MISSING_ID);
    }
    if (!idNode.isTextual() && !idNode.isNumber()) {
      return new MappedUser.Rejected(RejectionReason.ID_NOT_STRING_OR_NUMBER);
    }
    String id = idNode.asText();
    if (id.isBlank()) {
      return new MappedUser.Rejected(RejectionReason.BLANK_ID);
    }
    if (id.length() > settings.maxStringChars()) {
      return new MappedUser.Rejected(RejectionReason.ID_TOO_LONG);
    }
    LenientReader read =
        new LenientReader(
            settings.maxStringChars(), settings.maxListElements(), settings.maxUserChars());
    User user =
        mapFields(json, read)
            .setId(id)
            .setIntegratedAccountId(account.getId())
            .setIntegration(account.getIntegration())
            .setTenantId(account.getTenantId())
            .setRemoteData(remoteData(json.get("remote_data"), read))
            .setObservedAt(observedAt.truncatedTo(ChronoUnit.MILLIS))
            .build();
    return new MappedUser.Mapped(user, read.issues());
  }

  private static User.Builder mapFields(JsonNode json, LenientReader read) {
    String status = read.text(json.get("status"), "status");
    return User.newBuilder()
        .setExternalId(read.text(json.get("external_id"), "external_id"))
        .setFirstName(read.text(json.get("first_name"), "first_name"))
        .setLastName(read.text(json.get("last_name"), "last_name"))
        .setName(read.text(json.get("name"), "name"))
        .setUsername(read.text(json.get("username"), "username"))
        .setTitle(read.text(json.get("title"), "title"))
        .setUserType(read.text(json.get("user_type"), "user_type"))
        .setEmails(
            read.list(
                json.get("emails"),
                "emails",
                read.objects(
                    (email, path) ->
                        Email.newBuilder()
                            .setEmail(read.text(email.get("email"), path + ".email"))
                            .setType(read.text(email.get("type"), path + ".type"))
                            .setIsPrimary(read.bool(email.get("is_primary"), path + ".is_primary"))
                            .build())))
        .setPhones(
            read.list(
                json.get("phones"),
                "phones",
                read.objects(
                    (phone, path) ->
                        Phone.newBuilder()
                            .setNumber(read.text(phone.get("number"), path + ".number"))
                            .setExtension(read.text(phone.get("extension"), path + ".extension"))
                            .setType(read.text(phone.get("type"), path + ".type"))
                            .build())))
        .setStatus(status)
        .setStatusCategory(StatusCategories.categorize(status))
        .setIsEmailVerified(read.bool(json.get("is_email_verified"), "is_email_verified"))
        .setIs2faEnabled(read.bool(json.get("is_2fa_enabled"), "is_2fa_enabled"))
        .setRoles(
            read.list(
                json.get("roles"),
                "roles",
                read.objects(
                    (role, path) ->
                        Role.newBuilder()
                            .setId(read.text(role.get("id"), path + ".id"))
                            .setName(read.text(role.get("name"), path + ".name"))
                            .setGroup(read.reference(role.get("group"), path + ".group"))
                            .setOrganization(
                                read.reference(role.get("organization"), path + ".organization"))
                            .setWorkspace(
                                read.reference(role.get("workspace"), path + ".workspace"))
                            .build())))
        .setOrganizations(
            read.list(
                json.get("organizations"),
                "organizations",
                read.objects(
                    (org, path) ->
                        Organization.newBuilder()
                            .setId(read.text(org.get("id"), path + ".id"))
                            .setName(read.text(org.get("name"), path + ".name"))
                            .build())))
        .setLicenses(
            read.list(
                json.get("licenses"),
                "licenses",
                read.objects(
                    (license, path) ->
                        License.newBuilder()
                            .setId(read.text(license.get("id"), path + ".id"))
                            .setName(read.text(license.get("name"), path + ".name"))
                            .setOrganization(
                                read.reference(license.get("organization"), path + ".organization"))
                            .setLastActiveAt(
                                read.timestamp(
                                    license.get("last_active_at"), path + ".last_active_at"))
                            .build())))
        .setGroups(
            read.list(
                json.get("groups"),
                "groups",
                read.objects(
                    (group, path) ->
                        Group.newBuilder()
                            .setId(read.text(group.get("id"), path + ".id"))
                            .setName(read.text(group.get("name"), path + ".name"))
                            .setOrganization(
                                read.reference(group.get("organization"), path + ".organization"))
                            .build())))
        .setWorkspaces(
            read.list(
                json.get("workspaces"),
                "workspaces",
                read.objects(
                    (workspace, path) ->
                        Workspace.newBuilder()
                            .setId(read.text(workspace.get("id"), path + ".id"))
                            .setName(read.text(workspace.get("name"), path + ".name"))
                            .build())))
        .setAvatar(read.text(json.get("avatar"), "avatar"))
        .setTimezone(read.text(json.get("timezone"), "timezone"))
        .setLanguages(read.list(json.get("languages"), "languages", read.strings()))
        .setBio(read.text(json.get("bio"), "bio"))
        .setCreatedAt(read.timestamp(json.get("created_at"), "created_at"))
        .setUpdatedAt(read.timestamp(json.get("updated_at"), "updated_at"))
        .setLastActiveAt(read.timestamp(json.get("last_active_at"), "last_active_at"))
        .setLastLoginAt(read.timestamp(json.get("last_login_at"), "last_login_at"))
        .setStatusChangedAt(read.timestamp(json.get("status_changed_at"), "status_changed_at"))
        .setActivatedAt(read.timestamp(json.get("activated_at"), "activated_at"));
  }

  /**
   * remote_data as compact JSON text, whatever JSON value it is. It is never cut, since a cut text
   * is not JSON: over the cap it becomes null.
   */
  private String remoteData(JsonNode value, LenientReader read) {
    if (!settings.includeRemoteData() || LenientReader.isAbsent(value)) {
      return null;
    }
    String text = CompactJson.write(value).orElse(null);
    if (text == null) {
      read.report(
          MappingIssue.Kind.REMOTE_DATA_UNWRITABLE, "remote_data", "Jackson could not write it");
      return null;
    }
    long bytes = Strings.utf8Length(text);
    if (bytes > settings.maxRemoteDataBytes()) {
      read.report(
          MappingIssue.Kind.REMOTE_DATA_TOO_LARGE,
          "remote_data",
          bytes + " bytes over the cap of " + settings.maxRemoteDataBytes());
      return null;
    }
    return text;
  }
}
