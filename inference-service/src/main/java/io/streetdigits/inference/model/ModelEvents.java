package io.streetdigits.inference.model;

import io.smallrye.common.annotation.Blocking;
import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.ModelEventHeaders;
import io.streetdigits.core.contract.ModelPinned;
import io.streetdigits.core.contract.ModelPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the model-events topic: newly published versions serve without a restart, and pins decided by an
 * operator (through the gateway) apply on every instance.
 */
@ApplicationScoped
public class ModelEvents {

    private static final Logger LOG = Logger.getLogger(ModelEvents.class);

    @Inject
    ModelRegistry registry;

    @Incoming("model-events")
    @Blocking
    public void onEvent(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader(ModelEventHeaders.EVENT_TYPE);
        String kind = type == null ? ModelEventHeaders.PUBLISHED : new String(type.value(), StandardCharsets.UTF_8);
        try {
            if (kind.equals(ModelEventHeaders.PINNED)) {
                ModelPinned pinned = ContractJson.read(record.value(), ModelPinned.class);
                if (pinned.version() == null) {
                    registry.unpin(pinned.model());
                } else {
                    registry.pin(pinned.model(), pinned.version());
                }
            } else {
                ModelPublished published = ContractJson.read(record.value(), ModelPublished.class);
                LOG.infof("Model %s was published", published.model());
                registry.refresh(published.model().name());
            }
        } catch (IllegalArgumentException | ModelNotFoundException e) {
            LOG.warnf("Ignoring model event %s at offset %d: %s", kind, record.offset(), e.getMessage());
        }
    }
}
