package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.User;
import dev.roster.detect.UserArbitraries.UserPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

class DiffProperties {

  @Provide
  Arbitrary<UserPair> pairs() {
    return UserArbitraries.pairs();
  }

  @Provide
  Arbitrary<User> users() {
    return UserArbitraries.users();
  }

  @Provide
  Arbitrary<DiffRules> rules() {
    return UserArbitraries.rules();
  }

  @Property(tries = 1000)
  void equalContentFingerprintsExactlyWhenTheComparisonRaisesNoEvent(
      @ForAll("pairs") UserPair pair, @ForAll("rules") DiffRules rules) {
    Fingerprints first = Fingerprints.of(pair.first(), rules);
    Fingerprints second = Fingerprints.of(pair.second(), rules);
    UserComparison comparison = UserDiff.compare(pair.first(), pair.second(), rules);

    boolean sameContent = first.content() == second.content();
    assertThat(comparison.raisesEvent()).isEqualTo(!sameContent);
    assertThat(comparison.remoteDataChanged()).isEqualTo(first.remoteData() != second.remoteData());
    if (sameContent) {
      assertThat(comparison.quietChanged()).isEqualTo(first.quiet() != second.quiet());
    }

    Statistics.label("content").collect(sameContent ? "same" : "different");
    Statistics.label("content")
        .coverage(
            coverage -> {
              coverage.check("same").percentage(share -> share > 15);
              coverage.check("different").percentage(share -> share > 15);
            });
    Statistics.label("quiet only").collect(sameContent && comparison.quietChanged());
    Statistics.label("quiet only")
        .coverage(coverage -> coverage.check(true).count(count -> count > 10));
  }

  @Property(tries = 500)
  void theComparisonIsSymmetric(@ForAll("pairs") UserPair pair, @ForAll("rules") DiffRules rules) {
    assertThat(UserDiff.compare(pair.second(), pair.first(), rules))
        .isEqualTo(UserDiff.compare(pair.first(), pair.second(), rules));
  }

  @Property(tries = 300)
  void aUserComparedWithItselfOrItsCopyNeverChanges(
      @ForAll("users") User user, @ForAll("rules") DiffRules rules) {
    UserComparison nothing = new UserComparison(List.of(), false, false, false);
    assertThat(UserDiff.compare(user, user, rules)).isEqualTo(nothing);
    assertThat(UserDiff.compare(user, User.newBuilder(user).build(), rules)).isEqualTo(nothing);
  }

  @Property(tries = 300)
  void aUserReadBackFromAvroHasTheSameFingerprints(
      @ForAll("users") User user, @ForAll("rules") DiffRules rules) throws IOException {
    User decoded = roundTrip(user);
    assertThat(Fingerprints.of(decoded, rules)).isEqualTo(Fingerprints.of(user, rules));
    assertThat(UserDiff.compare(user, decoded, rules).updatesTable()).isFalse();
  }

  @Property(tries = 500)
  void theObservationOutcomeAgreesWithTheComparison(
      @ForAll("pairs") UserPair pair, @ForAll("rules") DiffRules rules) {
    StoredUserState stored = new StoredUserState(41, Fingerprints.of(pair.first(), rules));
    ObservationOutcome outcome =
        UserObservationRules.decide(stored, pair.second(), 42, true, rules);
    UserComparison comparison = UserDiff.compare(pair.first(), pair.second(), rules);

    assertThat(outcome instanceof ObservationOutcome.NeedsComparison)
        .isEqualTo(comparison.raisesEvent());
    if (outcome instanceof ObservationOutcome.QuietChange) {
      assertThat(comparison.updatesTable()).isTrue();
    }
    if (outcome instanceof ObservationOutcome.Unchanged) {
      assertThat(comparison.updatesTable()).isFalse();
    }
  }

  private static User roundTrip(User user) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(User.class).write(user, encoder);
    encoder.flush();
    return new SpecificDatumReader<>(User.class)
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }
}
