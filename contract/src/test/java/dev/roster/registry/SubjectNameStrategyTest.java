package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

  @Test
  void namesSubjectsAsConfluentDoes() {
    var schema = User.getClassSchema();
    assertThat(SubjectNameStrategy.TOPIC.subject("roster.users", true, schema))
        .isEqualTo("roster.users-key");
    assertThat(SubjectNameStrategy.TOPIC.subject("roster.users", false, schema))
        .isEqualTo("roster.users-value");
    assertThat(SubjectNameStrategy.RECORD.subject("roster.users", false, schema))
        .isEqualTo("dev.roster.avro.User");
    assertThat(SubjectNameStrategy.TOPIC_RECORD.subject("roster.users", false, schema))
        .isEqualTo("roster.users-dev.roster.avro.User");
  }

  @ParameterizedTest
  @CsvSource({
    "topic, TOPIC",
    "Record, RECORD",
    "topic-record, TOPIC_RECORD",
    "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, TOPIC_RECORD",
    "RecordNameStrategy, RECORD"
  })
  void acceptsOurNamesAndConfluentClassNames(String text, SubjectNameStrategy expected) {
    assertThat(SubjectNameStrategy.parse(text)).isEqualTo(expected);
  }

  @Test
  void refusesUnknownNamesListingTheChoices() {
    assertThatThrownBy(() -> SubjectNameStrategy.parse("by-date"))
        .hasMessageContaining("by-date")
        .hasMessageContaining("topic, record, topic_record");
  }
}
