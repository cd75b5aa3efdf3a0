package dev.roster.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged while open (at the levels logback-test.xml lets through), with stack
 * traces.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root =
      ((LoggerContext) LoggerFactory.getILoggerFactory())
          .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Every captured line: logger, level, message, and the stack trace if any. */
  public List<String> lines() {
    return appender.list.stream()
        .map(
            event ->
                event.getLevel()
                    + " "
                    + event.getLoggerName()
                    + " "
                    + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
  }
}
