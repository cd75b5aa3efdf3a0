package dev.roster.config;

import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;

/** Renders a {@link ConfigDef} as Markdown tables, one per group. */
final class ConfigDocumentation {

  private ConfigDocumentation() {}

  static String markdown(ConfigDef definition) {
    StringBuilder out = new StringBuilder();
    String group = null;
    for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
      if (!Objects.equals(group, key.group)) {
        group = key.group;
        out.append(out.isEmpty() ? "" : "\n")
            .append("### ")
            .append(group)
            .append("\n\n")
            .append("| Key | Type | Default | Valid values | Description |\n")
            .append("|---|---|---|---|---|\n");
      }
      out.append("| `")
          .append(key.name)
          .append("`<br>`")
          .append(ConfigSources.environmentVariable(key.name))
          .append("` | ")
          .append(typeName(key))
          .append(" | ")
          .append(cell(defaultValue(key)))
          .append(" | ")
          .append(cell(key.validator == null ? "" : key.validator.toString()))
          .append(" | ")
          .append(cell(key.documentation))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String typeName(ConfigDef.ConfigKey key) {
    return key.validator instanceof TextRule rule
        ? rule.typeName()
        : key.type.name().toLowerCase(Locale.ROOT);
  }

  private static String defaultValue(ConfigDef.ConfigKey key) {
    if (key.defaultValue == null) {
      return "";
    }
    String text = ConfigDef.convertToString(key.defaultValue, key.type);
    return text.isEmpty() ? "(empty)" : "`" + text + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
