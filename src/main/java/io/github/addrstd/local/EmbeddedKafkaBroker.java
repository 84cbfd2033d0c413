package io.github.addrstd.local;

import io.github.addrstd.job.AddressJobOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * A real single-node Kafka 4.x broker in KRaft mode (combined broker and controller), running in
 * this JVM from Maven Central jars: no Docker, no separate install. For the local run and the
 * tests.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafkaBroker start() throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build();
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        // The exactly-once sinks' transaction timeout must stay below this.
                        .setConfigProp("transaction.max.timeout.ms", "3600000")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .setDeleteOnClose(true)
                        .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafkaBroker(cluster);
    }

    /**
     * An embedded broker, unless {@code jobConf} names Kafka's bootstrap servers (an external
     * Kafka: returns null); afterwards {@code jobConf} names the broker to use either way.
     */
    public static EmbeddedKafkaBroker startUnlessConfigured(Configuration jobConf)
            throws Exception {
        if (jobConf.contains(AddressJobOptions.BOOTSTRAP_SERVERS)) {
            return null;
        }
        System.out.println("Starting an embedded single-node KRaft Kafka broker ...");
        EmbeddedKafkaBroker broker = start();
        jobConf.set(AddressJobOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        return broker;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** Creates the topics that do not exist yet. */
    /**
     * A consumer of raw bytes that sees only committed records (the job's sinks write
     * transactionally), from the earliest offset, in a fresh group named {@code groupPrefix} plus a
     * unique suffix.
     */
    public static KafkaConsumer<byte[], byte[]> readCommittedConsumer(
            String bootstrapServers, String groupPrefix) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static void createTopics(
            String bootstrapServers, List<String> topics, int partitions, short replication)
            throws InterruptedException, ExecutionException {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replication)))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
