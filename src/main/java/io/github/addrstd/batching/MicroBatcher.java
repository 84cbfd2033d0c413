package io.github.addrstd.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * Groups records from many producers (the parallel subtasks of one TaskManager) into batches for
 * one handler (the shared model), on {@link BatchingSettings#concurrency} worker threads: with one,
 * batches run one after another; with two, one worker forms the next batch while the other's runs,
 * so an accelerator's next pass does not wait for the batcher (the handler must then take
 * concurrent calls).
 *
 * <p>A batch closes when it has {@code maxBatchSize} records, when one more record would exceed the
 * padded-token budget, or when its oldest record has waited {@code maxWait}. Records are taken
 * round-robin across sources, so one busy subtask cannot starve the others.
 *
 * <p>{@link #submit} never blocks (it runs on a Flink task's mailbox thread, which must stay free
 * for timers, checkpoints and the async operator's own backpressure). The queue is sized by the
 * job's preflight to hold everything the async operators can have in flight; if it is full anyway
 * the record fails at once with {@link BatcherFullException}. A caller that gives up on a record
 * (an async timeout) cancels its future, which takes the record out of the queue: it is never run,
 * and frees its place.
 *
 * <p>Every returned future completes exactly once: with the handler's result, with the handler's
 * exception (the whole batch), with {@link BatcherClosedException} on close, or by its
 * cancellation.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    /** Processes one batch; returns one result per input, in order. */
    @FunctionalInterface
    public interface BatchHandler<I, O> {
        List<O> process(List<I> batch) throws Exception;
    }

    /**
     * Every thread of a batcher is named {@code micro-batcher-NAME...}: its workers {@code
     * micro-batcher-NAME} (or {@code -i} after it, one per {@code concurrency}), its completer
     * {@code micro-batcher-NAME-completer}. Profilers and bin/bench pipeline tell them apart by it.
     */
    public static final String THREAD_NAME_PREFIX = "micro-batcher-";

    private static final String COMPLETER_SUFFIX = "-completer";

    private final String name;
    private final BatchingSettings settings;
    private final BatchHandler<I, O> handler;
    private final ToIntFunction<I> cost;
    private final BatcherListener listener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();

    /** Pending records per source, and the sources with pending records in round-robin order. */
    private final Map<String, ArrayDeque<Pending<I, O>>> queues = new HashMap<>();

    private final ArrayDeque<String> rotation = new ArrayDeque<>();
    private int queued;

    /**
     * The largest cost among queued records (recomputed when a batch is taken; after a withdrawal,
     * an upper bound).
     */
    private int queuedMaxCost;

    private boolean closed;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();

    /** Completes the futures of each finished batch, in batch order. */
    private final ExecutorService completer;

    public MicroBatcher(
            String name,
            BatchingSettings settings,
            BatchHandler<I, O> handler,
            ToIntFunction<I> cost,
            BatcherListener listener) {
        this.name = name;
        this.settings = settings;
        this.handler = handler;
        this.cost = cost;
        this.listener = listener;
        this.completer =
                Executors.newSingleThreadExecutor(
                        task -> {
                            Thread t =
                                    new Thread(task, THREAD_NAME_PREFIX + name + COMPLETER_SUFFIX);
                            t.setDaemon(true);
                            return t;
                        });
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread worker =
                    new Thread(
                            this::run,
                            THREAD_NAME_PREFIX
                                    + name
                                    + (settings.concurrency() == 1 ? "" : "-" + i));
            // Daemon: a forgotten batcher must not keep a TaskManager (or its classloader) alive.
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    /**
     * Whether a thread of this name is a batcher's worker, which runs the handler (for the model:
     * tokenizing, the forward pass, decoding), rather than its completer.
     */
    public static boolean isWorkerThread(String threadName) {
        return threadName.startsWith(THREAD_NAME_PREFIX) && !threadName.endsWith(COMPLETER_SUFFIX);
    }

    /**
     * Queues one record; never blocks.
     *
     * @param source who submits (e.g. the subtask index), for round-robin fairness
     * @return the record's result; cancel it to withdraw a record that is still queued
     */
    public CompletableFuture<O> submit(String source, I item) {
        Pending<I, O> pending =
                new Pending<>(
                        source,
                        item,
                        Math.max(0, cost.applyAsInt(item)), // a length; never negative
                        System.nanoTime());
        lock.lock();
        try {
            if (closed) {
                pending.future.completeExceptionally(new BatcherClosedException(name));
                return pending.future;
            }
            if (queued >= settings.queueCapacity()) {
                pending.future.completeExceptionally(
                        new BatcherFullException(name, settings.queueCapacity()));
                return pending.future;
            }
            ArrayDeque<Pending<I, O>> queue =
                    queues.computeIfAbsent(source, s -> new ArrayDeque<>());
            if (queue.isEmpty()) {
                rotation.addLast(source);
            }
            queue.addLast(pending);
            queued++;
            queuedMaxCost = Math.max(queuedMaxCost, pending.cost);
            inFlight.incrementAndGet();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        pending.future.whenComplete(
                (result, error) -> {
                    if (pending.future.isCancelled()) {
                        withdraw(pending);
                    }
                });
        return pending.future;
    }

    /** Takes a cancelled record out of the queue, if the worker has not taken it yet. */
    private void withdraw(Pending<I, O> pending) {
        lock.lock();
        try {
            ArrayDeque<Pending<I, O>> queue = queues.get(pending.source);
            if (queue == null || !queue.remove(pending)) {
                return; // already in a batch (its result will be ignored) or closed
            }
            queued--;
            inFlight.decrementAndGet();
            if (queue.isEmpty()) {
                queues.remove(pending.source);
                rotation.remove(pending.source);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records waiting for a batch. */
    public int queueDepth() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Records submitted and not yet completed (queued plus in the running batch). */
    public int inFlight() {
        return inFlight.get();
    }

    public BatchingSettings settings() {
        return settings;
    }

    private void run() {
        while (true) {
            List<Pending<I, O>> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return;
            }
            if (!batch.isEmpty()) {
                process(batch);
            }
        }
    }

    private void process(List<Pending<I, O>> batch) {
        long start = System.nanoTime();
        List<I> items = new ArrayList<>(batch.size());
        long oldest = start;
        int maxCost = 0;
        for (Pending<I, O> p : batch) {
            items.add(p.item);
            oldest = Math.min(oldest, p.enqueuedNanos);
            maxCost = Math.max(maxCost, p.cost);
        }
        List<O> results;
        try {
            results = handler.process(items);
            if (results == null || results.size() != items.size()) {
                throw new IllegalStateException(
                        "batch handler returned "
                                + (results == null ? "null" : results.size() + " results")
                                + " for "
                                + items.size()
                                + " records");
            }
        } catch (Throwable t) {
            listener.onBatchFailed(batch.size(), t);
            for (Pending<I, O> p : batch) {
                complete(p, null, t);
            }
            return;
        }
        listener.onBatch(
                batch.size(),
                (long) maxCost * batch.size(),
                start - oldest,
                System.nanoTime() - start);
        // Completing runs the submitters' callbacks: on its own thread, so the worker can form and
        // run the next batch meanwhile (the device does not wait for the bookkeeping).
        List<O> done = results;
        completer.execute(
                () -> {
                    for (int i = 0; i < batch.size(); i++) {
                        complete(batch.get(i), done.get(i), null);
                    }
                });
    }

    private void complete(Pending<I, O> p, O result, Throwable error) {
        inFlight.decrementAndGet();
        // A cancelled future ignores these: the record was withdrawn after the worker took it.
        if (error == null) {
            p.future.complete(result);
        } else {
            p.future.completeExceptionally(error);
        }
    }

    /** Waits for a batch to fill or time out; null once closed and drained. */
    private List<Pending<I, O>> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queued == 0 && !closed) {
                notEmpty.await();
            }
            if (queued == 0) {
                return null;
            }
            long deadline = oldestEnqueueNanos() + settings.maxWait().toNanos();
            while (!closed && !batchIsFull()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                notEmpty.awaitNanos(remaining);
            }
            if (queued == 0) {
                return closed ? null : List.of(); // closed, or every record withdrawn while waiting
            }
            return takeBatch();
        } finally {
            lock.unlock();
        }
    }

    private long oldestEnqueueNanos() {
        long oldest = Long.MAX_VALUE;
        for (String source : rotation) {
            oldest = Math.min(oldest, queues.get(source).peekFirst().enqueuedNanos);
        }
        return oldest;
    }

    /**
     * Whether a batch taken now would be closed by size or by token budget. O(1): the queue is
     * padded to its longest record, which is what one batch of all queued records would cost.
     */
    private boolean batchIsFull() {
        return queued >= settings.maxBatchSize()
                || (long) queuedMaxCost * queued >= settings.maxBatchTokens();
    }

    private List<Pending<I, O>> takeBatch() {
        if (settings.lengthAware() && batchIsFull()) {
            return takeSimilarLengths();
        }
        return takeRoundRobin();
    }

    /**
     * The oldest queued record and, around it, the queued records whose lengths are closest to its
     * own, as many as the size and token budgets allow: less padding per forward pass, and no
     * record waits for more than the queue ahead of it, since the oldest always goes first.
     */
    private List<Pending<I, O>> takeSimilarLengths() {
        Pending<I, O> oldest = null;
        for (ArrayDeque<Pending<I, O>> queue : queues.values()) {
            // Each source's queue is in arrival order: its oldest is its first.
            Pending<I, O> first = queue.peekFirst();
            if (oldest == null || first.enqueuedNanos < oldest.enqueuedNanos) {
                oldest = first;
            }
        }
        List<Pending<I, O>> all = byCostThenAge(queuedMaxCost);
        int anchor = all.indexOf(oldest);
        int lo = anchor;
        int hi = anchor; // the window [lo, hi] is sorted by cost, so its longest is all[hi]
        while (hi - lo + 1 < settings.maxBatchSize()) {
            boolean leftFits =
                    lo > 0 && (long) all.get(hi).cost * (hi - lo + 2) <= settings.maxBatchTokens();
            boolean rightFits =
                    hi < all.size() - 1
                            && (long) all.get(hi + 1).cost * (hi - lo + 2)
                                    <= settings.maxBatchTokens();
            if (leftFits
                    && (!rightFits
                            || oldest.cost - all.get(lo - 1).cost
                                    <= all.get(hi + 1).cost - oldest.cost)) {
                lo--;
            } else if (rightFits) {
                hi++;
            } else {
                break;
            }
        }
        List<Pending<I, O>> batch = new ArrayList<>(all.subList(lo, hi + 1));
        for (Pending<I, O> p : batch) {
            p.taken = true;
        }
        for (Iterator<Map.Entry<String, ArrayDeque<Pending<I, O>>>> it =
                        queues.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<Pending<I, O>>> entry = it.next();
            entry.getValue().removeIf(p -> p.taken);
            if (entry.getValue().isEmpty()) {
                it.remove();
                rotation.remove(entry.getKey());
            }
        }
        queued -= batch.size();
        recomputeQueuedMaxCost();
        return batch;
    }

    private static final Comparator<Pending<?, ?>> BY_AGE =
            Comparator.comparingLong(p -> p.enqueuedNanos);

    private static final Comparator<Pending<?, ?>> BY_COST_THEN_AGE =
            Comparator.<Pending<?, ?>>comparingInt(p -> p.cost).thenComparing(BY_AGE);

    /**
     * The queued records ordered by cost, then age. Runs under the lock while the device may wait,
     * so it is a counting sort by cost (token counts, bounded by the longest queued record) with
     * each cost's few records sorted by age, not a comparison sort of the whole queue; the same
     * order, as both sorts are stable over the same queue order.
     *
     * @param maxCost at least the largest queued cost ({@code queuedMaxCost}, which a withdrawal
     *     leaves as an upper bound)
     */
    @SuppressWarnings("unchecked")
    private List<Pending<I, O>> byCostThenAge(int maxCost) {
        Pending<I, O>[] sorted = (Pending<I, O>[]) new Pending<?, ?>[queued];
        if (maxCost > 4L * queued + 1024) {
            // Costs far beyond the queue's size (a custom cost function): a comparison sort is
            // cheaper than the counting array.
            int i = 0;
            for (ArrayDeque<Pending<I, O>> queue : queues.values()) {
                for (Pending<I, O> p : queue) {
                    sorted[i++] = p;
                }
            }
            Arrays.sort(sorted, BY_COST_THEN_AGE);
            return Arrays.asList(sorted);
        }
        int[] start = new int[maxCost + 2];
        for (ArrayDeque<Pending<I, O>> queue : queues.values()) {
            for (Pending<I, O> p : queue) {
                start[p.cost + 1]++;
            }
        }
        for (int c = 1; c < start.length; c++) {
            start[c] += start[c - 1];
        }
        int[] next = start.clone();
        for (ArrayDeque<Pending<I, O>> queue : queues.values()) {
            for (Pending<I, O> p : queue) {
                sorted[next[p.cost]++] = p;
            }
        }
        for (int c = 0; c <= maxCost; c++) {
            if (start[c + 1] - start[c] > 1) {
                Arrays.sort(sorted, start[c], start[c + 1], BY_AGE);
            }
        }
        return Arrays.asList(sorted);
    }

    private List<Pending<I, O>> takeRoundRobin() {
        List<Pending<I, O>> batch = new ArrayList<>(Math.min(queued, settings.maxBatchSize()));
        int maxCost = 0;
        while (batch.size() < settings.maxBatchSize() && !rotation.isEmpty()) {
            String source = rotation.peekFirst();
            ArrayDeque<Pending<I, O>> queue = queues.get(source);
            Pending<I, O> head = queue.peekFirst();
            int newMax = Math.max(maxCost, head.cost);
            if (!batch.isEmpty()
                    && (long) newMax * (batch.size() + 1) > settings.maxBatchTokens()) {
                break;
            }
            queue.pollFirst();
            batch.add(head);
            maxCost = newMax;
            queued--;
            rotation.pollFirst();
            if (queue.isEmpty()) {
                queues.remove(source);
            } else {
                rotation.addLast(source);
            }
        }
        recomputeQueuedMaxCost();
        return batch;
    }

    private void recomputeQueuedMaxCost() {
        queuedMaxCost = 0;
        for (ArrayDeque<Pending<I, O>> queue : queues.values()) {
            for (Pending<I, O> p : queue) {
                queuedMaxCost = Math.max(queuedMaxCost, p.cost);
            }
        }
    }

    /**
     * Stops accepting records, lets the workers finish the batches they are running, and fails
     * every record still queued with {@link BatcherClosedException}.
     */
    @Override
    public void close() {
        List<Pending<I, O>> abandoned = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (ArrayDeque<Pending<I, O>> queue : queues.values()) {
                abandoned.addAll(queue);
            }
            queues.clear();
            rotation.clear();
            queued = 0;
            queuedMaxCost = 0;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        BatcherClosedException closedException = new BatcherClosedException(name);
        for (Pending<I, O> p : abandoned) {
            complete(p, null, closedException);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Thread worker : workers) {
                worker.join(
                        Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            completer.shutdown(); // after the workers: the last batches' results still complete
            completer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Pending<I, O> {
        final String source;
        final I item;
        final int cost;
        final long enqueuedNanos;
        final CompletableFuture<O> future = new CompletableFuture<>();

        /** Chosen for a batch by length-aware grouping (guarded by the batcher's lock). */
        boolean taken;

        Pending(String source, I item, int cost, long enqueuedNanos) {
            this.source = source;
            this.item = item;
            this.cost = cost;
            this.enqueuedNanos = enqueuedNanos;
        }
    }
}
