package dev.millrace.queue;

import java.util.Objects;

/** One job for {@link Queue#addBulk}: a name, data as JSON text, and options. */
public record NewJob(String name, String dataJson, JobOptions opts) {
  public NewJob {
    Objects.requireNonNull(name, "name");
    dataJson = dataJson == null ? "{}" : dataJson;
    opts = opts == null ? JobOptions.DEFAULT : opts;
  }

  public static NewJob of(String name, String dataJson) {
    return new NewJob(name, dataJson, JobOptions.DEFAULT);
  }
}
