package io.streetdigits.core.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's decision, announced on the model-events topic so every inference instance applies it: serve
 * {@code version} of {@code model} whatever newer versions appear, or, with a null version, follow the latest again.
 */
public record ModelPinned(String model, Integer version, Instant decidedAt) {

    public ModelPinned {
        Objects.requireNonNull(model, "model");
        if (version != null && version < 1) {
            throw new IllegalArgumentException("a pinned version must be >= 1, was " + version);
        }
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
