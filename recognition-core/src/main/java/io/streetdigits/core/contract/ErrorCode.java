package io.streetdigits.core.contract;

/** Why a request got an error result instead of digits. Stable names: clients switch on them. */
public enum ErrorCode {
    /** The record could not be read as a request (bad id, empty value, malformed header). */
    MALFORMED_REQUEST,
    /** The encoded image has more bytes than the configured limit. */
    IMAGE_TOO_LARGE,
    /** The image header declares more pixels than the configured limit (checked before decoding). */
    IMAGE_DIMENSIONS_TOO_LARGE,
    /** The bytes are not a readable PNG, JPEG, BMP, GIF or TIFF image. */
    IMAGE_UNDECODABLE,
    /**
     * The request names a pipeline or model the repository does not hold, or one that cannot run as declared (a
     * step's model missing, or in a place its task does not allow).
     */
    MODEL_NOT_FOUND,
    /** The model failed while running; the request may succeed when retried. */
    INFERENCE_FAILED
}
