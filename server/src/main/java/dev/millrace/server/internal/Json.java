package dev.millrace.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/** The app's one ObjectMapper (Jackson 2, ISO-8601 instants) and Javalin's view of it. */
public final class Json implements io.javalin.json.JsonMapper {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses text from the database; null stays null. */
  public static JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON text for a jsonb parameter; a missing node or JSON null becomes SQL NULL. */
  public static String text(JsonNode node) {
    if (node == null || node instanceof NullNode || node.isMissingNode()) {
      return null;
    }
    return write(node);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toJsonString(Object obj, Type type) {
    return write(obj);
  }

  @Override
  public <T> T fromJsonString(String json, Type type) {
    try {
      return MAPPER.readValue(json, MAPPER.constructType(type));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public <T> T fromJsonStream(InputStream json, Type type) {
    try {
      return MAPPER.readValue(json, MAPPER.constructType(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
