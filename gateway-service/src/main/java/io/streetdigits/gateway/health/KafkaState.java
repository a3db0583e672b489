package io.streetdigits.gateway.health;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the gateway knows of Kafka: whether the broker answers now (within {@link #TIMEOUT}), and whether this
 * instance has caught up with the results and batches topics, which it reads from their beginning at every start.
 * Caught up means its consumers have passed the end offsets those topics had when it started; until then it does
 * not know every id and batch, and a lookup of one it does not know is answered {@link #notCaughtUp} (503 with
 * Retry-After) rather than a false 404 or RUNNING.
 */
@ApplicationScoped
public class KafkaState {

    /** The longest a health check or a start-up read of the end offsets waits on Kafka. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The problem type of a lookup this instance cannot answer yet. */
    public static final String NOT_CAUGHT_UP = "not-caught-up";

    private static final Logger LOG = Logger.getLogger(KafkaState.class);

    private final GatewayConfig config;
    private final String bootstrapServers;
    private final Map<TopicPartition, Long> consumed = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Long> targets;
    private volatile boolean caughtUp;
    private volatile boolean stopping;
    private Admin admin;
    private Thread reader;

    @Inject
    public KafkaState(GatewayConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        int timeout = (int) TIMEOUT.toMillis();
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeout,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                AdminClientConfig.CLIENT_ID_CONFIG, "gateway-health"));
        reader = new Thread(this::readTargets, "gateway-end-offsets");
        reader.setDaemon(true);
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (reader != null) {
            reader.interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** Reads the end offsets the followed topics have now, retrying until Kafka answers. */
    private void readTargets() {
        List<String> topics = List.of(config.topics().recognitionResults(), config.topics().recognitionBatches());
        while (!stopping && targets == null) {
            try {
                Map<TopicPartition, Long> ends = new HashMap<>();
                for (String topic : topics) {
                    ends.putAll(endOffsets(topic));
                }
                targets = Map.copyOf(ends);
                LOG.infof("Catching up with %s: %s", topics, targets);
                update();
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                LOG.debugf("Cannot read the end offsets of %s yet: %s", topics, e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** The partitions of a topic that hold records, with their end offsets; none when the topic is missing. */
    private Map<TopicPartition, Long> endOffsets(String topic) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> partitions = description.partitions().stream().collect(Collectors.toMap(
                p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, OffsetSpec> earliest = partitions.keySet().stream().collect(Collectors.toMap(
                p -> p, p -> OffsetSpec.earliest()));
        ListOffsetsOptions options = new ListOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions, options)
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest, options)
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> withRecords = new HashMap<>();
        ends.forEach((partition, end) -> {
            if (end.offset() > starts.get(partition).offset()) {
                withRecords.put(partition, end.offset());
            }
        });
        return withRecords;
    }

    /** Records that a consumer of a followed topic has handled the record at {@code offset}. */
    public void consumed(String topic, int partition, long offset) {
        consumed.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
        if (!caughtUp) {
            update();
        }
    }

    private void update() {
        Map<TopicPartition, Long> wanted = targets;
        if (wanted != null && wanted.entrySet().stream()
                .allMatch(target -> consumed.getOrDefault(target.getKey(), 0L) >= target.getValue())) {
            if (!caughtUp) {
                caughtUp = true;
                LOG.infof("Caught up with the results and batches topics");
            }
        }
    }

    /** Whether this instance has read the results and batches topics as far as they were when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Whether the broker answers now: an item within {@link #TIMEOUT}, never a failure. */
    public Uni<Boolean> reachable() {
        Admin client = admin;
        if (client == null) {
            return Uni.createFrom().item(false);
        }
        return Uni.createFrom().completionStage(() -> client.describeCluster(new DescribeClusterOptions()
                        .timeoutMs((int) TIMEOUT.toMillis())).nodes().toCompletionStage())
                .map(nodes -> !nodes.isEmpty())
                .ifNoItem().after(TIMEOUT.plusMillis(500)).recoverWithItem(false)
                .onFailure().recoverWithItem(false);
    }

    /** The answer to a lookup of something this instance does not know while it is still catching up. */
    public static ApiProblem notCaughtUp(String what) {
        return new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, NOT_CAUGHT_UP, "this gateway instance started"
                + " recently and is still reading the results and batches topics, so it does not know " + what
                + " yet; retry in " + ApiProblem.RETRY_AFTER_SECONDS + " s (it is ready when /q/health/ready is UP)");
    }
}
