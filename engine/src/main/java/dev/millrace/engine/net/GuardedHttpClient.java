package dev.millrace.engine.net;

import dev.millrace.piece.OutboundHttp;
import java.io.IOException;

/** STUB: to be implemented (network guard). */
public final class GuardedHttpClient implements OutboundHttp, AutoCloseable {
  public GuardedHttpClient(EgressConfig config) {}

  @Override
  public Reply send(Call call) throws IOException {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public void close() {}
}
