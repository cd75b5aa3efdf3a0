package dev.roster.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads a generated class from data written with any compatible schema, decoding arrays into {@link
 * ArrayList}s. Lists and maps are never pre-sized from the count the body declares.
 *
 * <p>Why plain lists: Avro's default {@code GenericData.Array} compares its elements with the plain
 * {@code GenericData} model, which knows no logical-type conversions, so {@code equals} on a
 * decoded User whose licenses carry a timestamp throws "Unknown datum type java.time.Instant". With
 * plain lists, equality is the generated classes' own field-by-field equality.
 */
public final class SpecificRecordReader<T> extends SpecificDatumReader<T> {

  private static final Map<Class<?>, SpecificData> MODELS = new ConcurrentHashMap<>();

  public SpecificRecordReader(Schema writer, Class<T> type) {
    this(writer, model(type), type);
  }

  private SpecificRecordReader(Schema writer, SpecificData model, Class<T> type) {
    super(writer, model.getSchema(type), model);
  }

  /**
   * Not sized from the wire's count, which the body declares: {@link AvroBodyBounds} has checked it
   * against the bytes left, and a list or map grows as its items are actually read.
   */
  @Override
  protected Object newMap(Object old, int size) {
    if (old instanceof Map<?, ?> reusable) {
      reusable.clear();
      return reusable;
    }
    return new HashMap<>();
  }

  /** The generated class's own model (its logical-type conversions), with plain-list arrays. */
  private static SpecificData model(Class<?> type) {
    return MODELS.computeIfAbsent(
        type,
        key -> {
          SpecificData generated = SpecificData.getForClass(key);
          SpecificData model =
              new SpecificData(key.getClassLoader()) {
                @Override
                public Object newArray(Object old, int size, Schema schema) {
                  if (old instanceof Collection<?> reusable) {
                    reusable.clear();
                    return reusable;
                  }
                  // Not sized from the wire's count: see newMap.
                  return new ArrayList<>();
                }
              };
          generated.getConversions().forEach(model::addLogicalTypeConversion);
          return model;
        });
  }
}
