package dev.roster.detect;

import dev.roster.avro.User;
import java.util.Map;

/**
 * 64-bit hashes of a user's canonical form, stored per user so that most observations are decided
 * without loading the stored User: equal {@link #content} means no event.
 *
 * @param content every compared, non-quiet field; arrays whose order carries no meaning as sets
 * @param quiet the quiet fields, and the licenses' activity when that is quiet
 * @param remoteData the raw vendor JSON
 */
public record Fingerprints(long content, long quiet, long remoteData) {

  public static Fingerprints of(User user, DiffRules rules) {
    CanonicalUser canonical = CanonicalUser.of(user, rules);
    return new Fingerprints(
        hash("content", canonical.content()),
        hash("quiet", canonical.quiet()),
        hash("remote_data", Map.of(UserFields.REMOTE_DATA, canonical.remoteData())));
  }

  /**
   * Hashes the named values behind a label, so that the three fingerprints of a user never coincide
   * by construction and a future change of the canonical form can be told apart by a new label.
   */
  private static long hash(String label, Map<String, CanonicalValue> values) {
    CanonicalWriter writer = new CanonicalWriter().string("roster.fingerprint.v1." + label);
    writer.longValue(values.size());
    values.forEach((name, value) -> writer.string(name).raw(value));
    return Digests.sha256Prefix(writer.toValue());
  }
}
