package dev.roster.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.registry.SpecificRecordReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Avro contract: every type round-trips through its generated class, keeps the rules that let
 * it evolve, and stays compatible both ways with the last released copy in
 * src/test/resources/contract/released (a change that breaks this test breaks consumers).
 */
class AvroContractTest {

  /** The released version the current schemas must stay compatible with. */
  static final String RELEASED = "0.1.0";

  static Stream<SpecificRecord> records() {
    return ContractFixtures.everyRecord().stream();
  }

  static Stream<Schema> currentSchemas() {
    return Stream.of(
        UserKey.getClassSchema(),
        User.getClassSchema(),
        UserChangeEvent.getClassSchema(),
        PollStatus.getClassSchema(),
        IntegratedAccount.getClassSchema(),
        StatusCategory.getClassSchema(),
        ChangeType.getClassSchema(),
        Observation.getClassSchema(),
        UserUnchanged.getClassSchema(),
        PollCompleted.getClassSchema(),
        PollAborted.getClassSchema(),
        PollSummary.getClassSchema(),
        IdentityKey.getClassSchema(),
        Identity.getClassSchema(),
        IdentityAlertType.getClassSchema(),
        IdentityAlert.getClassSchema(),
        IdentityChange.getClassSchema(),
        IdentityMember.getClassSchema(),
        IdentityState.getClassSchema());
  }

  /**
   * Types that came after the released version: nothing released can read or write them yet, so
   * they have no copy to be compatible with (the test below checks that none has one, so this list
   * cannot hide a released type). The next release stores them.
   */
  static final java.util.Set<String> NEW_SINCE_RELEASE =
      java.util.Set.of(
          "IdentityKey",
          "Identity",
          "IdentityAlertType",
          "IdentityAlert",
          "IdentityChange",
          "IdentityMember",
          "IdentityState",
          "UserUnchanged");

  /**
   * Union branches added since the released version to internal types, which released readers
   * cannot read: README.md ("Upgrading") says to switch their writer off until every instance runs
   * this version. Released readers must still read everything else, so the forward check below runs
   * on the schema without these branches.
   */
  static final java.util.Map<String, java.util.Set<String>> BRANCHES_NEW_SINCE_RELEASE =
      java.util.Map.of("Observation", java.util.Set.of("dev.roster.avro.UserUnchanged"));

  @ParameterizedTest
  @MethodSource("records")
  void everyTypeRoundTripsThroughItsGeneratedClass(SpecificRecord record) throws IOException {
    Schema schema = record.getSchema();
    SpecificData model = SpecificData.getForClass(record.getClass());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(schema, model).write(record, encoder);
    encoder.flush();

    // Roster's reader (plain lists for arrays) is what consumers of the serde get; see
    // SpecificRecordReader.
    @SuppressWarnings("unchecked")
    Class<SpecificRecord> type = (Class<SpecificRecord>) record.getClass();
    SpecificRecord read =
        new SpecificRecordReader<>(schema, type)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read).isEqualTo(record);
    assertThat(read.getClass()).isEqualTo(record.getClass());
  }

  @Test
  void stringsAreJavaStringsAndTimesAreInstants() {
    User user = ContractFixtures.user("00u1", "ACTIVE", StatusCategory.ACTIVE);
    assertThat(user.getId()).isInstanceOf(String.class);
    assertThat(user.getCreatedAt()).isEqualTo(java.time.Instant.parse("2021-08-10T10:00:00Z"));
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void everyOptionalFieldIsNullFirstWithNullDefaultAndEveryArrayDefaultsToEmpty(Schema schema) {
    for (Schema record : namedRecords(schema)) {
      assertThat(record.getDoc()).as("doc of %s", record.getFullName()).isNotBlank();
      for (Schema.Field field : record.getFields()) {
        String where = record.getName() + "." + field.name();
        assertThat(field.doc()).as("doc of %s", where).isNotBlank();
        Schema type = field.schema();
        // An optional field is a union with null; a union of records only (Observation.payload) is
        // a required choice.
        if (type.isUnion()
            && type.getTypes().stream().anyMatch(branch -> branch.getType() == Schema.Type.NULL)) {
          assertThat(type.getTypes().get(0).getType())
              .as("%s: null first", where)
              .isEqualTo(Schema.Type.NULL);
          assertThat(field.defaultVal())
              .as("%s: default null", where)
              .isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        }
        if (type.getType() == Schema.Type.ARRAY) {
          assertThat(field.defaultVal()).as("%s: default []", where).isEqualTo(List.of());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void everyEnumHasADefaultSymbol(Schema schema) {
    for (Schema type : namedTypes(schema, new java.util.LinkedHashSet<>())) {
      if (type.getType() == Schema.Type.ENUM) {
        assertThat(type.getEnumDefault()).as("default of %s", type.getFullName()).isNotNull();
        assertThat(type.getDoc()).as("doc of %s", type.getFullName()).isNotBlank();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void currentSchemaReadsReleasedDataAndReleasedReadersReadCurrentData(Schema current)
      throws IOException {
    if (NEW_SINCE_RELEASE.contains(current.getName())) {
      String path = "/contract/released/" + RELEASED + "/" + current.getName() + ".avsc";
      assertThat(AvroContractTest.class.getResource(path))
          .as("%s is listed as new but %s has it", current.getName(), RELEASED)
          .isNull();
      return;
    }
    Schema released = released(current.getName());

    var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
    var forward =
        SchemaCompatibility.checkReaderWriterCompatibility(
            released,
            withoutBranches(
                current,
                BRANCHES_NEW_SINCE_RELEASE.getOrDefault(current.getName(), java.util.Set.of())));

    assertThat(backward.getType())
        .as("current reads %s %s data: %s", current.getName(), RELEASED, backward.getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(forward.getType())
        .as(
            "%s %s readers read current data: %s",
            current.getName(), RELEASED, forward.getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void aNewBranchIsUnreadableToReleasedReadersUntilItIsSetAside() throws IOException {
    // Proves the exemption is needed, and narrow: only the listed branch is set aside.
    Schema released = released("Observation");
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(
                    released, Observation.getClassSchema())
                .getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(
            withoutBranches(
                    Observation.getClassSchema(), BRANCHES_NEW_SINCE_RELEASE.get("Observation"))
                .getField("payload")
                .schema()
                .getTypes())
        .extracting(Schema::getName)
        .containsExactly("User", "PollCompleted", "PollAborted");
  }

  /** {@code record} with the named branches taken out of the unions of its own fields. */
  private static Schema withoutBranches(Schema record, java.util.Set<String> branches) {
    if (branches.isEmpty()) {
      return record;
    }
    List<Schema.Field> fields = new java.util.ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      Schema type = field.schema();
      if (type.isUnion()) {
        type =
            Schema.createUnion(
                type.getTypes().stream()
                    .filter(branch -> !branches.contains(branch.getFullName()))
                    .toList());
      }
      fields.add(new Schema.Field(field, type));
    }
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  @Test
  void theCompatibilityCheckCatchesABreakingChange() throws IOException {
    // A removed required field without default must fail the check above; prove it can fail.
    Schema released = released("UserKey");
    Schema broken =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"UserKey\",\"namespace\":\"dev.roster.avro\",\"fields\":["
                    + "{\"name\":\"integrated_account_id\",\"type\":\"string\"},{\"name\":\"tenant\",\"type\":\"string\"}]}");
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, released).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static Schema released(String name) throws IOException {
    String path = "/contract/released/" + RELEASED + "/" + name + ".avsc";
    try (InputStream in = AvroContractTest.class.getResourceAsStream(path)) {
      assertThat(in).as("stored released schema %s", path).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }

  private static List<Schema> namedRecords(Schema schema) {
    return namedTypes(schema, new java.util.LinkedHashSet<>()).stream()
        .filter(s -> s.getType() == Schema.Type.RECORD)
        .toList();
  }

  private static java.util.Set<Schema> namedTypes(Schema schema, java.util.Set<Schema> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (seen.add(schema)) {
          schema.getFields().forEach(f -> namedTypes(f.schema(), seen));
        }
      }
      case ENUM -> seen.add(schema);
      case UNION -> schema.getTypes().forEach(t -> namedTypes(t, seen));
      case ARRAY -> namedTypes(schema.getElementType(), seen);
      case MAP -> namedTypes(schema.getValueType(), seen);
      default -> {}
    }
    return seen;
  }
}
