package io.github.addrstd.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.job.AddressJobOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * The short variant of {@code bin/bench pipeline}: one small run of the whole job with the shipped
 * model on the embedded broker, so that what the command reports (every record counted once,
 * latency from the input's timestamp, dead letters, batch metrics, job CPU) is checked on each
 * build, not only when someone benchmarks.
 */
class PipelineBenchmarkITCase {

    /** Ten addresses, the last one blank: every tenth record is a dead letter. */
    private static final List<String> ADDRESSES =
            List.of(
                    "浙江省杭州市余杭区文一西路969号",
                    "杭州市西湖区古墩路588号2幢1单元301室",
                    "宁波市鄞州区天童南路588号宁波文化广场",
                    "温州市鹿城区五马街道解放街128号",
                    "上海市徐汇区漕溪北路128号A座3单元",
                    "北京市朝阳区建国路88号SOHO现代城",
                    "江苏省南京市玄武区中山路18号",
                    "义乌国际商贸城5区97号门",
                    "广东省深圳市南山区科技园南区高新南一道",
                    " ");

    @Test
    void countsEveryRecordOnceAndTimesItFromItsInputTimestamp() throws Exception {
        Configuration jobConf = new Configuration();
        jobConf.set(AddressJobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        Configuration flinkConf = GlobalConfiguration.loadConfiguration("flink-conf");
        int records = 300;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            long started = System.currentTimeMillis();
            PipelineBenchmark.Result r =
                    new PipelineBenchmark(broker.bootstrapServers(), jobConf, flinkConf)
                            .run("it-" + ProcessHandle.current().pid(), ADDRESSES, 40, records, 0);
            long elapsed = System.currentTimeMillis() - started;

            assertThat(r.records()).isEqualTo(records);
            assertThat(r.deadLetters()).isEqualTo(records / ADDRESSES.size());
            assertThat(r.recordsPerSecond()).isPositive();
            // Latency from the input record's timestamp, which the sinks carry to the output: a
            // missing timestamp (-1) or the wrong record's would fall outside the run.
            assertThat(r.p50Ms()).isBetween(0L, elapsed);
            assertThat(r.p99Ms()).isBetween(r.p50Ms(), elapsed);
            // read from the job's own Prometheus endpoint
            assertThat(r.paddingRatio()).isBetween(0.1, 1.0);
            assertThat(r.batchSizeQuantiles()).matches("\\d+ / \\d+ / \\d+");
            assertThat(r.jobCpuMicrosPerRecord()).isPositive();
            // The batcher's workers run the model: a part of the job's threads, not all of them.
            assertThat(r.modelCpuMicrosPerRecord()).isPositive();
            assertThat(r.restOfJobCpuMicrosPerRecord()).isPositive();
            assertThat(r.busyCores())
                    .isPositive()
                    .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() + 0.5);
            // The benchmark's producer and reader and the broker work in the same process.
            assertThat(r.otherCpuMicrosPerRecord()).isPositive();
            assertThat(r.benchClientsCpuMicrosPerRecord()).isPositive();
            assertThat(r.otherThreadsCpuMicrosPerRecord()).isPositive();
        }
    }
}
