package dev.millrace.bench.dbos;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import java.sql.DriverManager;
import java.util.Arrays;

/**
 * The DBOS side of {@code ./scripts/bench steps}: a workflow of 40 trivial steps, each checkpointed
 * by DBOS in PostgreSQL before the next starts, run one at a time after warm-up. Runs on JDK 17 in
 * its own process (started by StepsBench); the last line is {@code dbos-result MS_PER_STEP RUN_MS}.
 * Its system database, {@code dbos_bench}, is created for the run and dropped afterwards.
 *
 * <p>Arguments: a PostgreSQL server URL ending in "/" (for example {@code
 * jdbc:postgresql://127.0.0.1:5432/}), user, warm-up runs, measured runs.
 */
public final class DbosSteps {
  static final int STEPS = 40;

  /** The workflow's interface: DBOS wraps the implementation in a durable proxy. */
  public interface Chain {
    int run(int n);
  }

  /** 40 steps, each adding 1 to the previous step's result. */
  public static final class ChainImpl implements Chain {
    private final DBOS dbos;

    ChainImpl(DBOS dbos) {
      this.dbos = dbos;
    }

    @Override
    @Workflow(name = "chain")
    public int run(int n) {
      int value = n;
      for (int i = 0; i < STEPS; i++) {
        int previous = value;
        value = dbos.runStep(() -> previous + 1, "s" + i);
      }
      return value;
    }
  }

  private DbosSteps() {}

  public static void main(String[] args) throws Exception {
    String server = args[0];
    String user = args[1];
    int warmup = Integer.parseInt(args[2]);
    int measured = Integer.parseInt(args[3]);
    String database = "dbos_bench";
    try (var connection = DriverManager.getConnection(server + "postgres?user=" + user);
        var exists =
            connection
                .prepareStatement("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")
                .executeQuery()) {
      if (!exists.next()) {
        connection.createStatement().execute("CREATE DATABASE " + database);
      }
    }
    DBOSConfig config =
        DBOSConfig.defaults("millrace-bench")
            .withDatabaseUrl(server + database)
            .withDbUser(user)
            .withDbPassword("")
            .disableAdminServer();
    try (DBOS dbos = new DBOS(config)) {
      Chain chain = dbos.registerProxy(Chain.class, new ChainImpl(dbos));
      dbos.launch();
      for (int i = 0; i < warmup; i++) {
        check(chain.run(i), i);
      }
      long[] nanos = new long[measured];
      for (int i = 0; i < measured; i++) {
        long start = System.nanoTime();
        int result = chain.run(i);
        nanos[i] = System.nanoTime() - start;
        check(result, i);
      }
      Arrays.sort(nanos);
      double runMs = nanos[nanos.length / 2] / 1e6;
      System.out.printf(
          "dbos %d steps: p50 %.3f ms per step (run p50 %.2f ms, %d runs after %d warm-up, %s)%n",
          STEPS, runMs / STEPS, runMs, measured, warmup, System.getProperty("java.version"));
      System.out.printf("dbos-result %.4f %.3f%n", runMs / STEPS, runMs);
    } finally {
      try (var connection = DriverManager.getConnection(server + "postgres?user=" + user)) {
        connection.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  private static void check(int result, int n) {
    if (result != n + STEPS) {
      throw new IllegalStateException("workflow returned " + result + ", expected " + (n + STEPS));
    }
  }
}
