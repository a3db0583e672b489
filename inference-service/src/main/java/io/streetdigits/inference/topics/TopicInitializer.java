package io.streetdigits.inference.topics;

import io.quarkus.runtime.StartupEvent;
import io.streetdigits.inference.InferenceConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the service's topics with the configured partition count when they are missing, before the channels
 * subscribe (a broker's auto-creation would use its own default count). The partition count bounds how many
 * instances share the requests. Off where topics are managed elsewhere (Strimzi KafkaTopic resources).
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    @Inject
    InferenceConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        InferenceConfig.Topics topics = config.topics();
        if (!topics.create()) {
            return;
        }
        List<String> names = List.of(topics.recognitionRequests(), topics.recognitionResults(),
                topics.recognitionDeadLetters(), topics.modelEvents());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, topics.partitions(), topics.replicationFactor()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(15, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s with %d partitions", result.getKey(), topics.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Kafka may come up later; the channels retry, and readiness reports Kafka until then.
            LOG.warnf("Could not check or create the topics %s at %s: %s", names, bootstrapServers, e.getMessage());
        }
    }
}
