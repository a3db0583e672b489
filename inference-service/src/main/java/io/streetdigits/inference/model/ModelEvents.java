package io.streetdigits.inference.model;

import io.smallrye.common.annotation.Blocking;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Follows the model-events topic so newly published versions serve without a restart. */
@ApplicationScoped
public class ModelEvents {

    private static final Logger LOG = Logger.getLogger(ModelEvents.class);

    @Inject
    ModelRegistry registry;

    @Incoming("model-events")
    @Blocking
    public void onEvent(String json) {
        ModelPublished event;
        try {
            event = ContractJson.read(json, ModelPublished.class);
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed record on the model-events topic: %s", e.getMessage());
            return;
        }
        LOG.infof("Model %s was published", event.model());
        registry.refresh(event.model().name());
    }
}
