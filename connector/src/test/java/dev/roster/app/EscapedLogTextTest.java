package dev.roster.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscapedLogTextTest {

  @Test
  void lineBreaksAndOtherControlsAreEscapedTabsAndTextStay() {
    assertThat(EscapedLogText.escape("user a\nINFO forged\r\u001b[31m\u2028\u202e\tok é"))
        .isEqualTo("user a\\nINFO forged\\r\\u001b[31m\\u2028\\u202e\tok é");
    String clean = "nothing to escape: \t é 中";
    assertThat(EscapedLogText.escape(clean)).isSameAs(clean);
  }

  @Test
  void theTextFormatOfLogbackXmlPrintsOneLinePerEventWhateverItsValuesHold() throws JoranException {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> text =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("text");
    LoggingEvent event =
        new LoggingEvent(
            "test",
            context.getLogger("dev.roster.poll.PollRunner"),
            Level.WARN,
            "Account {}: user {} listed twice",
            null,
            new Object[] {"acct\n1", "u-1\n12:00:00.000 ERROR [main] dev.roster - forged"});
    event.setMDCPropertyMap(Map.of("account", "acct\r\n1"));

    String line = new String(text.getEncoder().encode(event), StandardCharsets.UTF_8);

    assertThat(line.lines()).hasSize(1);
    assertThat(line)
        .contains(" account=acct\\r\\n1 - Account acct\\n1: user u-1\\n12:00:00.000 ERROR")
        .endsWith(System.lineSeparator());
  }
}
