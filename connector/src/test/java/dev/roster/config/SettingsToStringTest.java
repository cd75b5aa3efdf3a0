package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.registry.RegistryClientConfig;
import dev.roster.sim.SimulatorConfig;
import dev.roster.truto.ApiToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/**
 * No settings type prints a secret. Every record under {@code dev.roster} whose components hold a
 * secret — found by reflection over the compiled classes, not listed by hand, so a new one cannot
 * be forgotten — is built with a known secret in each such component, and its {@code toString()}
 * must not contain it.
 *
 * <p>A component holds a secret when it is an {@link ApiToken} or a {@link Password}; text named
 * like a credential (token, secret, password, user info, authorization, JAAS); a map of Kafka
 * client or configuration values (…Props, …Properties, values), which carries sasl.jaas.config and
 * the like; or a record that holds one.
 */
class SettingsToStringTest {

  private static final String SECRET = "S3CRET-5ee1d7";
  private static final Pattern SECRET_TEXT_NAME =
      Pattern.compile("(?i).*(token|secret|password|userinfo|credential|authorization|jaas).*");
  private static final Pattern SECRET_MAP_NAME = Pattern.compile("(?i).*(props|properties)|values");

  @Test
  void noRecordThatHoldsASecretPrintsIt() {
    List<Class<?>> holders =
        rosterClasses().filter(Class::isRecord).filter(SettingsToStringTest::holdsSecret).toList();

    assertThat(holders)
        .extracting(Class::getName)
        .contains(
            "dev.roster.truto.TrutoClientSettings",
            "dev.roster.registry.RegistryClientConfig",
            "dev.roster.app.RosterSettings",
            "dev.roster.registry.server.EmbeddedSchemaRegistry$Settings",
            "dev.roster.sim.SimulatorConfig",
            "dev.roster.config.ConfigSources");
    assertThat(holders)
        .allSatisfy(
            type -> {
              Object built = withSecrets(type);
              assertThat(carriesSecret(built))
                  .as("%s was built with the secret", type.getName())
                  .isTrue();
              assertThat(built.toString())
                  .as("%s.toString()", type.getName())
                  .doesNotContain(SECRET);
            });
  }

  @Test
  void theApiTokenItselfPrintsMasked() {
    assertThat(ApiToken.of(SECRET).toString()).doesNotContain(SECRET);
  }

  /**
   * Every class compiled from the main code of the modules Roster runs with: the contract, the
   * connector and the dev kit (the demo's registry and simulator settings). A module is a folder of
   * classes or, once packaged, a jar.
   */
  private static Stream<Class<?>> rosterClasses() {
    return Stream.of(RegistryClientConfig.class, RosterConfig.class, SimulatorConfig.class)
        .map(SettingsToStringTest::codeSource)
        .distinct()
        .flatMap(SettingsToStringTest::classesIn);
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Stream<Class<?>> classesIn(Path location) {
    try (FileSystem jar =
        Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
      Path root = jar == null ? location : jar.getPath("/");
      try (Stream<Path> files = Files.walk(root.resolve("dev/roster"))) {
        List<Class<?>> classes =
            files
                .filter(file -> file.toString().endsWith(".class"))
                .<Class<?>>map(
                    file -> {
                      String relative = root.relativize(file).toString();
                      return load(
                          relative
                              .substring(0, relative.length() - ".class".length())
                              .replace('/', '.'));
                    })
                .toList();
        return classes.stream();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, SettingsToStringTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean holdsSecret(Class<?> record) {
    return Arrays.stream(record.getRecordComponents()).anyMatch(SettingsToStringTest::holdsSecret);
  }

  private static boolean holdsSecret(RecordComponent component) {
    Class<?> type = component.getType();
    return type == ApiToken.class
        || type == Password.class
        || (type == String.class || isOptionalText(component))
            && SECRET_TEXT_NAME.matcher(component.getName()).matches()
        || Map.class.isAssignableFrom(type)
            && SECRET_MAP_NAME.matcher(component.getName()).matches()
        || type.isRecord() && holdsSecret(type);
  }

  /**
   * An optional text; an optional of another type (the ops server's {@code Optional<BearerToken>},
   * which keeps only a digest of its token) holds no secret that could be printed.
   */
  private static boolean isOptionalText(RecordComponent component) {
    return component.getType() == Optional.class
        && component.getGenericType() instanceof ParameterizedType optional
        && optional.getActualTypeArguments()[0] == String.class;
  }

  /**
   * The record with the secret in every component that holds one; its other components from the
   * type's own defaults where it has them (a builder, defaults()), else plain samples.
   */
  private static Object withSecrets(Class<?> record) {
    Optional<Object> template = defaults(record);
    RecordComponent[] components = record.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      values[i] =
          holdsSecret(component)
              ? secretFor(component)
              : template.isPresent()
                  ? invoke(component.getAccessor(), template.get())
                  : sample(component.getType(), component.getGenericType());
    }
    try {
      Constructor<?> canonical =
          record.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot build " + record.getName() + " from " + Arrays.toString(values), e);
    }
  }

  private static Object secretFor(RecordComponent component) {
    Class<?> type = component.getType();
    if (type == ApiToken.class) {
      return ApiToken.of(SECRET);
    }
    if (type == Password.class) {
      return new Password(SECRET);
    }
    if (type == String.class) {
      return "user:" + SECRET; // the form basic auth needs, a secret all the same elsewhere
    }
    if (type == Optional.class) {
      return Optional.of("user:" + SECRET);
    }
    if (Map.class.isAssignableFrom(type)) {
      return Map.of(
          "bootstrap.servers",
          "127.0.0.1:9092",
          "sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required password=\""
              + SECRET
              + "\";",
          "ssl.keystore.password",
          SECRET,
          "truto.api-token",
          SECRET);
    }
    return withSecrets(type);
  }

  private static Object sample(Class<?> type, Type generic) {
    if (type == int.class || type == Integer.class) {
      return 1;
    }
    if (type == long.class || type == Long.class) {
      return 1L;
    }
    if (type == short.class || type == Short.class) {
      return (short) 1;
    }
    if (type == double.class || type == Double.class) {
      return 0.1;
    }
    if (type == boolean.class || type == Boolean.class) {
      return false;
    }
    if (type == String.class) {
      return "sample";
    }
    if (type == Duration.class) {
      return Duration.ofSeconds(1);
    }
    if (type == URI.class) {
      return URI.create("https://example.com");
    }
    if (type == Path.class) {
      return Path.of("sample");
    }
    if (type == InetSocketAddress.class) {
      return new InetSocketAddress("127.0.0.1", 0);
    }
    if (type == Clock.class) {
      return Clock.systemUTC();
    }
    if (type == Optional.class) {
      return Optional.empty();
    }
    if (type == Supplier.class) {
      return (Supplier<Object>) List::of;
    }
    if (Map.class.isAssignableFrom(type)) {
      return Map.of();
    }
    if (Collection.class.isAssignableFrom(type)) {
      Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
      Object one = sample((Class<?>) element, element);
      return Set.class.isAssignableFrom(type) ? Set.of(one) : List.of(one);
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    return defaults(type)
        .orElseGet(
            () -> {
              if (type.isRecord()) {
                return withSecrets(type);
              }
              throw new IllegalStateException(
                  "No sample of " + type.getName() + ": teach SettingsToStringTest one");
            });
  }

  /**
   * What the type offers as its defaults: a constant, a no-argument factory, or builder().build().
   */
  private static Optional<Object> defaults(Class<?> type) {
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == type) {
        field.setAccessible(true);
        return Optional.of(get(field));
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0) {
        method.setAccessible(true);
        if (method.getReturnType() == type) {
          return Optional.of(invoke(method, null));
        }
        if (method.getName().equals("builder")) {
          Object builder = invoke(method, null);
          return Optional.of(invoke(find(builder.getClass(), "build"), builder));
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the secret is in there somewhere, so that a toString() without it proves something. */
  private static boolean carriesSecret(Object value) {
    if (value instanceof ApiToken token) {
      return token.equals(ApiToken.of(SECRET));
    }
    if (value instanceof Password password) {
      return password.value().contains(SECRET);
    }
    if (value instanceof Optional<?> optional) {
      return optional.map(SettingsToStringTest::carriesSecret).orElse(false);
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(SettingsToStringTest::carriesSecret);
    }
    if (value != null && value.getClass().isRecord()) {
      return Arrays.stream(value.getClass().getRecordComponents())
          .anyMatch(component -> carriesSecret(invoke(component.getAccessor(), value)));
    }
    return value instanceof String text && text.contains(SECRET);
  }

  private static Method find(Class<?> type, String name) {
    try {
      Method method = type.getDeclaredMethod(name);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object get(Field field) {
    try {
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object invoke(Method method, Object target) {
    try {
      method.setAccessible(true);
      return method.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot call " + method, e);
    }
  }
}
