package dev.millrace.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.millrace.flow.template.Scope;
import java.util.HashMap;
import java.util.Map;

/**
 * What templates see at one point of a run: the run-wide names ({@code trigger}, {@code vars},
 * {@code run}), the outputs of steps so far, and inside a loop its {@code item} and {@code index}.
 * A loop iteration gets a child frame, so its steps' outputs stay local to the iteration.
 */
final class Frame implements Scope {
  private final Frame parent;
  private final Map<String, JsonNode> globals;
  private final Map<String, JsonNode> outputs = new HashMap<>();
  private final JsonNode item;
  private final int index;

  private Frame(Frame parent, Map<String, JsonNode> globals, JsonNode item, int index) {
    this.parent = parent;
    this.globals = globals;
    this.item = item;
    this.index = index;
  }

  static Frame root(Map<String, JsonNode> globals) {
    return new Frame(null, globals, null, -1);
  }

  Frame iteration(JsonNode loopItem, int loopIndex) {
    return new Frame(this, globals, loopItem, loopIndex);
  }

  void bind(String stepName, JsonNode output) {
    outputs.put(stepName, output);
  }

  @Override
  public JsonNode lookup(String name) {
    for (Frame frame = this; frame != null; frame = frame.parent) {
      JsonNode output = frame.outputs.get(name);
      if (output != null) {
        return output;
      }
      if (frame.item != null) {
        if (name.equals("item")) {
          return frame.item;
        }
        if (name.equals("index")) {
          return IntNode.valueOf(frame.index);
        }
      }
    }
    return globals.get(name);
  }
}
