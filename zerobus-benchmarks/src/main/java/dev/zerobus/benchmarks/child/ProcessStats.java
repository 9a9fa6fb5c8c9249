package dev.zerobus.benchmarks.child;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resource use of the current process: CPU of all its threads (native ones too), peak RSS and heap peaks. */
final class ProcessStats {

    private final com.sun.management.OperatingSystemMXBean os;

    ProcessStats() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean)) {
            throw new IllegalStateException("this JVM does not report process CPU time");
        }
        this.os = bean;
    }

    /** CPU time of the whole process in nanoseconds, as the OS accounts it (includes threads the JVM did not start). */
    long processCpuNanos() {
        long cpu = os.getProcessCpuTime();
        if (cpu < 0) {
            throw new IllegalStateException("process CPU time is not available on this platform");
        }
        return cpu;
    }

    /** The peak resident set size in KiB (VmHWM from /proc/self/status), or -1 where /proc is missing. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(
                            line.substring("VmHWM:".length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Heap in use after the most recent garbage collection (summed over the heap pools), i.e. what the client keeps
     * alive rather than how much garbage it has made; the heap in use now if no collection has run yet.
     */
    static long heapAfterGcBytes() {
        long sum = 0;
        boolean collected = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
                collected |= pool.getCollectionUsage().getCommitted() > 0;
            }
        }
        return collected
                ? sum
                : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
