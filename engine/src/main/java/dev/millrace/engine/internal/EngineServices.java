package dev.millrace.engine.internal;

import dev.millrace.engine.EngineConfig;
import dev.millrace.engine.code.CodeSandbox;
import dev.millrace.piece.OutboundHttp;

/** What every run of an engine shares. */
public record EngineServices(EngineConfig config, OutboundHttp http, CodeSandbox code) {}
