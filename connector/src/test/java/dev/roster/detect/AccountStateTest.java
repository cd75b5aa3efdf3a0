package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ChangeType;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The golden records here are written out by hand from each format's layout, never by the code
 * under test.
 */
class AccountStateTest {

  private static final String FORMAT_3_HEADER =
      "03 01 0000000000000007 0000000000000046 00000002 0000000000000007";

  /**
   * Baseline done, last complete poll 7, 70 known users, 2 held polls, counting poll 7: 3 removed,
   * 1 updated.
   */
  private static final String CURRENT =
      FORMAT_3_HEADER
          + " 00000002"
          + " 000c 555345525f52454d4f564544 0000000000000003" // "USER_REMOVED" 3
          + " 000c 555345525f55504441544544 0000000000000001"; // "USER_UPDATED" 1

  private static final AccountState CURRENT_STATE =
      AccountState.NEW
          .completed(7, 70, 2)
          .counted(ChangeType.USER_REMOVED, 7)
          .counted(ChangeType.USER_UPDATED, 7)
          .counted(ChangeType.USER_REMOVED, 7)
          .counted(ChangeType.USER_REMOVED, 7);

  /**
   * The fields formats 1 and 2 share: format byte, baseline done, last complete poll 7, 100 known
   * users.
   */
  private static final String POSITIONAL_START = "01 0000000000000007 0000000000000064";

  /**
   * Counting poll 7, then one long per ChangeType symbol in the order it had: 1 discovered ... 5
   * removed.
   */
  private static final String POSITIONAL_COUNTS =
      "0000000000000007 0000000000000001 0000000000000002 0000000000000003 0000000000000004 0000000000000005";

  @Test
  void survivesItsSerdeWithTheGuardsHeldPolls() {
    assertThat(read(write(CURRENT_STATE))).isEqualTo(CURRENT_STATE);
    assertThat(read(write(AccountState.NEW))).isEqualTo(AccountState.NEW);
  }

  @Test
  void writesTheCurrentFormat() {
    assertThat(HexFormat.of().formatHex(write(CURRENT_STATE))).isEqualTo(CURRENT.replace(" ", ""));
  }

  @Test
  void readsARecordOfTheCurrentFormat() {
    AccountState read = read(bytes(CURRENT));

    assertThat(read).isEqualTo(CURRENT_STATE);
    assertThat(read.heldPolls()).isEqualTo(2);
    assertThat(read.count(ChangeType.USER_REMOVED, 7)).isEqualTo(3);
    assertThat(read.count(ChangeType.USER_UPDATED, 7)).isEqualTo(1);
    assertThat(read.count(ChangeType.USER_CREATED, 7)).isZero();
  }

  @Test
  void readsFormat2ByTheSymbolsChangeTypeHadThen() {
    AccountState read = read(bytes("02 " + POSITIONAL_START + " 00000002 " + POSITIONAL_COUNTS));

    assertThat(read)
        .isEqualTo(
            new AccountState(
                true,
                7,
                100,
                2,
                7,
                Map.of(
                    "USER_DISCOVERED",
                    1L,
                    "USER_CREATED",
                    2L,
                    "USER_STATUS_CHANGED",
                    3L,
                    "USER_UPDATED",
                    4L,
                    "USER_REMOVED",
                    5L)));
    assertThat(read.count(ChangeType.USER_DISCOVERED, 7)).isEqualTo(1);
    assertThat(read.count(ChangeType.USER_REMOVED, 7)).isEqualTo(5);
  }

  /**
   * State written before the guard counted held polls, as a changelog still holds it after an
   * upgrade.
   */
  @Test
  void readsFormat1AsHoldingNothing() {
    AccountState read = read(bytes("01 " + POSITIONAL_START + " " + POSITIONAL_COUNTS));

    assertThat(read.baselineDone()).isTrue();
    assertThat(read.lastCompletePoll()).isEqualTo(7);
    assertThat(read.knownUsers()).isEqualTo(100);
    assertThat(read.heldPolls()).isZero();
    assertThat(read.count(ChangeType.USER_DISCOVERED, 7)).isEqualTo(1);
    assertThat(read.count(ChangeType.USER_STATUS_CHANGED, 7)).isEqualTo(3);
    assertThat(read.count(ChangeType.USER_REMOVED, 7)).isEqualTo(5);
  }

  /** A later Roster counted a ChangeType symbol this build lacks, then was rolled back. */
  @Test
  void keepsTheCountOfASymbolThisBuildDoesNotKnow() {
    byte[] later =
        bytes(
            FORMAT_3_HEADER
                + " 00000002"
                + " 000c 555345525f43524541544544 0000000000000002" // "USER_CREATED" 2
                + " 000b 555345525f4d4552474544 0000000000000004"); // "USER_MERGED" 4

    AccountState read = read(later);

    assertThat(read.count(ChangeType.USER_CREATED, 7)).isEqualTo(2);
    assertThat(read.counts()).containsEntry("USER_MERGED", 4L);
    assertThat(read.counted(ChangeType.USER_CREATED, 7).counts())
        .as("still counting the same poll")
        .containsEntry("USER_CREATED", 3L)
        .containsEntry("USER_MERGED", 4L);
    assertThat(write(read)).as("written back as it was read").isEqualTo(later);
    assertThat(read.counted(ChangeType.USER_CREATED, 8).counts())
        .as("a new poll counts from zero")
        .isEqualTo(Map.of("USER_CREATED", 1L));
  }

  @Test
  void skipsAFieldALaterRosterAppended() {
    assertThat(read(bytes(CURRENT + " 000000000000002a"))).isEqualTo(CURRENT_STATE);
  }

  @Test
  void refusesAFormatItDoesNotKnow() {
    assertThatThrownBy(() -> read(new byte[] {9, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 9")
        .hasMessageContaining("3 bytes");
    assertThatThrownBy(() -> read(new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Empty");
  }

  @Test
  void refusesAnOlderFormatOfAnotherLength() {
    String format2 = "02 " + POSITIONAL_START + " 00000002 " + POSITIONAL_COUNTS;
    assertThatThrownBy(() -> read(bytes(format2 + " 00")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("is 70 bytes long, not 71");
    assertThatThrownBy(
            () -> read(bytes("01 " + POSITIONAL_START + " " + POSITIONAL_COUNTS + " 00000000")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("is 66 bytes long, not 70");
  }

  @Test
  void refusesDeclaredLengthsTheBytesDoNotHold() {
    refused("03 01 0000000000000007", "needs at least 34 bytes, got 10");
    refused(
        FORMAT_3_HEADER + " 00000003 000c 555345525f52454d4f564544 0000000000000003",
        "declares 3 counts, more than the 22 bytes after it hold");
    refused(FORMAT_3_HEADER + " ffffffff", "declares -1 counts");
    refused(
        FORMAT_3_HEADER + " 00000001 00ff 5553455200000000",
        "declares a name of 255 bytes for count 0, but only 8 bytes follow");
    refused(FORMAT_3_HEADER + " 00000001 0002 4142 000000000000", "ends inside the count of AB");
    refused(
        FORMAT_3_HEADER + " 00000002 0001 41 0000000000000001 0001 41 0000000000000002",
        "counts A twice");
    refused(FORMAT_3_HEADER + " 00000001 0001 ff 0000000000000001", "not UTF-8");
  }

  private static void refused(String hex, String problem) {
    assertThatThrownBy(() -> read(bytes(hex)))
        .as(hex)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(problem);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static byte[] write(AccountState state) {
    return AccountState.serde().serializer().serialize("t", state);
  }

  private static AccountState read(byte[] bytes) {
    return AccountState.serde().deserializer().deserialize("t", bytes);
  }
}
