package io.github.addrstd.model;

import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Runs a batch through a model call and, when the call fails, splits the batch in halves and
 * retries each half, down to single records. So a CUDA out-of-memory on a large batch costs a retry
 * instead of the batch, and a record that breaks the model fails alone. Outcomes keep the input
 * order.
 *
 * <p>Not split: a CUDA error other than out-of-memory (an illegal memory access, a device-side
 * assert) leaves the CUDA context unusable, so every later call fails too; retrying halves would
 * only multiply the failing calls by the batch size. The whole batch fails at once and the circuit
 * breaker decides.
 */
final class SplittingBatchRunner {

    /** One forward pass over a batch; throws when the model fails. */
    @FunctionalInterface
    interface ModelCall {
        List<TaggedElements> run(List<String> batch) throws Exception;
    }

    /** Called before retrying, e.g. to free the CUDA caching allocator's memory after an OOM. */
    @FunctionalInterface
    interface OutOfMemoryHandler {
        void onOutOfMemory(int batchSize);
    }

    private final ModelCall call;
    private final OutOfMemoryHandler onOutOfMemory;
    private final TaggerListener listener;

    SplittingBatchRunner(
            ModelCall call, OutOfMemoryHandler onOutOfMemory, TaggerListener listener) {
        this.call = call;
        this.onOutOfMemory = onOutOfMemory;
        this.listener = listener;
    }

    List<TaggingOutcome> run(List<String> batch) {
        List<TaggingOutcome> out = new ArrayList<>(batch.size());
        runInto(batch, out);
        return out;
    }

    private void runInto(List<String> batch, List<TaggingOutcome> out) {
        if (batch.isEmpty()) {
            return; // nothing to run; and splitting an empty batch would never end
        }
        try {
            for (TaggedElements r : call.run(batch)) {
                out.add(TaggingOutcome.success(r));
            }
        } catch (Exception | OutOfMemoryError e) {
            boolean oom = isOutOfMemory(e);
            if (oom) {
                listener.onOutOfMemory(batch.size());
                onOutOfMemory.onOutOfMemory(batch.size());
            }
            if (batch.size() == 1 || !oom && isStickyDeviceError(e)) {
                TaggingOutcome failure =
                        TaggingOutcome.failure(
                                oom
                                        ? FailureReason.MODEL_OUT_OF_MEMORY
                                        : FailureReason.MODEL_FAILED,
                                rootMessage(e));
                batch.forEach(record -> out.add(failure));
                return;
            }
            listener.onBatchSplit(batch.size());
            int half = batch.size() / 2;
            runInto(batch.subList(0, half), out);
            runInto(batch.subList(half, batch.size()), out);
        }
    }

    /**
     * libtorch's c10::OutOfMemoryError reaches Java as an EngineException "CUDA out of memory ...".
     */
    static boolean isOutOfMemory(Throwable e) {
        return anyCause(
                e, t -> t instanceof OutOfMemoryError || lowerMessage(t).contains("out of memory"));
    }

    /** A CUDA error that poisons the context: every later call on the device fails as well. */
    static boolean isStickyDeviceError(Throwable e) {
        return anyCause(
                e,
                t -> {
                    String m = lowerMessage(t);
                    return m.contains("cuda error")
                            || m.contains("device-side assert")
                            || m.contains("illegal memory access")
                            || m.contains("cublas_status")
                            || m.contains("cudnn_status");
                });
    }

    private static boolean anyCause(Throwable e, Predicate<Throwable> test) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static String lowerMessage(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
