package io.github.addrstd.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.tagging.DjlTaggerFactory;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Misconfiguration stops the job where it is built, with a message naming the option. */
class JobPreflightTest {

    private static CheckpointConfig checkpoints(Duration timeout, int tolerable) {
        CheckpointConfig c = new CheckpointConfig();
        c.setCheckpointTimeout(timeout.toMillis());
        c.setTolerableCheckpointFailureNumber(tolerable);
        return c;
    }

    private static Configuration slots(int n) {
        Configuration c = new Configuration();
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, n);
        return c;
    }

    @Test
    void theShippedDefaultsPassWithTheShippedClusterSettings() {
        // flink-conf/config.yaml: 4 slots, checkpoint timeout 2 min, 3 tolerable failures.
        assertThat(
                        JobPreflight.checkLocal(
                                new Configuration(),
                                slots(4),
                                checkpoints(Duration.ofMinutes(2), 3)))
                .isEmpty();
    }

    @Test
    void aTransactionThatCanExpireBeforeRecoveryIsRefused() {
        // 10 min x (3 + 1) + 10 s + 2 min: 15 min transactions could expire while checkpoints keep
        // failing.
        assertThat(
                        JobPreflight.checkLocal(
                                new Configuration(),
                                slots(4),
                                checkpoints(Duration.ofMinutes(10), 3)))
                .singleElement()
                .asString()
                .contains(
                        "transaction-timeout PT15M must exceed checkpoint timeout PT10M x"
                                + " (tolerable failed checkpoints 3 + 1)");
    }

    @Test
    void aQueueThatTheAsyncOperatorCanFillIsRefused() {
        Configuration conf = new Configuration();
        conf.set(AddressJobOptions.BATCH_QUEUE_CAPACITY, 512);
        assertThat(JobPreflight.checkLocal(conf, slots(4), checkpoints(Duration.ofMinutes(2), 3)))
                .singleElement()
                .asString()
                .contains(
                        "batch.queue-capacity 512 is below taskmanager.numberOfTaskSlots 4 x"
                                + " async.capacity 256 = 1024");
    }

    @Test
    void negativeThreadCountsAndPadMultiplesAreRefused() {
        Configuration conf = new Configuration();
        conf.set(AddressJobOptions.CPU_THREADS, -1);
        conf.set(AddressJobOptions.BATCH_PAD_MULTIPLE, -8);
        assertThat(JobPreflight.checkLocal(conf, slots(4), checkpoints(Duration.ofMinutes(2), 3)))
                .containsExactly(
                        "--cpu-threads must be 0 (libtorch's default) or more, was -1",
                        "--batch.pad-multiple must be 0 (the device's) or more, was -8");
    }

    @Test
    void aMissingModelDirectoryIsNamedAndEveryProblemIsReportedAtOnce() {
        Configuration conf = new Configuration();
        conf.set(
                AddressJobOptions.BOOTSTRAP_SERVERS,
                "127.0.0.1:1"); // nothing listens: the broker check is skipped
        conf.set(AddressJobOptions.BATCH_QUEUE_CAPACITY, 8);
        assertThatThrownBy(
                        () ->
                                JobPreflight.check(
                                        conf,
                                        slots(1),
                                        checkpoints(Duration.ofMinutes(2), 0),
                                        new DjlTaggerFactory(
                                                "model/does-not-exist",
                                                8,
                                                DjlAddressTagger.Precision.FP32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "--model-dir model/does-not-exist is not a usable model directory")
                .hasMessageContaining("batch.queue-capacity 8")
                .hasMessageContaining("batch.max-size 64 is above batch.queue-capacity 8");
    }

    @Test
    void theTransactionalIdPrefixIsDerivedPerPipeline() {
        Configuration a = new Configuration();
        Configuration b = new Configuration();
        b.set(AddressJobOptions.INPUT_TOPIC, "raw-address-eu");
        assertThat(AddressJobOptions.transactionalIdPrefix(a))
                .isEqualTo("address-standardization.raw-address.standardized-address");
        assertThat(AddressJobOptions.transactionalIdPrefix(b))
                .isNotEqualTo(AddressJobOptions.transactionalIdPrefix(a));
        a.set(AddressJobOptions.TRANSACTIONAL_ID_PREFIX, "mine");
        assertThat(AddressJobOptions.transactionalIdPrefix(a)).isEqualTo("mine");
    }
}
