package io.github.addrstd.local;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.model.DjlOffline;
import io.github.addrstd.tools.BenchmarkCommand;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.ParameterTool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;

/**
 * {@code bin/bench pipeline}: the whole job (an embedded Kafka broker, or the external Kafka that
 * {@code --bootstrap-servers} names; local Flink cluster, producer, read_committed consumer) over a
 * file's addresses, {@code --runs} times; prints each run and the median, min and max, and, with
 * the model, each run's ratio to the raw predictor on the same addresses at the job's batch size
 * ({@link RawPredictorBaseline}: loaded once and warmed up, timed in the same process just before
 * and just after each run).
 *
 * <pre>
 * bin/bench pipeline [--samples FILE] [--records 20000] [--rate 0] [--runs 3] [--warmup-runs 0]
 *                    [--warmup 1000] [--predictor-seconds 5] [--predictor-warmup-seconds 20]
 *                    [any job option, e.g. --bootstrap-servers host:9092 (an external Kafka),
 *                    --batch.max-size 64, --benchmark.simulated-accelerator H100_MGEO_BASE
 *                    --benchmark.simulated-latency-scale 0]
 * </pre>
 */
public final class PipelineBenchCommand {

    private static final List<String> BENCH_KEYS =
            List.of(
                    "samples",
                    "records",
                    "rate",
                    "runs",
                    "warmup-runs",
                    "warmup",
                    "predictor-seconds",
                    "predictor-warmup-seconds",
                    "flink-conf");

    public static void main(String[] args) {
        // Kafka and Flink leave non-daemon threads behind, after a failure too (a REST port taken,
        // a broker not reachable): without an explicit exit the command would hang.
        int status = 0;
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        ParameterTool cli = ParameterTool.fromArgs(args);
        List<String> addresses =
                BenchmarkCommand.sampleAddresses(
                        Path.of(cli.get("samples", "kafka/samples/raw-addresses.jsonl")));
        int records = cli.getInt("records", 20_000);
        double rate = cli.getDouble("rate", 0);
        int runs = cli.getInt("runs", 3);
        // Whole runs before the measured ones, as JMH's warm-up iterations: the first runs of a
        // process pay for compiling the broker's, Flink's and the job's code (more than 300 µs of
        // CPU a record in the first, under 100 by the sixth).
        int warmupRuns = cli.getInt("warmup-runs", 0);
        int warmup = cli.getInt("warmup", 1_000);

        Configuration jobConf = AddressJobOptions.fromArgsExcept(cli, BENCH_KEYS);
        if (!jobConf.contains(AddressJobOptions.CHECKPOINT_INTERVAL)) {
            jobConf.set(AddressJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        }
        boolean simulated =
                jobConf.get(AddressJobOptions.SIMULATED_ACCELERATOR)
                        != AddressJobOptions.SimulatedDevice.NONE;
        Configuration flinkConf =
                GlobalConfiguration.loadConfiguration(cli.get("flink-conf", "flink-conf"));

        System.out.printf(
                "java %s, %d cores; %,d addresses from %s; %,d records a run at %s, %d runs"
                        + " after %d warm-up runs; tagger %s, batch.max-size %d, checkpoints every"
                        + " %s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                addresses.size(),
                cli.get("samples", "kafka/samples/raw-addresses.jsonl"),
                records,
                rate > 0 ? String.format("%.0f records/s", rate) : "saturation",
                runs,
                warmupRuns,
                simulated
                        ? jobConf.get(AddressJobOptions.SIMULATED_ACCELERATOR)
                                + " x"
                                + jobConf.get(AddressJobOptions.SIMULATED_LATENCY_SCALE)
                        : jobConf.get(AddressJobOptions.MODEL_DIR),
                jobConf.get(AddressJobOptions.BATCH_MAX_SIZE),
                jobConf.get(AddressJobOptions.CHECKPOINT_INTERVAL));

        List<PipelineBenchmark.Result> results = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> rawCpus = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        // A broker on another host keeps its CPU off the cores the job and the raw predictor share.
        EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.startUnlessConfigured(jobConf);
        String bootstrap = jobConf.get(AddressJobOptions.BOOTSTRAP_SERVERS);
        System.out.println(
                "Kafka at "
                        + bootstrap
                        + (embedded == null
                                ? " (external: its CPU is not counted here)"
                                : " (embedded, in this process)"));
        try (embedded;
                RawPredictorBaseline predictor =
                        simulated
                                ? null
                                : new RawPredictorBaseline(
                                        addresses,
                                        jobConf,
                                        cli.getDouble("predictor-seconds", 5))) {
            PipelineBenchmark bench = new PipelineBenchmark(bootstrap, jobConf, flinkConf);
            BenchmarkCommand.BatchTimes before = null;
            if (predictor != null) {
                predictor.warmUp(cli.getDouble("predictor-warmup-seconds", 20));
                before = predictor.measure("before the first run");
            }
            for (int run = 1 - warmupRuns; run <= runs; run++) {
                String label = run > 0 ? String.valueOf(run) : "warm-up " + (run + warmupRuns);
                PipelineBenchmark.Result r =
                        bench.run(
                                ProcessHandle.current().pid() + "-" + (run + warmupRuns),
                                addresses,
                                warmup,
                                records,
                                rate);
                // The raw predictor just before and just after each run (bench.run returns once
                // the job has ended): this machine's speed drifts by more than the gap being
                // measured, so each ratio compares the run with the mean of two measurements that
                // bracket it.
                BenchmarkCommand.BatchTimes after =
                        predictor == null ? null : predictor.measure("after run " + label);
                double raw = mean(before, after, BenchmarkCommand.BatchTimes::addressesPerSecond);
                double rawCpu =
                        mean(
                                before,
                                after,
                                BenchmarkCommand.BatchTimes::processCpuMicrosPerAddress);
                double ratio = r.recordsPerSecond() / raw; // NaN without the model
                if (run > 0) {
                    results.add(r);
                    if (!Double.isNaN(ratio)) {
                        ratios.add(ratio);
                        rawCpus.add(rawCpu);
                    }
                }
                String row =
                        String.format(
                                "| %s | %,d | %.0f | %s | %s | %d / %d / %d | %s | %.2f | %d | %.0f"
                                        + " (%.0f / %.0f) | %,.0f | %.2f | %.0f (%.0f / %.0f /"
                                        + " %.0f) | %s |",
                                label,
                                r.records(),
                                r.recordsPerSecond(),
                                Double.isNaN(raw) ? "-" : String.format("%.0f", raw),
                                Double.isNaN(ratio) ? "-" : String.format("%.2f", ratio),
                                r.p50Ms(),
                                r.p95Ms(),
                                r.p99Ms(),
                                r.batchSizeQuantiles(),
                                r.paddingRatio(),
                                r.deadLetters(),
                                r.jobCpuMicrosPerRecord(),
                                r.modelCpuMicrosPerRecord(),
                                r.restOfJobCpuMicrosPerRecord(),
                                r.recordsPerSecondPerJobCore(),
                                r.busyCores(),
                                r.otherCpuMicrosPerRecord(),
                                r.benchClientsCpuMicrosPerRecord(),
                                r.otherThreadsCpuMicrosPerRecord(),
                                r.jvmCpuMicrosPerRecord(),
                                Double.isNaN(rawCpu) ? "-" : String.format("%.0f", rawCpu));
                rows.add(row);
                System.out.println("run " + row);
                before = after;
            }
        }
        System.out.println();
        System.out.println(
                "| run | records | records/s | raw predictor around the run (mean of just before"
                    + " and just after), addresses/s | job / raw | latency p50 / p95 / p99 ms |"
                    + " batch size p50 / p95 / p99 | padding ratio (real/padded) | dead letters |"
                    + " job CPU µs/record (the model's passes / the rest of the job) | records/s"
                    + " per job core | cores busy | other CPU µs/record (bench producer and reader"
                    + " / broker and Flink's coordination / JIT compiler and collector) | raw"
                    + " predictor CPU µs/address |");
        System.out.println("|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf(
                "%nrecords/s %s; p99 %s%n",
                spread(
                        results.stream().mapToDouble(PipelineBenchmark.Result::recordsPerSecond),
                        "%.0f"),
                spread(results.stream().mapToDouble(PipelineBenchmark.Result::p99Ms), "%.0f ms"));
        if (!ratios.isEmpty()) {
            System.out.printf(
                    "job / raw predictor (each run against the mean of the predictor just before"
                            + " and just after it): %s%n",
                    spread(ratios.stream().mapToDouble(Double::doubleValue), "%.2f"));
            System.out.printf(
                    "CPU µs a record of the model's passes in the job (the batcher's workers:"
                            + " tokenizing, forward pass, decoding): %s; of the raw predictor an"
                            + " address (its whole process): %s%n",
                    spread(
                            results.stream()
                                    .mapToDouble(PipelineBenchmark.Result::modelCpuMicrosPerRecord),
                            "%.0f"),
                    spread(rawCpus.stream().mapToDouble(Double::doubleValue), "%.0f"));
        }
        System.out.printf(
                "records/s per core of the job's own threads (task threads, source fetchers,"
                        + " batcher, sink producers; not the broker, producer or consumer): %s%n",
                spread(
                        results.stream()
                                .mapToDouble(PipelineBenchmark.Result::recordsPerSecondPerJobCore),
                        "%,.0f"));
        System.out.printf(
                "CPU µs a record outside the job's own threads (same process: bench producer"
                        + " and reader, broker, Flink's coordination, JIT compiler, collector):"
                        + " %s%n",
                spread(
                        results.stream()
                                .mapToDouble(PipelineBenchmark.Result::otherCpuMicrosPerRecord),
                        "%.0f"));
    }

    /** The mean of one figure of two predictor measurements; NaN without the predictor. */
    private static double mean(
            BenchmarkCommand.BatchTimes before,
            BenchmarkCommand.BatchTimes after,
            ToDoubleFunction<BenchmarkCommand.BatchTimes> figure) {
        return after == null
                ? Double.NaN
                : (figure.applyAsDouble(before) + figure.applyAsDouble(after)) / 2;
    }

    /** "median M (min A, max B)" of {@code values}, each written with {@code format}. */
    private static String spread(DoubleStream values, String format) {
        double[] sorted = values.sorted().toArray();
        return String.format(
                "median " + format + " (min " + format + ", max " + format + ")",
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1]);
    }
}
