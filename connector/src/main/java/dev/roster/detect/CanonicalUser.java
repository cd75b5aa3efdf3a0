package dev.roster.detect;

import dev.roster.avro.License;
import dev.roster.avro.User;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user split into what the diff rules compare: content fields, quiet values and remote data, each
 * in its canonical form. {@link Fingerprints} hashes it and {@link UserDiff} compares it field by
 * field, so the two can never disagree about what counts as a change.
 *
 * @param content non-quiet compared fields by name, in schema order
 * @param quiet quiet fields by name, and the licenses' activity (at the licenses' place) when that
 *     is quiet
 * @param remoteData the raw vendor JSON
 */
record CanonicalUser(
    Map<String, CanonicalValue> content,
    Map<String, CanonicalValue> quiet,
    CanonicalValue remoteData) {

  /** Key of the licenses' own last_active_at values in {@link #quiet}; not a User field name. */
  private static final String LICENSE_ACTIVITY = "licenses[].last_active_at";

  static CanonicalUser of(User user, DiffRules rules) {
    Map<String, CanonicalValue> content = new LinkedHashMap<>();
    Map<String, CanonicalValue> quiet = new LinkedHashMap<>();
    for (String field : UserFields.COMPARED) {
      Object value = user.get(field);
      if (rules.isQuiet(field)) {
        quiet.put(field, canonical(field, value));
      } else if (field.equals(UserFields.LICENSES) && rules.quietLicenseActivity()) {
        // The content keeps each license without its activity; the quiet side keeps the licenses
        // whole, which
        // differ only in activity whenever the content is equal. Keeping them whole (rather than a
        // bag of
        // timestamps) notices activity moving from one license to another.
        content.put(
            field, new CanonicalWriter().set(withoutActivity(user.getLicenses())).toValue());
        quiet.put(LICENSE_ACTIVITY, canonical(field, value));
      } else {
        content.put(field, canonical(field, value));
      }
    }
    CanonicalValue remoteData = new CanonicalWriter().string(user.getRemoteData()).toValue();
    return new CanonicalUser(
        Collections.unmodifiableMap(content), Collections.unmodifiableMap(quiet), remoteData);
  }

  private static CanonicalValue canonical(String field, Object value) {
    CanonicalWriter writer = new CanonicalWriter();
    if (UserFields.isUnorderedArray(field) && value instanceof Collection<?> elements) {
      return writer.set(elements).toValue();
    }
    return writer.value(value).toValue();
  }

  private static List<License> withoutActivity(List<License> licenses) {
    return licenses.stream()
        .map(
            license ->
                new License(license.getId(), license.getName(), license.getOrganization(), null))
        .toList();
  }
}
