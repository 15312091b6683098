package dev.millrace.piece;

import java.util.List;

/** A kind of trigger a piece offers, e.g. {@code webhook}; the app does the listening. */
public record TriggerDefinition(String name, String description, List<Prop> settings) {
  public TriggerDefinition {
    settings = List.copyOf(settings);
  }
}
