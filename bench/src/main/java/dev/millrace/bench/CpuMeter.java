package dev.millrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time (user + system, from {@code /proc/PID/stat}) spent by named groups of processes between
 * {@link #start} and {@link #report}: where a CPU-bound benchmark's time goes, per process, without
 * a profiler. Linux only; a group whose processes cannot be read counts zero.
 */
final class CpuMeter {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux we run on

  private final Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
  private final Map<String, Long> before = new LinkedHashMap<>();

  /** Adds a group whose member pids are looked up at each reading. */
  CpuMeter group(String name, Supplier<List<Long>> pids) {
    groups.put(name, pids);
    return this;
  }

  /** The pids of processes whose command line contains {@code text}. */
  static List<Long> matching(String text) {
    try (var procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> commandLine(p).contains(text))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  void start() {
    groups.forEach((name, pids) -> before.put(name, ticks(pids.get())));
  }

  /** One line: each group's CPU milliseconds per unit of work ({@code units} done since start). */
  String report(long units, String unit) {
    var line = new StringBuilder("cpu per " + unit + ":");
    long total = 0;
    for (var e : groups.entrySet()) {
      long spent = ticks(e.getValue().get()) - before.getOrDefault(e.getKey(), 0L);
      total += spent;
      line.append(String.format(" %s %.2f ms,", e.getKey(), millis(spent) / units));
    }
    line.append(String.format(" all %.2f ms", millis(total) / units));
    return line.toString();
  }

  private static double millis(long ticks) {
    return ticks * 1000.0 / TICKS_PER_SECOND;
  }

  private static long ticks(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      } catch (IOException | RuntimeException e) {
        // the process ended: its time is lost to this reading
      }
    }
    return sum;
  }

  private static String commandLine(Path proc) {
    try {
      return Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
