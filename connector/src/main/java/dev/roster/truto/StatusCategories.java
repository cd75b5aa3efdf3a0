package dev.roster.truto;

import dev.roster.avro.StatusCategory;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Truto's raw user {@code status} as a {@link StatusCategory}.
 *
 * <p>Truto maps most vendors to {@code active}, {@code inactive}, {@code deleted} or {@code
 * invited} but passes the vendor's own word through when it has no clear mapping. The words are
 * compared after trimming, lower-casing and turning runs of spaces and hyphens into one underscore,
 * so {@code "SUSPENDED"}, {@code " Locked-Out "} and {@code "locked out"} are all recognised.
 *
 * <p>The table below is deliberately small: a word that is not in it becomes {@link
 * StatusCategory#UNKNOWN} (as do {@code null} and the empty string), because a wrong category
 * raises wrong alerts downstream while UNKNOWN merely raises none. The raw word always stays in
 * {@code User.status}.
 *
 * <table>
 *   <caption>Vendor words and their categories</caption>
 *   <tr><th>word</th><th>category</th><th>why</th></tr>
 *   <tr><td>active</td><td>ACTIVE</td><td>Truto's own word.</td></tr>
 *   <tr><td>enabled, activated</td><td>ACTIVE</td><td>The account can sign in.</td></tr>
 *   <tr><td>password_expired, recovery</td><td>ACTIVE</td><td>Okta: an active account whose password must
 *       be (re)set; the user still holds access once they do, so this is not a loss of access.</td></tr>
 *   <tr><td>inactive</td><td>INACTIVE</td><td>Truto's own word.</td></tr>
 *   <tr><td>suspended, disabled, deactivated, blocked</td><td>INACTIVE</td><td>The account exists but cannot
 *       sign in, and an administrator can give access back.</td></tr>
 *   <tr><td>locked, locked_out</td><td>INACTIVE</td><td>The account cannot sign in right now (too many failed
 *       attempts); security alerting wants to see it.</td></tr>
 *   <tr><td>deleted</td><td>DELETED</td><td>Truto's own word.</td></tr>
 *   <tr><td>deprovisioned, removed, archived</td><td>DELETED</td><td>The vendor has taken the account away
 *       (Okta DEPROVISIONED, SCIM-style removal, archived members); it no longer grants access.</td></tr>
 *   <tr><td>invited</td><td>INVITED</td><td>Truto's own word.</td></tr>
 *   <tr><td>pending, pending_invite, pending_invitation</td><td>INVITED</td><td>Invited, not yet accepted.</td></tr>
 *   <tr><td>staged, provisioned</td><td>INVITED</td><td>Okta: created but not yet activated by the user.</td></tr>
 * </table>
 */
public final class StatusCategories {

  private static final Pattern SEPARATORS = Pattern.compile("[\\s-]+");

  private static final Map<String, StatusCategory> BY_WORD =
      Map.ofEntries(
          Map.entry("active", StatusCategory.ACTIVE),
          Map.entry("enabled", StatusCategory.ACTIVE),
          Map.entry("activated", StatusCategory.ACTIVE),
          Map.entry("password_expired", StatusCategory.ACTIVE),
          Map.entry("recovery", StatusCategory.ACTIVE),
          Map.entry("inactive", StatusCategory.INACTIVE),
          Map.entry("suspended", StatusCategory.INACTIVE),
          Map.entry("disabled", StatusCategory.INACTIVE),
          Map.entry("deactivated", StatusCategory.INACTIVE),
          Map.entry("blocked", StatusCategory.INACTIVE),
          Map.entry("locked", StatusCategory.INACTIVE),
          Map.entry("locked_out", StatusCategory.INACTIVE),
          Map.entry("deleted", StatusCategory.DELETED),
          Map.entry("deprovisioned", StatusCategory.DELETED),
          Map.entry("removed", StatusCategory.DELETED),
          Map.entry("archived", StatusCategory.DELETED),
          Map.entry("invited", StatusCategory.INVITED),
          Map.entry("pending", StatusCategory.INVITED),
          Map.entry("pending_invite", StatusCategory.INVITED),
          Map.entry("pending_invitation", StatusCategory.INVITED),
          Map.entry("staged", StatusCategory.INVITED),
          Map.entry("provisioned", StatusCategory.INVITED));

  private StatusCategories() {}

  /**
   * The category of a raw status word; {@link StatusCategory#UNKNOWN} for null, blank or unknown
   * words.
   */
  public static StatusCategory categorize(String rawStatus) {
    if (rawStatus == null) {
      return StatusCategory.UNKNOWN;
    }
    String word = SEPARATORS.matcher(rawStatus.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
    return BY_WORD.getOrDefault(word, StatusCategory.UNKNOWN);
  }
}
