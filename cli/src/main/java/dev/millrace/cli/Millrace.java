package dev.millrace.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code millrace} command. */
@Command(
    name = "millrace",
    mixinStandardHelpOptions = true,
    version = "millrace 0.1.0",
    description = "Runs automation flows: locally, or as an app with a fleet of workers.",
    subcommands = {
      DevCommand.class,
      ServerCommand.class,
      WorkerCommand.class,
      RunCommand.class,
      ValidateCommand.class,
      dev.millrace.cli.queue.QueueCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Millrace implements Runnable {
  /** Exit code for a run that ended FAILED, CANCELLED or TIMED_OUT. */
  static final int EXIT_RUN_FAILED = 1;

  /** Exit code for a usage error or an invalid flow. */
  static final int EXIT_INVALID = 2;

  /** Exit code for a run left PAUSED (waiting for an approval, say). */
  static final int EXIT_PAUSED = 3;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this in process). */
  public static int execute(String... args) {
    return new CommandLine(new Millrace())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println("millrace: " + e.getMessage());
              return EXIT_INVALID;
            })
        .execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
