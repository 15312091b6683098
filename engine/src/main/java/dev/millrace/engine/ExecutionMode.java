package dev.millrace.engine;

/** How code steps are isolated from the host ({@code MILLRACE_EXECUTION_MODE}). */
public enum ExecutionMode {
  /**
   * Code steps run in GraalJS without host access, but without resource limits. Trusted installs
   * only.
   */
  UNSANDBOXED,
  /** Code steps run in a fresh, limited GraalJS context on a shared engine. The default. */
  SANDBOX_CODE_ONLY,
  /**
   * Each run executes in a child process under OS isolation (not available yet; refuses to start).
   */
  SANDBOX_PROCESS
}
