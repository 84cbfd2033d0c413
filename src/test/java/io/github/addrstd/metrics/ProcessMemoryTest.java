package io.github.addrstd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class ProcessMemoryTest {

    @Test
    void readsThisProcessOnLinux() {
        long rss = new ProcessMemory().residentBytes();
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            // This JVM holds at least its loaded classes resident, and less than the machine.
            assertThat(rss).isGreaterThan(10L << 20).isLessThan(1L << 42);
        } else {
            assertThat(rss).isEqualTo(-1);
        }
    }

    @Test
    void cgroupLimitsAndTheirAbsence(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmRSS:\t  2048 kB\nThreads:\t80\n");
        Path v2 = dir.resolve("memory.max");
        Path v1 = dir.resolve("memory.limit_in_bytes");

        Files.writeString(v2, "4294967296\n");
        ProcessMemory limited = files(status, List.of(v2, v1));
        assertThat(limited.residentBytes()).isEqualTo(2048 * 1024);
        assertThat(limited.limitBytes()).isEqualTo(4294967296L);

        Files.writeString(v2, "max\n");
        assertThat(files(status, List.of(v2, v1)).limitBytes()).isEqualTo(-1);

        Files.delete(v2);
        Files.writeString(v1, "9223372036854771712\n");
        assertThat(files(status, List.of(v2, v1)).limitBytes())
                .as("cgroup v1's 'no limit'")
                .isEqualTo(-1);
        Files.writeString(v1, "2147483648\n");
        assertThat(files(status, List.of(v2, v1)).limitBytes()).isEqualTo(2147483648L);

        assertThat(files(dir.resolve("absent"), List.of()).residentBytes()).isEqualTo(-1);
    }

    @Test
    void aValueIsReadAgainOnlyAfterASecond(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "VmRSS:\t  2048 kB\n");
        long[] now = {0};
        ProcessMemory memory = new ProcessMemory(status, List.of(), () -> now[0]);
        assertThat(memory.residentBytes()).isEqualTo(2048 * 1024);

        Files.writeString(status, "VmRSS:\t  4096 kB\n");
        now[0] = ProcessMemory.MAX_AGE_NANOS - 1;
        assertThat(memory.residentBytes())
                .as("within the second: the value read")
                .isEqualTo(2048 * 1024);
        now[0] = ProcessMemory.MAX_AGE_NANOS;
        assertThat(memory.residentBytes()).isEqualTo(4096 * 1024);
    }

    /** Reads the files on every call. */
    private static ProcessMemory files(Path status, List<Path> limitFiles) {
        long[] tick = {0};
        return new ProcessMemory(status, limitFiles, () -> tick[0] += ProcessMemory.MAX_AGE_NANOS);
    }
}
