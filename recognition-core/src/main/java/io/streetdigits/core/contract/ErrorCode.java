package io.streetdigits.core.contract;

/** Why a request got an error result instead of digits. Stable names: clients switch on them. */
public enum ErrorCode {
    /** The record could not be read as a request (bad id, empty value, malformed header). */
    MALFORMED_REQUEST,
    /** The encoded image has more bytes than the configured limit. */
    IMAGE_TOO_LARGE,
    /**
     * The image header declares more pixels, or pixels that take more memory decoded, than the configured limits
     * (checked before decoding).
     */
    IMAGE_DIMENSIONS_TOO_LARGE,
    /** The bytes are not a readable PNG, JPEG, BMP, GIF or TIFF image. */
    IMAGE_UNDECODABLE,
    /**
     * The request names a pipeline or model the repository does not hold, or one that cannot run as declared (a
     * step's model missing, or in a place its task does not allow).
     */
    MODEL_NOT_FOUND,
    /** The model failed while running; the request may succeed when retried. */
    INFERENCE_FAILED,
    /** The service ran out of memory reading this image, even alone (its batch was retried image by image). */
    RESOURCES_EXHAUSTED,
    /**
     * The service died while it was working on this request, and the request was the one in flight then: it is set
     * aside, dead-lettered and committed past, so that it cannot stop its partition by killing every restart.
     */
    QUARANTINED
}
