package dev.millrace.engine.net;

/** What flows may reach on the network ({@code MILLRACE_NETWORK_MODE}). */
public enum NetworkMode {
  /** Public addresses only, unless allow-listed; the default. */
  STRICT,
  /** No filtering: for trusted single-tenant installs. */
  UNRESTRICTED
}
