package io.github.addrstd.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latency consumers see: a record written to the exactly-once sink becomes visible to {@code
 * read_committed} consumers only when the checkpoint that commits its Kafka transaction completes,
 * so with a 10 s checkpoint interval a record that left the job in 50 ms is read seconds later.
 *
 * <p>The operator before the sink counts the records it emits per checkpoint epoch by their source
 * timestamp (10 ms resolution, so an epoch costs a few thousand entries at most, whatever the
 * rate); when a checkpoint completes, every record of the epochs it covers is recorded with the
 * completion time: cumulative buckets {@value #COMMITTED_LATENCY_MS}{@code _bucket} (see {@link
 * LatencyBuckets}) and the counters {@value #COMMITTED_RECORDS}, {@value
 * #COMMITTED_OVER_OBJECTIVE}. An aborted checkpoint's records are recorded with the next completed
 * one, as the sink commits them then. Called from the task thread only (processing, snapshot and
 * completion notice run there).
 */
public final class CommittedLatencyMetrics {

    public static final String COMMITTED_LATENCY_MS = "committedLatencyMs";
    public static final String COMMITTED_RECORDS = "committedRecords";
    public static final String COMMITTED_OVER_OBJECTIVE = "committedRecordsOverObjective";

    private static final long RESOLUTION_MS = 10;

    private final long objectiveMillis;
    private final LatencyBuckets buckets;
    private final Counter committed;
    private final Counter overObjective;

    /** Records emitted since the last snapshot, by source timestamp / resolution. */
    private Map<Long, long[]> epoch = new HashMap<>();

    /** The slot of the previous record and its count: consecutive records mostly share one. */
    private long lastSlot = Long.MIN_VALUE;

    private long[] lastCount;

    /** Snapshotted epochs not yet committed, by checkpoint id. */
    private final TreeMap<Long, Map<Long, long[]>> pending = new TreeMap<>();

    /**
     * @param objectiveMillis the consumer-visible latency objective counted in {@value
     *     #COMMITTED_OVER_OBJECTIVE}
     */
    public CommittedLatencyMetrics(MetricGroup stageGroup, long objectiveMillis) {
        this.objectiveMillis = objectiveMillis;
        this.buckets = new LatencyBuckets(stageGroup, COMMITTED_LATENCY_MS);
        this.committed = stageGroup.counter(COMMITTED_RECORDS);
        this.overObjective = stageGroup.counter(COMMITTED_OVER_OBJECTIVE);
    }

    /** A record left for the sink; its source (Kafka) timestamp in epoch milliseconds. */
    public void recordEmitted(long sourceTimestampMillis) {
        long slot = sourceTimestampMillis / RESOLUTION_MS;
        if (slot != lastSlot) {
            lastSlot = slot;
            lastCount = epoch.computeIfAbsent(slot, k -> new long[1]);
        }
        lastCount[0]++;
    }

    /** The checkpoint barrier passed: what was emitted so far goes into checkpoint {@code id}. */
    public void onSnapshot(long checkpointId) {
        if (!epoch.isEmpty()) {
            pending.put(checkpointId, epoch);
            epoch = new HashMap<>();
            lastSlot = Long.MIN_VALUE; // its count belongs to the snapshotted epoch
        }
    }

    /**
     * Checkpoint {@code id} completed at {@code nowMillis}: its records (and earlier) are visible.
     */
    public void onCheckpointComplete(long checkpointId, long nowMillis) {
        Iterator<Map<Long, long[]>> covered =
                pending.headMap(checkpointId, true).values().iterator();
        while (covered.hasNext()) {
            for (Map.Entry<Long, long[]> e : covered.next().entrySet()) {
                // The middle of the 10 ms slot: no record is counted as older than it is by more
                // than 5 ms.
                long latency =
                        Math.max(0, nowMillis - (e.getKey() * RESOLUTION_MS + RESOLUTION_MS / 2));
                long records = e.getValue()[0];
                buckets.record(latency, records);
                committed.inc(records);
                if (latency > objectiveMillis) {
                    overObjective.inc(records);
                }
            }
            covered.remove();
        }
    }
}
