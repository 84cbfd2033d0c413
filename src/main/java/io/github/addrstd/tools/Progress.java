package io.github.addrstd.tools;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a long command on stderr: a line at every tenth of the work (lines, not a redrawn
 * bar, because the bin/ scripts run the JVM under Maven, which passes output on line by line), with
 * the elapsed time and an estimate of what is left. Off unless {@code -Daddrstd.progress=true} (the
 * bin/ scripts set it), so tests and pipelines stay quiet.
 */
final class Progress {

    private final String what;
    private final long total;
    private final PrintStream out;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private int lastTenth;

    Progress(String what, long total) {
        this(what, total, System.err, Boolean.getBoolean("addrstd.progress"));
    }

    Progress(String what, long total, PrintStream out, boolean enabled) {
        this.what = what;
        this.total = total;
        this.out = out;
        this.enabled = enabled && total > 0;
    }

    /** Reports that {@code done} of the total are done; prints when a new tenth is reached. */
    void update(long done) {
        int tenth = (int) Math.min(10, done * 10 / Math.max(1, total));
        if (!enabled || tenth <= lastTenth) {
            return;
        }
        lastTenth = tenth;
        out.println(line(done, System.nanoTime() - started));
    }

    String line(long done, long elapsedNanos) {
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(elapsedNanos);
        long left =
                done == 0 ? -1 : Math.round((double) elapsedNanos * (total - done) / done / 1e9);
        return String.format(
                "%s: %3d %% (%,d of %,d), %d s elapsed%s",
                what,
                done * 100 / total,
                done,
                total,
                elapsed,
                done >= total ? "" : left < 0 ? "" : ", about " + left + " s left");
    }
}
