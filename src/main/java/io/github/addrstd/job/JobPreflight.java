package io.github.addrstd.job;

import io.github.addrstd.model.DeviceSpec;
import io.github.addrstd.tagging.TaggerFactory;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Checks, where the job is built (before anything runs), the settings that would otherwise fail
 * late or silently: the model directory, the device spec, the Kafka transaction timeout against the
 * checkpoint settings and the broker's limit, and the batcher queue against what the async operator
 * can put in flight. Every problem is reported at once, in one {@link IllegalArgumentException},
 * each line naming the option to change.
 */
public final class JobPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(JobPreflight.class);

    /**
     * Time a restart takes before the restored sink resumes its transactions (restart back-off,
     * model load, state restore); counted on top of the checkpoints a transaction may have to
     * outlive.
     */
    static final Duration RESTART_ALLOWANCE = Duration.ofMinutes(2);

    private JobPreflight() {}

    public static void check(
            Configuration conf,
            ReadableConfig cluster,
            CheckpointConfig checkpoints,
            TaggerFactory factory) {
        List<String> problems = new ArrayList<>();
        problems.addAll(checkLocal(conf, cluster, checkpoints));
        try {
            factory.validate();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        brokerTransactionLimit(conf)
                .ifPresent(
                        brokerMax -> {
                            Duration timeout = conf.get(AddressJobOptions.TRANSACTION_TIMEOUT);
                            if (timeout.compareTo(brokerMax) > 0) {
                                problems.add(
                                        "transaction-timeout "
                                                + timeout
                                                + " is above the broker's"
                                                + " transaction.max.timeout.ms ("
                                                + brokerMax
                                                + "): the sinks could not start a transaction;"
                                                + " lower transaction-timeout or raise the broker"
                                                + " setting");
                            }
                        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "the job is misconfigured:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** The checks that need no broker and no model, as a list of problems (empty: fine). */
    static List<String> checkLocal(
            Configuration conf, ReadableConfig cluster, CheckpointConfig checkpoints) {
        List<String> problems = new ArrayList<>();
        try {
            DeviceSpec.parse(conf.get(AddressJobOptions.DEVICE));
        } catch (IllegalArgumentException e) {
            problems.add("--device: " + e.getMessage());
        }
        if (conf.get(AddressJobOptions.CPU_THREADS) < 0) {
            problems.add(
                    "--cpu-threads must be 0 (libtorch's default) or more, was "
                            + conf.get(AddressJobOptions.CPU_THREADS));
        }
        if (conf.get(AddressJobOptions.BATCH_PAD_MULTIPLE) < 0) {
            problems.add(
                    "--batch.pad-multiple must be 0 (the device's) or more, was "
                            + conf.get(AddressJobOptions.BATCH_PAD_MULTIPLE));
        }
        try {
            AddressJobOptions.recordLimits(conf);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }

        // A transaction is open from one checkpoint to the next; after a failure it must survive
        // the failed
        // checkpoints Flink tolerates, their timeouts, and the restart, or Kafka aborts it and the
        // committer drops its records.
        Duration timeout = conf.get(AddressJobOptions.TRANSACTION_TIMEOUT);
        Duration checkpointTimeout = Duration.ofMillis(checkpoints.getCheckpointTimeout());
        int tolerable = Math.max(0, checkpoints.getTolerableCheckpointFailureNumber());
        Duration needed =
                checkpointTimeout
                        .multipliedBy(tolerable + 1L)
                        .plus(conf.get(AddressJobOptions.CHECKPOINT_INTERVAL))
                        .plus(RESTART_ALLOWANCE);
        if (timeout.compareTo(needed) <= 0) {
            problems.add(
                    "transaction-timeout "
                            + timeout
                            + " must exceed checkpoint timeout "
                            + checkpointTimeout
                            + " x (tolerable failed checkpoints "
                            + tolerable
                            + " + 1) + checkpoint.interval "
                            + conf.get(AddressJobOptions.CHECKPOINT_INTERVAL)
                            + " + restart allowance "
                            + RESTART_ALLOWANCE
                            + " = "
                            + needed
                            + "; raise transaction-timeout (and the broker's"
                            + " transaction.max.timeout.ms) or lower"
                            + " execution.checkpointing.timeout / tolerable-failed-checkpoints");
        }

        // The async operator keeps up to async.capacity records in flight per subtask, and every
        // subtask of
        // a TaskManager submits to one queue: sized below that, a full queue would block the task
        // thread.
        int slots = cluster.get(TaskManagerOptions.NUM_TASK_SLOTS);
        int perTaskManager = slots * conf.get(AddressJobOptions.ASYNC_CAPACITY);
        if (conf.get(AddressJobOptions.BATCH_QUEUE_CAPACITY) < perTaskManager) {
            problems.add(
                    "batch.queue-capacity "
                            + conf.get(AddressJobOptions.BATCH_QUEUE_CAPACITY)
                            + " is below taskmanager.numberOfTaskSlots "
                            + slots
                            + " x async.capacity "
                            + conf.get(AddressJobOptions.ASYNC_CAPACITY)
                            + " = "
                            + perTaskManager
                            + ": raise batch.queue-capacity or lower async.capacity");
        }
        if (conf.get(AddressJobOptions.BATCH_MAX_SIZE)
                > conf.get(AddressJobOptions.BATCH_QUEUE_CAPACITY)) {
            problems.add(
                    "batch.max-size "
                            + conf.get(AddressJobOptions.BATCH_MAX_SIZE)
                            + " is above batch.queue-capacity "
                            + conf.get(AddressJobOptions.BATCH_QUEUE_CAPACITY));
        }
        return problems;
    }

    /** The broker's transaction.max.timeout.ms, when a broker answers within a few seconds. */
    private static Optional<Duration> brokerTransactionLimit(Configuration conf) {
        Properties props = new Properties();
        props.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                conf.get(AddressJobOptions.BOOTSTRAP_SERVERS));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                return Optional.empty();
            }
            ConfigResource broker =
                    new ConfigResource(
                            ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(broker)).all().get(5, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(broker).get("transaction.max.timeout.ms");
            return entry == null || entry.value() == null
                    ? Optional.empty()
                    : Optional.of(Duration.ofMillis(Long.parseLong(entry.value())));
        } catch (Exception e) {
            LOG.warn(
                    "Could not read transaction.max.timeout.ms from {} ({}); transaction-timeout {}"
                            + " is not checked against it",
                    conf.get(AddressJobOptions.BOOTSTRAP_SERVERS),
                    e.toString(),
                    conf.get(AddressJobOptions.TRANSACTION_TIMEOUT));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }
}
