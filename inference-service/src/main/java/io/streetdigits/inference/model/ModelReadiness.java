package io.streetdigits.inference.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every model of the default pipeline is open; Kafka's own check sits beside this one. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelRegistry registry;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("default-pipeline").withData("pipeline", registry.defaultModel());
        List<String> serving = new ArrayList<>();
        try {
            for (String model : registry.declaration(registry.defaultModel()).models()) {
                Optional<LoadedModel> open = registry.serving(model);
                if (open.isEmpty()) {
                    return builder.down().withData("model", model + " (not loaded)").build();
                }
                serving.add(open.get().ref().toString());
                builder.withData("executionProvider", open.get().provider());
            }
        } catch (ModelNotFoundException e) {
            return builder.down().withData("error", e.getMessage()).build();
        }
        return builder.up().withData("models", String.join(" then ", serving)).build();
    }
}
