package io.github.addrstd.local;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DeviceSpec;
import io.github.addrstd.model.PaddingCounter;
import io.github.addrstd.tools.BenchmarkCommand;

import org.apache.flink.configuration.Configuration;

import java.util.List;
import java.util.Optional;

/**
 * The job's own model alone, what {@code bin/bench pipeline} compares the whole job with: loaded
 * once, warmed up, and timed at the job's batch size around each run, on every address of the job's
 * file ({@code BenchmarkCommand.callerBatches}).
 *
 * <p>A freshly loaded TorchScript model is not at its speed for its first 15-25 seconds (libtorch
 * profiles and specializes each new input shape): timed for 5 seconds after a few batches, as it
 * was, the same predictor read 1,650-1,850 addresses/s where it settles at 2,000-2,400 on the
 * 2-core machine, and the ratio of the job to it drifted with the luck of each load. Held warm for
 * the whole benchmark, it costs the job nothing while idle.
 */
final class RawPredictorBaseline implements AutoCloseable {

    private final AddressTagger tagger;
    private final PaddingCounter padding = new PaddingCounter();
    private final List<String> addresses;
    private final int batchSize;
    private final int concurrency;
    private final double seconds;
    private double paddingRatio = Double.NaN;

    /**
     * @param seconds how long each caller count is timed in {@link #measure}
     */
    RawPredictorBaseline(List<String> addresses, Configuration jobConf, double seconds) {
        this.tagger =
                AddressStandardizationJob.taggerFactory(jobConf)
                        .create(
                                DeviceSpec.parse(jobConf.get(AddressJobOptions.DEVICE))
                                        .resolve(Optional.empty()),
                                padding);
        this.addresses = addresses;
        this.batchSize = jobConf.get(AddressJobOptions.BATCH_MAX_SIZE);
        this.concurrency = jobConf.get(AddressJobOptions.BATCH_CONCURRENCY);
        this.seconds = seconds;
    }

    /** Runs the predictor as the job's workers would for {@code warmupSeconds}, unreported. */
    void warmUp(double warmupSeconds) throws Exception {
        BenchmarkCommand.BatchTimes times =
                BenchmarkCommand.timeBatches(
                        tagger, addresses, batchSize, warmupSeconds, 0, concurrency);
        System.out.printf(
                "raw predictor warm-up, %.0f s: %.0f addresses/s%n",
                warmupSeconds, times.addressesPerSecond());
    }

    /**
     * The predictor at its best at the job's batch size: one caller, and as many callers at once as
     * the job runs batches (batch.concurrency), whichever is faster.
     */
    BenchmarkCommand.BatchTimes measure(String when) throws Exception {
        BenchmarkCommand.BatchTimes best = null;
        for (int callers : concurrency > 1 ? List.of(1, concurrency) : List.of(1)) {
            padding.reset();
            BenchmarkCommand.BatchTimes times =
                    BenchmarkCommand.timeBatches(tagger, addresses, batchSize, seconds, 0, callers);
            System.out.printf(
                    "%s: raw predictor, batch %d, %d caller(s) at once, same addresses: %.0f"
                            + " addresses/s, %.0f µs CPU an address, padding ratio (real/padded)"
                            + " %.2f%n",
                    when,
                    batchSize,
                    callers,
                    times.addressesPerSecond(),
                    times.processCpuMicrosPerAddress(),
                    padding.ratio());
            if (best == null || times.addressesPerSecond() > best.addressesPerSecond()) {
                best = times;
                paddingRatio = padding.ratio();
            }
        }
        return best;
    }

    /** Real tokens over padded tokens in the passes of the last {@link #measure}'s best. */
    double paddingRatio() {
        return paddingRatio;
    }

    @Override
    public void close() {
        tagger.close();
    }
}
