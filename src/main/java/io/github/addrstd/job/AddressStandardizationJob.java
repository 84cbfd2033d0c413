package io.github.addrstd.job;

import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.model.SimulatedAccelerator;
import io.github.addrstd.sink.AddressKafkaSinks;
import io.github.addrstd.source.ParseAndValidateFunction;
import io.github.addrstd.source.RawAddressKafkaSource;
import io.github.addrstd.standardize.GazetteerPlaceNames;
import io.github.addrstd.standardize.StandardizeFunction;
import io.github.addrstd.tagging.CircuitBreaker;
import io.github.addrstd.tagging.DjlTaggerFactory;
import io.github.addrstd.tagging.SimulatedAcceleratorTaggerFactory;
import io.github.addrstd.tagging.TaggerFactory;
import io.github.addrstd.tagging.TaggingAsyncFunction;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.concurrent.TimeUnit;

/**
 * The streaming job: raw-address -> parse and validate -> async micro-batched tagging on the
 * TaskManager's shared model -> standardization -> standardized-address, with every record that
 * cannot be processed going to the dead-letter topic.
 *
 * <p>The wiring takes its source and sinks as arguments, so tests run the same graph on finite
 * ones.
 */
public final class AddressStandardizationJob {

    /** The default job name (option {@code job-name}). */
    public static final String JOB_NAME = AddressJobOptions.JOB_NAME.defaultValue();

    private final Configuration conf;
    private final TaggerFactory taggerFactory;

    public AddressStandardizationJob(Configuration conf) {
        this(conf, taggerFactory(conf));
    }

    public AddressStandardizationJob(Configuration conf, TaggerFactory taggerFactory) {
        this.conf = conf;
        this.taggerFactory = taggerFactory;
    }

    /** The model of the configuration, or the simulated benchmark device where one is asked for. */
    public static TaggerFactory taggerFactory(Configuration conf) {
        return switch (conf.get(AddressJobOptions.SIMULATED_ACCELERATOR)) {
            case NONE ->
                    new DjlTaggerFactory(
                            conf.get(AddressJobOptions.MODEL_DIR),
                            conf.get(AddressJobOptions.BATCH_PAD_MULTIPLE),
                            conf.get(AddressJobOptions.PRECISION),
                            conf.get(AddressJobOptions.CPU_THREADS),
                            GazetteerPlaceNames.INSTANCE);
            case H100_MGEO_BASE ->
                    new SimulatedAcceleratorTaggerFactory(
                            SimulatedAccelerator.h100MGeoBase(
                                    conf.get(AddressJobOptions.SIMULATED_LATENCY_SCALE)),
                            conf.get(AddressJobOptions.BATCH_PAD_MULTIPLE));
        };
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = AddressJobOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new AddressStandardizationJob(conf).buildOnKafka(env);
        env.execute(conf.get(AddressJobOptions.JOB_NAME));
    }

    /**
     * The job's streams after the graph is built, for callers that attach more operators (tests,
     * inspection).
     *
     * @param standardized what goes to the standardized-address sink
     * @param deadLetters what goes to the dead-letter sink, from every stage
     */
    public record Pipeline(
            DataStream<StandardizedRecord> standardized, DataStream<DeadLetter> deadLetters) {}

    /**
     * Adds the job's operators to {@code env}, reading and writing the Kafka topics of the
     * configuration.
     */
    public Pipeline buildOnKafka(StreamExecutionEnvironment env) {
        return build(env, kafkaSource(), standardizedKafkaSink(), deadLetterKafkaSink());
    }

    /** The raw-address source of the configuration. */
    public KafkaSource<RawAddressRecord> kafkaSource() {
        return RawAddressKafkaSource.create(
                conf.get(AddressJobOptions.BOOTSTRAP_SERVERS),
                conf.get(AddressJobOptions.INPUT_TOPIC),
                conf.get(AddressJobOptions.GROUP_ID),
                conf.get(AddressJobOptions.STARTING_OFFSETS));
    }

    /** The exactly-once sink of the standardized-address topic of the configuration. */
    public KafkaSink<StandardizedRecord> standardizedKafkaSink() {
        return AddressKafkaSinks.standardized(
                kafkaSinkSettings(), conf.get(AddressJobOptions.OUTPUT_TOPIC));
    }

    /** The exactly-once sink of the dead-letter topic of the configuration. */
    public KafkaSink<DeadLetter> deadLetterKafkaSink() {
        return AddressKafkaSinks.deadLetters(
                kafkaSinkSettings(),
                conf.get(AddressJobOptions.DEAD_LETTER_TOPIC),
                AddressJobOptions.recordLimits(conf));
    }

    private AddressKafkaSinks.Settings kafkaSinkSettings() {
        return new AddressKafkaSinks.Settings(
                conf.get(AddressJobOptions.BOOTSTRAP_SERVERS),
                AddressJobOptions.transactionalIdPrefix(conf),
                conf.get(AddressJobOptions.TRANSACTION_TIMEOUT));
    }

    /** Adds the job's operators to {@code env}, between the given source and sinks. */
    public Pipeline build(
            StreamExecutionEnvironment env,
            Source<RawAddressRecord, ?, ?> source,
            Sink<StandardizedRecord> output,
            Sink<DeadLetter> deadLetters) {
        if (conf.get(AddressJobOptions.PARALLELISM) > 0) {
            env.setParallelism(conf.get(AddressJobOptions.PARALLELISM));
        }
        // Every record type is immutable, so chained operators may pass objects without copying
        // them.
        env.getConfig().enableObjectReuse();
        env.enableCheckpointing(
                conf.get(AddressJobOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        // Misconfiguration stops here, with a message, instead of running on wrongly.
        JobPreflight.check(conf, env.getConfiguration(), env.getCheckpointConfig(), taggerFactory);

        DataStream<RawAddressRecord> raw =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "raw-address source")
                        .uid("raw-address-source");

        SingleOutputStreamOperator<AddressRequest> requests =
                raw.process(new ParseAndValidateFunction(AddressJobOptions.recordLimits(conf)))
                        .name("parse and validate")
                        .uid("parse-and-validate");

        BatchingSettings batching =
                new BatchingSettings(
                        conf.get(AddressJobOptions.BATCH_MAX_SIZE),
                        conf.get(AddressJobOptions.BATCH_MAX_TOKENS),
                        conf.get(AddressJobOptions.BATCH_MAX_WAIT),
                        conf.get(AddressJobOptions.BATCH_QUEUE_CAPACITY),
                        conf.get(AddressJobOptions.BATCH_LENGTH_AWARE),
                        conf.get(AddressJobOptions.BATCH_CONCURRENCY));
        DataStream<TaggedAddress> tagged =
                AsyncDataStream.unorderedWait(
                                requests,
                                new TaggingAsyncFunction(
                                        taggerFactory,
                                        conf.get(AddressJobOptions.DEVICE),
                                        batching,
                                        new CircuitBreaker.Settings(
                                                conf.get(
                                                        AddressJobOptions.CIRCUIT_BREAKER_FAILURES),
                                                conf.get(
                                                        AddressJobOptions
                                                                .CIRCUIT_BREAKER_COOLDOWN))),
                                conf.get(AddressJobOptions.ASYNC_TIMEOUT).toMillis(),
                                TimeUnit.MILLISECONDS,
                                conf.get(AddressJobOptions.ASYNC_CAPACITY))
                        .name("tag addresses (micro-batched MGeo)")
                        .uid("tag-addresses");

        SingleOutputStreamOperator<StandardizedRecord> standardized =
                tagged.process(
                                new StandardizeFunction(
                                        conf.get(AddressJobOptions.LATENCY_OBJECTIVE).toMillis()))
                        .name("standardize")
                        .uid("standardize");

        standardized
                .sinkTo(output)
                .name("standardized-address sink")
                .uid("standardized-address-sink");

        DataStream<DeadLetter> allDeadLetters =
                requests.getSideOutput(ParseAndValidateFunction.DEAD_LETTERS)
                        .union(standardized.getSideOutput(StandardizeFunction.DEAD_LETTERS));
        allDeadLetters.sinkTo(deadLetters).name("dead-letter sink").uid("dead-letter-sink");
        return new Pipeline(standardized, allDeadLetters);
    }
}
