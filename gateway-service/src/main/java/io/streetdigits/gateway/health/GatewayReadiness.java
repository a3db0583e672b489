package io.streetdigits.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means "answers correctly now": Kafka answers within {@link KafkaState#TIMEOUT} (so a broker that is down is
 * reported within seconds, not after the admin client's default minute) and this instance has caught up with the
 * results and batches topics. Asynchronous: no thread waits on Kafka.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements AsyncHealthCheck {

    @Inject
    KafkaState kafka;

    @Override
    public Uni<HealthCheckResponse> call() {
        boolean caughtUp = kafka.caughtUp();
        return kafka.reachable().map(reachable -> HealthCheckResponse.named("gateway")
                .status(caughtUp && reachable)
                .withData("kafka", reachable ? "reachable"
                        : "not reachable within " + KafkaState.TIMEOUT.toMillis() + " ms")
                .withData("results and batches topics", caughtUp ? "caught up" : "catching up")
                .build());
    }
}
