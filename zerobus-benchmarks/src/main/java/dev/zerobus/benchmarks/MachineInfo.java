package dev.zerobus.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run was measured on, for the report.
 *
 * @param processors available processors
 * @param cpuModel CPU model name from /proc/cpuinfo, or {@code unknown}
 * @param memory total memory from /proc/meminfo, or {@code unknown}
 * @param os operating system name, version and architecture
 * @param jvm JVM name and version
 * @param loadBefore the load averages (1, 5, 15 min) when the run started, or {@code unknown}
 * @param loadAfter the load averages when it ended, or {@code unknown}
 */
public record MachineInfo(
        int processors, String cpuModel, String memory, String os, String jvm, String loadBefore, String loadAfter) {

    /** The machine now; {@link #loadAfter()} is filled in by {@link #withLoadNow()} at the end of the run. */
    public static MachineInfo current() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name"),
                procField("/proc/meminfo", "MemTotal"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                loadAverage(),
                "unknown");
    }

    public MachineInfo withLoadNow() {
        return new MachineInfo(processors, cpuModel, memory, os, jvm, loadBefore, loadAverage());
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String procField(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
