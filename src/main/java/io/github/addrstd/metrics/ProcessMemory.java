package io.github.addrstd.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The TaskManager process's resident memory and its container's memory limit, read from Linux's
 * {@code /proc} and cgroup files. The JVM's own metrics see only the heap and what the JVM
 * allocates; libtorch's weights, activations and allocator caches live outside both, so the
 * kernel's out-of-memory killer is the first to notice them. {@code -1} where a value cannot be
 * read (not Linux) or there is no limit.
 */
public final class ProcessMemory {

    /** cgroup v2, then v1. */
    private static final List<Path> LIMIT_FILES =
            List.of(
                    Path.of("/sys/fs/cgroup/memory.max"),
                    Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"));

    /** cgroup v1 writes "no limit" as a number close to Long.MAX_VALUE, rounded to a page. */
    private static final long UNLIMITED_FROM = 1L << 62;

    private final Path status;
    private final List<Path> limitFiles;

    public ProcessMemory() {
        this(Path.of("/proc/self/status"), LIMIT_FILES);
    }

    ProcessMemory(Path status, List<Path> limitFiles) {
        this.status = status;
        this.limitFiles = limitFiles;
    }

    /** Resident set size of this process in bytes ({@code VmRSS}), or -1. */
    public long residentBytes() {
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

    /** The container's (cgroup's) memory limit in bytes, or -1 when there is none. */
    public long limitBytes() {
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
}
