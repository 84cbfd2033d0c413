package io.github.addrstd.local;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.model.DeviceSpec;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.DjlOffline;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.tools.BenchmarkCommand;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.ParameterTool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/bench pipeline}: the whole job (embedded Kafka broker, local Flink cluster, producer,
 * read_committed consumer) over a file's addresses, {@code --runs} times; prints each run and the
 * median, min and max, and, with the model, the ratio to the raw predictor on the same addresses at
 * the job's batch size, measured in the same process before the runs: the faster of one caller and
 * as many callers at once as the job's {@code batch.concurrency}.
 *
 * <pre>
 * bin/bench pipeline [--samples FILE] [--records 20000] [--rate 0] [--runs 3] [--warmup 1000]
 *                    [--predictor-seconds 5] [any job option, e.g. --batch.max-size 64,
 *                    --benchmark.simulated-accelerator H100_MGEO_BASE --benchmark.simulated-latency-scale 0]
 * </pre>
 */
public final class PipelineBenchCommand {

    private static final List<String> BENCH_KEYS =
            List.of(
                    "samples",
                    "records",
                    "rate",
                    "runs",
                    "warmup",
                    "predictor-seconds",
                    "flink-conf");

    public static void main(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        ParameterTool cli = ParameterTool.fromArgs(args);
        List<String> addresses =
                BenchmarkCommand.sampleAddresses(
                        Path.of(cli.get("samples", "kafka/samples/raw-addresses.jsonl")));
        int records = cli.getInt("records", 20_000);
        double rate = cli.getDouble("rate", 0);
        int runs = cli.getInt("runs", 3);
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
                "java %s, %d cores; %,d addresses from %s; %,d records a run at %s, %d runs;"
                        + " tagger %s, batch.max-size %d, checkpoints every %s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                addresses.size(),
                cli.get("samples", "kafka/samples/raw-addresses.jsonl"),
                records,
                rate > 0 ? String.format("%.0f records/s", rate) : "saturation",
                runs,
                simulated
                        ? jobConf.get(AddressJobOptions.SIMULATED_ACCELERATOR)
                                + " x"
                                + jobConf.get(AddressJobOptions.SIMULATED_LATENCY_SCALE)
                        : jobConf.get(AddressJobOptions.MODEL_DIR),
                jobConf.get(AddressJobOptions.BATCH_MAX_SIZE),
                jobConf.get(AddressJobOptions.CHECKPOINT_INTERVAL));

        double predictor = Double.NaN;
        if (!simulated) {
            int size = jobConf.get(AddressJobOptions.BATCH_MAX_SIZE);
            try (DjlAddressTagger tagger =
                    DjlAddressTagger.builder()
                            .setModelDirectory(
                                    ModelDirectory.open(
                                            Path.of(jobConf.get(AddressJobOptions.MODEL_DIR))))
                            .optDevice(
                                    DeviceSpec.parse(jobConf.get(AddressJobOptions.DEVICE))
                                            .resolve(Optional.empty()))
                            .optPadMultiple(jobConf.get(AddressJobOptions.BATCH_PAD_MULTIPLE))
                            .optPrecision(jobConf.get(AddressJobOptions.PRECISION))
                            .optCpuThreads(jobConf.get(AddressJobOptions.CPU_THREADS))
                            .build()) {
                // The raw predictor at its best: one caller, and as many callers at once as the
                // job runs batches (batch.concurrency), whichever is faster.
                int concurrency = jobConf.get(AddressJobOptions.BATCH_CONCURRENCY);
                double seconds = cli.getDouble("predictor-seconds", 5);
                for (int callers : concurrency > 1 ? List.of(1, concurrency) : List.of(1)) {
                    double perSecond =
                            BenchmarkCommand.timeBatches(
                                            tagger, addresses, size, seconds, 0, callers)
                                    .addressesPerSecond();
                    System.out.printf(
                            "raw predictor, batch %d, %d caller(s) at once, same addresses: %.0f"
                                    + " addresses/s%n",
                            size, callers, perSecond);
                    predictor =
                            Double.isNaN(predictor) ? perSecond : Math.max(predictor, perSecond);
                }
            }
        }

        List<PipelineBenchmark.Result> results = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            PipelineBenchmark bench =
                    new PipelineBenchmark(broker.bootstrapServers(), jobConf, flinkConf);
            System.out.println();
            System.out.println(
                    "| run | records | records/s | latency p50 / p95 / p99 ms | batch size p50 /"
                            + " p95 / p99 | padding ratio (real/padded) | dead letters | job CPU"
                            + " µs/record | records/s per job core |");
            System.out.println("|---:|---:|---:|---|---|---:|---:|---:|---:|");
            for (int run = 1; run <= runs; run++) {
                PipelineBenchmark.Result r =
                        bench.run(
                                ProcessHandle.current().pid() + "-" + run,
                                addresses,
                                warmup,
                                records,
                                rate);
                results.add(r);
                System.out.printf(
                        "| %d | %,d | %.0f | %d / %d / %d | %s | %.2f | %d | %.0f | %,.0f |%n",
                        run,
                        r.records(),
                        r.recordsPerSecond(),
                        r.p50Ms(),
                        r.p95Ms(),
                        r.p99Ms(),
                        r.batchSizeQuantiles(),
                        r.paddingRatio(),
                        r.deadLetters(),
                        r.jobCpuMicrosPerRecord(),
                        r.recordsPerSecondPerJobCore());
            }
        }
        double[] perSecond =
                results.stream()
                        .mapToDouble(PipelineBenchmark.Result::recordsPerSecond)
                        .sorted()
                        .toArray();
        long[] p99 = results.stream().mapToLong(PipelineBenchmark.Result::p99Ms).sorted().toArray();
        double median = perSecond[perSecond.length / 2];
        System.out.printf(
                "%nrecords/s median %.0f (min %.0f, max %.0f); p99 median %d ms (min %d, max"
                        + " %d)%s%n",
                median,
                perSecond[0],
                perSecond[perSecond.length - 1],
                p99[p99.length / 2],
                p99[0],
                p99[p99.length - 1],
                Double.isNaN(predictor)
                        ? ""
                        : String.format("; job / raw predictor = %.2f", median / predictor));
        double[] perCore =
                results.stream()
                        .mapToDouble(PipelineBenchmark.Result::recordsPerSecondPerJobCore)
                        .sorted()
                        .toArray();
        System.out.printf(
                "records/s per core of the job's own threads (task threads, source fetchers,"
                        + " batcher, sink producers; not the broker, producer or consumer): median"
                        + " %,.0f (min %,.0f, max %,.0f)%n",
                perCore[perCore.length / 2], perCore[0], perCore[perCore.length - 1]);
        System.exit(0); // Kafka and Flink leave non-daemon threads behind
    }
}
