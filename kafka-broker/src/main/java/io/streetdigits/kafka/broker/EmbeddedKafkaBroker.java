package io.streetdigits.kafka.broker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node Apache Kafka broker in KRaft mode (one combined broker + controller), running inside this JVM
 * on a random port. It is the broker integration tests talk to: no container, no mock, no in-memory connector.
 *
 * <p>Built on Kafka's own {@code KafkaClusterTestKit}, an internal API; its version is pinned to the Kafka client
 * version of the Quarkus BOM. Its data lives in a temporary directory deleted on {@link #close()}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Broker settings for one node, plus room for 4 MiB images with their headers. */
    static final Map<String, String> SINGLE_NODE_CONFIG = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "true",
            "message.max.bytes", Integer.toString(5 * 1024 * 1024));

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a broker, and returns once it accepts clients. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with extra broker settings (e.g. {@code num.partitions}). */
    public static EmbeddedKafkaBroker start(Map<String, String> extraConfig) {
        keepTheJvmAlive();
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            SINGLE_NODE_CONFIG.forEach(builder::setConfigProp);
            extraConfig.forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafkaBroker(cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Kafka ends the process on faults it deems fatal (a log directory gone, say). In the tests' JVM that would
     * end the test run, reported by surefire only as a fork that failed after its tests passed; say it instead.
     */
    private static void keepTheJvmAlive() {
        Exit.Procedure report = (status, message) -> System.err.printf(
                "the embedded Kafka broker asked to end the JVM with status %d (%s); the JVM goes on%n", status,
                message);
        Exit.setExitProcedure(report);
        Exit.setHaltProcedure(report);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics (idempotently) with the given partition count. */
    public void createTopics(int partitions, Collection<String> names) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        }
    }

    /**
     * Stops the broker as a crash of its process would look to clients: its listener closes and nothing answers
     * at {@link #bootstrapServers()} until {@link #restartBroker()}. The data and the controller are kept.
     */
    public void stopBroker() {
        cluster.brokers().values().forEach(BrokerServer::shutdown);
        cluster.brokers().values().forEach(BrokerServer::awaitShutdown);
    }

    /** Starts the broker stopped by {@link #stopBroker()} again, on the same port with the same data. */
    public void restartBroker() {
        try {
            cluster.brokers().values().forEach(BrokerServer::startup);
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not restart: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
