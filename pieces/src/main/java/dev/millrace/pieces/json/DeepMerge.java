package dev.millrace.pieces.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Merges objects deeply: where both sides hold an object under a key the two are merged, anywhere
 * else the later value wins (arrays are replaced, not concatenated; a null replaces too).
 */
final class DeepMerge {
  private DeepMerge() {}

  /** Merges {@code source} into {@code target} in place and returns it. */
  static ObjectNode into(ObjectNode target, ObjectNode source) {
    for (var field : source.properties()) {
      JsonNode mine = target.get(field.getKey());
      JsonNode theirs = field.getValue();
      if (mine instanceof ObjectNode mineObject && theirs instanceof ObjectNode theirsObject) {
        into(mineObject, theirsObject);
      } else {
        target.set(field.getKey(), theirs.deepCopy());
      }
    }
    return target;
  }
}
