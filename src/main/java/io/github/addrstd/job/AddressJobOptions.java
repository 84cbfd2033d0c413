package io.github.addrstd.job;

import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.source.StartingOffsets;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every tunable of the job, with its default. Values come from {@code --key value} flags,
 * optionally on top of a properties file given with {@code --config path} (see
 * conf/address-job.properties).
 */
public final class AddressJobOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> INPUT_TOPIC =
            ConfigOptions.key("input-topic")
                    .stringType()
                    .defaultValue("raw-address")
                    .withDescription("Topic of raw address records (JSON).");
    public static final ConfigOption<String> OUTPUT_TOPIC =
            ConfigOptions.key("output-topic")
                    .stringType()
                    .defaultValue("standardized-address")
                    .withDescription("Topic of standardized address records.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("dead-letter-topic")
                    .stringType()
                    .defaultValue("address-dlq")
                    .withDescription(
                            "Topic of records that could not be processed, with the reason.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id")
                    .stringType()
                    .defaultValue("address-standardizer")
                    .withDescription(
                            "Kafka consumer group (offsets are committed at checkpoints, for"
                                    + " monitoring).");
    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where a job without state starts reading: COMMITTED (group offsets,"
                                    + " else earliest), EARLIEST or LATEST.");
    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("job-name")
                    .stringType()
                    .defaultValue("address-standardization")
                    .withDescription(
                            "Name of the Flink job; also the start of the derived transactional-id"
                                    + " prefix.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Prefix of the exactly-once sinks' Kafka transactional ids; unique per"
                                    + " job, stable across restarts. Empty: derived as"
                                    + " <job-name>.<input-topic>.<output-topic>, so two different"
                                    + " pipelines never fence each other's transactions.");
    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "Kafka producer transaction timeout; must not exceed the broker's"
                                + " transaction.max.timeout.ms and must exceed checkpoint duration"
                                + " plus restart time.");
    public static final ConfigOption<String> MODEL_DIR =
            ConfigOptions.key("model-dir")
                    .stringType()
                    .defaultValue("model/default")
                    .withDescription(
                            "Model directory (TorchScript, tokenizer.json, labels.txt,"
                                    + " metadata.json).");
    public static final ConfigOption<String> DEVICE =
            ConfigOptions.key("device")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription(
                            "auto (the TaskManager's Flink GPU, else GPU 0 if present, else CPU),"
                                    + " cpu, gpu or gpu:N.");
    public static final ConfigOption<DjlAddressTagger.Precision> PRECISION =
            ConfigOptions.key("precision")
                    .enumType(DjlAddressTagger.Precision.class)
                    .defaultValue(DjlAddressTagger.Precision.AUTO)
                    .withDescription(
                            "AUTO (the model directory's int8 file on CPU when it has one, else"
                                    + " FP32), FP32, FP16 on GPU (needs model_file_fp16; CPU stays"
                                    + " FP32) or INT8 on CPU (needs model_file_int8; GPU stays"
                                    + " FP32).");
    public static final ConfigOption<Integer> CPU_THREADS =
            ConfigOptions.key("cpu-threads")
                    .intType()
                    .defaultValue(DjlAddressTagger.DEFAULT_CPU_THREADS)
                    .withDescription(
                            "libtorch intra-op threads of each forward pass on a CPU (per"
                                    + " TaskManager process; 0: libtorch's default, one per core)."
                                    + " The batcher's batch.concurrency workers run passes side by"
                                    + " side, so one thread each uses the cores without their"
                                    + " threads waiting on each other;"
                                    + " -Dai.djl.pytorch.num_threads overrides it.");
    public static final ConfigOption<SimulatedDevice> SIMULATED_ACCELERATOR =
            ConfigOptions.key("benchmark.simulated-accelerator")
                    .enumType(SimulatedDevice.class)
                    .defaultValue(SimulatedDevice.NONE)
                    .withDescription(
                            "Benchmarks only: NONE (the model), or H100_MGEO_BASE to replace the"
                                + " model by a simulated device with an H100's measured batch"
                                + " latency and a memory budget; its taggers find no elements and"
                                + " report model_version simulated:...");
    public static final ConfigOption<Double> SIMULATED_LATENCY_SCALE =
            ConfigOptions.key("benchmark.simulated-latency-scale")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Multiplies the simulated device's latency: 1 as measured, 0 for a"
                                + " device that takes no time (to measure the Flink side alone).");
    public static final ConfigOption<Integer> BATCH_MAX_SIZE =
            ConfigOptions.key("batch.max-size")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Most records per forward pass.");
    public static final ConfigOption<Integer> BATCH_MAX_TOKENS =
            ConfigOptions.key("batch.max-tokens")
                    .intType()
                    .defaultValue(4096)
                    .withDescription("Most padded tokens (records x longest) per forward pass.");
    public static final ConfigOption<Duration> BATCH_MAX_WAIT =
            ConfigOptions.key("batch.max-wait")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription("How long a record may wait for its batch to fill.");
    public static final ConfigOption<Integer> BATCH_QUEUE_CAPACITY =
            ConfigOptions.key("batch.queue-capacity")
                    .intType()
                    .defaultValue(1024)
                    .withDescription(
                            "Records queued per TaskManager before submitters block"
                                    + " (backpressure).");
    public static final ConfigOption<Boolean> BATCH_LENGTH_AWARE =
            ConfigOptions.key("batch.length-aware")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "When more is queued than one batch takes, group records of similar"
                                    + " length around the oldest one (less padding) instead of"
                                    + " round-robin in arrival order.");
    public static final ConfigOption<Integer> BATCH_CONCURRENCY =
            ConfigOptions.key("batch.concurrency")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Batches run on the model at once per TaskManager, each on its own"
                                    + " predictor. 2 by default: in front of a GPU the next batch"
                                    + " is formed while the current one runs; on a CPU one"
                                    + " forward pass of the int8 model keeps about one core busy,"
                                    + " so two use two (raise it toward the TaskManager's cores"
                                    + " where `bin/bench predictor --callers` shows it scales).");
    public static final ConfigOption<Integer> BATCH_PAD_MULTIPLE =
            ConfigOptions.key("batch.pad-multiple")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Batches are padded to a multiple of this length (fewer shapes for the"
                                    + " engine). 0: the device's, 8 on a GPU and 1 (no padding"
                                    + " beyond the batch's longest record) on a CPU, which pays"
                                    + " for every padded token.");
    public static final ConfigOption<Integer> CIRCUIT_BREAKER_FAILURES =
            ConfigOptions.key("model.circuit-breaker.failures")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Failed batches in a row after which the model is bypassed (records"
                                    + " degrade at once).");
    public static final ConfigOption<Duration> CIRCUIT_BREAKER_COOLDOWN =
            ConfigOptions.key("model.circuit-breaker.cooldown")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How long the model is bypassed before one trial batch is let"
                                    + " through.");
    public static final ConfigOption<Integer> ASYNC_CAPACITY =
            ConfigOptions.key("async.capacity")
                    .intType()
                    .defaultValue(256)
                    .withDescription("In-flight records per subtask of the tagging operator.");
    public static final ConfigOption<Duration> ASYNC_TIMEOUT =
            ConfigOptions.key("async.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A record not tagged within this time is standardized without the"
                                    + " model.");
    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .defaultValue(-1)
                    .withDescription("Job parallelism; -1 keeps the cluster default.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval; output becomes visible to read_committed"
                                    + " consumers at each checkpoint.");
    public static final ConfigOption<Duration> LATENCY_OBJECTIVE =
            ConfigOptions.key("slo.latency-objective")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "End-to-end latency objective (Kafka timestamp to standardized output)"
                                    + " counted in sloRecordsOverObjective for burn-rate alerts.");
    public static final ConfigOption<Integer> MAX_ADDRESS_LENGTH =
            ConfigOptions.key("max-address-length")
                    .intType()
                    .defaultValue(RecordLimits.DEFAULTS.maxAddressCodePoints())
                    .withDescription(
                            "Longest accepted address in characters (code points); longer ones are"
                                    + " dead-lettered.");
    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            ConfigOptions.key("max-record-bytes")
                    .intType()
                    .defaultValue(RecordLimits.DEFAULTS.maxRecordBytes())
                    .withDescription(
                            "Largest accepted record value in bytes (and largest serialized"
                                    + " passthrough); larger records are dead-lettered as"
                                    + " RECORD_TOO_LARGE.");
    public static final ConfigOption<Integer> MAX_KEY_BYTES =
            ConfigOptions.key("max-key-bytes")
                    .intType()
                    .defaultValue(RecordLimits.DEFAULTS.maxKeyBytes())
                    .withDescription(
                            "Largest accepted record key in bytes; larger keys are dead-lettered as"
                                    + " KEY_TOO_LONG under the key sha256:<hex>.");
    public static final ConfigOption<Integer> MAX_ID_LENGTH =
            ConfigOptions.key("max-id-length")
                    .intType()
                    .defaultValue(RecordLimits.DEFAULTS.maxIdLength())
                    .withDescription(
                            "Longest accepted id in characters; longer ids are dead-lettered as"
                                    + " ID_TOO_LONG.");
    public static final ConfigOption<Integer> DEAD_LETTER_MAX_ORIGINAL_BYTES =
            ConfigOptions.key("dead-letter.max-original-bytes")
                    .intType()
                    .defaultValue(RecordLimits.DEFAULTS.deadLetterOriginalBytes())
                    .withDescription(
                            "Most bytes of the original value a dead letter carries; a larger"
                                    + " original is kept as a prefix with its size and SHA-256"
                                    + " (original_truncated: true).");

    /** The devices {@link #SIMULATED_ACCELERATOR} can simulate. */
    public enum SimulatedDevice {
        NONE,
        H100_MGEO_BASE
    }

    private AddressJobOptions() {}

    /**
     * Parses {@code --config file --key value ...} into a configuration. Unknown keys are rejected.
     */
    public static Configuration fromArgs(String[] args) throws IOException {
        ParameterTool cli = ParameterTool.fromArgs(args);
        ParameterTool params = cli;
        if (cli.has("config")) {
            params = ParameterTool.fromPropertiesFile(cli.get("config")).mergeWith(cli);
        }
        List<String> known = new ArrayList<>();
        for (ConfigOption<?> option : all()) {
            known.add(option.key());
        }
        for (String key : params.toMap().keySet()) {
            if (!known.contains(key) && !key.equals("config")) {
                throw new IllegalArgumentException(
                        "unknown option --" + key + "; known options: " + known);
            }
        }
        Configuration conf = Configuration.fromMap(params.toMap());
        conf.removeKey("config");
        return conf;
    }

    /**
     * The job options among a command's own: every argument but {@code commandKeys} (such as a
     * local run's {@code --duration}) must be a job option.
     */
    public static Configuration fromArgsExcept(ParameterTool cli, Collection<String> commandKeys)
            throws IOException {
        List<String> flat = new ArrayList<>();
        cli.toMap()
                .forEach(
                        (k, v) -> {
                            if (!commandKeys.contains(k)) {
                                flat.add("--" + k);
                                flat.add(v);
                            }
                        });
        return fromArgs(flat.toArray(String[]::new));
    }

    /** The configured transactional-id prefix, or the one derived from the job name and topics. */
    public static String transactionalIdPrefix(Configuration conf) {
        String prefix = conf.get(TRANSACTIONAL_ID_PREFIX).strip();
        return prefix.isEmpty()
                ? conf.get(JOB_NAME) + "." + conf.get(INPUT_TOPIC) + "." + conf.get(OUTPUT_TOPIC)
                : prefix;
    }

    /** The record size limits of {@code conf}, checked against what Kafka accepts. */
    public static RecordLimits recordLimits(Configuration conf) {
        return new RecordLimits(
                conf.get(MAX_ADDRESS_LENGTH),
                conf.get(MAX_RECORD_BYTES),
                conf.get(MAX_KEY_BYTES),
                conf.get(MAX_ID_LENGTH),
                conf.get(DEAD_LETTER_MAX_ORIGINAL_BYTES));
    }

    /** All options of this class, for validation and the documentation test. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : AddressJobOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }
}
