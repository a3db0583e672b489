package io.streetdigits.inference.model;

import io.streetdigits.core.model.LocatorRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the default model (and its locator, if it has one) is open; Kafka's own check sits beside this one. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelRegistry registry;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("default-model");
        return registry.serving(registry.defaultModel())
                .map(model -> {
                    builder.withData("model", model.ref().toString()).withData("executionProvider", model.provider());
                    LocatorRef locator = model.card().locator();
                    if (locator == null) {
                        return builder.up();
                    }
                    return registry.serving(locator.model())
                            .map(found -> builder.up().withData("locator", found.ref().toString()))
                            .orElseGet(() -> builder.down().withData("locator", locator.model() + " (not loaded)"));
                })
                .orElseGet(() -> builder.down().withData("model", registry.defaultModel() + " (not loaded)"))
                .build();
    }
}
