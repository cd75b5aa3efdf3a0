package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiffRulesTest {

  @Test
  void defaultsQuietTheVolatileTimestampsAndLicenseActivity() {
    DiffRules rules = DiffRules.defaults();
    assertThat(rules.quietFields())
        .containsExactlyInAnyOrder("last_login_at", "last_active_at", "updated_at");
    assertThat(rules.quietLicenseActivity()).isTrue();
    assertThat(rules.isQuiet("last_login_at")).isTrue();
    assertThat(rules.isQuiet("title")).isFalse();
  }

  @Test
  void unknownFieldNamesAreRefusedByNameWithTheValidNames() {
    assertThatThrownBy(() -> new DiffRules(Set.of("last_login_at", "lastLogin", "nickname"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[lastLogin, nickname]")
        .hasMessageContaining("valid names: [integration, tenant_id, external_id,")
        .hasMessageContaining("last_login_at, status_changed_at, activated_at]");
  }

  @Test
  void fieldsThatAreNeverComparedCannotBeQuiet() {
    for (String field : Set.of("id", "integrated_account_id", "observed_at", "remote_data")) {
      assertThatThrownBy(() -> new DiffRules(Set.of(field), true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[" + field + "]");
    }
  }

  @Test
  void quietableFieldsAreTheComparedUserFieldsInSchemaOrder() {
    assertThat(DiffRules.quietableFields())
        .startsWith("integration", "tenant_id", "external_id")
        .endsWith("last_login_at", "status_changed_at", "activated_at")
        .contains("status", "status_category", "licenses", "languages")
        .doesNotContain("id", "integrated_account_id", "observed_at", "remote_data");
  }

  @Test
  void theQuietFieldsCannotBeChangedAfterwards() {
    Set<String> fields = new HashSet<>(Set.of("updated_at"));
    DiffRules rules = new DiffRules(fields, false);
    fields.add("title");
    assertThat(rules.isQuiet("title")).isFalse();
    assertThatThrownBy(() -> rules.quietFields().add("bio"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
