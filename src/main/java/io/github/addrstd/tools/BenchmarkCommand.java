package io.github.addrstd.tools;

import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DeviceSpec;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.DjlOffline;
import io.github.addrstd.model.SimulatedAccelerator;
import io.github.addrstd.sink.StandardizedRecordSerializationSchema;
import io.github.addrstd.source.RecordValidator;
import io.github.addrstd.standardize.Gazetteer;
import io.github.addrstd.standardize.RecordStandardizer;
import io.github.addrstd.standardize.Standardizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Rerunnable benchmarks of the two per-record costs, each alone:
 *
 * <pre>
 * bin/bench predictor    [--model-dir model/default] [--precision AUTO|FP32|INT8|FP16]
 *                        [--pass-overhead-tokens N (0: one pass a batch)] [--device cpu] [--sizes 1,2,4,...,256] [--seconds 3]
 *                        [--callers 1,2 (threads tagging at once, as batch.concurrency workers)]
 * bin/bench standardizer [--seconds 5]
 * bin/bench batcher      [--batch.max-size 512] [--batch.max-tokens 16384] [--batch.max-wait 5ms]
 *                        [--sources 8] [--capacity 256] [--seconds 5] [--loads 0.25,0.5,0.75,0.9]
 *                        [--batch.length-aware false] [--batch.concurrency 1] [--latency-scale 1]
 *                        [--png FILE]
 * </pre>
 *
 * Inputs are the addresses of {@code --samples} (default kafka/samples/raw-addresses.jsonl; also a
 * CoNLL corpus such as ../shared/data/naacl2019-chinese-address/dev.txt, or one address a line),
 * cycled. Each configuration is warmed up, then run for the given time; the table gives median and
 * p95 batch latency and addresses/s.
 */
public final class BenchmarkCommand {

    /** The fewest batches each caller cycles through, however short the address list. */
    static final int MIN_BATCHES_PER_CALLER = 16;

    private static final ObjectMapper RECORD_JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        if (args.length == 0
                || !List.of("predictor", "standardizer", "batcher").contains(args[0])) {
            System.err.println("usage: bench predictor|standardizer|batcher|pipeline [--options]");
            System.exit(2);
        }
        ParameterTool params = ParameterTool.fromArgs(Arrays.copyOfRange(args, 1, args.length));
        List<String> addresses =
                sampleAddresses(
                        Path.of(params.get("samples", "kafka/samples/raw-addresses.jsonl")));
        System.out.printf(
                "java %s, %d cores, %s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"));
        switch (args[0]) {
            case "predictor" -> predictor(params, addresses);
            case "batcher" -> batcher(params, addresses);
            default -> standardizer(params, addresses);
        }
    }

    private static void predictor(ParameterTool params, List<String> addresses)
            throws InterruptedException, ExecutionException {
        double seconds = params.getDouble("seconds", 3);
        int[] sizes =
                Arrays.stream(params.get("sizes", "1,2,4,8,16,32,64,128,256").split(","))
                        .mapToInt(s -> Integer.parseInt(s.strip()))
                        .toArray();
        int[] callerCounts =
                Arrays.stream(params.get("callers", "1").split(","))
                        .mapToInt(s -> Integer.parseInt(s.strip()))
                        .toArray();
        Path modelDir = Path.of(params.get("model-dir", "model/default"));
        int cpuThreads = params.getConfiguration().get(AddressJobOptions.CPU_THREADS);
        try (DjlAddressTagger tagger =
                JobTagger.builder(modelDir)
                        .optDevice(
                                DeviceSpec.parse(params.get("device", "cpu"))
                                        .resolve(Optional.empty()))
                        .optPadMultiple(params.getInt("pad-multiple", 0))
                        .optGraphOptimizer(params.getBoolean("graph-optimizer", true))
                        .optPassOverheadTokens(params.getInt("pass-overhead-tokens", -1))
                        .optPrecision(params.getConfiguration().get(AddressJobOptions.PRECISION))
                        .optCpuThreads(cpuThreads)
                        .build()) {
            System.out.printf(
                    "model %s (%s) on %s, graph optimizer %s, pad multiple %d, pass overhead %d"
                            + " tokens, cpu-threads %d%n%n",
                    tagger.modelVersion(),
                    tagger.modelFileName(),
                    tagger.device(),
                    params.getBoolean("graph-optimizer", true),
                    tagger.padMultiple(),
                    tagger.passOverheadTokens(),
                    cpuThreads);
            System.out.println(
                    "| batch | callers | batches | median ms/batch | p95 ms/batch | addresses/s |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            int offset = 0;
            for (int size : sizes) {
                for (int callers : callerCounts) {
                    report(timeBatches(tagger, addresses, size, seconds, offset, callers));
                    offset += MIN_BATCHES_PER_CALLER * size * callers;
                }
            }
        }
    }

    /**
     * What {@link #timeBatches} measured: each batch's nanoseconds (sorted, over every caller), the
     * addresses per second by the wall clock, all callers together, and the process's CPU
     * microseconds per address over the same time.
     */
    public record BatchTimes(
            int size,
            int callers,
            long[] sortedNanos,
            double addressesPerSecond,
            double processCpuMicrosPerAddress) {}

    /**
     * Times {@code tagger} on batches of {@code size} consecutive addresses (from {@code offset},
     * cycled; {@link #callerBatches}) for {@code seconds} after a warm-up, with {@code callers}
     * threads tagging at once (each on its own addresses), as the job's {@code batch.concurrency}
     * workers do.
     */
    public static BatchTimes timeBatches(
            AddressTagger tagger,
            List<String> addresses,
            int size,
            double seconds,
            int offset,
            int callers)
            throws InterruptedException, ExecutionException {
        List<List<List<String>>> batchesPerCaller = callerBatches(addresses, size, offset, callers);
        for (List<List<String>> batches : batchesPerCaller) {
            for (int w = 0; w < Math.max(3, 64 / size); w++) {
                check(tagger.tag(batches.get(w % batches.size())));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long cpuBefore = ProcessCpuTime.nanos();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            List<Future<long[]>> timings = new ArrayList<>();
            for (List<List<String>> batches : batchesPerCaller) {
                timings.add(pool.submit(() -> timeUntil(tagger, batches, deadline)));
            }
            List<Long> nanos = new ArrayList<>();
            for (Future<long[]> timing : timings) {
                for (long n : timing.get()) {
                    nanos.add(n);
                }
            }
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            long cpu = ProcessCpuTime.nanos() - cpuBefore;
            return new BatchTimes(
                    size,
                    callers,
                    nanos.stream().mapToLong(Long::longValue).sorted().toArray(),
                    (double) size * nanos.size() / wallSeconds,
                    cpu / 1e3 / ((double) size * nanos.size()));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each caller's batches of {@code size} consecutive addresses, from {@code offset} on: at least
     * {@value #MIN_BATCHES_PER_CALLER} a caller, and enough that together they hold every address
     * of the list, so the predictor sees every length the job sees.
     */
    static List<List<List<String>>> callerBatches(
            List<String> addresses, int size, int offset, int callers) {
        int perBatchRound = size * callers;
        int perCaller =
                Math.max(
                        MIN_BATCHES_PER_CALLER,
                        (addresses.size() + perBatchRound - 1) / perBatchRound);
        List<List<List<String>>> batchesPerCaller = new ArrayList<>();
        int cursor = offset;
        for (int c = 0; c < callers; c++) {
            List<List<String>> batches = new ArrayList<>();
            for (int b = 0; b < perCaller; b++) {
                List<String> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    batch.add(addresses.get(cursor++ % addresses.size()));
                }
                batches.add(batch);
            }
            batchesPerCaller.add(batches);
        }
        return batchesPerCaller;
    }

    /** One caller's batch times, from now until {@code deadline} (at least five batches). */
    private static long[] timeUntil(
            AddressTagger tagger, List<List<String>> batches, long deadline) {
        List<Long> nanos = new ArrayList<>();
        while (System.nanoTime() < deadline || nanos.size() < 5) {
            long start = System.nanoTime();
            check(tagger.tag(batches.get(nanos.size() % batches.size())));
            nanos.add(System.nanoTime() - start);
        }
        return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    /** The micro-batcher on the simulated H100: saturation, then the load curve. */
    private static void batcher(ParameterTool params, List<String> addresses) throws Exception {
        SimulatedAccelerator device =
                SimulatedAccelerator.h100MGeoBase(params.getDouble("latency-scale", 1.0));
        BatchingSettings settings =
                new BatchingSettings(
                        params.getInt("batch.max-size", 512),
                        params.getInt("batch.max-tokens", 16_384),
                        TimeUtils.parseDuration(params.get("batch.max-wait", "5ms")),
                        params.getInt("batch.queue-capacity", 8 * 256),
                        params.getBoolean("batch.length-aware", false),
                        params.getInt("batch.concurrency", 1));
        int sources = params.getInt("sources", 8);
        int capacity = params.getInt("capacity", 256);
        System.out.printf(
                "device: %s (latency x%s, memory budget %,d padded tokens)%n"
                        + "batcher: %s; %d sources x %d outstanding at saturation%n%n",
                device.name(),
                device.latencyScale(),
                device.memoryBudgetTokens(),
                settings,
                sources,
                capacity);
        List<BatcherBenchmark.Level> levels =
                new BatcherBenchmark(device, settings, sources, capacity, addresses)
                        .run(
                                params.getDouble("seconds", 5),
                                BatcherBenchmark.fractions(
                                        params.get("loads", "0.1,0.25,0.5,0.75,0.9")));
        BatcherBenchmark.printTable(levels);
        if (params.has("png")) {
            Path png = Path.of(params.get("png"));
            BatcherBenchmark.plot(
                    levels,
                    "Micro-batcher on a simulated H100 (MGeo-base, fp16): latency vs throughput",
                    png);
            System.out.println("\nplot: " + png);
        }
    }

    private static void check(List<TaggingOutcome> outcomes) {
        if (!outcomes.get(0).succeeded()) {
            throw new IllegalStateException("tagging failed: " + outcomes.get(0).detail());
        }
    }

    private static void standardizer(ParameterTool params, List<String> addresses) {
        double seconds = params.getDouble("seconds", 5);
        // Tag once with the model; the benchmark then times standardization alone.
        List<TaggingOutcome> tagged;
        try (AddressTagger tagger =
                JobTagger.builder(Path.of(params.get("model-dir", "model/default"))).build()) {
            tagged = tagger.tag(addresses);
        }
        Standardizer standardizer = new Standardizer(Gazetteer.getDefault());
        long warmupEnd =
                System.nanoTime() + 3_000_000_000L; // let the JIT compile the hot paths first
        while (System.nanoTime() < warmupEnd) {
            for (int i = 0; i < addresses.size(); i++) {
                standardizer.standardize(
                        addresses.get(i), tagged.get(i).result().elements(), false);
                standardizer.standardize(addresses.get(i), null, false);
                standardizer.standardize(addresses.get(i), List.of(), false);
            }
        }
        double withModel =
                standardizationRate(
                        seconds,
                        addresses.size(),
                        i ->
                                standardizer.standardize(
                                        addresses.get(i),
                                        tagged.get(i).result().elements(),
                                        false));
        System.out.printf(
                "standardizer, one thread: %.0f addresses/s (%.1f us each)%n",
                withModel, 1e6 / withModel);
        double degraded =
                standardizationRate(
                        seconds,
                        addresses.size(),
                        i -> standardizer.standardize(addresses.get(i), null, false));
        System.out.printf(
                "standardizer, gazetteer-only (degraded), one thread: %.0f addresses/s (%.1f us"
                        + " each)%n",
                degraded, 1e6 / degraded);
        // What the job's standardizer gets behind the simulated accelerator, whose tagger finds no
        // elements: the bench pipeline figures per core rest on this path.
        double noElements =
                standardizationRate(
                        seconds,
                        addresses.size(),
                        i -> standardizer.standardize(addresses.get(i), List.of(), false));
        System.out.printf(
                "standardizer, no elements (the simulated accelerator's tagger), one thread: %.0f"
                        + " addresses/s (%.1f us each)%n",
                noElements, 1e6 / noElements);
        recordPath(seconds, addresses, standardizer);
    }

    /**
     * The job's own per-record work around the standardizer, one thread, as behind the simulated
     * accelerator (no elements): parsing and validating the raw record, and writing the output
     * record's JSON, each alone and then the three together.
     */
    private static void recordPath(
            double seconds, List<String> addresses, Standardizer standardizer) {
        RecordValidator validator = new RecordValidator(RecordLimits.DEFAULTS);
        RecordStandardizer records = new RecordStandardizer(standardizer);
        TaggingOutcome noElements = TaggingOutcome.success(new TaggedElements(List.of(), false));
        List<RawAddressRecord> raw = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            ObjectNode json = RECORD_JSON.createObjectNode();
            json.put("id", "bench-" + i).put("address", addresses.get(i));
            raw.add(
                    new RawAddressRecord(
                            null,
                            json.toString().getBytes(StandardCharsets.UTF_8),
                            "bench",
                            0,
                            i,
                            i));
        }
        // Null where the record goes to the dead-letter topic instead.
        IntFunction<StandardizedRecord> parseAndStandardize =
                i ->
                        records.standardize(
                                        new TaggedAddress(
                                                validator.validate(raw.get(i)).request(),
                                                noElements,
                                                "bench"),
                                        0)
                                .record();
        List<StandardizedRecord> standardized = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            StandardizedRecord record = parseAndStandardize.apply(i);
            if (record != null) {
                standardized.add(record);
            }
        }
        double parse =
                standardizationRate(seconds, raw.size(), i -> validator.validate(raw.get(i)));
        double write =
                standardizationRate(
                        seconds,
                        standardized.size(),
                        i -> StandardizedRecordSerializationSchema.toJson(standardized.get(i)));
        double whole =
                standardizationRate(
                        seconds,
                        raw.size(),
                        i -> {
                            StandardizedRecord record = parseAndStandardize.apply(i);
                            if (record != null) {
                                StandardizedRecordSerializationSchema.toJson(record);
                            }
                        });
        System.out.printf(
                "parse and validate the raw record, one thread: %.0f records/s (%.1f us"
                    + " each)%nwrite the output record's JSON, one thread: %.0f records/s (%.1f us"
                    + " each)%nparse, standardize (no elements) and write, one thread: %.0f"
                    + " records/s (%.1f us each)%n",
                parse, 1e6 / parse, write, 1e6 / write, whole, 1e6 / whole);
    }

    /** Addresses a second through {@code standardizeOne} (called with each address's index). */
    private static double standardizationRate(
            double seconds, int addresses, IntConsumer standardizeOne) {
        long count = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < addresses; i++) {
                standardizeOne.accept(i);
            }
            count += addresses;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void report(BatchTimes times) {
        long[] sorted = times.sortedNanos();
        double median = sorted[sorted.length / 2] / 1e6;
        double p95 =
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)]
                        / 1e6;
        System.out.printf(
                "| %d | %d | %d | %.2f | %.2f | %.0f |%n",
                times.size(),
                times.callers(),
                sorted.length,
                median,
                p95,
                times.addressesPerSecond());
    }

    /**
     * Real addresses (the NAACL 2019 dev split) where present, else the project's sample records.
     */
    public static List<String> realOrSampleAddresses() throws Exception {
        return sampleAddresses(
                Files.exists(ConllCorpus.NAACL_DEV_SPLIT)
                        ? ConllCorpus.NAACL_DEV_SPLIT
                        : Path.of("kafka/samples/raw-addresses.jsonl"));
    }

    /**
     * The addresses of a file: a CoNLL-style annotated corpus (TOKEN TAG lines, e.g. the NAACL 2019
     * dev split), JSON Lines of raw records (those the job would accept), or plain text, one
     * address a line.
     */
    public static List<String> sampleAddresses(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> content = lines.stream().filter(l -> !l.isBlank()).toList();
        if (!content.isEmpty()
                && content.stream().allMatch(l -> l.strip().matches("\\S+ [BI]-\\S+"))) {
            return ConllCorpus.read(file).stream().map(ConllCorpus.Address::text).toList();
        }
        List<String> out = new ArrayList<>();
        RecordValidator validator = new RecordValidator(RecordLimits.DEFAULTS);
        for (String line : content) {
            if (!line.strip().startsWith("{")) {
                out.add(line.strip());
                continue;
            }
            AddressRequest request =
                    validator
                            .validate(
                                    new RawAddressRecord(
                                            null,
                                            line.getBytes(StandardCharsets.UTF_8),
                                            file.toString(),
                                            0,
                                            0,
                                            0))
                            .request();
            if (request != null) { // the sample file holds broken records on purpose
                out.add(request.address());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no address");
        }
        return out;
    }
}
