package io.streetdigits.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.streetdigits.core.image.ImageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Settings of the gateway; Kafka channels are configured in application.properties. */
@ConfigMapping(prefix = "streetdigits")
public interface GatewayConfig {

    Gateway gateway();

    Image image();

    Topics topics();

    /** The model repository, read for model metadata (read-only). */
    @WithName("models.dir")
    @WithDefault("models")
    Path modelsDir();

    interface Gateway {
        /** The longest {@code ?wait=} a request may ask for. */
        @WithDefault("60s")
        Duration maxWait();

        /** Results (and pending ids) kept for GET; the oldest are forgotten first. */
        @WithDefault("100000")
        int resultCapacity();

        /** Single recognitions accepted but not yet answered, past which new ones get 429 with Retry-After. */
        @WithDefault("10000")
        int maxInFlight();

        Auth auth();

        Batch batch();

        /** A JSON file with the model comparison the web page charts; absent until one is made. */
        Optional<Path> modelComparisonFile();
    }

    interface Auth {
        /** Off only for trusted networks: every caller is then the admin tenant {@code default}. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Tenants by name, each with its API key: {@code streetdigits.gateway.auth.tenants.acme.api-key=...}.
         * Callers send the key as {@code X-API-Key} or {@code Authorization: Bearer <key>}.
         */
        Map<String, Tenant> tenants();
    }

    interface Tenant {
        String apiKey();

        /** Admins may manage models and read every tenant's results. */
        @WithDefault("false")
        boolean admin();
    }

    interface Batch {
        /** Largest number of images in one batch. */
        @WithDefault("100000")
        int maxFiles();

        /** Largest total of uncompressed image bytes in one batch. */
        @WithDefault("4294967296")
        long maxTotalBytes();

        /** Largest uncompressed/compressed ratio of a zip entry (a zip bomb compresses far better). */
        @WithDefault("200")
        int maxCompressionRatio();

        /** Batch uploads running at once; more get 429 with Retry-After. */
        @WithDefault("8")
        int maxConcurrentUploads();

        /** Where each instance keeps the results of batches (rebuilt from Kafka at start-up). */
        Optional<Path> dir();
    }

    /** Topic names; the channels in application.properties read them. */
    interface Topics {
        @WithDefault("recognition-requests")
        String recognitionRequests();

        @WithDefault("recognition-results")
        String recognitionResults();

        @WithDefault("recognition-batches")
        String recognitionBatches();

        @WithDefault("model-events")
        String modelEvents();
    }

    /** The same limits the inference service applies (413 above each), read from the image header. */
    interface Image {
        /** Largest image accepted, in bytes. */
        @WithDefault(ImageLimits.DEFAULT_MAX_BYTES)
        long maxBytes();

        /** Largest width x height accepted. */
        @WithDefault(ImageLimits.DEFAULT_MAX_PIXELS)
        long maxPixels();

        /** Largest decoded image accepted: width x height x bytes per pixel. */
        @WithDefault(ImageLimits.DEFAULT_MAX_DECODED_BYTES)
        long maxDecodedBytes();

        default ImageLimits limits() {
            return new ImageLimits(maxBytes(), maxPixels(), maxDecodedBytes());
        }
    }
}
