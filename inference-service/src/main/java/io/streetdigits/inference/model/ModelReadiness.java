package io.streetdigits.inference.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the default model is open; Kafka's own readiness check sits beside this one. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelRegistry registry;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("default-model");
        return registry.serving(registry.defaultModel())
                .map(model -> builder.up()
                        .withData("model", model.ref().toString())
                        .withData("executionProvider", model.provider()))
                .orElseGet(() -> builder.down().withData("model", registry.defaultModel() + " (not loaded)"))
                .build();
    }
}
