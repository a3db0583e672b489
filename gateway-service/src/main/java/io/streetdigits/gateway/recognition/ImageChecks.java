package io.streetdigits.gateway.recognition;

import io.streetdigits.core.image.ImageDecoder;
import io.streetdigits.core.image.ImageRejectedException;
import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * What the gateway checks of an image before it goes on Kafka: bytes, format, declared pixel count and decoded
 * size, from the header alone (decoding is the inference service's job). Each failure is a problem naming the image and the limit.
 */
@ApplicationScoped
public class ImageChecks {

    private final ImageDecoder decoder;

    @Inject
    public ImageChecks(GatewayConfig config) {
        this.decoder = new ImageDecoder(config.image().limits());
    }

    public void checkSize(long size, String source) {
        try {
            decoder.checkByteSize(size, source);
        } catch (ImageRejectedException e) {
            throw problem(e);
        }
    }

    /** Refuses an image that is empty, too large, not an image, or declares too many or too deep pixels. */
    public void check(byte[] image, String source) {
        if (image == null || image.length == 0) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "empty-image", "image " + source + " is empty (0 bytes)");
        }
        try {
            decoder.inspect(image, source);
        } catch (ImageRejectedException e) {
            throw problem(e);
        }
    }

    /** The same check as a result, for batch entries that are refused one by one. */
    public ImageRejectedException rejection(byte[] image, String source) {
        try {
            decoder.inspect(image, source);
            return null;
        } catch (ImageRejectedException e) {
            return e;
        }
    }

    private static ApiProblem problem(ImageRejectedException e) {
        return switch (e.code()) {
            case IMAGE_TOO_LARGE -> new ApiProblem(Response.Status.REQUEST_ENTITY_TOO_LARGE, "image-too-large",
                    e.getMessage());
            case IMAGE_DIMENSIONS_TOO_LARGE -> new ApiProblem(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "image-too-many-pixels", e.getMessage());
            default -> new ApiProblem(Response.Status.UNSUPPORTED_MEDIA_TYPE, "not-an-image", e.getMessage());
        };
    }
}
