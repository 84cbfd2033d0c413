package io.github.addrstd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

class ProcessCpuTimeTest {

    @Test
    void countsAtLeastTheCpuOneOfItsThreadsBurns() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = ProcessCpuTime.nanos();
        long threadBefore = threads.getCurrentThreadCpuTime();
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() - threadBefore < 300_000_000L) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime()); // busy
        }
        long spent = ProcessCpuTime.nanos() - before;
        assertThat(sink).isNotNegative();
        // The process clock ticks in 10 ms steps.
        assertThat(spent).isGreaterThan(280_000_000L);
    }
}
