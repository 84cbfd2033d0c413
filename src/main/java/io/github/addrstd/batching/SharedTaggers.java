package io.github.addrstd.batching;

import ai.djl.Device;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.metrics.InferenceMetrics;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.TaggingOutcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tagger and one micro-batcher per JVM (that is, per TaskManager) and device, shared by every
 * subtask that runs the tagging operator there. The first {@link #acquire} loads the model; the last
 * {@link Lease#release} stops the batcher and frees the model.
 *
 * <p>The map is static, so it is per classloader: per job and TaskManager when the job jar holds
 * this class. A model that fails to load leaves the entry in degraded mode: every record completes
 * with {@link FailureReason#MODEL_UNAVAILABLE}, standardization falls back to the gazetteer, and the
 * {@code modelLoaded} gauge reads 0. A model that keeps failing is taken out of the path by a
 * {@link CircuitBreaker}: while it is open, records degrade at once.
 */
public final class SharedTaggers {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTaggers.class);

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private SharedTaggers() {}

    public static synchronized Lease acquire(
            TaggerFactory factory, Device device, BatchingOptions options, CircuitBreaker.Options breaker) {
        String key = factory.cacheKey() + "@" + device;
        Entry entry = ENTRIES.get(key);
        if (entry == null) {
            entry = Entry.start(key, factory, device, options, breaker);
            ENTRIES.put(key, entry);
        } else if (!entry.batcher.options().equals(options)) {
            LOG.warn("Shared tagger {} already runs with {}; ignoring {}", key, entry.batcher.options(), options);
        }
        entry.references++;
        return new Lease(entry);
    }

    /** Closes every shared tagger; registered as the user-code classloader release hook. */
    public static void closeAll() {
        List<Entry> entries;
        synchronized (SharedTaggers.class) {
            entries = new ArrayList<>(ENTRIES.values());
            ENTRIES.clear();
        }
        entries.forEach(Entry::close);
    }

    private static synchronized void release(Entry entry) {
        if (--entry.references == 0 && ENTRIES.get(entry.key) == entry) {
            ENTRIES.remove(entry.key);
            entry.close();
        }
    }

    private static final class Entry {
        final String key;
        final AddressTagger tagger;
        final String loadFailure;
        final MicroBatcher<String, TaggingOutcome> batcher;
        final InferenceMetrics metrics;
        final CircuitBreaker breaker;
        int references;

        private Entry(
                String key,
                AddressTagger tagger,
                String loadFailure,
                BatchingOptions options,
                CircuitBreaker.Options breakerOptions,
                InferenceMetrics metrics) {
            this.key = key;
            this.breaker = new CircuitBreaker(breakerOptions);
            metrics.setCircuitBreaker(breaker);
            this.tagger = tagger;
            this.loadFailure = loadFailure;
            this.metrics = metrics;
            this.metrics.setModelLoaded(tagger != null);
            this.batcher = new MicroBatcher<>(key, options, this::tag, this::estimateTokens, metrics);
        }

        static Entry start(
                String key, TaggerFactory factory, Device device, BatchingOptions options, CircuitBreaker.Options breaker) {
            long started = System.nanoTime();
            InferenceMetrics metrics = new InferenceMetrics(device);
            AddressTagger tagger = null;
            String failure = null;
            try {
                tagger = factory.create(device, metrics);
                LOG.info("Shared tagger {} ready in {} ms", key, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.error("Model for {} could not be loaded; running gazetteer-only (degraded)", key, e);
            }
            return new Entry(key, tagger, failure, options, breaker, metrics);
        }

        private List<TaggingOutcome> tag(List<String> addresses) {
            if (tagger == null) {
                return Collections.nCopies(
                        addresses.size(),
                        TaggingOutcome.failure(FailureReason.MODEL_UNAVAILABLE, "model not loaded: " + loadFailure));
            }
            if (!breaker.allowRequest()) {
                return Collections.nCopies(addresses.size(), TaggingOutcome.failure(FailureReason.MODEL_UNAVAILABLE,
                        "circuit open: the model failed repeatedly; next try in " + breaker.secondsUntilRetry() + " s"));
            }
            List<TaggingOutcome> outcomes;
            try {
                outcomes = tagger.tag(addresses);
            } catch (RuntimeException | Error e) {
                breaker.onFailure();
                throw e;
            }
            // A batch where no record could be tagged counts as a failure of the model.
            if (outcomes.stream().noneMatch(TaggingOutcome::succeeded)) {
                breaker.onFailure();
            } else {
                breaker.onSuccess();
            }
            return outcomes;
        }

        private int estimateTokens(String address) {
            return tagger == null ? 1 : tagger.estimateTokens(address);
        }

        void close() {
            batcher.close();
            metrics.setModelLoaded(false);
            if (tagger != null) {
                tagger.close();
            }
        }
    }

    /** A subtask's handle on the shared tagger. */
    public static final class Lease {
        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public MicroBatcher<String, TaggingOutcome> batcher() {
            return entry.batcher;
        }

        public InferenceMetrics metrics() {
            return entry.metrics;
        }

        public String modelVersion() {
            return entry.tagger == null ? "" : entry.tagger.modelVersion();
        }

        public synchronized void release() {
            if (!released) {
                released = true;
                SharedTaggers.release(entry);
            }
        }
    }
}
