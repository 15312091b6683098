package dev.millrace.engine.code;

import com.fasterxml.jackson.databind.JsonNode;

/** STUB: to be implemented (GraalJS sandbox). */
public final class CodeSandbox implements AutoCloseable {
  public CodeSandbox(CodeLimits limits) {}

  /**
   * Runs one code step and returns its JSON result.
   *
   * @throws CodeException when the code throws, breaks a limit, or returns something not JSON
   */
  public JsonNode run(CodeCall call) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public void close() {}
}
