package io.github.addrstd.tagging;

import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.batching.MicroBatcher;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;

import ai.djl.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tagger and one micro-batcher per JVM (that is, per TaskManager) and device, shared by every
 * subtask that runs the tagging operator there. The first {@link #acquire} loads the model; the
 * last {@link Lease#release} stops the batcher and frees the model.
 *
 * <p>The map is static, so it is per classloader: per job and TaskManager when the job jar holds
 * this class. A model that fails to load fails the acquiring subtask's {@code open()} with the
 * reason (a wrong model directory must not run on silently degraded); Flink's restart strategy
 * retries it. A model that loaded and then keeps failing is taken out of the path by a {@link
 * CircuitBreaker}: while it is open, records degrade (gazetteer only) at once, visibly in {@code
 * degradedRecords} and its alert.
 */
public final class SharedTaggers {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTaggers.class);

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private SharedTaggers() {}

    /** Open leases by owner (a job's classloader on one TaskManager), for {@link #releaseAll}. */
    private static final Map<Object, List<Lease>> LEASES_BY_OWNER = new HashMap<>();

    public static Lease acquire(
            TaggerFactory factory,
            Device device,
            BatchingSettings settings,
            CircuitBreaker.Settings breaker) {
        return acquire(factory, device, settings, breaker, SharedTaggers.class);
    }

    /**
     * @param owner who holds the lease (the subtask's user-code classloader): {@link
     *     #releaseAll(Object)} releases every lease of one owner, and only those
     */
    public static synchronized Lease acquire(
            TaggerFactory factory,
            Device device,
            BatchingSettings settings,
            CircuitBreaker.Settings breaker,
            Object owner) {
        String key = factory.cacheKey(device) + "@" + device;
        Entry entry = ENTRIES.get(key);
        if (entry == null) {
            entry = Entry.start(key, factory, device, settings, breaker);
            ENTRIES.put(key, entry);
        } else if (!entry.batcher.settings().equals(settings)) {
            LOG.warn(
                    "Shared tagger {} already runs with {}; ignoring {}",
                    key,
                    entry.batcher.settings(),
                    settings);
        }
        entry.references++;
        Lease lease = new Lease(entry, owner);
        LEASES_BY_OWNER.computeIfAbsent(owner, o -> new ArrayList<>()).add(lease);
        return lease;
    }

    /**
     * Releases the leases {@code owner} still holds; registered as the user-code classloader
     * release hook, so a job whose subtasks did not close (a TaskManager shutting down) still frees
     * its models, while models other owners (other TaskManagers of a MiniCluster, other jobs) use
     * stay open.
     */
    public static void releaseAll(Object owner) {
        List<Lease> leases;
        synchronized (SharedTaggers.class) {
            leases = new ArrayList<>(LEASES_BY_OWNER.getOrDefault(owner, List.of()));
        }
        leases.forEach(Lease::release);
    }

    private static synchronized void release(Lease lease) {
        Entry entry = lease.entry;
        List<Lease> owned = LEASES_BY_OWNER.get(lease.owner);
        if (owned != null) {
            owned.remove(lease);
            if (owned.isEmpty()) {
                LEASES_BY_OWNER.remove(lease.owner);
            }
        }
        if (--entry.references == 0 && ENTRIES.get(entry.key) == entry) {
            ENTRIES.remove(entry.key);
            entry.close();
        }
    }

    private static final class Entry {
        final String key;
        final AddressTagger tagger;
        final MicroBatcher<String, TaggingOutcome> batcher;
        final InferenceMetrics metrics;
        final CircuitBreaker breaker;
        int references;

        private Entry(
                String key,
                AddressTagger tagger,
                BatchingSettings settings,
                CircuitBreaker.Settings breakerOptions,
                InferenceMetrics metrics) {
            this.key = key;
            this.breaker = new CircuitBreaker(breakerOptions);
            metrics.setCircuitBreaker(breaker);
            this.tagger = tagger;
            this.metrics = metrics;
            this.metrics.setModelLoaded(true);
            this.batcher =
                    new MicroBatcher<>(key, settings, this::tag, this::estimateTokens, metrics);
        }

        static Entry start(
                String key,
                TaggerFactory factory,
                Device device,
                BatchingSettings settings,
                CircuitBreaker.Settings breaker) {
            long started = System.nanoTime();
            InferenceMetrics metrics = new InferenceMetrics(device);
            AddressTagger tagger;
            try {
                tagger = factory.create(device, metrics);
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalStateException(
                        "the model for "
                                + key
                                + " could not be loaded: "
                                + e.getClass().getSimpleName()
                                + ": "
                                + e.getMessage(),
                        e);
            }
            LOG.info(
                    "Shared tagger {} ready in {} ms",
                    key,
                    (System.nanoTime() - started) / 1_000_000);
            return new Entry(key, tagger, settings, breaker, metrics);
        }

        private List<TaggingOutcome> tag(List<String> addresses) {
            if (!breaker.allowRequest()) {
                return Collections.nCopies(
                        addresses.size(),
                        TaggingOutcome.failure(
                                FailureReason.MODEL_UNAVAILABLE,
                                "circuit open: the model failed repeatedly; next try in "
                                        + breaker.secondsUntilRetry()
                                        + " s"));
            }
            List<TaggingOutcome> outcomes;
            try {
                outcomes = tagger.tag(addresses);
            } catch (RuntimeException | Error e) {
                breaker.onFailure();
                throw e;
            }
            // A batch where no record could be tagged counts as a failure of the model; a batch of
            // one record
            // cannot tell a failing model from one poison record, so it neither opens nor closes
            // the circuit.
            if (outcomes.stream().anyMatch(TaggingOutcome::succeeded)) {
                breaker.onSuccess();
            } else if (addresses.size() > 1) {
                breaker.onFailure();
            }
            return outcomes;
        }

        private int estimateTokens(String address) {
            return tagger.estimateTokens(address);
        }

        void close() {
            batcher.close();
            metrics.setModelLoaded(false);
            tagger.close();
        }
    }

    /** A subtask's handle on the shared tagger. */
    public static final class Lease {
        private final Entry entry;
        private final Object owner;
        private boolean released;

        private Lease(Entry entry, Object owner) {
            this.entry = entry;
            this.owner = owner;
        }

        public MicroBatcher<String, TaggingOutcome> batcher() {
            return entry.batcher;
        }

        public InferenceMetrics metrics() {
            return entry.metrics;
        }

        public String modelVersion() {
            return entry.tagger.modelVersion();
        }

        public synchronized void release() {
            if (!released) {
                released = true;
                SharedTaggers.release(this);
            }
        }
    }
}
