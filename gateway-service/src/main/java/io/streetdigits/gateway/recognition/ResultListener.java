package io.streetdigits.gateway.recognition;

import io.streetdigits.core.contract.ContractJson;
import io.streetdigits.core.contract.RecognitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Follows the results topic (every partition, from the beginning) into the {@link ResultStore}. */
@ApplicationScoped
public class ResultListener {

    private static final Logger LOG = Logger.getLogger(ResultListener.class);

    @Inject
    ResultStore store;

    @Incoming("recognition-results")
    public void onResult(String json) {
        try {
            store.complete(ContractJson.read(json, RecognitionResult.class));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed record on the results topic: %s", e.getMessage());
        }
    }
}
