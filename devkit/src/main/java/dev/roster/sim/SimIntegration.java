package dev.roster.sim;

import java.util.List;
import java.util.Objects;

/**
 * What the simulator knows about one integration: how its ids, statuses and timestamps look, the
 * vendor's page size, and which query parameters Truto requires for it. Whether its list answers
 * are partial is configuration ({@link SimulatorConfig#partialResponseIntegrations()}), not a
 * property of the integration, because Truto changes that list over time.
 *
 * @param slug Truto's lower-case integration name, e.g. {@code okta}
 * @param idPrefix text before the user's zero-padded index in a user id (ids encode the index so
 *     that generated accounts can answer a get without storing users)
 * @param idDigits how many digits the index is padded to
 * @param vendorPageSize the most users the vendor returns per page, whatever {@code limit} says
 * @param requiredQueryParams parameters every call for the account, list and get, fails without
 *     (GitHub: organization_id)
 * @param activeStatus the status an ordinary working user has
 * @param deactivatedStatuses statuses a leaver flips to
 * @param otherStatuses invited, staged or unmapped words a few users carry
 * @param roles role names the vendor hands out; the first is the ordinary member role
 * @param licenses license names; empty when the vendor has none
 * @param timeFormat how the vendor writes timestamps
 */
public record SimIntegration(
    String slug,
    String idPrefix,
    int idDigits,
    int vendorPageSize,
    List<String> requiredQueryParams,
    String activeStatus,
    List<String> deactivatedStatuses,
    List<String> otherStatuses,
    List<String> roles,
    List<String> licenses,
    SimTimeFormat timeFormat) {

  public SimIntegration {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(idPrefix, "idPrefix");
    Objects.requireNonNull(activeStatus, "activeStatus");
    Objects.requireNonNull(timeFormat, "timeFormat");
    if (vendorPageSize < 1 || idDigits < 1 || idDigits > 18) {
      throw new IllegalArgumentException(
          slug + ": vendorPageSize must be positive and idDigits 1 to 18 (a long)");
    }
    if (deactivatedStatuses.isEmpty() || roles.isEmpty()) {
      throw new IllegalArgumentException(
          slug + ": needs at least one deactivated status and one role");
    }
    requiredQueryParams = List.copyOf(requiredQueryParams);
    deactivatedStatuses = List.copyOf(deactivatedStatuses);
    otherStatuses = List.copyOf(otherStatuses);
    roles = List.copyOf(roles);
    licenses = List.copyOf(licenses);
  }

  /** The id of the user at {@code index}; the inverse of {@link #indexOf(String)}. */
  public String userId(long index) {
    String digits = Long.toString(index);
    return idPrefix + "0".repeat(Math.max(0, idDigits - digits.length())) + digits;
  }

  /** The index encoded in {@code userId}, or -1 when the id is not one this integration makes. */
  public long indexOf(String userId) {
    String digits = userId.startsWith(idPrefix) ? userId.substring(idPrefix.length()) : "";
    if (digits.length() < idDigits
        || digits.length() > 18
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    long index = Long.parseLong(digits);
    // Only the canonical spelling counts: "00u042" is not the same user as "00u0042".
    return userId(index).equals(userId) ? index : -1;
  }

  public boolean isDeactivated(String status) {
    return deactivatedStatuses.contains(status);
  }
}
