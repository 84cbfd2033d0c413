package io.github.addrstd.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

class MicroBatcherTest {

    /**
     * Records every batch and echoes its items upper-cased; can be blocked to let a queue build up.
     */
    private static final class RecordingHandler
            implements MicroBatcher.BatchHandler<String, String> {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release;
        final CountDownLatch firstBatchStarted = new CountDownLatch(1);

        RecordingHandler(boolean startBlocked) {
            this.release = new CountDownLatch(startBlocked ? 1 : 0);
        }

        @Override
        public List<String> process(List<String> batch) throws Exception {
            firstBatchStarted.countDown();
            release.await();
            batches.add(List.copyOf(batch));
            return batch.stream().map(String::toUpperCase).toList();
        }
    }

    private static MicroBatcher<String, String> batcher(
            RecordingHandler handler, int maxSize, int maxTokens, Duration maxWait, int capacity) {
        return batcher(handler, new BatchingSettings(maxSize, maxTokens, maxWait, capacity));
    }

    private static MicroBatcher<String, String> batcher(
            RecordingHandler handler, BatchingSettings settings) {
        return new MicroBatcher<>("test", settings, handler, String::length, BatcherListener.NONE);
    }

    /**
     * Holds the worker in a first batch of one record while {@code queue} submits, then lets it go;
     * waits for every queued record and returns the batches that followed the first.
     */
    private static List<List<String>> batchesAfterABlockedFirst(
            RecordingHandler handler,
            MicroBatcher<String, String> b,
            Consumer<BiConsumer<String, String>> queue)
            throws Exception {
        CompletableFuture<String> blocker = b.submit("blocker", "x");
        handler.firstBatchStarted.await();
        List<CompletableFuture<String>> futures = new ArrayList<>();
        queue.accept((source, item) -> futures.add(b.submit(source, item)));
        handler.release.countDown();
        for (CompletableFuture<String> f : futures) {
            f.get(5, TimeUnit.SECONDS);
        }
        blocker.get();
        return handler.batches.subList(1, handler.batches.size());
    }

    @Test
    void namesItsWorkersApartFromItsCompleter() throws Exception {
        List<String> handlerThreads = Collections.synchronizedList(new ArrayList<>());
        BatchingSettings settings =
                new BatchingSettings(4, 1000, Duration.ofMillis(1), 16, false, 2);
        try (MicroBatcher<String, String> b =
                new MicroBatcher<>(
                        "names",
                        settings,
                        batch -> {
                            handlerThreads.add(Thread.currentThread().getName());
                            return batch;
                        },
                        String::length,
                        BatcherListener.NONE)) {
            b.submit("s", "a").get(10, TimeUnit.SECONDS);
            assertThat(handlerThreads).isNotEmpty().allMatch(MicroBatcher::isWorkerThread);
            List<String> ours =
                    Thread.getAllStackTraces().keySet().stream()
                            .map(Thread::getName)
                            .filter(n -> n.startsWith(MicroBatcher.THREAD_NAME_PREFIX + "names"))
                            .toList();
            assertThat(ours).filteredOn(MicroBatcher::isWorkerThread).hasSize(2);
            assertThat(ours)
                    .as("the completer, which has completed the record's future")
                    .filteredOn(n -> !MicroBatcher.isWorkerThread(n))
                    .hasSize(1);
        }
    }

    @Test
    void closesBatchAtMaxSize() throws Exception {
        RecordingHandler handler = new RecordingHandler(false);
        try (MicroBatcher<String, String> b =
                batcher(handler, 4, 10_000, Duration.ofSeconds(30), 64)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(b.submit("s", "r" + i));
            }
            assertThat(futures.get(7).get(5, TimeUnit.SECONDS)).isEqualTo("R7");
            assertThat(handler.batches)
                    .hasSize(2)
                    .allSatisfy(batch -> assertThat(batch).hasSize(4));
        }
    }

    @Test
    void closesBatchAtTokenBudget() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        try (MicroBatcher<String, String> b =
                batcher(handler, 100, 30, Duration.ofMillis(200), 128)) {
            List<List<String>> batches =
                    batchesAfterABlockedFirst(
                            handler,
                            b,
                            submit -> {
                                for (int i = 0; i < 6; i++) {
                                    // cost 10 each: 3 fit in 30 padded tokens
                                    submit.accept("s", "0123456789");
                                }
                            });
            assertThat(batches)
                    .allSatisfy(batch -> assertThat(batch.size() * 10).isLessThanOrEqualTo(30))
                    .hasSize(2);
        }
    }

    @Test
    void lengthAwareGroupingPutsSimilarLengthsTogetherOldestFirst() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        try (MicroBatcher<String, String> b =
                batcher(handler, new BatchingSettings(4, 10_000, Duration.ZERO, 64, true))) {
            List<List<String>> batches =
                    batchesAfterABlockedFirst(
                            handler,
                            b,
                            submit -> {
                                // long and short interleaved, from two sources
                                for (int i = 0; i < 4; i++) {
                                    submit.accept("s" + (i % 2), "long-" + i + "-0123456789");
                                    submit.accept("s" + (i % 2), "s" + i);
                                }
                            });
            assertThat(batches)
                    .containsExactly(
                            List.of(
                                    "long-0-0123456789",
                                    "long-1-0123456789",
                                    "long-2-0123456789",
                                    "long-3-0123456789"),
                            List.of("s0", "s1", "s2", "s3"));
        }
    }

    @Test
    void lengthAwareGroupingRespectsTheTokenBudgetAndStarvesNoOne() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        try (MicroBatcher<String, String> b =
                batcher(handler, new BatchingSettings(8, 40, Duration.ZERO, 256, true))) {
            List<List<String>> batches =
                    batchesAfterABlockedFirst(
                            handler,
                            b,
                            submit -> {
                                submit.accept("s", "a".repeat(20)); // the oldest, and the longest
                                for (int i = 0; i < 60; i++) {
                                    submit.accept("t", "b" + (i % 10));
                                }
                            });
            assertThat(batches.get(0)).as("the oldest goes first").contains("a".repeat(20));
            assertThat(batches)
                    .allSatisfy(
                            batch ->
                                    assertThat(
                                                    batch.size()
                                                            * batch.stream()
                                                                    .mapToInt(String::length)
                                                                    .max()
                                                                    .orElse(0))
                                            .isLessThanOrEqualTo(40));
            assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(61);
        }
    }

    @Test
    void singleRecordOverBudgetStillRuns() throws Exception {
        RecordingHandler handler = new RecordingHandler(false);
        try (MicroBatcher<String, String> b = batcher(handler, 8, 5, Duration.ofMillis(1), 16)) {
            assertThat(b.submit("s", "much longer than five").get(5, TimeUnit.SECONDS))
                    .isEqualTo("MUCH LONGER THAN FIVE");
        }
    }

    @Test
    void closesPartialBatchAfterMaxWait() throws Exception {
        RecordingHandler handler = new RecordingHandler(false);
        try (MicroBatcher<String, String> b =
                batcher(handler, 100, 10_000, Duration.ofMillis(50), 200)) {
            long start = System.nanoTime();
            CompletableFuture<String> a = b.submit("s", "a");
            CompletableFuture<String> c = b.submit("s", "c");
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("A");
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("C");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(45));
            assertThat(handler.batches).containsExactly(List.of("a", "c"));
        }
    }

    @Test
    void takesRoundRobinAcrossSources() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        try (MicroBatcher<String, String> b =
                batcher(handler, 4, 10_000, Duration.ofMillis(1), 64)) {
            CompletableFuture<String> blocker = b.submit("busy", "first");
            handler.firstBatchStarted.await();
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(b.submit("busy", "busy" + i));
            }
            futures.add(b.submit("quiet", "quiet0"));
            futures.add(b.submit("other", "other0"));
            handler.release.countDown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(5, TimeUnit.SECONDS);
            blocker.get();
            // The two quiet sources are served in the first batch after the blocker, not after all
            // of "busy".
            assertThat(handler.batches.get(1)).contains("quiet0", "other0").hasSize(4);
        }
    }

    @Test
    void aFullQueueFailsTheRecordAtOnceInsteadOfBlockingTheTaskThread() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        try (MicroBatcher<String, String> b =
                batcher(handler, 2, 10_000, Duration.ofMillis(1), 2)) {
            b.submit("s", "in-handler");
            handler.firstBatchStarted.await();
            b.submit("s", "q1");
            b.submit("s", "q2");
            long started = System.nanoTime();
            CompletableFuture<String> rejected = b.submit("s", "q3");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofMillis(200));
            assertThatThrownBy(() -> rejected.get(1, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(BatcherFullException.class)
                    .hasMessageContaining("batch.queue-capacity");
            assertThat(b.queueDepth()).isEqualTo(2);
            handler.release.countDown();
        }
    }

    @Test
    void aCancelledRecordIsWithdrawnFreesItsPlaceAndIsNeverRun() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        try (MicroBatcher<String, String> b =
                batcher(handler, 2, 10_000, Duration.ofMillis(1), 2)) {
            CompletableFuture<String> running = b.submit("s", "in-handler");
            handler.firstBatchStarted.await();
            CompletableFuture<String> timedOut = b.submit("s", "timed-out");
            b.submit("other", "kept");
            timedOut.cancel(false); // what the async operator's timeout does
            assertThat(b.queueDepth()).isEqualTo(1);
            assertThat(b.submit("s", "fits-again")).isNotCompletedExceptionally();
            handler.release.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("IN-HANDLER");
            // The queue (capacity 2) is full until the worker takes kept and fits-again: wait for
            // it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (b.queueDepth() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            b.submit("s", "last").get(5, TimeUnit.SECONDS);
            assertThat(handler.batches.stream().flatMap(List::stream))
                    .doesNotContain("timed-out")
                    .contains("kept", "fits-again");
            assertThat(b.inFlight()).isZero();
        }
    }

    @Test
    void aResultArrivingAfterCancellationIsIgnored() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        try (MicroBatcher<String, String> b =
                batcher(handler, 4, 10_000, Duration.ofMillis(1), 8)) {
            CompletableFuture<String> inBatch = b.submit("s", "in-handler");
            handler.firstBatchStarted.await();
            inBatch.cancel(false); // the timeout fires while the model runs the record
            handler.release.countDown();
            b.submit("s", "next").get(5, TimeUnit.SECONDS);
            assertThat(inBatch.isCancelled()).isTrue();
            assertThat(b.inFlight()).isZero();
        }
    }

    @Test
    void closeRacingSubmitsNeverHandsTheHandlerAnEmptyBatch() throws Exception {
        for (int round = 0; round < 200; round++) {
            List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
            MicroBatcher<String, String> b =
                    new MicroBatcher<>(
                            "t",
                            new BatchingSettings(64, 100_000, Duration.ofMillis(5), 256),
                            batch -> {
                                sizes.add(batch.size());
                                return batch;
                            },
                            String::length,
                            BatcherListener.NONE);
            Thread submitter =
                    new Thread(
                            () -> {
                                for (int i = 0; i < 100; i++) {
                                    b.submit("s", "r" + i);
                                }
                            });
            submitter.start();
            b.close();
            submitter.join();
            assertThat(sizes).as("round %d", round).doesNotContain(0);
        }
    }

    @Test
    void handlerFailureFailsEachFutureOfTheBatchOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        MicroBatcher.BatchHandler<String, String> failing =
                batch -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("boom");
                    }
                    return batch;
                };
        try (MicroBatcher<String, String> b =
                new MicroBatcher<>(
                        "t",
                        new BatchingSettings(2, 100, Duration.ofMillis(20), 4),
                        failing,
                        String::length,
                        BatcherListener.NONE)) {
            CompletableFuture<String> f1 = b.submit("s", "a");
            CompletableFuture<String> f2 = b.submit("s", "b");
            assertThatThrownBy(f1::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("boom");
            assertThatThrownBy(f2::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("boom");
            assertThat(b.submit("s", "c").get(5, TimeUnit.SECONDS))
                    .as("the batcher keeps running")
                    .isEqualTo("c");
            assertThat(b.inFlight()).isZero();
        }
    }

    @Test
    void wrongResultCountFailsTheBatch() throws Exception {
        try (MicroBatcher<String, String> b =
                new MicroBatcher<>(
                        "t",
                        new BatchingSettings(1, 100, Duration.ZERO, 4),
                        batch -> List.of(),
                        String::length,
                        BatcherListener.NONE)) {
            assertThatThrownBy(() -> b.submit("s", "a").get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("returned 0 results for 1 records");
        }
    }

    @Test
    void closeFailsQueuedRecordsAndRejectsNewOnes() throws Exception {
        RecordingHandler handler = new RecordingHandler(true);
        MicroBatcher<String, String> b = batcher(handler, 1, 100, Duration.ZERO, 8);
        CompletableFuture<String> running = b.submit("s", "running");
        handler.firstBatchStarted.await();
        CompletableFuture<String> queued = b.submit("s", "queued");
        Thread closer = new Thread(b::close);
        closer.start();
        assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BatcherClosedException.class);
        handler.release.countDown();
        closer.join(5_000);
        assertThat(running.get(5, TimeUnit.SECONDS))
                .as("the running batch finishes")
                .isEqualTo("RUNNING");
        assertThatThrownBy(() -> b.submit("s", "late").get())
                .hasCauseInstanceOf(BatcherClosedException.class);
        assertThat(b.inFlight()).isZero();
    }

    @Test
    void withTwoWorkersTheNextBatchRunsWhileTheFirstIsStillRunning() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        MicroBatcher<String, String> b =
                new MicroBatcher<>(
                        "t",
                        new BatchingSettings(1, 100, Duration.ZERO, 8, false, 2),
                        batch -> {
                            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                            try {
                                if (batch.get(0).equals("slow")) {
                                    firstStarted.countDown();
                                    releaseFirst.await();
                                }
                                return batch.stream().map(String::toUpperCase).toList();
                            } finally {
                                running.decrementAndGet();
                            }
                        },
                        String::length,
                        BatcherListener.NONE);
        CompletableFuture<String> slow = b.submit("s", "slow");
        firstStarted.await();
        assertThat(b.submit("s", "next").get(5, TimeUnit.SECONDS))
                .as("the second worker runs the next batch while the first is held")
                .isEqualTo("NEXT");
        assertThat(slow).isNotDone();
        assertThat(mostAtOnce.get()).isEqualTo(2);
        Thread closer = new Thread(b::close);
        closer.start();
        releaseFirst.countDown();
        closer.join(5_000);
        assertThat(slow.get(5, TimeUnit.SECONDS)).as("close lets it finish").isEqualTo("SLOW");
        assertThat(b.inFlight()).isZero();
    }

    @Test
    void everyFutureCompletesExactlyOnceUnderConcurrency() throws Exception {
        for (int workers = 1; workers <= 2; workers++) {
            everyFutureCompletesExactlyOnce(
                    new BatchingSettings(16, 1_000, Duration.ofMillis(2), 64, false, workers));
            everyFutureCompletesExactlyOnce(
                    new BatchingSettings(16, 1_000, Duration.ofMillis(2), 64, true, workers));
        }
    }

    private static void everyFutureCompletesExactlyOnce(BatchingSettings settings)
            throws Exception {
        AtomicInteger processed = new AtomicInteger();
        try (MicroBatcher<Integer, Integer> b =
                new MicroBatcher<>(
                        "t",
                        settings,
                        batch -> {
                            processed.addAndGet(batch.size());
                            return batch.stream().map(i -> i * 2).toList();
                        },
                        i -> 1,
                        BatcherListener.NONE)) {
            int threads = 4;
            int perThread = 2_000;
            List<CompletableFuture<Integer>> futures =
                    Collections.synchronizedList(new ArrayList<>());
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                String source = "subtask-" + t;
                // Like the async operator: at most 16 in flight per source, so 4 sources never
                // exceed the queue.
                java.util.concurrent.Semaphore capacity = new java.util.concurrent.Semaphore(16);
                Thread w =
                        new Thread(
                                () -> {
                                    for (int i = 0; i < perThread; i++) {
                                        capacity.acquireUninterruptibly();
                                        CompletableFuture<Integer> f = b.submit(source, base + i);
                                        f.whenComplete((r, e) -> capacity.release());
                                        futures.add(f);
                                    }
                                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            long sum = 0;
            for (CompletableFuture<Integer> f : futures) {
                sum += f.get(10, TimeUnit.SECONDS);
            }
            int n = threads * perThread;
            assertThat(processed.get()).as(settings.toString()).isEqualTo(n);
            assertThat(sum).as(settings.toString()).isEqualTo((long) n * (n - 1));
        }
    }

    @Test
    void rejectsInconsistentOptions() {
        assertThatThrownBy(() -> new BatchingSettings(64, 100, Duration.ofMillis(1), 10))
                .hasMessageContaining("batch.queue-capacity");
        assertThatThrownBy(() -> new BatchingSettings(0, 100, Duration.ofMillis(1), 10))
                .hasMessageContaining("batch.max-size");
        assertThatThrownBy(() -> new BatchingSettings(1, 100, Duration.ofMillis(1), 10, false, 0))
                .hasMessageContaining("batch.concurrency");
    }
}
