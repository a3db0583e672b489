package io.streetdigits.inference.model;

import io.streetdigits.core.model.LocatorRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the default model and every model before it (its locators; for a character reader, its reader of
 * numbers too) is open; Kafka's own check sits beside this one.
 */
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
                    // Every model of the chain must be loaded: the reader's own locator, a refiner's before it, ...
                    List<String> locators = new ArrayList<>();
                    LocatorRef locator = model.card().locator();
                    while (locator != null) {
                        if (locators.size() == ModelRegistry.MAX_CHAIN) {
                            return builder.down().withData("locator", "more than " + ModelRegistry.MAX_CHAIN
                                    + " in a chain");
                        }
                        Optional<LoadedModel> found = registry.serving(locator.model());
                        if (found.isEmpty()) {
                            return builder.down().withData("locator", locator.model() + " (not loaded)");
                        }
                        locators.add(0, found.get().ref().toString());
                        locator = found.get().card().locator();
                    }
                    return locators.isEmpty() ? builder.up()
                            : builder.up().withData("locator", String.join(" then ", locators));
                })
                .orElseGet(() -> builder.down().withData("model", registry.defaultModel() + " (not loaded)"))
                .build();
    }
}
