package io.github.addrstd.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.util.List;
import java.util.Map;

/**
 * The same end-to-end test against Kafka in a container (the official apache/kafka image, KRaft).
 * Skipped, with the reason in the report, where no Docker engine is reachable.
 */
class TestcontainersKafkaEndToEndITCase extends EndToEndTestBase {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static KafkaContainer kafka;

    /** Per test, so a missing engine shows as a skipped test with its reason, not as nothing. */
    @BeforeEach
    void startKafka() {
        Assumptions.assumeTrue(
                dockerAvailable(),
                "No Docker engine reachable: the Testcontainers Kafka end-to-end test is skipped"
                        + " (EmbeddedKafkaEndToEndITCase covers the same path on an in-process"
                        + " broker)");
        if (kafka == null) {
            kafka =
                    new KafkaContainer(KAFKA_IMAGE)
                            .withEnv("KAFKA_TRANSACTION_MAX_TIMEOUT_MS", "3600000");
            kafka.start();
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Override
    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Test
    void everyRecordComesOutExactlyOnce() throws Exception {
        Map<String, byte[]> records = inputRecords();
        Map<String, List<Output>> outputs = runJob(records);
        assertEveryRecordExactlyOnce(records, outputs, "standardized-address");
    }
}
