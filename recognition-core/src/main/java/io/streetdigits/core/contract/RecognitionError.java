package io.streetdigits.core.contract;

import java.util.Objects;

/** Why a recognition failed: a stable code for programs and a message for people. */
public record RecognitionError(ErrorCode code, String message) {

    public RecognitionError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
