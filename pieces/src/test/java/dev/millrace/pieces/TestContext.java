package dev.millrace.pieces;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.piece.Action;
import dev.millrace.piece.ActionContext;
import dev.millrace.piece.Inputs;
import dev.millrace.piece.KeyValueStore;
import dev.millrace.piece.MemoryStore;
import dev.millrace.piece.OutboundHttp;
import dev.millrace.piece.PauseRequested;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceException;
import dev.millrace.piece.StepLog;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link ActionContext} for tests, with real plumbing: a {@link MemoryStore}, a {@link
 * PlainHttp} that really sends requests, a fixed clock, and inputs checked against the action's
 * props (defaults applied) as the engine does.
 */
public final class TestContext implements ActionContext {
  /** The clock every test context starts at. */
  public static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

  private static final JsonMapper RELAXED =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .build();
  private static final PlainHttp HTTP = new PlainHttp();

  private final Action action;
  private final Inputs inputs;
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private String runId = "run-1";
  private String stepPath = "step";
  private KeyValueStore store = new MemoryStore("run-1", "flow-1", "project-1");
  private OutboundHttp http = HTTP;
  private Instant now = NOW;
  private JsonNode responded;

  private TestContext(Action action, Inputs inputs) {
    this.action = action;
    this.inputs = inputs;
  }

  /**
   * A context for {@code piece.action} with inputs written as relaxed JSON ({@code {a: 1, b:
   * 'x'}}), checked against the action's props.
   */
  public static TestContext of(Piece piece, String action, String inputs) {
    Action found =
        piece.actions().stream()
            .filter(a -> a.name().equals(action))
            .findFirst()
            .orElseThrow(() -> new AssertionError(piece.name() + " has no action " + action));
    return new TestContext(found, Inputs.check(found.props(), (ObjectNode) json(inputs)));
  }

  /** Runs {@code piece.action} with these inputs and returns its output. */
  public static JsonNode run(Piece piece, String action, String inputs) {
    return of(piece, action, inputs).run();
  }

  /** Runs it and returns the PieceException it must throw. */
  public static PieceException failure(Piece piece, String action, String inputs) {
    return of(piece, action, inputs).failure();
  }

  /** Relaxed JSON: unquoted names and single quotes allowed. */
  public static JsonNode json(String text) {
    try {
      return RELAXED.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  public TestContext store(KeyValueStore store) {
    this.store = store;
    return this;
  }

  public TestContext now(Instant now) {
    this.now = now;
    return this;
  }

  public TestContext http(OutboundHttp http) {
    this.http = http;
    return this;
  }

  public TestContext ids(String runId, String stepPath) {
    this.runId = runId;
    this.stepPath = stepPath;
    return this;
  }

  public JsonNode run() {
    try {
      return action.run(this);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("unexpected checked exception", e);
    }
  }

  /** Runs the action, which must throw a PieceException. */
  public PieceException failure() {
    try {
      JsonNode out = run();
      throw new AssertionError("expected a PieceException, got output " + out);
    } catch (PieceException e) {
      return e;
    }
  }

  /** Runs the action, which must ask to pause. */
  public PauseRequested pause() {
    try {
      JsonNode out = run();
      throw new AssertionError("expected a pause, got output " + out);
    } catch (PauseRequested e) {
      return e;
    }
  }

  /** What {@link #respond} was given, or null. */
  public JsonNode responded() {
    return responded;
  }

  public List<String> logLines() {
    return List.copyOf(logLines);
  }

  @Override
  public Inputs inputs() {
    return inputs;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String stepPath() {
    return stepPath;
  }

  @Override
  public KeyValueStore store() {
    return store;
  }

  @Override
  public OutboundHttp http() {
    return http;
  }

  @Override
  public StepLog log() {
    return new StepLog() {
      @Override
      public void info(String line) {
        logLines.add("INFO " + line);
      }

      @Override
      public void warn(String line) {
        logLines.add("WARN " + line);
      }
    };
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public void respond(JsonNode response) {
    this.responded = response;
  }
}
