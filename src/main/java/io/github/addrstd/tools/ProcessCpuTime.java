package io.github.addrstd.tools;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this JVM has used, all threads together: what the benchmarks set against the CPU
 * time of the threads they time, to account for everything else a run costs on the same cores (the
 * embedded broker, the benchmark's own producer and reader, the JIT compiler, the collector).
 */
public final class ProcessCpuTime {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpuTime() {}

    /** Nanoseconds of CPU used by the process so far; -1 where the platform cannot say. */
    public static long nanos() {
        return OS.getProcessCpuTime();
    }
}
