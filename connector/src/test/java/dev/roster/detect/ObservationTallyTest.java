package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ObservationTallyTest {

  /** Format 1, written out by hand from its layout: poll 1764237600000, 42 observations read. */
  private static final String CURRENT = "01 0000019ac4c16500 000000000000002a 0000000000000005";

  @Test
  void countsTheNewestPollAndStartsAgainForANewerOne() {
    ObservationTally tally = ObservationTally.NONE.counted(5).counted(5).counted(5);
    assertThat(tally).isEqualTo(new ObservationTally(5, 3, 0));
    assertThat(tally.counted(7)).isEqualTo(new ObservationTally(7, 1, 0));
  }

  @Test
  void aStragglerOfAnOlderPollCountsForNothing() {
    ObservationTally tally = new ObservationTally(7, 2, 0);
    assertThat(tally.counted(5)).isEqualTo(tally);
  }

  @Test
  void aShareIsCompleteWhenItReadExactlyWhatWasWritten() {
    assertThat(new ObservationTally(5, 3, 0).shortfall(5, 3)).isEmpty();
    assertThat(ObservationTally.NONE.shortfall(5, 0))
        .as("a poll that wrote nothing to this partition")
        .isEmpty();
    assertThat(new ObservationTally(4, 9, 0).shortfall(5, 0))
        .as("the previous poll's count is not this one's")
        .isEmpty();
  }

  @Test
  void fewerObservationsThanWrittenAreAnIncompleteShareThatSaysHowMany() {
    assertThat(new ObservationTally(5, 2, 0).shortfall(5, 3))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("read 2 of the 3 observations")
                    .contains("deleted by retention"));
    assertThat(new ObservationTally(4, 3, 0).shortfall(5, 3))
        .hasValueSatisfying(why -> assertThat(why).contains("read 0 of the 3"));
  }

  @Test
  void moreObservationsThanWrittenAreNotTrustedEither() {
    assertThat(new ObservationTally(5, 4, 0).shortfall(5, 3)).isPresent();
  }

  @Test
  void aMarkerThatDoesNotSayHowManyIsNeverEnough() {
    assertThat(new ObservationTally(5, 3, 0).shortfall(5, -1))
        .hasValueSatisfying(why -> assertThat(why).contains("does not say"));
  }

  @Test
  void aMarkerOlderThanObservationsAlreadyReadIsStale() {
    assertThat(new ObservationTally(6, 1, 0).shortfall(5, 0))
        .hasValueSatisfying(why -> assertThat(why).contains("newer poll (6)"));
  }

  @Test
  void survivesItsSerde() {
    ObservationTally tally = new ObservationTally(1_764_237_600_000L, 42, 0);
    assertThat(read(write(tally))).isEqualTo(tally);
  }

  @Test
  void writesTheCurrentFormat() {
    assertThat(HexFormat.of().formatHex(write(new ObservationTally(1_764_237_600_000L, 42, 5))))
        .isEqualTo(CURRENT.replace(" ", ""));
  }

  @Test
  void readsARecordOfTheCurrentFormat() {
    assertThat(read(bytes(CURRENT))).isEqualTo(new ObservationTally(1_764_237_600_000L, 42, 5));
  }

  @Test
  void skipsAFieldALaterRosterAppended() {
    assertThat(read(bytes(CURRENT + " 00000007")))
        .isEqualTo(new ObservationTally(1_764_237_600_000L, 42, 5));
  }

  @Test
  void readsARecordWrittenBeforeTheUnchangedCountWasAppended() {
    assertThat(read(bytes(CURRENT.substring(0, CURRENT.length() - " 0000000000000005".length()))))
        .isEqualTo(new ObservationTally(1_764_237_600_000L, 42, 0));
  }

  @Test
  void countsConfirmedUnchangedObservationsOfTheNewestPollOnly() {
    ObservationTally tally = ObservationTally.NONE.counted(5).confirmedUnchanged(5).counted(5);
    assertThat(tally.unchangedOf(5)).isEqualTo(1);
    assertThat(tally.readOf(5)).isEqualTo(2);
    assertThat(tally.confirmedUnchanged(4)).isEqualTo(tally);
    assertThat(tally.counted(6).unchangedOf(6)).isZero();
  }

  @Test
  void refusesAFormatItDoesNotKnowAndATruncatedRecord() {
    assertThatThrownBy(() -> read(bytes("02" + CURRENT.substring(2))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 2");
    assertThatThrownBy(() -> read(bytes("01 0000019ac4c16500")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("needs at least 17 bytes, got 9");
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static byte[] write(ObservationTally tally) {
    return ObservationTally.serde().serializer().serialize("t", tally);
  }

  private static ObservationTally read(byte[] bytes) {
    return ObservationTally.serde().deserializer().deserialize("t", bytes);
  }
}
