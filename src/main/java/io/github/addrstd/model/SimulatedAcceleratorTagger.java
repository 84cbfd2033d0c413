package io.github.addrstd.model;

import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A tagger on a {@link SimulatedAccelerator}, for benchmarks only: each forward pass pads its batch
 * as the real tagger does, takes the device's time for its padded tokens, fails as CUDA does above
 * the memory budget (and goes through the same batch splitting as the real tagger), and returns the
 * elements {@code elements} gives for each address (none by default: the standardizer then works
 * from the text alone). It keeps the time the device was busy, to measure utilization. Passes from
 * concurrent callers run one after another, as kernels queued on one CUDA stream do: a pass
 * submitted while another runs starts when that one ends, whenever its caller is next scheduled.
 */
public final class SimulatedAcceleratorTagger implements AddressTagger {

    public static final int MAX_SEQUENCE_LENGTH = 128;

    private final SimulatedAccelerator device;
    private final Function<String, TaggedElements> elements;
    private final TaggerListener listener;
    private final int padMultiple;
    private final SplittingBatchRunner runner;
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong forwardPasses = new AtomicLong();

    /** When the device finishes the passes queued so far (guarded by this). */
    private long deviceFreeAtNanos = System.nanoTime();

    public SimulatedAcceleratorTagger(
            SimulatedAccelerator device,
            Function<String, TaggedElements> elements,
            TaggerListener listener,
            int padMultiple) {
        this.device = device;
        this.elements = elements;
        this.listener = listener;
        this.padMultiple = Math.max(1, padMultiple);
        this.runner = new SplittingBatchRunner(this::forward, batchSize -> {}, listener);
    }

    /** A tagger that finds no elements: only the timing is of interest. */
    public SimulatedAcceleratorTagger(SimulatedAccelerator device, TaggerListener listener) {
        this(device, address -> new TaggedElements(List.of(), false), listener, 8);
    }

    @Override
    public List<TaggingOutcome> tag(List<String> addresses) {
        return runner.run(addresses);
    }

    private List<TaggedElements> forward(List<String> batch) {
        int longest = 0;
        long real = 0;
        for (String address : batch) {
            int tokens = estimateTokens(address);
            longest = Math.max(longest, tokens);
            real += tokens;
        }
        int padded = Math.min(MAX_SEQUENCE_LENGTH, roundUp(longest, padMultiple));
        long paddedTokens = (long) padded * batch.size();
        if (device.outOfMemory(paddedTokens)) {
            throw new IllegalStateException(
                    "CUDA out of memory (simulated: "
                            + paddedTokens
                            + " padded tokens over the budget of "
                            + device.memoryBudgetTokens()
                            + ")");
        }
        long took = device.latencyNanos(paddedTokens);
        long deadline;
        synchronized (this) {
            long now = System.nanoTime();
            long start = deviceFreeAtNanos - now > 0 ? deviceFreeAtNanos : now;
            deadline = start + took;
            deviceFreeAtNanos = deadline;
        }
        for (long left = deadline - System.nanoTime();
                left > 0;
                left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        busyNanos.addAndGet(took);
        forwardPasses.incrementAndGet();
        listener.onForwardPass(batch.size(), padded, real);
        List<TaggedElements> out = new ArrayList<>(batch.size());
        for (String address : batch) {
            out.add(elements.apply(address));
        }
        return out;
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** The simulated device time of every forward pass so far. */
    public long busyNanos() {
        return busyNanos.get();
    }

    public long forwardPasses() {
        return forwardPasses.get();
    }

    public SimulatedAccelerator device() {
        return device;
    }

    @Override
    public String modelVersion() {
        return "simulated:" + device.name();
    }

    @Override
    public int maxSequenceLength() {
        return MAX_SEQUENCE_LENGTH;
    }

    @Override
    public void close() {}
}
