package io.github.addrstd.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The TaskManager process's resident memory and its container's memory limit, read from Linux's
 * {@code /proc} and cgroup files. The JVM's own metrics see only the heap and what the JVM
 * allocates; libtorch's weights, activations and allocator caches live outside both, so the
 * kernel's out-of-memory killer is the first to notice them. {@code -1} where a value cannot be
 * read (not Linux) or there is no limit.
 *
 * <p>Every subtask of a TaskManager registers these gauges over one shared instance, so a scrape
 * would read the same files once per subtask; a value read less than {@link #MAX_AGE_NANOS} ago is
 * reused instead.
 */
public final class ProcessMemory {

    /** cgroup v2, then v1. */
    private static final List<Path> LIMIT_FILES =
            List.of(
                    Path.of("/sys/fs/cgroup/memory.max"),
                    Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"));

    /** cgroup v1 writes "no limit" as a number close to Long.MAX_VALUE, rounded to a page. */
    private static final long UNLIMITED_FROM = 1L << 62;

    /** How long a value read from the files is reused: well under any scrape interval. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final Path status;
    private final List<Path> limitFiles;
    private final LongSupplier nanoClock;
    private final Cached resident = new Cached();
    private final Cached limit = new Cached();

    public ProcessMemory() {
        this(Path.of("/proc/self/status"), LIMIT_FILES, System::nanoTime);
    }

    ProcessMemory(Path status, List<Path> limitFiles, LongSupplier nanoClock) {
        this.status = status;
        this.limitFiles = limitFiles;
        this.nanoClock = nanoClock;
    }

    /** Resident set size of this process in bytes ({@code VmRSS}), or -1. */
    public long residentBytes() {
        return resident.get(nanoClock.getAsLong(), this::readResidentBytes);
    }

    /** The container's (cgroup's) memory limit in bytes, or -1 when there is none. */
    public long limitBytes() {
        return limit.get(nanoClock.getAsLong(), this::readLimitBytes);
    }

    private long readResidentBytes() {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).strip().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format we do not know: unknown
        }
        return -1;
    }

    private long readLimitBytes() {
        for (Path file : limitFiles) {
            try {
                String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (value.equals("max")) {
                    return -1;
                }
                long limit = Long.parseLong(value);
                return limit >= UNLIMITED_FROM ? -1 : limit;
            } catch (IOException | RuntimeException e) {
                // try the other cgroup version
            }
        }
        return -1;
    }

    /** A value and when it was read; a racing second read is harmless. */
    private static final class Cached {
        private volatile long value;
        private volatile long readAt;
        private volatile boolean present;

        long get(long now, LongSupplier read) {
            if (!present || now - readAt >= MAX_AGE_NANOS) {
                value = read.getAsLong();
                readAt = now;
                present = true;
            }
            return value;
        }
    }
}
