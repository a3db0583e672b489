package io.streetdigits.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Settings of the gateway; Kafka channels are configured in application.properties. */
@ConfigMapping(prefix = "streetdigits")
public interface GatewayConfig {

    Gateway gateway();

    @WithName("image")
    Image image();

    interface Gateway {
        /** The longest {@code ?wait=} a request may ask for. */
        @WithDefault("60s")
        Duration maxWait();

        /** Results (and pending ids) kept for GET; the oldest are forgotten first. */
        @WithDefault("100000")
        int resultCapacity();
    }

    interface Image {
        /** Largest image accepted, in bytes (413 above); the inference service applies the same limit. */
        @WithDefault("4194304")
        long maxBytes();
    }
}
