package io.github.addrstd.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.cluster.StandaloneFlinkCluster;
import io.github.addrstd.local.EmbeddedKafkaBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts that must speak when the job's own metrics are gone, proven on real processes: a
 * standalone Flink cluster (a JobManager and two TaskManagers as OS processes, the shipped
 * configuration), scraped by a real Prometheus with the shipped rules (shortened). A TaskManager is
 * killed with SIGKILL: {@code AddressTaskManagerLost} must fire (its scrape target simply vanishes,
 * as DNS discovery drops it). The job is cancelled: {@code AddressJobNotRunning} must fire,
 * although a cancelled job exports no job metrics at all.
 */
class ProcessClusterAlertingITCase {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aKilledTaskManagerAndACancelledJobFireTheirAlerts(@TempDir Path dir) throws Exception {
        MonitoringTools.require("prometheus");
        int reporterPorts = MonitoringTools.freePort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                StandaloneFlinkCluster cluster =
                        StandaloneFlinkCluster.start(
                                2,
                                StandaloneFlinkCluster.smallProcesses(
                                        1, reporterPorts + "-" + (reporterPorts + 4)))) {
            List<String> topics = List.of("alert-raw", "alert-out", "alert-dlq");
            EmbeddedKafkaBroker.createTopics(broker.bootstrapServers(), topics, 1, (short) 1);
            String jobId = cluster.submitAddressJob(broker.bootstrapServers(), topics, List.of());
            cluster.awaitAllTasksRunning(jobId, TIMEOUT);

            // Every process serves its reporter on a port of the range: scrape them all, as a
            // static configuration would (the unused ports are simply down targets).
            List<String> targets = new ArrayList<>();
            for (int port = reporterPorts; port <= reporterPorts + 4; port++) {
                targets.add("127.0.0.1:" + port);
            }
            // Shortened as in the other end-to-end test, but "fewer TaskManagers than in the last
            // hour" keeps a window of minutes, not seconds, so the alert cannot resolve while the
            // test looks.
            String rules =
                    PrometheusAlertingITCase.shortenedRules()
                            .replace(
                                    "max_over_time(flink_jobmanager_numRegisteredTaskManagers[15s])",
                                    "max_over_time(flink_jobmanager_numRegisteredTaskManagers[10m])");
            assertThat(rules).contains("numRegisteredTaskManagers[10m]");
            try (LocalPrometheus prometheus = LocalPrometheus.start(dir, rules, targets, null)) {
                // Healthy: two TaskManagers and a running job seen through the scrape, and
                // neither alert active.
                LocalPrometheus.waitFor(
                        "two TaskManagers and one running job in Prometheus",
                        TIMEOUT,
                        () ->
                                prometheus.query("max(flink_jobmanager_numRegisteredTaskManagers)")
                                                == 2
                                        && prometheus.query("max(flink_jobmanager_numRunningJobs)")
                                                == 1);
                Thread.sleep(5_000); // several evaluations of the rules on the healthy cluster
                assertThat(prometheus.active("AddressTaskManagerLost")).isEmpty();
                assertThat(prometheus.active("AddressJobNotRunning")).isEmpty();

                // A TaskManager dies without a word.
                cluster.taskManagerProcesses().get(1).destroyForcibly().waitFor();
                LocalPrometheus.waitFor(
                        "AddressTaskManagerLost firing after a TaskManager was killed",
                        TIMEOUT,
                        () -> !prometheus.firing("AddressTaskManagerLost").isEmpty());
                assertThat(
                                prometheus
                                        .firing("AddressTaskManagerLost")
                                        .get(0)
                                        .at("/annotations/summary")
                                        .asText())
                        .isEqualTo("1 TaskManagers registered, fewer than in the last hour");

                // The job is cancelled: its metrics vanish, the JobManager's count says it.
                cluster.cancel(jobId);
                cluster.awaitJobStatus(jobId, "CANCELED", TIMEOUT);
                LocalPrometheus.waitFor(
                        "AddressJobNotRunning firing after the job was cancelled",
                        TIMEOUT,
                        () -> !prometheus.firing("AddressJobNotRunning").isEmpty());
                assertThat(
                                prometheus
                                        .firing("AddressJobNotRunning")
                                        .get(0)
                                        .at("/labels/severity")
                                        .asText())
                        .isEqualTo("critical");
            }
        }
    }
}
