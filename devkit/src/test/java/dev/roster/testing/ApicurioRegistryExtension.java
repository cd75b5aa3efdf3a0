package dev.roster.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Shares one {@link ApicurioRegistry} server among all test classes of the test JVM: it starts with
 * the first class annotated {@code @ExtendWith(ApicurioRegistryExtension.class)} and stops when the
 * test engine finishes. Tests get it as an {@link ApicurioRegistry} parameter or from {@link
 * #registry()}.
 */
public final class ApicurioRegistryExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ApicurioRegistryExtension.class);

  private static volatile ApicurioRegistry running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                ApicurioRegistry.class, type -> ApicurioRegistry.start(), ApicurioRegistry.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApicurioRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    beforeAll(context); // with @TestInstance(PER_CLASS) a constructor parameter is resolved before
    // beforeAll
    return running;
  }

  /**
   * The shared server; the test class must be extended with
   * {@code @ExtendWith(ApicurioRegistryExtension.class)}.
   */
  public static ApicurioRegistry registry() {
    ApicurioRegistry registry = running;
    if (registry == null) {
      throw new IllegalStateException(
          "No Apicurio registry: annotate the test class with @ExtendWith(ApicurioRegistryExtension.class)");
    }
    return registry;
  }
}
