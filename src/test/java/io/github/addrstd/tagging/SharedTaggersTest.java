package io.github.addrstd.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.TaggerListener;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tagger per JVM and device, reference-counted, with its circuit breaker (a stand-in model
 * isolates them).
 */
class SharedTaggersTest {

    static final AtomicInteger CREATED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();
    static final AtomicInteger CALLS = new AtomicInteger();
    static final AtomicBoolean FAILING = new AtomicBoolean();

    /** A stand-in model: echoes nothing, counts calls, fails while FAILING is set. */
    static final class CountingFactory implements TaggerFactory {
        private final String key;

        CountingFactory(String key) {
            this.key = key;
        }

        @Override
        public AddressTagger create(Device device, TaggerListener listener) {
            CREATED.incrementAndGet();
            return new AddressTagger() {
                @Override
                public List<TaggingOutcome> tag(List<String> addresses) {
                    CALLS.incrementAndGet();
                    if (FAILING.get()) {
                        throw new IllegalStateException("model down");
                    }
                    return addresses.stream()
                            .map(
                                    a ->
                                            a.startsWith("poison")
                                                    ? TaggingOutcome.failure(
                                                            FailureReason.MODEL_FAILED,
                                                            "this record breaks the model")
                                                    : TaggingOutcome.success(
                                                            new TaggedElements(List.of(), false)))
                            .toList();
                }

                @Override
                public String modelVersion() {
                    return "stand-in";
                }

                @Override
                public int maxSequenceLength() {
                    return 16;
                }

                @Override
                public void close() {
                    CLOSED.incrementAndGet();
                }
            };
        }

        @Override
        public String cacheKey(Device device) {
            return key;
        }
    }

    private static final BatchingSettings BATCHING =
            new BatchingSettings(4, 1000, Duration.ofMillis(1), 16);

    @Test
    void subtasksShareOneTaggerThatTheLastReleaseCloses() {
        int created = CREATED.get();
        int closed = CLOSED.get();
        CircuitBreaker.Settings breaker = new CircuitBreaker.Settings(3, Duration.ofSeconds(30));
        SharedTaggers.Lease a =
                SharedTaggers.acquire(
                        new CountingFactory("share"), Device.cpu(), BATCHING, breaker);
        SharedTaggers.Lease b =
                SharedTaggers.acquire(
                        new CountingFactory("share"), Device.cpu(), BATCHING, breaker);
        assertThat(a.batcher()).isSameAs(b.batcher());
        assertThat(CREATED.get() - created).isEqualTo(1);
        a.release();
        a.release(); // idempotent
        assertThat(CLOSED.get() - closed).isZero();
        b.release();
        assertThat(CLOSED.get() - closed).isEqualTo(1);
    }

    @Test
    void aModelThatKeepsFailingIsBypassedByTheCircuitBreaker() throws Exception {
        SharedTaggers.Lease lease =
                SharedTaggers.acquire(
                        new CountingFactory("breaker"),
                        Device.cpu(),
                        BATCHING,
                        new CircuitBreaker.Settings(2, Duration.ofSeconds(60)));
        try {
            FAILING.set(true);
            for (int i = 0; i < 2; i++) {
                CompletableFutureAssert.failsWith(
                        lease.batcher().submit("s", "x" + i), "model down");
            }
            int calls = CALLS.get();
            TaggingOutcome bypassed = lease.batcher().submit("s", "y").get(5, TimeUnit.SECONDS);
            assertThat(bypassed.failure()).isEqualTo(FailureReason.MODEL_UNAVAILABLE);
            assertThat(bypassed.detail()).contains("circuit open");
            assertThat(CALLS.get()).as("the open circuit does not call the model").isEqualTo(calls);
            assertThat(lease.metrics()).isNotNull();
        } finally {
            FAILING.set(false);
            lease.release();
        }
    }

    @Test
    void poisonRecordsArrivingAloneDoNotOpenTheCircuit() throws Exception {
        SharedTaggers.Lease lease =
                SharedTaggers.acquire(
                        new CountingFactory("poison"),
                        Device.cpu(),
                        BATCHING,
                        new CircuitBreaker.Settings(2, Duration.ofSeconds(60)));
        try {
            for (int i = 0; i < 5; i++) {
                TaggingOutcome poisoned =
                        lease.batcher().submit("s", "poison-" + i).get(5, TimeUnit.SECONDS);
                assertThat(poisoned.failure()).isEqualTo(FailureReason.MODEL_FAILED);
            }
            TaggingOutcome next = lease.batcher().submit("s", "杭州").get(5, TimeUnit.SECONDS);
            assertThat(next.succeeded())
                    .as("one bad record at a time does not take the model out")
                    .isTrue();
        } finally {
            lease.release();
        }
    }

    @Test
    void aReleaseHookReleasesOnlyItsOwnersLeases() {
        int closed = CLOSED.get();
        CircuitBreaker.Settings breaker = new CircuitBreaker.Settings(3, Duration.ofSeconds(30));
        Object taskManagerA = new Object();
        Object taskManagerB = new Object();
        SharedTaggers.Lease a1 =
                SharedTaggers.acquire(
                        new CountingFactory("owners"),
                        Device.cpu(),
                        BATCHING,
                        breaker,
                        taskManagerA);
        SharedTaggers.Lease a2 =
                SharedTaggers.acquire(
                        new CountingFactory("owners"),
                        Device.cpu(),
                        BATCHING,
                        breaker,
                        taskManagerA);
        SharedTaggers.Lease b =
                SharedTaggers.acquire(
                        new CountingFactory("owners"),
                        Device.cpu(),
                        BATCHING,
                        breaker,
                        taskManagerB);
        SharedTaggers.releaseAll(taskManagerA);
        assertThat(CLOSED.get() - closed).as("B still uses the model").isZero();
        assertThat(b.batcher().submit("s", "杭州")).succeedsWithin(Duration.ofSeconds(5));
        a1.release(); // a late close() after the hook is harmless
        SharedTaggers.releaseAll(taskManagerB);
        assertThat(CLOSED.get() - closed).isEqualTo(1);
        assertThat(a2).isNotNull();
    }

    @Test
    void aModelThatCannotLoadFailsTheSubtaskWithTheReason() {
        TaggerFactory broken =
                new TaggerFactory() {
                    @Override
                    public AddressTagger create(
                            Device device, io.github.addrstd.model.TaggerListener listener) {
                        throw new IllegalArgumentException(
                                "model directory /nowhere: metadata.json is missing");
                    }

                    @Override
                    public String cacheKey(Device device) {
                        return "broken";
                    }
                };
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                SharedTaggers.acquire(
                                        broken,
                                        Device.cpu(),
                                        BATCHING,
                                        new CircuitBreaker.Settings(2, Duration.ofSeconds(60))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be loaded")
                .hasMessageContaining("metadata.json is missing");
    }

    /** Small helper for futures completed exceptionally. */
    static final class CompletableFutureAssert {
        static void failsWith(java.util.concurrent.CompletableFuture<?> f, String message) {
            try {
                f.get(5, TimeUnit.SECONDS);
                throw new AssertionError("expected a failure");
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).hasMessageContaining(message);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
