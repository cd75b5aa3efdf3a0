package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

class UserMapperProperties {

  private static final IntegratedAccount ACCOUNT =
      IntegratedAccount.newBuilder().setId("ia-1").setIntegration("okta").build();
  private static final Instant OBSERVED = Instant.parse("2026-01-02T03:04:05Z");

  private final UserMapper mapper = new UserMapper(MappingSettings.defaults());
  private final UserMapper tight = new UserMapper(new MappingSettings(16, 64, true));

  @Provide
  Arbitrary<JsonNode> anyJson() {
    return JsonArbitraries.values(4);
  }

  @Provide
  Arbitrary<ObjectNode> usersWithValidIds() {
    return JsonArbitraries.usersWithAnyFields(JsonArbitraries.validIds());
  }

  @Provide
  Arbitrary<ObjectNode> usersWithAnyIds() {
    return JsonArbitraries.usersWithAnyFields(JsonArbitraries.values(2));
  }

  @Property(tries = 300)
  void anyJsonValueMapsOrIsRejectedWithoutThrowing(@ForAll("anyJson") JsonNode json) {
    assertThat(mapper.map(json, ACCOUNT, OBSERVED)).isNotNull();
  }

  @Property(tries = 300)
  void anyFieldValuesNeverThrowWhateverTheId(@ForAll("usersWithAnyIds") ObjectNode json) {
    assertThat(mapper.map(json, ACCOUNT, OBSERVED)).isNotNull();
    assertThat(tight.map(json, ACCOUNT, OBSERVED)).isNotNull();
  }

  @Property(tries = 300)
  void aValidIdAlwaysMapsToAUserAvroCanWrite(@ForAll("usersWithValidIds") ObjectNode json)
      throws IOException {
    MappedUser result = mapper.map(json, ACCOUNT, OBSERVED);
    assertThat(result).isInstanceOf(MappedUser.Mapped.class);
    User user = ((MappedUser.Mapped) result).user();
    assertThat(user.getId()).isEqualTo(json.get("id").asText());
    // The point of mapping: whatever came in, what goes out is a valid Avro record.
    assertThat(avroBytes(user)).isNotEmpty();
  }

  @Property(tries = 200)
  void stringsAndRemoteDataRespectTheirCaps(@ForAll("usersWithValidIds") ObjectNode json)
      throws IOException {
    json.put("id", "u1");
    MappedUser.Mapped result = (MappedUser.Mapped) tight.map(json, ACCOUNT, OBSERVED);
    User user = result.user();
    for (String field :
        new String[] {
          "external_id",
          "first_name",
          "last_name",
          "name",
          "username",
          "title",
          "user_type",
          "status",
          "avatar",
          "timezone",
          "bio"
        }) {
      Object value = user.get(field);
      if (value != null) {
        assertThat((String) value).hasSizeLessThanOrEqualTo(16);
      }
    }
    if (user.getRemoteData() != null) {
      assertThat(Strings.utf8Length(user.getRemoteData())).isLessThanOrEqualTo(64);
    }
    assertThat(avroBytes(user)).isNotEmpty();
  }

  @Property(tries = 200)
  void mappingIsDeterministic(@ForAll("usersWithAnyIds") ObjectNode json) {
    MappedUser first = mapper.map(json, ACCOUNT, OBSERVED);
    MappedUser second = mapper.map(json.deepCopy(), ACCOUNT, OBSERVED);
    assertThat(second).isEqualTo(first);
  }

  private static byte[] avroBytes(User user) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(User.class).write(user, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
