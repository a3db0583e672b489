package io.streetdigits.core.image;

import io.streetdigits.core.contract.ErrorCode;

/** An image that cannot be used, with the reason as an {@link ErrorCode} and a message naming input and limit. */
public class ImageRejectedException extends Exception {

    private final ErrorCode code;

    public ImageRejectedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ImageRejectedException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
